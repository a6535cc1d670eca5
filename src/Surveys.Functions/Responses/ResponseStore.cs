using Azure;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Responses;

/// <summary>
/// A validated response as stored: its answers in canonical JSON (<c>{"ITEM": 3, "ITEM-9": 9,
/// "TXT": "text"}</c>, skipped items left out), the coarse period, and nothing else: no time of
/// day, no IP address, no device (AN-05, AN-06).
/// </summary>
public sealed record StoredResponse(
    string RoundId, Guid ResponseId, string OrganisationId, string SurveyId,
    string Language, string EntryMode, string Period, string AnswersJson);

/// <summary>What storing a response did.</summary>
public enum StoreOutcome { Stored, AlreadyStored }

/// <summary>
/// Responses, one partition per round (the fold and the exports read a round at a time), keyed by
/// the client's response id so a retried submission is stored once.
/// </summary>
public sealed class ResponseStore(AppStorage storage)
{
    public const string Table = "Responses";

    /// <summary>Stores the response once. The same id with the same answers again is
    /// <see cref="StoreOutcome.AlreadyStored"/>; with different answers it is a conflict.</summary>
    /// <exception cref="ResponseIdConflictException">The id was used for different answers.</exception>
    public async Task<StoreOutcome> StoreAsync(StoredResponse response, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        try
        {
            await table.AddEntityAsync(ToEntity(response), ct);
            return StoreOutcome.Stored;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await GetAsync(response.RoundId, response.ResponseId, ct);
            if (existing == response) return StoreOutcome.AlreadyStored;
            throw new ResponseIdConflictException(response.ResponseId);
        }
    }

    public async Task<StoredResponse?> GetAsync(string roundId, Guid responseId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityIfExistsAsync(roundId, Key(responseId), ct: ct);
        return e is null ? null : FromEntity(e);
    }

    /// <summary>All responses of a round, page by page.</summary>
    public async IAsyncEnumerable<StoredResponse> ListAsync(string roundId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await foreach (var e in table.QueryAsync(TableFilter.Create($"PartitionKey eq {roundId}"), ct: ct))
            yield return FromEntity(e);
    }

    private static string Key(Guid id) => id.ToString("D");

    private static TableEntity ToEntity(StoredResponse r) => new(r.RoundId, Key(r.ResponseId))
    {
        ["OrganisationId"] = r.OrganisationId,
        ["SurveyId"] = r.SurveyId,
        ["Language"] = r.Language,
        ["EntryMode"] = r.EntryMode,
        ["Period"] = r.Period,
        ["Answers"] = r.AnswersJson,
    };

    private static StoredResponse FromEntity(TableEntity e) => new(
        e.PartitionKey, Guid.Parse(e.RowKey), e.GetString("OrganisationId") ?? "", e.GetString("SurveyId") ?? "",
        e.GetString("Language") ?? "nb", e.GetString("EntryMode") ?? "", e.GetString("Period") ?? "", e.GetString("Answers") ?? "{}");
}

/// <summary>A response id reused for different answers.</summary>
public sealed class ResponseIdConflictException(Guid responseId)
    : Exception($"Response id {responseId} was already used for different answers.")
{
    public Guid ResponseId { get; } = responseId;
}
