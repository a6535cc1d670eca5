using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Responses;
using Surveys.Functions.Review;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Exports;

/// <summary>The file format of an export.</summary>
public enum ExportFormat { Csv, Json, Xlsx }

/// <summary>What an export holds: aggregated results, or one anonymous row per response.</summary>
public enum ExportContent { Results, Answers }

/// <summary>
/// One export, already authorised (see <c>Partners.ExportAccess</c>): which survey and rounds (null: all
/// rounds of the survey), the format, the content, the one label language, and the CSV separator
/// (<c>;</c> for Norwegian Excel, <c>,</c> otherwise).
/// </summary>
public sealed record ExportRequest(
    string OrganisationId,
    string SurveyId,
    IReadOnlyList<string>? RoundIds,
    ExportFormat Format,
    ExportContent Content,
    Language Language,
    char CsvSeparator = ';',
    bool ClosedRoundsOnly = false);

/// <summary>
/// An export that has been checked and counted, ready to write: everything that decides what may be shown
/// (group sizes per round, unit and entry mode; the complementary suppression) is settled here, before the
/// first byte, so writing cannot fail on a rule half-way through a file.
/// </summary>
public sealed class ExportPlan
{
    internal ExportPlan(ExportRequest request, Survey survey, IReadOnlyList<Round> rounds, int minimumGroupSize, int freeTextMinimum)
    {
        Request = request;
        Survey = survey;
        Rounds = rounds;
        MinimumGroupSize = minimumGroupSize;
        FreeTextMinimum = freeTextMinimum;
    }

    /// <summary>What was asked for.</summary>
    public ExportRequest Request { get; }

    /// <summary>The survey.</summary>
    public Survey Survey { get; }

    /// <summary>The rounds exported, in the order they open.</summary>
    public IReadOnlyList<Round> Rounds { get; }

    /// <summary>The data rows the main table will hold (answers: as counted when the plan was made; a round that
    /// is still open may add a few while the file is written).</summary>
    public int Rows { get; internal set; }

    internal int MinimumGroupSize { get; }

    internal int FreeTextMinimum { get; }

    /// <summary>Results: the rows of the results table, computed in full here (they are small: rounds × items × units).</summary>
    internal List<Cell[]> ResultRows { get; } = [];

    /// <summary>Answers: per round, what may be shown.</summary>
    internal Dictionary<string, RoundRules> Answers { get; } = new(StringComparer.Ordinal);

    internal List<string> Notes { get; } = [];

    /// <summary>
    /// Per exported round (results: every round of the export; answers: the rounds included), per item id and text
    /// revision: how many of the round's exported responses carried that revision (their <c>Versions</c>, read in the
    /// same pass and from the same folded snapshot as the figures). Decides the wording in force per round and the
    /// revisions the codebook lists. Small: rounds × items × revisions.
    /// </summary>
    internal Dictionary<string, Dictionary<string, Dictionary<int, int>>> Revisions { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The text revision of <paramref name="current"/> in force in a round: the one most of the round's responses to
    /// the item carried (ties: the highest), and whether the round's responses carried more than one. Null for «more
    /// than one» when none carried any (then the current revision is named), and when another revision was carried by
    /// fewer than the minimum group size: that would say a small group answered before or after an edit (AN-01).
    /// Rounds below the minimum have no counts here at all (their rows say nothing about wording).
    /// </summary>
    internal (int Revision, bool? Mixed) InForce(string roundId, Item current)
    {
        if (Counts(roundId, current.Id) is not { Count: > 0 } counts) return (current.TextRevision, null);
        var revision = counts.OrderByDescending(c => c.Value).ThenByDescending(c => c.Key).First().Key;
        var others = counts.Where(c => c.Key != revision).ToList();
        return (revision, others.Count == 0 ? false : others.All(c => c.Value >= MinimumGroupSize) ? true : null);
    }

    /// <summary>Whether the codebook lists <paramref name="revision"/> of the item: it is the current one, in force in an
    /// exported round, or carried by at least the minimum group size in one (never revealed by a few responses alone).</summary>
    internal bool Listed(Item current, int revision) =>
        revision == current.TextRevision
        || Revisions.Keys.Any(round => InForceIn(round, current, revision) || Counts(round, current.Id)?.GetValueOrDefault(revision) >= MinimumGroupSize);

    /// <summary>Whether the round's responses to the item mostly carried <paramref name="revision"/>.</summary>
    internal bool InForceIn(string roundId, Item current, int revision) =>
        Counts(roundId, current.Id) is { Count: > 0 } && InForce(roundId, current).Revision == revision;

    private Dictionary<int, int>? Counts(string roundId, string itemId) => Revisions.GetValueOrDefault(roundId)?.GetValueOrDefault(itemId);

    /// <summary>The text of one revision of an item in <paramref name="language"/> (the survey's organisation name filled
    /// in), or null when the survey no longer knows that revision.</summary>
    internal string? RevisionText(Item current, int revision, Language language) =>
        Survey.RevisionsOf(current.Id).LastOrDefault(r => r.TextRevision == revision) is { } item ? Survey.Render(item.Text, language) : null;

    /// <summary>What the row-level export may show of one round (users.md O-04).</summary>
    internal sealed record RoundRules(int Respondents, bool Included, IReadOnlySet<string> VisibleUnits, IReadOnlySet<string> VisibleModes, bool FreeText,
        IReadOnlySet<Guid> Folded);
}

/// <summary>
/// Writes exports (issue 6): streamed to the output, never holding all responses in memory, with the
/// minimum group size and complementary suppression applied, and spreadsheet formulas neutralised.
/// Used by the export API and by the download links of scheduled deliveries. See docs/decisions/0010-exports.md.
/// </summary>
public sealed class ExportService(CatalogStore catalog, AggregateStore aggregates, AppStorage storage, AnonymityOptions anonymity, TimeProvider time)
{
    /// <summary>The code written for a missing answer: not answered, or the non-scale answer («Vet ikke», «Ikke aktuelt»).</summary>
    public const int MissingCode = Scale.StandardNonScaleCode;

    /// <summary>The MIME type of the export's file.</summary>
    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Json => "application/json; charset=utf-8",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <summary>A file name for the export, e.g. <c>undersokelse-resultater-2026-11-22.csv</c>.</summary>
    public static string FileName(ExportRequest request, DateOnly today) =>
        $"{request.SurveyId}-{(request.Content == ExportContent.Results ? (request.Language == Language.English ? "results" : "resultater") : (request.Language == Language.English ? "answers" : "svar"))}-{today:yyyy-MM-dd}.{request.Format.ToString().ToLowerInvariant()}";

    /// <summary>
    /// Checks the request against the survey (404 for a survey the organisation does not have, 400 listing every
    /// round that is not part of it) and settles what may be shown. Nothing is written.
    /// </summary>
    /// <exception cref="Api.ApiProblemException">The survey does not exist in the organisation.</exception>
    /// <exception cref="SurveyValidationException">A round is not part of the survey.</exception>
    public async Task<ExportPlan> PrepareAsync(ExportRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var survey = await catalog.LoadSurveyAsync(request.OrganisationId, request.SurveyId, ct)
            ?? throw ApiProblemException.NotFound("undersøkelsen", "The survey");
        var all = ComparisonService.Ordered(await catalog.ListRoundsAsync(request.SurveyId, ct));
        var rounds = all;
        // Rows, and anything a partner takes, only from closed rounds (users.md O-02, AN-07): two exports of an open
        // round a few minutes apart would differ by exactly the people who answered in between.
        var now = time.GetUtcNow();
        var closedOnly = request.ClosedRoundsOnly || request.Content == ExportContent.Answers;
        if (request.RoundIds is { Count: > 0 } wanted)
        {
            var errors = new List<ValidationError>();
            foreach (var id in wanted.Distinct(StringComparer.Ordinal))
            {
                var round = all.FirstOrDefault(r => r.Id == id);
                if (round is null)
                {
                    errors.Add(new ValidationError("rounds", "unknown-round", new LocalizedText(
                        $"Runden «{id}» hører ikke til undersøkelsen.", $"The round '{id}' is not part of the survey.")));
                }
                else if (closedOnly && !round.HasClosedBy(now))
                {
                    errors.Add(new ValidationError("rounds", "round-open", new LocalizedText(
                        $"Runden «{round.Label}» er ikke lukket ennå: {(request.Content == ExportContent.Answers ? "svar" : "resultater for partnere")} kan eksporteres når den er lukket.",
                        $"The round '{round.Label}' is not closed yet: {(request.Content == ExportContent.Answers ? "answers" : "results for partners")} can be exported once it is closed.")));
                }
            }
            SurveyValidationException.ThrowIfAny(errors);
            rounds = all.Where(r => wanted.Contains(r.Id, StringComparer.Ordinal)).ToList();
        }
        else if (closedOnly)
        {
            rounds = all.Where(r => r.HasClosedBy(now)).ToList();
            if (rounds.Count == 0)
            {
                SurveyValidationException.ThrowIfAny([new ValidationError("rounds", "no-closed-round", new LocalizedText(
                    "Undersøkelsen har ingen lukkede runder ennå; det som kan eksporteres her, kommer når en runde er lukket.",
                    "The survey has no closed rounds yet; what can be exported here comes once a round is closed."))]);
            }
        }

        var minimum = Math.Max(ComparisonOptions.LowestMinimumGroupSize, anonymity.MinimumGroupSize);
        var plan = new ExportPlan(request, survey, rounds, minimum, Math.Max(minimum, anonymity.FreeTextMinimum));
        if (request.Content == ExportContent.Results)
        {
            foreach (var round in rounds) await PlanResultsAsync(plan, round, ct);
            plan.Rows = plan.ResultRows.Count;
        }
        else
        {
            foreach (var round in rounds) await PlanAnswersAsync(plan, round, ct);
            plan.Rows = plan.Answers.Values.Where(r => r.Included).Sum(r => r.Respondents);
        }
        return plan;
    }

    /// <summary>Writes a prepared export. Errors after the first byte (storage failing) end the stream; no rule is decided here.</summary>
    public async Task WriteAsync(ExportPlan plan, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        // Whole rounds are read page by page while the download runs: a slow page is not an outage.
        using var patient = StorageCalls.Patient();
        await using ITableSink sink = plan.Request.Format switch
        {
            ExportFormat.Csv => new CsvTableSink(output, plan.Request.CsvSeparator),
            ExportFormat.Json => new JsonTableSink(output),
            _ => new XlsxTableSink(output),
        };
        var texts = new Texts(plan.Request.Language);
        await sink.HeaderAsync(Facts(plan, texts), ct);
        if (plan.Request.Content == ExportContent.Results)
        {
            await sink.BeginTableAsync(new TableInfo("results", texts.Get("Resultater", "Results"), ResultColumns(plan.Survey), Main: true), ct);
            foreach (var row in plan.ResultRows) await sink.RowAsync(row, ct);
            await sink.EndTableAsync(ct);
        }
        else
        {
            await WriteAnswersAsync(plan, sink, texts, ct);
            if (plan.Survey.Items.Any(i => i.Scale.Kind == ScaleKind.FreeText)) await WriteFreeTextAsync(plan, sink, texts, ct);
        }
        await WriteCodebookAsync(plan, sink, texts, ct);
        await sink.CompleteAsync(ct);
    }

    // ---------------------------------------------------------------- results

    private static int MaxPoints(Survey survey) =>
        survey.Items.Where(i => i.Scale.Kind != ScaleKind.FreeText).Select(i => i.Scale.Points).DefaultIfEmpty(0).Max();

    private static string[] ResultColumns(Survey survey)
    {
        var k = MaxPoints(survey);
        return
        [
            "level", "round_id", "round_label", "unit", "unit_label", "respondents", "respondents_text",
            "item_id", "item_text", "text_revision", "wording_changed_in_round", "scale_id", "status", "status_text", "n", "non_scale",
            .. Enumerable.Range(1, k).Select(p => $"count_{p}"),
            .. Enumerable.Range(1, k).Select(p => $"share_{p}"),
            .. new[] { Band.LowId, Band.MiddleId, Band.HighId }.SelectMany(b => new[] { $"band_{b}_label", $"band_{b}_count", $"band_{b}_share" }),
            "top_two_count", "top_two_share", "yes_share", "mean",
        ];
    }

    private async Task PlanResultsAsync(ExportPlan plan, Round round, CancellationToken ct)
    {
        var survey = plan.Survey;
        var min = plan.MinimumGroupSize;
        var texts = new Texts(plan.Request.Language);
        // The round total is the stored aggregate, as the comparison API and the results page read it (AN-03).
        var (total, folded) = await SnapshotAsync(round.Id, ct);
        total ??= RoundAggregate.Empty(round.Id, survey.Items);
        var items = survey.Items.Where(i => i.Scale.Kind != ScaleKind.FreeText && total.Find(i.Id) is not null).ToList();

        // Units: only responses folded into that total (one consistent snapshot), so the unit cells add up to it
        // exactly and total − visible units is exactly the hidden units (which the suppression keeps at 0 or ≥ minimum).
        var units = new Dictionary<string, RoundAggregate>(StringComparer.Ordinal);
        var anyUnit = false;
        var revisions = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        var table = await storage.TableAsync(ResponseStore.Table, ct);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {round.Id}"), select: ["RowKey", "Unit", "Answers", "Versions", "EntryMode", "Language", "Period", "SurveyId", "OrganisationId"], cancellationToken: ct))
        {
            if (!Guid.TryParse(e.RowKey, out var id) || !folded.Contains(id)) continue;
            var unit = e.GetString("Unit") ?? "";
            anyUnit |= unit.Length > 0;
            if (!units.TryGetValue(unit, out var aggregate))
            {
                aggregate = RoundAggregate.Empty(round.Id, survey.Items.Where(i => total.Find(i.Id) is not null));
                units[unit] = aggregate;
            }
            try
            {
                var response = Stored(round.Id, e).ToResponse();
                CountRevisions(revisions, response.Versions);
                aggregate.Fold(response);
            }
            catch (SurveyValidationException)
            {
                // Cannot happen for a folded response (the fold applied the same checks); left out if it does.
            }
        }
        folded.Clear();
        // Wording per round only from a round large enough to show: which wording a small group saw says when it answered.
        if (total.Respondents >= min) plan.Revisions[round.Id] = revisions;
        if (!anyUnit) units.Clear(); // No unit was ever given: a breakdown would only repeat the total.

        var roundShown = total.Respondents >= min;
        var unitRespondents = units.ToDictionary(u => u.Key, u => u.Value.Respondents, StringComparer.Ordinal);
        // The same rule, on the same responses, as the answers export (UnitsShown): responses without a unit are
        // never a group of their own there («annen»), so they are not one here either; otherwise subtracting one
        // export from the other could recover a small unit.
        var hiddenUnits = roundShown ? UnitsHidden(unitRespondents, min) : unitRespondents.Keys.ToHashSet(StringComparer.Ordinal);
        var unitOrder = units.Keys.Where(u => u.Length > 0).Order(StringComparer.Ordinal).Concat(units.ContainsKey("") ? [""] : []).ToList();

        foreach (var item in items)
        {
            var totalCounts = total.Find(item.Id)!;
            var itemShown = roundShown && totalCounts.Answered >= min;
            // The wording in force in this round (O-03), the same on the total and every unit row. A round below the
            // minimum has no revision counts: its rows name the current wording and say nothing about a mix.
            var (revision, mixed) = plan.InForce(round.Id, item);
            var wording = new Wording(revision, plan.RevisionText(item, revision, texts.Language) ?? texts.RevisionNotStored, mixed);
            plan.ResultRows.Add(ResultRow(plan, texts, round, "total", null, texts.Get("Alle", "All"),
                roundShown ? total.Respondents : null, roundShown ? null : texts.FewerThan(min),
                item, wording, itemShown ? ItemSummary.From(totalCounts, total.Respondents) : null, itemShown ? null : texts.TooFew));
            if (units.Count == 0) continue;

            var cells = units.ToDictionary(u => u.Key, u => u.Value.Find(item.Id)!.Answered, StringComparer.Ordinal);
            var hidden = itemShown ? ComplementarySuppression.Hidden(cells, min, hiddenUnits) : cells.Keys.ToHashSet(StringComparer.Ordinal);
            foreach (var unit in unitOrder)
            {
                var aggregate = units[unit];
                var counts = aggregate.Find(item.Id)!;
                var respondentsHidden = hiddenUnits.Contains(unit);
                string? status = null;
                // One wording for every hidden cell: saying which cell is the small one and which only protects it
                // would tell a reader the small group's size.
                if (hidden.Contains(unit)) status = texts.Hidden;
                plan.ResultRows.Add(ResultRow(plan, texts, round, unit.Length > 0 ? "unit" : "no-unit", unit, unit.Length > 0 ? unit : texts.Get("Uten enhet", "No unit"),
                    respondentsHidden ? null : aggregate.Respondents,
                    respondentsHidden ? texts.Hidden : null,
                    item, wording, status is null ? ItemSummary.From(counts, aggregate.Respondents) : null, status));
            }
        }
    }

    /// <summary>The wording of an item in force in one round: its text revision, that revision's text, and whether the
    /// round's responses carried more than one revision (null: not said).</summary>
    private sealed record Wording(int Revision, string Text, bool? Mixed);

    private static void CountRevisions(Dictionary<string, Dictionary<int, int>> counts, IReadOnlyDictionary<string, ItemVersion> versions)
    {
        foreach (var (itemId, version) in versions)
        {
            if (!counts.TryGetValue(itemId, out var perRevision)) counts[itemId] = perRevision = [];
            perRevision[version.TextRevision] = perRevision.GetValueOrDefault(version.TextRevision) + 1;
        }
    }

    private static Cell[] ResultRow(ExportPlan plan, Texts texts, Round round, string level, string? unit, string unitLabel,
        int? respondents, string? respondentsText, Item item, Wording wording, ItemSummary? s, string? statusText)
    {
        var k = MaxPoints(plan.Survey);
        var row = new List<Cell>
        {
            Cell.Of(level), Cell.Of(round.Id), Cell.Of(round.Label), Cell.Of(unit), Cell.Of(unitLabel),
            Cell.Of(respondents), Cell.Of(respondentsText),
            Cell.Of(item.Id), Cell.Of(wording.Text), Cell.Of(wording.Revision), Cell.OfFlag(wording.Mixed), Cell.Of(item.Scale.Id),
            Cell.Of(s is null ? "suppressed" : "shown"), Cell.Of(statusText),
            Cell.Of(s?.N), Cell.Of(s?.NonScaleCount),
        };
        for (var p = 1; p <= k; p++) row.Add(s is not null && p <= s.Counts.Count ? Cell.Of(s.Counts[p - 1]) : Cell.Empty);
        for (var p = 1; p <= k; p++) row.Add(s is not null && p <= s.Counts.Count ? Cell.Of(s.Distribution[p - 1].Share.Value) : Cell.Empty);
        foreach (var id in new[] { Band.LowId, Band.MiddleId, Band.HighId })
        {
            var band = item.Scale.Bands.FirstOrDefault(b => b.Id == id);
            var share = s?.Bands.FirstOrDefault(b => b.Band.Id == id);
            row.Add(Cell.Of(band?.Label.Get(texts.Language)));
            row.Add(share is null ? Cell.Empty : Cell.Of(share.Share.Count));
            row.Add(share is null ? Cell.Empty : Cell.Of(share.Share.Value));
        }
        row.Add(s?.TopTwo is { } top ? Cell.Of(top.Count) : Cell.Empty);
        row.Add(s?.TopTwo is { } top2 ? Cell.Of(top2.Value) : Cell.Empty);
        row.Add(s?.Yes is { } yes ? Cell.Of(yes.Value) : Cell.Empty);
        row.Add(Cell.Of(s?.Mean));
        return row.ToArray();
    }

    /// <summary>Which units' figures are hidden: the one rule both the results and the answers export use.</summary>
    private static IReadOnlySet<string> UnitsHidden(IReadOnlyDictionary<string, int> respondents, int min) =>
        ComplementarySuppression.Hidden(respondents, min, alwaysHidden: [""]);

    /// <summary>
    /// The round's counts and the ids folded into them, as one consistent snapshot: the counts are read before and
    /// after the ids, and the read is repeated until no fold happened in between (a busy round settles in a try or two).
    /// </summary>
    private async Task<(RoundAggregate? Total, HashSet<Guid> Folded)> SnapshotAsync(string roundId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var before = await aggregates.GetAsync(roundId, ct);
            var folded = await aggregates.FoldedIdsAsync(roundId, ct);
            var after = await aggregates.GetAsync(roundId, ct);
            if ((before?.Respondents ?? 0) == (after?.Respondents ?? 0)) return (after, folded);
            await Task.Delay(TimeSpan.FromMilliseconds(100 * (attempt + 1)), time, ct);
        }
        throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Svarene telles akkurat nå", "Answers are being counted right now",
            "Runden får nye svar mens eksporten lages. Prøv igjen om et minutt.", "The round is receiving answers while the export is made. Try again in a minute.");
    }

    // ---------------------------------------------------------------- answers

    private async Task PlanAnswersAsync(ExportPlan plan, Round round, CancellationToken ct)
    {
        var min = plan.MinimumGroupSize;
        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        var modes = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairs = new Dictionary<(string Unit, string Mode), int>();
        var total = 0;
        // Only responses folded into the round's counts, as the results export and the results page count them,
        // and the same set when the rows are written: a response arriving meanwhile is in neither.
        var (_, folded) = await SnapshotAsync(round.Id, ct);
        var revisions = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal);
        var table = await storage.TableAsync(ResponseStore.Table, ct);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {round.Id}"), select: ["RowKey", "Unit", "EntryMode", "Versions"], cancellationToken: ct))
        {
            if (!Guid.TryParse(e.RowKey, out var id) || !folded.Contains(id)) continue;
            CountRevisions(revisions, ReadVersions(e.GetString("Versions")));
            var unit = e.GetString("Unit") ?? "";
            var mode = e.GetString("EntryMode") ?? "";
            units[unit] = units.GetValueOrDefault(unit) + 1;
            modes[mode] = modes.GetValueOrDefault(mode) + 1;
            pairs[(unit, mode)] = pairs.GetValueOrDefault((unit, mode)) + 1;
            total++;
        }

        if (total < min)
        {
            plan.Answers[round.Id] = new ExportPlan.RoundRules(total, false, new HashSet<string>(), new HashSet<string>(), false, new HashSet<Guid>());
            if (total > 0) plan.Notes.Add(new Texts(plan.Request.Language).Get(
                $"Runden «{round.Label}» er utelatt: færre enn {min} svar.", $"The round '{round.Label}' is left out: fewer than {min} answers."));
            return;
        }

        // O-04: each breakdown value shown in rows must reach the minimum; small values are blanked («annen»),
        // with complementary blanking so the blank group is never a small group on its own. Responses without
        // a unit are blank by nature, so they start hidden.
        var visibleUnits = units.Keys.Except(UnitsHidden(units, min)).ToHashSet(StringComparer.Ordinal);
        var visibleModes = modes.Keys.Except(ComplementarySuppression.Hidden(modes, min, alwaysHidden: [""])).ToHashSet(StringComparer.Ordinal);
        // Combinations too (AN-01 «any combination»): if a unit × entry-mode pair as it would be shown is small,
        // entry mode is blanked for the whole round, leaving unit (already safe) as the only breakdown.
        var shownPairs = new Dictionary<(string, string), int>();
        foreach (var ((unit, mode), n) in pairs)
        {
            var key = (visibleUnits.Contains(unit) ? unit : "", visibleModes.Contains(mode) ? mode : "");
            shownPairs[key] = shownPairs.GetValueOrDefault(key) + n;
        }
        if (shownPairs.Any(p => p.Value < min)) visibleModes.Clear();

        plan.Answers[round.Id] = new ExportPlan.RoundRules(total, true, visibleUnits, visibleModes, total >= plan.FreeTextMinimum, folded);
        plan.Revisions[round.Id] = revisions;
    }

    private static string[] AnswerColumns(IReadOnlyList<Item> items) =>
    [
        "round_id", "round_label", "unit", "unit_label", "entry_mode", "entry_mode_label",
        .. items.SelectMany(i => new[] { i.Id, i.Id + "_label" }),
    ];

    private async Task WriteAnswersAsync(ExportPlan plan, ITableSink sink, Texts texts, CancellationToken ct)
    {
        var items = plan.Survey.Items.Where(i => i.Scale.Kind != ScaleKind.FreeText).ToList();
        var labels = items.Select(i => Labels(i, texts)).ToArray();
        await sink.BeginTableAsync(new TableInfo("answers", texts.Get("Svar", "Answers"), AnswerColumns(items), Main: true), ct);
        var table = await storage.TableAsync(ResponseStore.Table, ct);
        var row = new Cell[6 + 2 * items.Count];
        foreach (var round in plan.Rounds)
        {
            if (plan.Answers[round.Id] is not { Included: true } rules) continue;
            // Row order: the partition's order, by RowKey = the response id, a random GUID v4 (checked at intake,
            // Response.IsRandomId), so the order is random and says nothing about when anyone answered. Streamed as
            // read; nothing is buffered to shuffle. The id itself is never written.
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {round.Id}"), select: ["RowKey", "Unit", "EntryMode", "Answers"], cancellationToken: ct))
            {
                if (!Guid.TryParse(e.RowKey, out var id) || !rules.Folded.Contains(id)) continue;
                var unit = e.GetString("Unit") ?? "";
                var mode = e.GetString("EntryMode") ?? "";
                var unitShown = unit.Length > 0 && rules.VisibleUnits.Contains(unit);
                var modeShown = mode.Length > 0 && rules.VisibleModes.Contains(mode);
                row[0] = Cell.Of(round.Id);
                row[1] = Cell.Of(round.Label);
                row[2] = unitShown ? Cell.Of(unit) : Cell.Empty;
                row[3] = Cell.Of(unitShown ? unit : texts.Other);
                row[4] = modeShown ? Cell.Of(ModeCode(mode)) : Cell.Empty;
                row[5] = Cell.Of(modeShown ? texts.Mode(mode) : texts.Other);
                using var answers = JsonDocument.Parse(e.GetString("Answers") ?? "{}");
                for (var i = 0; i < items.Count; i++)
                {
                    var (code, label) = Answer(answers.RootElement, items[i], labels[i], texts);
                    row[6 + 2 * i] = Cell.Of(code);
                    row[7 + 2 * i] = Cell.Of(label);
                }
                await sink.RowAsync(row, ct);
            }
        }
        await sink.EndTableAsync(ct);
    }

    private static (int Code, string Label) Answer(JsonElement answers, Item item, string[] labels, Texts texts)
    {
        if (!answers.TryGetProperty(item.Id, out var value)) return (MissingCode, texts.NotAnswered);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var position) && position >= 1 && position <= labels.Length)
        {
            return (position, labels[position - 1]);
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            return (MissingCode, item.Scale.NonScaleLabel?.Get(texts.Language) ?? texts.NotAnswered);
        }
        return (MissingCode, texts.NotAnswered);
    }

    private static string[] Labels(Item item, Texts texts)
    {
        var set = item.LabelSet ?? item.Scale.DefaultLabelSet;
        return Enumerable.Range(1, item.Scale.Points)
            .Select(p => set is not null && p <= set.Points ? set.Label(p).Get(texts.Language) : p.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The most free-text answers per round and item an export carries (a random sample beyond that).</summary>
    public const int MaxFreeTextsPerItem = 5_000;

    private async Task WriteFreeTextAsync(ExportPlan plan, ITableSink sink, Texts texts, CancellationToken ct)
    {
        var textItems = plan.Survey.Items.Where(i => i.Scale.Kind == ScaleKind.FreeText).ToList();
        await sink.BeginTableAsync(new TableInfo("freeText", texts.Get("Fritekst", "Free text"), ["round_id", "round_label", "item_id", "item_text", "text_revision", "text"], Main: false), ct);
        var table = await storage.TableAsync(ResponseStore.Table, ct);
        foreach (var round in plan.Rounds)
        {
            if (plan.Answers[round.Id] is not { Included: true, FreeText: true } rules) continue;
            // A separate pass, texts only, shuffled with a fresh random order per round and per item: not in the
            // rows' order, so a text cannot be matched to a row by position (AN-02). Memory: this round's texts.
            // At most MaxFreeTextsPerItem texts per round and item, a uniform random sample (reservoir sampling) when
            // there are more, so memory stays bounded however many long comments a round holds.
            var byItem = textItems.ToDictionary(i => i.Id, _ => new List<string>(), StringComparer.Ordinal);
            var seen = textItems.ToDictionary(i => i.Id, _ => 0, StringComparer.Ordinal);
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {round.Id}"), select: ["RowKey", "Answers"], cancellationToken: ct))
            {
                if (!Guid.TryParse(e.RowKey, out var id) || !rules.Folded.Contains(id)) continue;
                using var answers = JsonDocument.Parse(e.GetString("Answers") ?? "{}");
                foreach (var item in textItems)
                {
                    if (answers.RootElement.TryGetProperty(item.Id, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { } text && !string.IsNullOrWhiteSpace(text))
                    {
                        var list = byItem[item.Id];
                        var n = ++seen[item.Id];
                        if (list.Count < MaxFreeTextsPerItem) list.Add(text.Trim());
                        else if (System.Security.Cryptography.RandomNumberGenerator.GetInt32(n) is var j && j < MaxFreeTextsPerItem) list[j] = text.Trim();
                    }
                }
            }
            foreach (var item in textItems)
            {
                var list = byItem[item.Id];
                for (var i = list.Count - 1; i > 0; i--)
                {
                    var j = RandomNumberGenerator.GetInt32(i + 1);
                    (list[i], list[j]) = (list[j], list[i]);
                }
                var (revision, _) = plan.InForce(round.Id, item);
                var itemText = plan.RevisionText(item, revision, texts.Language) ?? texts.RevisionNotStored;
                foreach (var text in list) await sink.RowAsync([Cell.Of(round.Id), Cell.Of(round.Label), Cell.Of(item.Id), Cell.Of(itemText), Cell.Of(revision), Cell.Of(text)], ct);
            }
        }
        await sink.EndTableAsync(ct);
    }

    // ---------------------------------------------------------------- codebook and facts

    private static async Task WriteCodebookAsync(ExportPlan plan, ITableSink sink, Texts texts, CancellationToken ct)
    {
        await sink.BeginTableAsync(new TableInfo("codebook", texts.Get("Kodebok", "Codebook"),
            ["variable", "item_text", "text_revision", "text_status", "in_force_in_rounds", "scale_id", "scale_name", "code", "label"], Main: false), ct);
        if (plan.Request.Content == ExportContent.Answers)
        {
            await sink.RowAsync([Cell.Of("unit"), Cell.Of(texts.Get("Enhet", "Unit")), Cell.Empty, Cell.Empty, Cell.Empty, Cell.Empty, Cell.Empty, Cell.Empty,
                Cell.Of(texts.Get($"Tom = «{texts.Other}»: ingen enhet, eller en enhet med færre enn {plan.MinimumGroupSize} svar (og det som trengs for at den ikke kan regnes ut)",
                    $"Blank = '{texts.Other}': no unit, or a unit with fewer than {plan.MinimumGroupSize} answers (and what is needed so it cannot be worked out)"))], ct);
            foreach (var mode in Enum.GetValues<EntryMode>())
            {
                await sink.RowAsync([Cell.Of("entry_mode"), Cell.Of(texts.Get("Svarmåte", "Entry mode")), Cell.Empty, Cell.Empty, Cell.Empty, Cell.Empty, Cell.Empty, Cell.Of(ModeCode(mode.ToString())), Cell.Of(texts.Mode(mode.ToString()))], ct);
            }
        }
        foreach (var item in plan.Survey.Items)
        {
            // One block per text revision (O-03, O-07): the current wording first, then every earlier revision a
            // response in the exported rounds carried, newest first. Answers join on the item id whatever the wording.
            // The scale and its labels are the item's current ones in every block: a wording edit keeps the scale,
            // and earlier label-set revisions are not kept by the model (ADR 0010).
            var revisions = plan.Revisions.Values.SelectMany(r => r.GetValueOrDefault(item.Id)?.Keys ?? Enumerable.Empty<int>())
                .Where(r => r != item.TextRevision && plan.Listed(item, r)).Distinct().OrderDescending().Prepend(item.TextRevision).ToList();
            foreach (var revision in revisions)
            {
                var text = plan.RevisionText(item, revision, texts.Language) ?? texts.RevisionNotStored;
                var status = revision == item.TextRevision ? texts.Get("Gjeldende ordlyd", "Current wording") : texts.Get("Tidligere ordlyd", "Earlier wording");
                var inForce = string.Join(", ", plan.Rounds.Where(r => plan.InForceIn(r.Id, item, revision)).Select(r => r.Id));
                Cell[] Row(Cell code, string label) =>
                    [Cell.Of(item.Id), Cell.Of(text), Cell.Of(revision), Cell.Of(status), Cell.Of(inForce.Length > 0 ? inForce : null),
                        Cell.Of(item.Scale.Id), Cell.Of(item.Scale.Name.Get(texts.Language)), code, Cell.Of(label)];
                if (item.Scale.Kind == ScaleKind.FreeText)
                {
                    await sink.RowAsync(Row(Cell.Empty, texts.Get("Fritekst: bare i arket «Fritekst», ikke koblet til radene", "Free text: only in the 'Free text' sheet, not linked to the rows")), ct);
                    continue;
                }
                var labels = Labels(item, texts);
                for (var p = 1; p <= labels.Length; p++) await sink.RowAsync(Row(Cell.Of(p), labels[p - 1]), ct);
                var nonScale = item.Scale.NonScaleLabel?.Get(texts.Language);
                await sink.RowAsync(Row(Cell.Of(MissingCode), nonScale is null ? texts.NotAnswered : $"{nonScale} / {texts.NotAnswered}"), ct);
            }
        }
        await sink.EndTableAsync(ct);
    }

    private IReadOnlyList<KeyValuePair<string, string>> Facts(ExportPlan plan, Texts texts)
    {
        var facts = new List<KeyValuePair<string, string>>
        {
            new("survey_id", plan.Survey.Id),
            new("survey_title", plan.Survey.Title),
            new("organisation", plan.Survey.OrganisationName),
            new("content", plan.Request.Content == ExportContent.Results ? "results" : "answers"),
            new("language", texts.Language.Code),
            new("rounds", string.Join(",", plan.Rounds.Select(r => r.Id))),
            new("created", DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("minimum_group_size", plan.MinimumGroupSize.ToString(CultureInfo.InvariantCulture)),
            new("missing_code", MissingCode.ToString(CultureInfo.InvariantCulture)),
            new("rules", texts.Get(
                $"Ingen tall for grupper med færre enn {plan.MinimumGroupSize} svar. Når en enhet skjules, skjules også nok andre til at den ikke kan regnes ut fra totalen.",
                $"No figures for groups of fewer than {plan.MinimumGroupSize} answers. When a unit is hidden, enough others are hidden too that it cannot be worked out from the total.")),
        };
        if (plan.Request.Content == ExportContent.Answers)
        {
            facts.Add(new("free_text_minimum", plan.FreeTextMinimum.ToString(CultureInfo.InvariantCulture)));
            facts.Add(new("row_order", texts.Get("Tilfeldig rekkefølge; ingen svar-ID, ingen tidspunkter", "Random order; no response ids, no times")));
        }
        for (var i = 0; i < plan.Notes.Count; i++) facts.Add(new($"note_{i + 1}", plan.Notes[i]));
        return facts;
    }

    /// <summary>A stored response's versions (item id → what it was shown); empty when unreadable.</summary>
    private static IReadOnlyDictionary<string, ItemVersion> ReadVersions(string? json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, ItemVersion>>(json ?? "{}") ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, ItemVersion>();
        }
    }

    private static string ModeCode(string mode) => mode.Length == 0 ? "" : char.ToLowerInvariant(mode[0]) + mode[1..];

    private static StoredResponse Stored(string roundId, TableEntity e) => new(
        roundId, Guid.Parse(e.RowKey), e.GetString("OrganisationId") ?? "", e.GetString("SurveyId") ?? "",
        e.GetString("Language") ?? "nb", e.GetString("EntryMode") ?? "", e.GetString("Period") ?? "", e.GetString("Answers") ?? "{}",
        e.GetString("Versions") ?? "{}", e.GetString("Unit"));

    /// <summary>The export's texts in its one language.</summary>
    private sealed class Texts(Language language)
    {
        public Language Language { get; } = language;

        public string Get(string nb, string en) => Language == Model.Language.English ? en : nb;

        public string TooFew => Verdict.TooFewToShowText.Get(Language);

        public string Hidden => Get("Skjult: for få svar her, eller skjult så en liten gruppe ikke kan regnes ut",
            "Hidden: too few answers here, or hidden so that a small group cannot be worked out");

        public string FewerThan(int min) => ComparisonTexts.FewerThan(min).Get(Language);

        public string Other => Get("annen", "other");

        public string NotAnswered => Get("Ikke besvart", "Not answered");

        public string RevisionNotStored => Get("(ordlyden i denne revisjonen er ikke lagret)", "(the wording of this revision is not stored)");

        public string Mode(string mode) => mode switch
        {
            nameof(EntryMode.Kiosk) => Get("Kiosk", "Kiosk"),
            nameof(EntryMode.PersonalLink) => Get("Personlig lenke", "Personal link"),
            nameof(EntryMode.Assisted) => Get("Assistert", "Assisted"),
            nameof(EntryMode.Paper) => Get("Papir", "Paper"),
            _ => Other,
        };
    }
}
