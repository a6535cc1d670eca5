using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

/// <summary>The clients come from the settings the Functions host reads for AzureWebJobsStorage (no network needed).</summary>
public class StorageRegistrationTests
{
    [Fact]
    public void AnAccountName_GivesAzureEndpoints_AndAManagedIdentity()
    {
        using var services = TestStorage.ServicesFor(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "surveysprod",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<QueueServiceClient>();

        Assert.Equal("https://surveysprod.table.core.windows.net/", tables.Uri.ToString());
        Assert.Equal("https://surveysprod.queue.core.windows.net/", queues.Uri.ToString());
        Assert.Equal("surveysprod", tables.AccountName);
        Assert.IsType<ManagedIdentityCredential>(services.GetRequiredService<StorageIdentity>().Credential);
    }

    [Fact]
    public void ServiceUris_AreUsedAsGiven_AndWithoutACredentialSettingDefaultAzureCredentialIsUsed()
    {
        using var services = TestStorage.ServicesFor(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://private.table.example.net/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://private.queue.example.net/",
        });

        Assert.Equal("https://private.table.example.net/", services.GetRequiredService<TableServiceClient>().Uri.ToString());
        Assert.Equal("https://private.queue.example.net/", services.GetRequiredService<QueueServiceClient>().Uri.ToString());
        Assert.IsType<DefaultAzureCredential>(services.GetRequiredService<StorageIdentity>().Credential);
    }

    [Fact]
    public void TheDevelopmentConnectionString_PointsAtAzurite_WithASharedKey()
    {
        using var services = TestStorage.ServicesFor("UseDevelopmentStorage=true");

        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", services.GetRequiredService<TableServiceClient>().Uri.ToString().TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", services.GetRequiredService<QueueServiceClient>().Uri.ToString().TrimEnd('/'));
        Assert.Null(services.GetRequiredService<StorageIdentity>().Credential);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("Not-An-Account", null, null)]
    [InlineData(null, "https://t.example.net/", null)]
    [InlineData(null, "http://t.example.net/", "https://q.example.net/")]
    public void MissingOrUnusableSettings_StopTheAppWithAMessageNamingTheSetting(string? accountName, string? tableUri, string? queueUri)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestStorage.ServicesFor(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = accountName,
            ["AzureWebJobsStorage:tableServiceUri"] = tableUri,
            ["AzureWebJobsStorage:queueServiceUri"] = queueUri,
        }));

        Assert.Contains("AzureWebJobsStorage__", error.Message);
    }
}

/// <summary>Who waits decides how long one storage attempt may take (ADR 12).</summary>
public class StorageTimeoutTests
{
    private sealed class Options : Azure.Core.ClientOptions;

    private static Azure.Core.HttpMessage Message() =>
        Azure.Core.Pipeline.HttpPipelineBuilder.Build(new Options()).CreateMessage();

    [Fact]
    public void ACallMadeWhileARequestWaits_GetsTheShortTimeout_AndBackgroundWorkKeepsTheLongOne()
    {
        var accessor = new Microsoft.AspNetCore.Http.HttpContextAccessor();
        var policy = new InteractiveTimeoutPolicy(accessor);

        var background = Message();
        policy.OnSendingRequest(background);
        accessor.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var interactive = Message();
        policy.OnSendingRequest(interactive);
        var streamedExport = Message();
        using (StorageCalls.Patient()) policy.OnSendingRequest(streamedExport);
        var afterTheExport = Message();
        policy.OnSendingRequest(afterTheExport);

        Assert.Null(background.NetworkTimeout); // the clients' own: StorageRegistration.BackgroundNetworkTimeout
        Assert.Equal(StorageRegistration.InteractiveNetworkTimeout, interactive.NetworkTimeout);
        Assert.Null(streamedExport.NetworkTimeout);
        Assert.Equal(StorageRegistration.InteractiveNetworkTimeout, afterTheExport.NetworkTimeout);
    }
}
