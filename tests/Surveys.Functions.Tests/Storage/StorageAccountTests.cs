using Surveys.Functions.Storage;

namespace Surveys.Functions.Tests.Storage;

public class StorageAccountTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tYmUtbG9nZ2Vk";   // base64 of "secret-key-not-to-be-logged"

    [Fact]
    public void UseDevelopmentStorage_MeansAzuriteOnItsDefaultPorts()
    {
        var account = StorageAccount.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", account.TableEndpoint.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", account.QueueEndpoint.AbsoluteUri);
    }

    [Fact]
    public void FullConnectionString_WithExplicitEndpoints_UsesThem()
    {
        var account = StorageAccount.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:41001/devstoreaccount1;" +
            "TableEndpoint=http://127.0.0.1:41002/devstoreaccount1/;");

        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal("http://127.0.0.1:41002/devstoreaccount1", account.TableEndpoint.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:41001/devstoreaccount1", account.QueueEndpoint.AbsoluteUri);
    }

    [Fact]
    public void FullConnectionString_WithoutEndpoints_DerivesThemFromProtocolAndSuffix()
    {
        var account = StorageAccount.Parse($" accountname = acct ; ACCOUNTKEY={Key}; EndpointSuffix=core.chinacloudapi.cn ");

        Assert.Equal("acct", account.AccountName);
        Assert.Equal("https://acct.table.core.chinacloudapi.cn/", account.TableEndpoint.AbsoluteUri);
        Assert.Equal("https://acct.queue.core.chinacloudapi.cn/", account.QueueEndpoint.AbsoluteUri);
    }

    [Fact]
    public void FullConnectionString_DefaultsToHttpsOnCoreWindowsNet()
    {
        var account = StorageAccount.Parse($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal("https://acct.table.core.windows.net/", account.TableEndpoint.AbsoluteUri);
        Assert.Equal("https://acct.queue.core.windows.net/", account.QueueEndpoint.AbsoluteUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData(";;")]
    [InlineData("garbage")]
    [InlineData("=value")]
    [InlineData("UseDevelopmentStorage=false")]
    [InlineData("UseDevelopmentStorage=true;AccountName=x")]
    [InlineData("AccountName=acct")]
    [InlineData("AccountKey=" + Key)]
    [InlineData("AccountName=acct;AccountKey=not base64!")]
    [InlineData("AccountName=acct;AccountName=other;AccountKey=" + Key)]
    [InlineData("DefaultEndpointsProtocol=ftp;AccountName=acct;AccountKey=" + Key)]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";TableEndpoint=not a uri")]
    [InlineData("AccountName=acct;SharedAccessSignature=sv=2020&sig=x")]
    public void MalformedConnectionString_ThrowsFormatException(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => StorageAccount.Parse(connectionString));

        Assert.StartsWith("Storage connection string", error.Message);
    }

    [Fact]
    public void FormatException_NeverRepeatsTheAccountKey()
    {
        var error = Assert.Throws<FormatException>(() =>
            StorageAccount.Parse($"AccountName=acct;AccountKey={Key};QueueEndpoint=ftp://x"));

        Assert.DoesNotContain(Key, error.Message);
        Assert.Contains("QueueEndpoint", error.Message);
    }

    [Fact]
    public void FromCredential_AccountName_UsesAzureEndpoints()
    {
        var account = StorageAccount.FromCredential("acct", new FakeTokenCredential());

        Assert.Equal("acct", account.AccountName);
        Assert.Equal("https://acct.table.core.windows.net/", account.TableEndpoint.AbsoluteUri);
        Assert.Equal("https://acct.queue.core.windows.net/", account.QueueEndpoint.AbsoluteUri);
    }

    [Fact]
    public void FromCredential_PathStyleEndpoints_TakeTheAccountFromThePath()
    {
        var account = StorageAccount.FromCredential(
            new Uri("https://127.0.0.1:10002/devstoreaccount1"), new Uri("https://127.0.0.1:10001/devstoreaccount1"), new FakeTokenCredential());

        Assert.Equal("devstoreaccount1", account.AccountName);
    }

    [Fact]
    public void FromCredential_RejectsPlainHttpAndBadAccountNames()
    {
        Assert.Throws<ArgumentException>(() => StorageAccount.FromCredential(
            new Uri("http://acct.table.core.windows.net"), new Uri("https://acct.queue.core.windows.net"), new FakeTokenCredential()));
        Assert.Throws<ArgumentException>(() => StorageAccount.FromCredential("Not_An_Account", new FakeTokenCredential()));
    }
}
