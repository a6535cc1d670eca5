using System.Text.Json;
using Surveys.Functions.Access;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Exports;

/// <summary>
/// A short-lived download link for a delivered export: what to export (made again, streamed, at
/// download time, so the group-size rules of that moment apply), under which grant, until when.
/// </summary>
public sealed record ExportLink(string GrantId, ExportRequestData Request, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>The serialisable form of an <see cref="ExportRequest"/>.</summary>
public sealed record ExportRequestData(string OrganisationId, string SurveyId, IReadOnlyList<string>? RoundIds,
    ExportFormat Format, ExportContent Content, string Language, char CsvSeparator)
{
    public static ExportRequestData From(ExportRequest r) =>
        new(r.OrganisationId, r.SurveyId, r.RoundIds, r.Format, r.Content, r.Language.Code, r.CsvSeparator);

    /// <summary>A download link always belongs to a partner's grant: closed rounds only.</summary>
    public ExportRequest ToRequest() => new(OrganisationId, SurveyId, RoundIds, Format, Content,
        Surveys.Model.Language.TryParse(Language, out var language) ? language : Surveys.Model.Language.Default, CsvSeparator,
        ClosedRoundsOnly: true);
}

/// <summary>
/// Download links, keyed by the SHA-256 of their token (the token itself is only in the e-mail).
/// A link names a grant; it works only while that grant is in force and until it expires.
/// </summary>
public sealed class ExportLinkStore(AppStorage storage, TimeProvider time)
{
    public const string Table = "ExportLinks";
    private const string Partition = "link";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>The token to put in the link (shown once, stored hashed).</returns>
    public async Task<(string Token, ExportLink Link)> CreateAsync(string grantId, ExportRequest request, TimeSpan lifetime, CancellationToken ct)
    {
        var token = Secrets.NewToken();
        var now = time.GetUtcNow();
        var link = new ExportLink(grantId, ExportRequestData.From(request), now, now + lifetime);
        var table = await storage.TableAsync(Table, ct);
        await table.AddNewEntityAsync(new TableEntity(Partition, Secrets.Hash(token))
        {
            ["Json"] = JsonSerializer.Serialize(link, Json),
            ["ExpiresAt"] = link.ExpiresAt,
        }.Checked(), ct);
        return (token, link);
    }

    /// <summary>The link the token names, expired or not; null for an unknown or malformed token.</summary>
    public async Task<ExportLink?> FindAsync(string token, CancellationToken ct)
    {
        if (!Secrets.LooksLikeToken(token)) return null;
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(Partition, Secrets.Hash(token), ct: ct);
        return e is null ? null : JsonSerializer.Deserialize<ExportLink>(e.GetString("Json") ?? "null", Json);
    }
}
