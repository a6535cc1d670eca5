using System.Text;

namespace Surveys.Functions.Storage;

/// <summary>How message text travels inside &lt;MessageText&gt;.</summary>
public enum QueueMessageEncoding
{
    /// <summary>UTF-8 then base64: what the Functions queue trigger expects by default.</summary>
    Base64,

    /// <summary>The text as is (XML-escaped).</summary>
    None,
}

/// <summary>
/// A received message. <see cref="RawText"/> is exactly what was on the wire; <see cref="MessageText"/> decodes on
/// demand, so a message that is not valid base64 fails its processing rather than the receive that fetched it.
/// </summary>
public sealed record QueueMessage(string MessageId, string PopReceipt, long DequeueCount, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn,
    DateTimeOffset? NextVisibleOn, string RawText, QueueMessageEncoding Encoding)
{
    /// <summary>The text as sent.</summary>
    /// <exception cref="FormatException">Base64 encoding and the raw text is not base64 of UTF-8.</exception>
    public string MessageText => QueueMessageText.Decode(RawText, Encoding);

    // Printing stays safe for undecodable messages and keeps payloads out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"MessageId = {MessageId}, DequeueCount = {DequeueCount}, InsertedOn = {InsertedOn}, ExpiresOn = {ExpiresOn}, ");
        builder.Append($"NextVisibleOn = {NextVisibleOn}, RawText = <{RawText.Length} chars>, Encoding = {Encoding}");
        return true;
    }
}

/// <summary>A message seen without dequeuing it: no pop receipt, dequeue count unchanged.</summary>
public sealed record PeekedMessage(string MessageId, long DequeueCount, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn, string RawText,
    QueueMessageEncoding Encoding)
{
    /// <inheritdoc cref="QueueMessage.MessageText"/>
    public string MessageText => QueueMessageText.Decode(RawText, Encoding);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"MessageId = {MessageId}, DequeueCount = {DequeueCount}, InsertedOn = {InsertedOn}, ExpiresOn = {ExpiresOn}, ");
        builder.Append($"RawText = <{RawText.Length} chars>, Encoding = {Encoding}");
        return true;
    }
}

public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn, DateTimeOffset? NextVisibleOn);

/// <summary>After an update only <see cref="PopReceipt"/> is valid for further updates and the delete.</summary>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset? NextVisibleOn);

internal static class QueueMessageText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string text, QueueMessageEncoding encoding) =>
        encoding == QueueMessageEncoding.Base64 ? Convert.ToBase64String(StrictUtf8.GetBytes(text)) : text;

    public static string Decode(string raw, QueueMessageEncoding encoding)
    {
        if (encoding == QueueMessageEncoding.None)
        {
            return raw;
        }
        try
        {
            return StrictUtf8.GetString(Convert.FromBase64String(raw));
        }
        catch (DecoderFallbackException e)
        {
            // One exception type for "this message cannot be read", whichever layer noticed.
            throw new FormatException("The queue message is base64 but not of UTF-8 text.", e);
        }
    }
}
