using Surveys.Functions.Email;

namespace Surveys.Functions.Tests.Email;

/// <summary>What the start-up check of the SendGrid settings lets through.</summary>
public sealed class SendGridOptionsTests
{
    private static SendGridOptions Valid() => new() { ApiKey = "SG.key", FromEmail = "noreply@surveys.example" };

    [Fact]
    public void AKeyAndAVerifiedSender_AreEnough_AndTheClientGoesToTheUsHostWithTheKey()
    {
        var options = Valid();

        Assert.True(new SendGridOptionsValidator().Validate(null, options).Succeeded);
        var client = options.ClientOptions();
        Assert.Equal("https://api.sendgrid.com", client.Host);
        Assert.Equal("Bearer SG.key", client.Auth.ToString());
        // The sender retries, honouring Retry-After; the client neither retries nor throws on an error status.
        Assert.Equal(0, client.ReliabilitySettings.MaximumNumberOfRetries);
        Assert.False(client.HttpErrorAsException);
    }

    [Fact]
    public void TheEuHost_IsABaseUrlAway()
    {
        Assert.Equal("https://api.eu.sendgrid.com", Valid().With(o => o.BaseUrl = "https://api.eu.sendgrid.com").ClientOptions().Host);
    }

    [Fact]
    public void AnUnresolvedKeyVaultReference_IsNotAKey()
    {
        var options = Valid().With(o => o.ApiKey = "@Microsoft.KeyVault(VaultName=kv-surveys;SecretName=SendGridApiKey)");

        var result = new SendGridOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Key Vault", result.FailureMessage);
    }

    [Fact]
    public void ARelativeBaseUrl_IsRefused()
    {
        Assert.True(new SendGridOptionsValidator().Validate(null, Valid().With(o => o.BaseUrl = "api.sendgrid.com")).Failed);
    }
}

internal static class SendGridOptionsTestExtensions
{
    public static SendGridOptions With(this SendGridOptions options, Action<SendGridOptions> change)
    {
        change(options);
        return options;
    }
}
