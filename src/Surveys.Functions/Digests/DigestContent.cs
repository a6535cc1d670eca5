using System.Text.Json.Nodes;
using Surveys.Functions.Actions;
using Surveys.Functions.Catalog;
using Surveys.Functions.Review;
using Surveys.Model;
using Surveys.Pages.Emails;

namespace Surveys.Functions.Digests;

/// <summary>Everything one organisation's digest says for one period (the same for every recipient but unit filtering).</summary>
/// <param name="OrganisationId">The organisation.</param>
/// <param name="OrganisationName">Its name.</param>
/// <param name="Period">The period.</param>
/// <param name="Overdue">Open actions past their due date.</param>
/// <param name="DueSoon">Open actions due within the next days.</param>
/// <param name="Done">Actions marked done in the period.</param>
/// <param name="EvaluationDue">Open actions whose evaluation date is reached, oldest date first.</param>
/// <param name="Rounds">Rounds that opened or closed in the period.</param>
/// <param name="Surveys">The latest comparison of each survey that has one.</param>
/// <param name="HomeUrl">Absolute link to the leader's home page.</param>
public sealed record DigestContent(
    string OrganisationId,
    string OrganisationName,
    DigestPeriod Period,
    IReadOnlyList<DigestAction> Overdue,
    IReadOnlyList<DigestAction> DueSoon,
    IReadOnlyList<DigestAction> Done,
    IReadOnlyList<DigestEvaluation> EvaluationDue,
    IReadOnlyList<DigestRound> Rounds,
    IReadOnlyList<DigestSurvey> Surveys,
    string HomeUrl)
{
    /// <summary>The content as a leader limited to <paramref name="units"/> may see it (null: every unit).</summary>
    public DigestContent ForUnits(IReadOnlyList<string>? units)
    {
        if (units is not { Count: > 0 }) return this;
        bool Visible(DigestAction a) => a.Unit is null || units.Contains(a.Unit, StringComparer.OrdinalIgnoreCase);
        return this with
        {
            Overdue = Overdue.Where(Visible).ToList(), DueSoon = DueSoon.Where(Visible).ToList(), Done = Done.Where(Visible).ToList(),
            EvaluationDue = EvaluationDue.Where(e => Visible(e.Action)).ToList(),
        };
    }
}

/// <summary>
/// Composes an organisation's digest from the actions (<see cref="ActionStore"/>), the catalog's rounds and
/// the comparisons as the results page reads them (<see cref="ComparisonService"/>: stored, recomputed only when
/// stale; never from raw counts here): the figures are exactly those the API and the results page show,
/// suppressed where they are suppressed (AN-03).
/// </summary>
public sealed class DigestComposer(CatalogStore catalog, ActionStore actions, ActionService actionService, ComparisonService comparisons, DigestOptions options,
    ILogger<DigestComposer> log)
{
    public async Task<DigestContent?> ComposeAsync(string organisationId, DigestPeriod period, string baseUrl, CancellationToken ct)
    {
        var organisation = await catalog.GetOrganisationAsync(organisationId, ct);
        if (organisation is null) return null;
        var all = await actions.ListAsync(organisationId, ct);
        var today = period.Today;
        var soon = today.AddDays(options.DueSoonDays);

        DigestAction Line(ImprovementAction a) => ActionLine(a, baseUrl);

        var overdue = all.Where(a => a.IsOverdue(today)).OrderBy(a => a.DueDate).Select(Line).ToList();
        var dueSoon = all.Where(a => a.IsOpen && a.DueDate is { } d && d >= today && d <= soon).OrderBy(a => a.DueDate).Select(Line).ToList();
        var done = all.Where(a => a.Status == ActionStatus.Done && DoneAt(a) is { } at && at >= period.From && at < period.To)
            .OrderBy(DoneAt).Select(Line).ToList();
        var evaluationDue = new List<DigestEvaluation>();
        foreach (var a in EvaluationReached(all, today))
            evaluationDue.Add(await EvaluationAsync(a, Line(a), ct));

        var rounds = new List<DigestRound>();
        var surveys = new List<DigestSurvey>();
        foreach (var survey in await catalog.ListSurveysAsync(organisationId, ct))
        {
            var surveyRounds = ComparisonService.Ordered(await catalog.ListRoundsAsync(survey.Id, ct));
            foreach (var r in surveyRounds)
            {
                if (r.Opens is { } o && o >= period.From && o < period.To) rounds.Add(new DigestRound(survey.Title, r.Label, true, o));
                if (r.Closes is { } c && c >= period.From && c < period.To) rounds.Add(new DigestRound(survey.Title, r.Label, false, c));
            }
            // The results page's default pair: the last two rounds to open.
            if (surveyRounds.Count < 2) continue;
            // Through the comparison service, as the results page reads it: a stored comparison that is stale (new
            // answers, or a raised minimum group size) is computed again, so the e-mail never shows what the page hides.
            var comparison = await comparisons.GetComparisonAsync(organisationId, survey.Id, surveyRounds[^2].Id, surveyRounds[^1].Id, ct);
            var items = WeakestItems(comparison, options.WeakestItemsPerSurvey);
            if (items.Count == 0) continue;
            surveys.Add(new DigestSurvey(survey.Title, surveyRounds[^2].Label, surveyRounds[^1].Label,
                $"{baseUrl}/surveys/{Uri.EscapeDataString(survey.Id)}/results", items));
        }

        return new DigestContent(organisationId, organisation.Name, period, overdue, dueSoon, done, evaluationDue,
            rounds.OrderBy(r => r.At).ToList(), surveys, $"{baseUrl}/leder");
    }

    /// <summary>An action as the digest shows it: title, status, owner, due date, unit and an absolute link.</summary>
    public static DigestAction ActionLine(ImprovementAction a, string baseUrl) => new(a.Title, StatusText(a.Status), a.OwnerName, a.DueDate, a.Unit,
        $"{baseUrl}{DigestLinks.Action(a.OrganisationId, a.Id)}");

    /// <summary>Open actions whose evaluation date is on or before <paramref name="today"/> (and on or after <paramref name="from"/>, when given), oldest date first.</summary>
    public static IEnumerable<ImprovementAction> EvaluationReached(IEnumerable<ImprovementAction> all, DateOnly today, DateOnly? from = null) =>
        all.Where(a => a.IsOpen && a.EvaluationDate is { } d && d <= today && (from is null || d >= from)).OrderBy(a => a.EvaluationDate).ThenBy(a => a.CreatedAt);

    /// <summary>
    /// The action with its linked item's result, read from <see cref="ActionService.EvaluationAsync"/> (the stored
    /// comparison of the prompting and the evaluating or newest round) the way <see cref="WeakestItems"/> reads an item:
    /// figures only for a compared item that carries a change, never below the minimum group size.
    /// </summary>
    public async Task<DigestEvaluation> EvaluationAsync(ImprovementAction action, DigestAction line, CancellationToken ct)
    {
        JsonObject? evaluation;
        try
        {
            evaluation = await actionService.EvaluationAsync(action, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One action's result that cannot be read (a storage hiccup, a survey in an odd state) must not cost the
            // whole organisation its digest or the owner the reminder: the action is listed without its result.
            log.LogWarning(e, "The result of action {Action} in organisation {Organisation} could not be read for an e-mail", action.Id, action.OrganisationId);
            evaluation = null;
        }
        if (evaluation is null) return new DigestEvaluation(line, action.EvaluationDate!.Value, null, null);
        var text = Nb(evaluation["itemText"]) ?? action.ItemId ?? "";
        var before = Str(evaluation["promptingRound"]?["label"]);
        var after = Str(evaluation["evaluationRound"]?["label"]);
        var rounds = before is not null && after is not null ? $"{before} → {after}" : null;
        var result = Str(evaluation["status"]) == "available"
            ? ReadItem(text, Str(evaluation["itemStatus"]), evaluation["change"], Str(evaluation["scaleId"]),
                Nb(evaluation["verdict"]?["text"]) ?? SuppressedText)
            : new DigestItem(text, null, null, null, Nb(evaluation["message"]) ?? SuppressedText);
        return new DigestEvaluation(line, action.EvaluationDate!.Value, result, rounds);
    }

    private const string SuppressedText = "For få svar til å vise resultat";

    /// <summary>When the action was marked done: the last change to done in its history, else when it last changed.</summary>
    private static DateTimeOffset? DoneAt(ImprovementAction a) =>
        a.History.LastOrDefault(h => h.To == ActionStatus.Done)?.At ?? a.UpdatedAt;

    public static string StatusText(ActionStatus status) => status switch
    {
        ActionStatus.Planned => "Planlagt",
        ActionStatus.InProgress => "Pågår",
        ActionStatus.Done => "Fullført",
        ActionStatus.Dropped => "Avbrutt",
        _ => status.ToString(),
    };

    /// <summary>
    /// The weakest items of a stored comparison with their before/after change. Figures are read only from an
    /// item whose status is «compared» and that carries a change; any other item gets its verdict text only.
    /// </summary>
    public static IReadOnlyList<DigestItem> WeakestItems(JsonObject comparison, int max)
    {
        var byId = Array(comparison["items"]).Where(i => Str(i["itemId"]) is not null)
            .GroupBy(i => Str(i["itemId"])!).ToDictionary(g => g.Key, g => g.First());
        var result = new List<DigestItem>();
        foreach (var w in Array(comparison["weakestItems"]).SelectMany(l => Array(l["items"])))
        {
            if (result.Count >= max) break;
            var itemId = Str(w["itemId"]);
            if (itemId is null || !byId.TryGetValue(itemId, out var item)) continue;
            var text = Nb(item["text"]) ?? Nb(w["text"]) ?? itemId;
            result.Add(ReadItem(text, Str(item["status"]), item["change"], Str(item["scaleId"]), Nb(item["verdict"]?["text"]) ?? SuppressedText));
        }
        return result;
    }

    /// <summary>
    /// One item's before/after figures as the results page shows them: the top-two share (or the share «ja») of a
    /// «compared» item that carries a change; any other item (suppressed, too few answers) gets <paramref name="message"/> only.
    /// </summary>
    public static DigestItem ReadItem(string text, string? status, JsonNode? change, string? scaleId, string message)
    {
        if (status == "compared" && change is JsonObject c && Scales.Find(scaleId ?? "") is { } scale)
        {
            if (scale.IsRankable && c["topTwo"] is not null)
                return new DigestItem(text, "Andel av de to beste svarene", TopTwoPercent(c["before"], scale), TopTwoPercent(c["after"], scale), message);
            if (c["yes"] is not null)
                return new DigestItem(text, "Andel ja", YesPercent(c["before"]), YesPercent(c["after"]), message);
        }
        return new DigestItem(text, null, null, null, message);
    }

    // As ResultsView: the once-rounded band percent when the top band is exactly the top two, else the rounded share.
    private static int? TopTwoPercent(JsonNode? summary, Scale scale) =>
        Array(summary?["bands"]).FirstOrDefault(b => Int(b["from"]) == scale.Points - 1 && Int(b["to"]) == scale.Points) is { } band && Int(band["percent"]) is { } p
            ? p : Percent(summary?["topTwo"]);

    private static int? YesPercent(JsonNode? summary) =>
        Array(summary?["distribution"]).FirstOrDefault(d => Int(d["position"]) == Scale.YesCode) is { } d && Int(d["percent"]) is { } p
            ? p : Percent(summary?["yes"]);

    private static int? Percent(JsonNode? share) =>
        Dbl(share?["share"]) is { } s ? (int)Math.Round(100 * s, MidpointRounding.AwayFromZero) : null;

    private static IEnumerable<JsonNode> Array(JsonNode? node) => node is JsonArray a ? a.OfType<JsonNode>() : [];

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static string? Nb(JsonNode? text) => text is JsonObject o ? Str(o["nb"]) : Str(text);

    private static int? Int(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue(out int i) ? i : v.TryGetValue(out double d) ? (int)d : v.TryGetValue(out long l) ? (int)l : null
        : null;

    private static double? Dbl(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue(out double d) ? d : v.TryGetValue(out int i) ? i : v.TryGetValue(out decimal m) ? (double)m : null
        : null;
}

/// <summary>The app's paths the digest links to, in one place.</summary>
public static class DigestLinks
{
    /// <summary>An improvement action's page (the actions feature's route).</summary>
    public static string Action(string organisationId, string actionId) =>
        $"/leder/tiltak/{Uri.EscapeDataString(organisationId)}/{Uri.EscapeDataString(actionId)}";

    public static string Unsubscribe(string token) => $"/avmeld/{token}";
}
