using Microsoft.Extensions.Options;
using Surveys.Functions.Hosting;

namespace Surveys.Functions.Email;

/// <summary>
/// The embedded default: one <c>.eml</c> file per e-mail in an outbox folder, to open in any mail
/// client. Names sort by time (<c>20261121T101502123Z-kari-example-no-1a2b3c4d.eml</c>). Each file is
/// written under a temporary name and then moved, so a reader never sees half a message.
/// </summary>
public sealed class OutboxEmailSender(IOptions<EmailOptions> options, IOptions<SendGridOptions> sendGrid, TimeProvider time,
    ILogger<OutboxEmailSender> log) : IEmailSender
{
    /// <summary>The outbox folder, absolute.</summary>
    public string Folder { get; } = Path.GetFullPath(options.Value.OutboxPath);

    // The sender SendGrid would use, so local mail looks like the real thing.
    private readonly EmailAddress _from = new(
        EmailMessage.IsAddress(sendGrid.Value.FromEmail) ? sendGrid.Value.FromEmail! : "noreply@surveys.invalid",
        sendGrid.Value.FromName);

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        message.Validate();
        var now = time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var bytes = EmlWriter.Write(message, _from, now, $"{id}@{_from.Domain}");

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, FileName(now, message.To.Email, id));
        var temporary = Path.Combine(Folder, $".{id}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, ct);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        // The file name holds the address; the log says no more than the domain.
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID"))) // running in Azure
            log.LogWarning("E-mail to a recipient at {RecipientDomain} was NOT sent but written to the outbox {OutboxFolder}: set Surveys__Email__Mode=SendGrid",
                message.To.Domain, Folder);
        else
            log.LogInformation("E-mail to a recipient at {RecipientDomain} written to the outbox {OutboxFolder}", message.To.Domain, Folder);
    }

    /// <summary>Sortable UTC time, the recipient as a safe slug, and a short id.</summary>
    internal static string FileName(DateTimeOffset at, string recipient, string id) =>
        $"{at.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Slug(recipient)}-{id[..8]}.eml";

    internal static string Slug(string text)
    {
        var slug = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var s = slug.ToString().Trim('-');
        if (s.Length > 40) s = s[..40].TrimEnd('-');
        return s.Length > 0 ? s : "recipient";
    }
}
