using Surveys.Functions.Hosting;

namespace Surveys.Functions.Tests.Hosting;

/// <summary>Reading host.json and function.json as the host does, and the rule that no HTTP route
/// may match an invocation path.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("surveys-manifest-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relativePath, string json)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }

    private FunctionManifest Load(Dictionary<string, string>? settings = null) =>
        FunctionManifest.Load(_root, name => settings?.GetValueOrDefault(name));

    [Fact]
    public void QueueSettings_ComeFromHostJson_WithTheHostsDefaultsForWhatIsMissing()
    {
        Write("host.json", """{ "version": "2.0", "extensions": { "queues": { "batchSize": 4, "maxDequeueCount": 3, "visibilityTimeout": "00:00:05" } } }""");

        var queues = Load().Queues;

        Assert.Equal(4, queues.BatchSize);
        Assert.Equal(2, queues.NewBatchThreshold); // batchSize / 2 on one instance
        Assert.Equal(3, queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(5), queues.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), queues.MaxPollingInterval);
    }

    [Fact]
    public void SettingReferences_AreResolved_AndAnUnresolvedOneIsAnError()
    {
        Write("host.json", "{}");
        Write("Fold/function.json", """{ "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "m", "queueName": "%Q%" } ] }""");

        Assert.Equal("answers", Load(new() { ["Q"] = "answers" }).Find("Fold")!.QueueName);
        var e = Assert.Throws<InvalidOperationException>(() => Load());
        Assert.Contains("%Q%", e.Message);
    }

    [Fact]
    public void AFolderWithoutFunctionJson_IsNotAFunction_AndABrokenOneIsAnError()
    {
        Write("host.json", "{}");
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        Write("Timer/function.json", """{ "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "t", "schedule": "0 */5 * * * *" } ] }""");
        Assert.Equal(["Timer"], Load().Functions.Select(f => f.Name));

        Write("Broken/function.json", """{ "bindings": [ { "type": "blobTrigger", "name": "b" } ] }""");
        Assert.Throws<InvalidOperationException>(() => Load());
    }

    [Theory]
    [InlineData("{name}")]
    [InlineData("{*rest}")]
    [InlineData("{fn?}")]
    [InlineData("FoldResponse")]
    [InlineData("foldresponse")]
    public void AnHttpRouteThatMatchesAnInvocationPath_IsFound(string route)
    {
        Write("host.json", "{}");
        Write("FoldResponse/function.json", """{ "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "m", "queueName": "q" } ] }""");
        Write("Api/function.json", $$"""{ "bindings": [ { "type": "httpTrigger", "direction": "in", "name": "req", "route": "{{route}}" }, { "type": "http", "direction": "out", "name": "res" } ] }""");

        var collision = Assert.Single(Load().InvocationPathCollisions(), c => c.Invoked.Name == "FoldResponse");
        Assert.Equal("Api", collision.Http.Name);
    }

    [Fact]
    public void ForwardedHttp_MeansExactlyHttpTriggerAndHttpOut()
    {
        Write("host.json", "{}");
        Write("A/function.json", """{ "bindings": [ { "type": "httpTrigger", "direction": "in", "name": "req", "route": "api/a" }, { "type": "http", "direction": "out", "name": "res" } ] }""");
        Write("B/function.json", """{ "bindings": [ { "type": "httpTrigger", "direction": "in", "name": "req", "route": "api/b" }, { "type": "http", "direction": "out", "name": "res" }, { "type": "queue", "direction": "out", "name": "q", "queueName": "x" } ] }""");

        var m = Load();
        Assert.True(m.Find("A")!.IsForwardedHttp);
        Assert.False(m.Find("B")!.IsForwardedHttp);
    }
}
