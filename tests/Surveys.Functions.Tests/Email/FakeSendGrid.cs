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

    /// <summary>The e-mail SendGrid was asked to send, as its recipient would see it.</summary>
    public ReceivedEmail Email => ReceivedEmail.Read(Json);
}

/// <summary>
/// What SendGrid would deliver, read from a Mail Send body: the one recipient, the sender, the subject
/// (a personalization's wins over the message's), the text and HTML bodies, the extra headers and custom
/// args (message-wide and the personalization's), and the settings the app chooses. Tracking is null when
/// not set (the account's default applies).
/// </summary>
public sealed record ReceivedEmail(
    Surveys.Functions.Email.EmailAddress To,
    Surveys.Functions.Email.EmailAddress From,
    string? Subject,
    string? Text,
    string? Html,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> CustomArgs,
    bool Sandbox,
    bool? ClickTracking,
    bool? OpenTracking)
{
    public static ReceivedEmail Read(JsonObject body)
    {
        var personalization = body["personalizations"]!.AsArray().Single()!.AsObject();
        var content = body["content"]?.AsArray().Select(c => c!.AsObject()).ToList() ?? [];
        return new ReceivedEmail(
            Address(personalization["to"]!.AsArray().Single()!),
            Address(body["from"]!),
            (string?)personalization["subject"] ?? (string?)body["subject"],
            Part("text/plain"),
            Part("text/html"),
            Merged("headers"),
            Merged("custom_args"),
            (bool?)body["mail_settings"]?["sandbox_mode"]?["enable"] ?? false,
            (bool?)body["tracking_settings"]?["click_tracking"]?["enable"],
            (bool?)body["tracking_settings"]?["open_tracking"]?["enable"]);

        string? Part(string type) => content.SingleOrDefault(c => (string?)c["type"] == type)?["value"]?.GetValue<string>();

        Dictionary<string, string> Merged(string name)
        {
            var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var source in new[] { body[name], personalization[name] })
            {
                if (source is not JsonObject values) continue;
                foreach (var (key, value) in values) merged[key] = (string)value!;
            }
            return merged;
        }

        static Surveys.Functions.Email.EmailAddress Address(JsonNode node) => new((string)node["email"]!, (string?)node["name"]);
    }
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
/// A stand-in for api.sendgrid.com, the official client's <c>Host</c> in tests: a real Kestrel server on
/// a free loopback port that records every request and answers Mail Send (<c>POST /v3/mail/send</c>)
/// from a script, the last reply repeating; anything else is answered 404, as SendGrid would. Real HTTP,
/// so what the app asked SendGrid to deliver is read from what SendGrid would receive.
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
        // The reply's place in the script and the request's place in Requests are taken together: two requests arriving at
        // once would otherwise be recorded in one order and answered in the other (a test reading Requests[0] as the 429
        // then saw the wrong request).
        int index;
        lock (_requests)
        {
            index = _count++;
            _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, context.Request.ContentType, body, receivedAt));
        }

        var reply = context.Request.Method == "POST" && context.Request.Path == "/v3/mail/send"
            ? _script[Math.Min(index, _script.Length - 1)]
            : Reply.Error(404, "resource not found");
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
