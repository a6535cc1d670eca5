using Surveys.Functions.Email;

namespace Surveys.Functions.Tests.Email;

/// <summary>What the start-up check of the SendGrid settings lets through.</summary>
public sealed class SendGridOptionsTests
{
    private static SendGridOptions Valid() => new() { ApiKey = "SG.key", FromEmail = "noreply@surveys.example" };

    [Fact]
    public void AKeyAndAVerifiedSender_AreEnough_AndTheUrlIsTheUsEndpoint()
    {
        var options = Valid();

        Assert.True(new SendGridOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("https://api.sendgrid.com/v3/mail/send", options.MailSendUri.ToString());
    }

    [Theory]
    [InlineData("https://api.eu.sendgrid.com")]
    [InlineData("https://api.eu.sendgrid.com/")]
    public void TheEuEndpoint_IsABaseUrlAway(string baseUrl)
    {
        Assert.Equal("https://api.eu.sendgrid.com/v3/mail/send", Valid().With(o => o.BaseUrl = baseUrl).MailSendUri.ToString());
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
