using System.Text.Json;
using System.Text.Json.Nodes;

using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Responses;

/// <summary>
/// A validated response as stored: its answers in canonical JSON (<c>{"ITEM": 3, "ITEM-B": {"code": 9},
/// "TXT": "text"}</c>: positions as numbers, non-scale codes as objects, text as strings, skipped items
/// left out, keys sorted), the item versions that were shown, the coarse period, the unit when one was
/// given (a breakdown attribute under AN-01), and nothing else: no time of day, no IP address, no device,
/// no staff member who typed it in (AN-05, AN-06, AN-09).
/// </summary>
public sealed record StoredResponse(
    string RoundId, Guid ResponseId, string OrganisationId, string SurveyId,
    string Language, string EntryMode, string Period, string AnswersJson, string VersionsJson, string? Unit = null)
{
    public static StoredResponse From(string organisationId, Response response, string? unit = null)
    {
        var answers = new JsonObject();
        foreach (var (itemId, answer) in response.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            answers[itemId] = answer.Kind switch
            {
                AnswerKind.Position => JsonValue.Create(answer.Code!.Value),
                AnswerKind.NonScale => new JsonObject { ["code"] = answer.Code!.Value },
                AnswerKind.Text => JsonValue.Create(answer.Content!),
                _ => throw new InvalidOperationException($"Unknown answer kind {answer.Kind}."),
            };
        }
        var versions = new SortedDictionary<string, ItemVersion>(response.Versions.ToDictionary(), StringComparer.Ordinal);
        return new StoredResponse(response.RoundId, response.Id, organisationId, response.SurveyId, response.Language.Code,
            response.EntryMode.ToString(), response.Period.Value, answers.ToJsonString(), JsonSerializer.Serialize(versions), unit);
    }

    /// <summary>The response as the domain knows it (no re-validation: the round may have closed since).</summary>
    public Response ToResponse()
    {
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (itemId, value) in JsonNode.Parse(AnswersJson)!.AsObject())
        {
            answers[itemId] = value switch
            {
                JsonObject o => Answer.NonScale((int)o["code"]!),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => Answer.Text(v.GetValue<string>()),
                JsonValue v => Answer.Position(v.GetValue<int>()),
                _ => throw new FormatException($"Stored answer to {itemId} is unreadable."),
            };
        }
        var versions = JsonSerializer.Deserialize<Dictionary<string, ItemVersion>>(VersionsJson) ?? [];
        Model.Language.TryParse(Language, out var language);
        return Response.Restore(ResponseId, SurveyId, RoundId, language ?? Model.Language.Norwegian,
            Enum.Parse<EntryMode>(EntryMode), Model.Period.Parse(Period), answers, versions);
    }

    /// <summary>Whether a resubmission is the same response: same answers, language, entry mode and unit
    /// (the period may differ when a kiosk retries days later).</summary>
    public bool SameAnswersAs(StoredResponse other) =>
        AnswersJson == other.AnswersJson && Language == other.Language && EntryMode == other.EntryMode &&
        SurveyId == other.SurveyId && OrganisationId == other.OrganisationId && Unit == other.Unit;
}

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
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            var existing = await GetAsync(response.RoundId, response.ResponseId, ct);
            if (existing is not null && existing.SameAnswersAs(response)) return StoreOutcome.AlreadyStored;
            throw new ResponseIdConflictException(response.ResponseId);
        }
    }

    /// <summary>
    /// Stores many responses of one round once each, with the outcomes <see cref="StoreAsync"/> would give
    /// one by one, in far fewer requests: the round's stored ids are read once (so an id used for other
    /// answers is found before anything is written), and new responses are added in transactions of up
    /// to 100. A transaction that meets an id stored meanwhile falls back to one at a time.
    /// </summary>
    /// <exception cref="ResponseIdConflictException">An id was already used for different answers; nothing was written.</exception>
    public async Task<IReadOnlyList<StoreOutcome>> StoreAllAsync(IReadOnlyList<StoredResponse> responses, CancellationToken ct)
    {
        if (responses.Count == 0) return [];
        var roundId = responses[0].RoundId;
        if (responses.Any(r => r.RoundId != roundId)) throw new ArgumentException("All responses must belong to one round.", nameof(responses));
        var wanted = responses.Select(r => r.ResponseId).ToHashSet();
        var existing = new Dictionary<Guid, StoredResponse>();
        await foreach (var stored in ListAsync(roundId, ct))
        {
            if (wanted.Contains(stored.ResponseId)) existing[stored.ResponseId] = stored;
        }

        var outcomes = new StoreOutcome[responses.Count];
        var fresh = new List<int>();
        for (var i = 0; i < responses.Count; i++)
        {
            if (!existing.TryGetValue(responses[i].ResponseId, out var stored)) fresh.Add(i);
            else if (stored.SameAnswersAs(responses[i])) outcomes[i] = StoreOutcome.AlreadyStored;
            else throw new ResponseIdConflictException(responses[i].ResponseId);
        }

        var table = await storage.TableAsync(Table, ct);
        await Parallel.ForEachAsync(Chunks(fresh, responses), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (chunk, token) =>
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(responses[i]))), token);
                foreach (var i in chunk) outcomes[i] = StoreOutcome.Stored;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 409)
            {
                foreach (var i in chunk) outcomes[i] = await StoreAsync(responses[i], token);
            }
        });
        return outcomes;
    }

    /// <summary>Transactions of at most 100 entities and well under the 4 MiB body limit.</summary>
    private static IEnumerable<List<int>> Chunks(List<int> indices, IReadOnlyList<StoredResponse> responses)
    {
        const int maxBytes = 2 * 1024 * 1024;
        var chunk = new List<int>();
        var bytes = 0;
        foreach (var i in indices)
        {
            var size = 1024 + (responses[i].AnswersJson.Length + responses[i].VersionsJson.Length) * 4; // UTF-8 and JSON escaping, generously
            if (chunk.Count == 100 || (chunk.Count > 0 && bytes + size > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add(i);
            bytes += size;
        }
        if (chunk.Count > 0) yield return chunk;
    }

    public async Task<StoredResponse?> GetAsync(string roundId, Guid responseId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(roundId, Key(responseId), ct: ct);
        return e is null ? null : FromEntity(e);
    }

    /// <summary>All responses of a round, page by page.</summary>
    public async IAsyncEnumerable<StoredResponse> ListAsync(string roundId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"), cancellationToken: ct))
            yield return FromEntity(e);
    }

    /// <summary>The ids of a round's responses with when storage last wrote them (the system timestamp,
    /// read here only to leave just-submitted responses to their own queue message; never shown).</summary>
    public async IAsyncEnumerable<(ResponseMessage Message, DateTimeOffset? StoredAt)> ListIdsAsync(string roundId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"), select: ["RowKey", "OrganisationId", "SurveyId", "Timestamp"], cancellationToken: ct))
            yield return (new ResponseMessage(e.GetString("OrganisationId") ?? "", e.GetString("SurveyId") ?? "", roundId, Guid.Parse(e.RowKey)), e.Timestamp);
    }

    private static string Key(Guid id) => id.ToString("D");

    /// <summary>The stored row of a response (partition: round; row: response id). Public for the submit benchmark's
    /// storage-only baseline, which writes exactly these columns.</summary>
    public static TableEntity ToEntity(StoredResponse r)
    {
        var entity = new TableEntity(r.RoundId, Key(r.ResponseId))
        {
            ["OrganisationId"] = r.OrganisationId,
            ["SurveyId"] = r.SurveyId,
            ["Language"] = r.Language,
            ["EntryMode"] = r.EntryMode,
            ["Period"] = r.Period,
            ["Answers"] = r.AnswersJson,
            ["Versions"] = r.VersionsJson,
        };
        if (r.Unit is not null) entity["Unit"] = r.Unit; // only when given, so unit-less rows keep their shape
        return entity;
    }

    private static StoredResponse FromEntity(TableEntity e) => new(
        e.PartitionKey, Guid.Parse(e.RowKey), e.GetString("OrganisationId") ?? "", e.GetString("SurveyId") ?? "",
        e.GetString("Language") ?? "nb", e.GetString("EntryMode") ?? "", e.GetString("Period") ?? "", e.GetString("Answers") ?? "{}",
        e.GetString("Versions") ?? "{}", e.GetString("Unit"));
}

/// <summary>A response id reused for different answers.</summary>
public sealed class ResponseIdConflictException(Guid responseId)
    : Exception($"Response id {responseId} was already used for different answers.")
{
    public Guid ResponseId { get; } = responseId;
}
