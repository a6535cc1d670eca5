using System.Text.Json.Nodes;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Catalog;
using Surveys.Model;

namespace Surveys.Functions.Review;

/// <summary>Anonymity settings that apply wherever results leave the system.</summary>
public sealed class AnonymityOptions
{
    public const string Section = "Surveys:Anonymity";

    /// <summary>No figure for a group smaller than this (users.md AN-01); never below 3.</summary>
    public int MinimumGroupSize { get; set; } = ComparisonOptions.DefaultMinimumGroupSize;

    /// <summary>No free-text answer for a group smaller than this (users.md AN-02, A-07): default 8; never below
    /// <see cref="MinimumGroupSize"/> (a lower value acts as <see cref="MinimumGroupSize"/>).</summary>
    public int FreeTextMinimum { get; set; } = 8;
}

/// <summary>
/// Computes before/after comparisons and trends from the rounds' aggregates and keeps them in the
/// <see cref="ComparisonStore"/>. Rounds are ordered by when they open; a comparison is computed for
/// every pair of rounds that involves a changed round, so the API and the page read a stored result.
/// </summary>
public sealed class ComparisonService(CatalogStore catalog, AggregateStore aggregates, ComparisonStore store, AnonymityOptions anonymity)
{
    /// <summary>The stored comparison of two rounds of the survey, computed now if it is missing or stale.</summary>
    public async Task<JsonObject> GetComparisonAsync(string organisationId, string surveyId, string beforeRoundId, string afterRoundId, CancellationToken ct)
    {
        var context = await LoadAsync(organisationId, surveyId, ct);
        return await EnsurePairAsync(context, beforeRoundId, afterRoundId, ct);
    }

    public async Task<JsonObject> GetTrendAsync(string organisationId, string surveyId, CancellationToken ct)
    {
        var context = await LoadAsync(organisationId, surveyId, ct);
        return await EnsureTrendAsync(context, ct);
    }

    /// <summary>Recomputes the trend and every comparison that involves the round (queue function work).</summary>
    public async Task<int> RecomputeAsync(string organisationId, string surveyId, string? roundId, CancellationToken ct)
    {
        var context = await LoadAsync(organisationId, surveyId, ct);
        var rounds = context.Rounds;
        var computed = 0;
        for (var i = 0; i < rounds.Count; i++)
        {
            for (var j = i + 1; j < rounds.Count; j++)
            {
                if (roundId is not null && rounds[i].Id != roundId && rounds[j].Id != roundId) continue;
                await EnsurePairAsync(context, rounds[i].Id, rounds[j].Id, ct);
                computed++;
            }
        }
        await EnsureTrendAsync(context, ct);
        return computed;
    }

    /// <summary>Whether the stored trend (written last in a recompute) already includes at least this many
    /// respondents of the round; counts only grow, so then every pair involving it is current too.</summary>
    public async Task<bool> IsUpToDateAsync(string surveyId, string roundId, int respondents, CancellationToken ct)
    {
        if (await store.GetSourcesAsync(surveyId, ComparisonStore.TrendRow, ct) is not { } sources) return false;
        foreach (var part in sources.Split('|'))
        {
            var fields = part.Split(':');
            if (fields.Length == 3 && fields[0] == roundId && int.TryParse(fields[2], out var stored)) return stored >= respondents;
        }
        return false;
    }

    /// <summary>The survey's rounds in the order they open (label as tie-break).</summary>
    public static IReadOnlyList<Round> Ordered(IEnumerable<Round> rounds) =>
        rounds.OrderBy(r => r.Opens ?? DateTimeOffset.MinValue).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();

    private sealed record Context(string OrganisationId, Survey Survey, IReadOnlyList<Round> Rounds, Dictionary<string, (RoundAggregate Aggregate, string Version)> Aggregates);

    private async Task<Context> LoadAsync(string organisationId, string surveyId, CancellationToken ct)
    {
        var survey = await catalog.LoadSurveyAsync(organisationId, surveyId, ct)
            ?? throw new InvalidOperationException($"Survey {surveyId} of {organisationId} does not exist.");
        var rounds = Ordered(await catalog.ListRoundsAsync(surveyId, ct));
        var loaded = await Task.WhenAll(rounds.Select(async r => (r.Id, await aggregates.GetVersionedAsync(r.Id, ct))));
        var map = loaded.ToDictionary(x => x.Id, x => (x.Item2.Aggregate ?? RoundAggregate.Empty(x.Id, survey.Items), x.Item2.Version));
        return new Context(organisationId, survey, rounds, map);
    }

    private ComparisonOptions Options(Context c) => new()
    {
        MinimumGroupSize = Math.Max(ComparisonOptions.LowestMinimumGroupSize, anonymity.MinimumGroupSize),
        Invited = c.Rounds.Where(r => r.Invited is not null).ToDictionary(r => r.Id, r => r.Invited!.Value),
    };

    private async Task<JsonObject> EnsurePairAsync(Context c, string beforeId, string afterId, CancellationToken ct)
    {
        var before = c.Rounds.First(r => r.Id == beforeId);
        var after = c.Rounds.First(r => r.Id == afterId);
        var sources = $"{c.Aggregates[beforeId].Version}|{c.Aggregates[afterId].Version}|{anonymity.MinimumGroupSize}|{SurveyVersion(c.Survey)}|{RoundVersion(before)}|{RoundVersion(after)}";
        var row = ComparisonStore.PairRow(beforeId, afterId);
        if (await store.GetAsync(c.Survey.Id, row, ct) is { } stored && stored.Sources == sources) return stored.Document;

        var comparison = RoundComparison.Compare(c.Aggregates[beforeId].Aggregate, c.Aggregates[afterId].Aggregate, c.Survey, Options(c));
        var document = ComparisonJson.Comparison(comparison, before, after, c.Survey);
        await store.SaveAsync(c.Survey.Id, row, document, sources, ct);
        return document;
    }

    private async Task<JsonObject> EnsureTrendAsync(Context c, CancellationToken ct)
    {
        var sources = string.Join("|", c.Rounds.Select(r => $"{r.Id}:{c.Aggregates[r.Id].Version.Replace(":", "", StringComparison.Ordinal).Replace("|", "", StringComparison.Ordinal)}:{c.Aggregates[r.Id].Aggregate.Respondents}"))
            + $"|{anonymity.MinimumGroupSize}|{SurveyVersion(c.Survey)}|{string.Join(",", c.Rounds.Select(RoundVersion))}";
        if (await store.GetAsync(c.Survey.Id, ComparisonStore.TrendRow, ct) is { } stored && stored.Sources == sources) return stored.Document;
        var trend = Surveys.Model.Trend.Of(c.Rounds.Select(r => c.Aggregates[r.Id].Aggregate).ToList(), c.Survey, Options(c));
        var document = ComparisonJson.Trend(trend, c.Rounds, c.Survey);
        await store.SaveAsync(c.Survey.Id, ComparisonStore.TrendRow, document, sources, ct);
        return document;
    }

    // A round's label, dates and number invited are in the stored document (and the invited count in its response
    // rate), so editing the round makes the document stale too. Hashed, so a label's ':' or '|' cannot disturb the
    // parts IsUpToDateAsync reads.
    private static string RoundVersion(Round round) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{round.Label}\n{round.Opens?.ToUnixTimeSeconds()}\n{round.Closes?.ToUnixTimeSeconds()}\n{round.Invited}")))[..16];

    // Wording edits change the texts in the stored document, so they are part of its sources.
    private static string SurveyVersion(Survey survey) =>
        string.Join(",", survey.Items.Select(i => i.TextRevision)) + ":" + survey.Title;
}
