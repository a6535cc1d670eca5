using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Surveys.Functions.Storage;

/// <summary>One queue, over the Queue service REST API (storage-and-email-rest.md §5), shaped like Azure.Storage.Queues' QueueClient.</summary>
public partial class QueueClient
{
    internal const string ServiceVersion = "2021-12-02";
    private static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromDays(7);

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    internal QueueClient(HttpPipeline pipeline, Uri endpoint, string queueName, QueueMessageEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        if (!QueueNamePattern().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{queueName}' is not a valid queue name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queueName));
        }
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = queueName;
        MessageEncoding = encoding;
    }

    /// <summary>For test doubles.</summary>
    protected QueueClient()
    {
        _pipeline = null!;
        _endpoint = null!;
        Name = "";
    }

    public string Name { get; }

    /// <summary>Base64 by default, which is what the Functions queue trigger expects.</summary>
    public QueueMessageEncoding MessageEncoding { get; }

    /// <summary>The same queue with another message encoding.</summary>
    public virtual QueueClient WithEncoding(QueueMessageEncoding encoding) => new(_pipeline, _endpoint, Name, encoding);

    /// <summary>Creates the queue; one that already exists is fine.</summary>
    public virtual async Task CreateIfNotExistsAsync(CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Put, "");
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        // 204: exists with the same metadata; 409: exists with other metadata. Either way the queue is there.
        if (response.Status is 201 or 204 || (response.Status == 409 && StorageErrors.Read(response).Code == "QueueAlreadyExists"))
        {
            return;
        }
        throw Failure(response, "create");
    }

    public virtual async Task<bool> ExistsAsync(CancellationToken ct = default)
    {
        using var message = CreateMetadataMessage();
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        return response.Status switch
        {
            200 => true,
            404 => false,
            _ => throw Failure(response, "check existence"),
        };
    }

    public virtual async Task DeleteIfExistsAsync(CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, "");
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status is not (204 or 404))
        {
            throw Failure(response, "delete");
        }
    }

    /// <summary>Puts a message on the queue, encoded per <see cref="MessageEncoding"/>.</summary>
    /// <param name="visibilityTimeout">Hide the message this long first (0 to 7 days).</param>
    /// <param name="timeToLive">Default 7 days; <see cref="Timeout.InfiniteTimeSpan"/> or <see cref="TimeSpan.MaxValue"/> for never.</param>
    /// <exception cref="RequestFailedException">404 QueueNotFound when the queue does not exist.</exception>
    public virtual async Task<SendReceipt> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        using var message = CreateMessage(RequestMethod.Post, "/messages");
        if (visibilityTimeout is not null)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout.Value, TimeSpan.Zero, nameof(visibilityTimeout)));
        }
        if (timeToLive is not null)
        {
            var ttl = timeToLive == Timeout.InfiniteTimeSpan || timeToLive == TimeSpan.MaxValue
                ? "-1"
                : Seconds(timeToLive.Value, TimeSpan.FromSeconds(1), nameof(timeToLive), TimeSpan.MaxValue);
            message.Request.Uri.AppendQuery("messagettl", ttl);
        }
        SetMessageBody(message, messageText);
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw Failure(response, "send message");
        }
        var item = Messages(response).Single();
        return new SendReceipt(item.Element("MessageId")!.Value, item.Element("PopReceipt")!.Value,
            Time(item, "InsertionTime"), Time(item, "ExpirationTime"), Time(item, "TimeNextVisible"));
    }

    /// <summary>Dequeues up to <paramref name="maxMessages"/> (1-32) messages, hiding them for <paramref name="visibilityTimeout"/> (1 s to 7 days).</summary>
    public virtual async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("numofmessages", Count(maxMessages));
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, TimeSpan.FromSeconds(1), nameof(visibilityTimeout)));
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw Failure(response, "receive messages");
        }
        return Messages(response).Select(m => new QueueMessage(
            m.Element("MessageId")!.Value, m.Element("PopReceipt")!.Value, DequeueCount(m),
            Time(m, "InsertionTime"), Time(m, "ExpirationTime"), Time(m, "TimeNextVisible"),
            m.Element("MessageText")?.Value ?? "", MessageEncoding)).ToList();
    }

    /// <summary>Looks at up to <paramref name="maxMessages"/> (1-32) visible messages without dequeuing them.</summary>
    public virtual async Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages = 1, CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("peekonly", "true");
        message.Request.Uri.AppendQuery("numofmessages", Count(maxMessages));
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw Failure(response, "peek messages");
        }
        return Messages(response).Select(m => new PeekedMessage(
            m.Element("MessageId")!.Value, DequeueCount(m), Time(m, "InsertionTime"), Time(m, "ExpirationTime"),
            m.Element("MessageText")?.Value ?? "", MessageEncoding)).ToList();
    }

    /// <summary>
    /// Changes a received message's visibility (renewing the lease, or releasing it with <see cref="TimeSpan.Zero"/>)
    /// and optionally its text. The returned pop receipt replaces the old one, which no longer works.
    /// </summary>
    public virtual async Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? messageText = null,
        CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Put, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);   // escaped: receipts contain + / =
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, TimeSpan.Zero, nameof(visibilityTimeout)));
        if (messageText is not null)
        {
            SetMessageBody(message, messageText);
        }
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 204 || !response.Headers.TryGetValue("x-ms-popreceipt", out var newReceipt))
        {
            throw Failure(response, $"update message {messageId}");
        }
        return new UpdateReceipt(newReceipt,
            response.Headers.TryGetValue("x-ms-time-next-visible", out var next) ? ParseTime(next) : null);
    }

    /// <exception cref="RequestFailedException">404 MessageNotFound when the message is gone; 400 PopReceiptMismatch when the receipt is stale.</exception>
    public virtual async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken ct = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 204)
        {
            throw Failure(response, $"delete message {messageId}");
        }
    }

    /// <summary>The service's approximate count (x-ms-approximate-messages-count); may include invisible messages.</summary>
    public virtual async Task<int> GetApproximateMessageCountAsync(CancellationToken ct = default)
    {
        using var message = CreateMetadataMessage();
        var response = await SendAsync(message, ct).ConfigureAwait(false);
        if (response.Status != 200 || !response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count))
        {
            throw Failure(response, "get properties");
        }
        return int.Parse(count, CultureInfo.InvariantCulture);
    }

    private HttpMessage CreateMetadataMessage()
    {
        var message = CreateMessage(RequestMethod.Get, "");
        message.Request.Uri.AppendQuery("comp", "metadata");
        return message;
    }

    private HttpMessage CreateMessage(RequestMethod method, string subPath)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_endpoint);
        message.Request.Uri.AppendPath("/" + Name + subPath, escape: false);
        message.Request.Headers.SetValue("x-ms-version", ServiceVersion);
        return message;
    }

    private void SetMessageBody(HttpMessage message, string text)
    {
        var body = new MemoryStream();
        // Entitize keeps \r in unencoded text (XML parsers would turn a raw \r\n into \n).
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.Entitize };
        try
        {
            using var writer = XmlWriter.Create(body, settings);
            new XElement("QueueMessage", new XElement("MessageText", QueueMessageText.Encode(text, MessageEncoding))).WriteTo(writer);
        }
        catch (ArgumentException e)
        {
            // Only reachable with encoding None: base64 is always valid XML.
            throw new ArgumentException(
                $"Queue '{Name}': the message contains characters XML cannot carry ({e.Message}); send it with QueueMessageEncoding.Base64.",
                nameof(text), e);
        }
        message.Request.Content = RequestContent.Create(body.ToArray());
        message.Request.Headers.SetValue("Content-Type", "application/xml; charset=utf-8");
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken ct)
    {
        await _pipeline.SendAsync(message, ct).ConfigureAwait(false);
        return message.Response;
    }

    private static IEnumerable<XElement> Messages(Response response) =>
        XDocument.Parse(response.Content.ToString()).Root?.Elements("QueueMessage") ?? [];

    private static long DequeueCount(XElement message) =>
        long.Parse(message.Element("DequeueCount")?.Value ?? "0", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(XElement message, string name) =>
        message.Element(name)?.Value is { Length: > 0 } text ? ParseTime(text) : null;

    private static DateTimeOffset ParseTime(string rfc1123) =>
        DateTimeOffset.ParseExact(rfc1123, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Count(int maxMessages) => maxMessages is >= 1 and <= 32
        ? maxMessages.ToString(CultureInfo.InvariantCulture)
        : throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "The service returns 1 to 32 messages per call.");

    /// <summary>Whole seconds, rounded up so a message is never visible earlier than asked.</summary>
    private static string Seconds(TimeSpan value, TimeSpan min, string name, TimeSpan? max = null)
    {
        max ??= MaxVisibilityTimeout;
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be between {min} and {max}.");
        }
        return ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    private RequestFailedException Failure(Response response, string operation) =>
        StorageErrors.Create(response, $"Queue '{Name}': {operation}");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueNamePattern();
}
