namespace Surveys.Model;

/// <summary>Whether a round's point of a trend line is shown.</summary>
public enum TrendPointStatus
{
    /// <summary>At least the minimum group size answered: the summary is carried.</summary>
    Shown,

    /// <summary>Fewer than the minimum group size answered: no figures (AN-01).</summary>
    TooFewAnswers,

    /// <summary>The item was not in this round on this scale: the line has a gap and is not joined across it.</summary>
    NotInRound,
}

/// <summary>One round's point of an item's trend line.</summary>
public sealed class TrendPoint
{
    internal TrendPoint(string roundId, TrendPointStatus status, ItemSummary? summary, LocalizedText? text)
    {
        RoundId = roundId;
        Status = status;
        Summary = summary;
        Text = text;
    }

    /// <summary>The round.</summary>
    public string RoundId { get; }

    /// <summary>Shown, too few answers, or not in the round.</summary>
    public TrendPointStatus Status { get; }

    /// <summary>The item's figures in the round; <c>null</c> unless <see cref="Status"/> is <see cref="TrendPointStatus.Shown"/>.</summary>
    public ItemSummary? Summary { get; }

    /// <summary>"For få svar til å vise resultat" when too few answered; otherwise <c>null</c>.</summary>
    public LocalizedText? Text { get; }
}

/// <summary>One item's line over the rounds of a trend, on one scale.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="ScaleId">The scale of every shown point. An item that changed scale gets one line per scale, never joined.</param>
/// <param name="Points">One point per round, in round order.</param>
public sealed record ItemTrend(string ItemId, string ScaleId, IReadOnlyList<TrendPoint> Points);

/// <summary>
/// Three or more rounds as a trend (users.md L-06): per item, the per-round <see cref="ItemSummary"/> in round
/// order, each point shown only when that round reached the minimum group size. Lines join on (item id,
/// scale id) and never across a change of scale (instruments.md §1.3). Consecutive rounds can be compared
/// with <see cref="RoundComparison"/>; the trend itself makes no claim of change.
/// </summary>
public sealed class Trend
{
    private Trend(IReadOnlyList<ResponseRate> rounds, IReadOnlyList<ItemTrend> items)
    {
        Rounds = rounds;
        Items = items;
    }

    /// <summary>Each round's respondents, invited and response rate, in round order.</summary>
    public IReadOnlyList<ResponseRate> Rounds { get; }

    /// <summary>One line per item and scale, in item order.</summary>
    public IReadOnlyList<ItemTrend> Items { get; }

    /// <summary>The trend of <paramref name="rounds"/> (oldest first) for the survey's items, with the invited
    /// counts of the survey's rounds unless <paramref name="options"/> gives them.</summary>
    /// <param name="rounds">The rounds' counts, oldest first.</param>
    /// <param name="survey">The survey; its items give the order.</param>
    /// <param name="options">Settings; the defaults when <c>null</c>.</param>
    public static Trend Of(IReadOnlyList<RoundAggregate> rounds, Survey survey, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(survey);
        options ??= new ComparisonOptions();
        var invited = new Dictionary<string, int>(options.Invited, StringComparer.Ordinal);
        foreach (var round in rounds)
        {
            if (!invited.ContainsKey(round.RoundId) && survey.FindRound(round.RoundId)?.Invited is { } count)
            {
                invited[round.RoundId] = count;
            }
        }

        return Of(rounds, survey.Items, options with { Invited = invited });
    }

    /// <summary>The trend of <paramref name="rounds"/> (oldest first). Throws <see cref="ArgumentException"/>
    /// for no rounds or a round given twice.</summary>
    /// <param name="rounds">The rounds' counts, oldest first.</param>
    /// <param name="items">The items in report order; items found only in the rounds follow. <c>null</c>: the rounds' items, newest round's order first.
    /// Items in none of the rounds, and free-text items, get no line.</param>
    /// <param name="options">Settings; the defaults when <c>null</c>.</param>
    public static Trend Of(IReadOnlyList<RoundAggregate> rounds, IEnumerable<Item>? items = null, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        options ??= new ComparisonOptions();
        if (rounds.Count == 0 || rounds.Select(r => r.RoundId).Distinct(StringComparer.Ordinal).Count() != rounds.Count)
        {
            throw new ArgumentException("A trend needs at least one round, each round once.", nameof(rounds));
        }

        var order = (items?.Select(i => i.Id) ?? [])
            .Concat(rounds.Reverse().SelectMany(r => r.Items.Select(i => i.ItemId)))
            .Distinct(StringComparer.Ordinal);
        var lines = new List<ItemTrend>();
        foreach (var itemId in order)
        {
            var scales = rounds.Select(r => r.Find(itemId)?.Scale).OfType<Scale>()
                .Where(s => s.Kind != ScaleKind.FreeText).Distinct().ToList();
            foreach (var scale in scales)
            {
                var points = rounds.Select(round => round.Find(itemId) is { } counts && counts.Scale == scale
                    ? counts.Answered >= options.MinimumGroupSize
                        ? new TrendPoint(round.RoundId, TrendPointStatus.Shown, ItemSummary.From(counts, round.Respondents, options.Index), null)
                        : new TrendPoint(round.RoundId, TrendPointStatus.TooFewAnswers, null, Verdict.TooFewToShowText)
                    : new TrendPoint(round.RoundId, TrendPointStatus.NotInRound, null, null)).ToArray();
                lines.Add(new ItemTrend(itemId, scale.Id, points));
            }
        }

        return new Trend(rounds.Select(r => ResponseRate.For(r, options)).ToArray(), lines);
    }
}
