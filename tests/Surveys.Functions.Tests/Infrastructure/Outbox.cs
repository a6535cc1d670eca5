using System.Text;
using System.Text.RegularExpressions;

using Surveys.Functions.Tests.Email;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>Reads what the app wrote to its outbox folder (.eml files), as a person opening the e-mail would.</summary>
public static partial class Outbox
{
    /// <summary>The app's settings for writing e-mail to <paramref name="folder"/>, with its own emails queue and the admin key.</summary>
    public static Dictionary<string, string?> Settings(string folder) => new(ApiCalls.AdminKeySetting)
    {
        ["EmailsQueue"] = TestStorage.UniqueName("emails"),
        ["Surveys:Email:Mode"] = "Outbox",
        ["Surveys:Email:OutboxPath"] = folder,
    };

    /// <summary>Waits until the app's emails queue is empty: every queued e-mail handled (written, or refused as a duplicate).
    /// The count includes messages being worked on, so a duplicate still in flight is waited for too.</summary>
    public static Task DrainedAsync(SurveysApp app) =>
        Eventually.Until(async () =>
        {
            var queue = app.Get<Surveys.Functions.Storage.AppStorage>().Queue(app.Get<Surveys.Functions.Email.EmailQueue>().Name);
            return await queue.CountAsync() == 0;
        }, TimeSpan.FromSeconds(60), "the emails queue to drain");

    /// <summary>The outbox's e-mails once at least <paramref name="expected"/> arrived and every queued copy was handled
    /// (so a duplicate would be among them).</summary>
    public static async Task<IReadOnlyList<Eml>> EmailsAsync(SurveysApp app, string folder, int expected)
    {
        await Eventually.Until(() => Task.FromResult(Directory.GetFiles(folder, "*.eml").Length), n => n >= expected,
            what: $"{expected} e-mails in the outbox");
        await DrainedAsync(app);
        return Directory.GetFiles(folder, "*.eml").Select(f => Eml.Parse(File.ReadAllText(f))).ToList();
    }

    /// <summary>The sign-in link in the first e-mail to arrive (the text part may be base64 or quoted-printable).</summary>
    public static async Task<string> SignInLinkAsync(string outbox, string? to = null)
    {
        var file = await Eventually.Until(() => Task.FromResult(Directory.GetFiles(outbox, "*.eml").FirstOrDefault()), f => f is not null, what: "the sign-in e-mail");
        var eml = await File.ReadAllTextAsync(file!);
        if (to is not null) Assert.Contains(to, eml, StringComparison.OrdinalIgnoreCase);
        var decoded = eml + string.Concat(Base64Block().Matches(eml).Select(m => TryBase64(m.Value)));
        return SignInLink().Match(decoded.Replace("=\r\n", "").Replace("=\n", "")).Value;
    }

    private static string TryBase64(string block)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(block.Replace("\r", "").Replace("\n", ""))); }
        catch (FormatException) { return ""; }
    }

    [GeneratedRegex(@"(?m)^[A-Za-z0-9+/=\r\n]{60,}$")]
    private static partial Regex Base64Block();

    [GeneratedRegex(@"https?://[^\s""<>]+/logg-inn/[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();
}
