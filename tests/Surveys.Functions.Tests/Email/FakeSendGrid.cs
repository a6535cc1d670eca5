using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Surveys.Functions.Tests.Email;

/// <summary>One request as the fake SendGrid received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string? ContentType, string Body, DateTimeOffset ReceivedAt)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>A scripted answer; <see cref="Headers"/> may be computed when the request arrives, and
/// <see cref="Delay"/> holds the answer back.</summary>
public sealed record Reply(int Status, string? Body = null, Func<IReadOnlyDictionary<string, string>>? Headers = null, TimeSpan? Delay = null)
{
    public static Reply Accepted => new(202);

    public static Reply Ok => new(200);

    public static Reply Error(int status, string message) =>
        new(status, $$"""{"errors":[{"message":{{System.Text.Json.JsonSerializer.Serialize(message)}},"field":null,"help":null}]}""");
}

/// <summary>
/// A stand-in for api.sendgrid.com: a real Kestrel server on a free loopback port that records every
/// request and answers from a script, the last reply repeating. Real HTTP, so the sender's request is
/// checked as SendGrid would receive it.
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Reply[] _script;
    private int _count;

    private FakeSendGrid(WebApplication app, Reply[] script)
    {
        _app = app;
        _script = script;
    }

    public static async Task<FakeSendGrid> StartAsync(params Reply[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSendGrid(app, script.Length > 0 ? script : [Reply.Accepted]);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = address;
        return fake;
    }

    /// <summary>The bound address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var index = Interlocked.Increment(ref _count) - 1;
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, context.Request.ContentType, body, receivedAt));

        var reply = _script[Math.Min(index, _script.Length - 1)];
        if (reply.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up
            }
        }
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers?.Invoke() ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
