using System.Text.Json.Nodes;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Review;

/// <summary>
/// Computed comparisons and trends, ready to serve: one row per survey and round pair (and one for
/// the trend), so reading a comparison is one point read. The JSON is split over several string
/// properties (a table string holds at most 32 K characters) and carries the aggregate versions it
/// was computed from, so an unchanged pair is not computed again.
/// </summary>
public sealed class ComparisonStore(AppStorage storage)
{
    public const string Table = "Comparisons";
    public const string TrendRow = "trend";

    public static string PairRow(string beforeRoundId, string afterRoundId) => $"{beforeRoundId}~{afterRoundId}";

    public async Task<(JsonObject Document, string Sources)?> GetAsync(string surveyId, string row, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(surveyId, row, ct: ct);
        if (e is null) return null;
        return ChunkedJson.Read(e) is { } json && JsonNode.Parse(json) is JsonObject document ? (document, e.GetString("Sources") ?? "") : null;
    }

    /// <summary>Only what a stored result was computed from (one small read).</summary>
    public async Task<string?> GetSourcesAsync(string surveyId, string row, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        return (await table.GetEntityOrNullAsync(surveyId, row, select: ["Sources"], ct: ct))?.GetString("Sources");
    }

    public async Task SaveAsync(string surveyId, string row, JsonObject document, string sources, CancellationToken ct)
    {
        var entity = new TableEntity(surveyId, row) { ["Sources"] = sources }.Checked();
        ChunkedJson.Write(entity, document.ToJsonString());
        var table = await storage.TableAsync(Table, ct);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }
}
