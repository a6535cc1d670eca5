namespace Surveys.Model;

/// <summary>
/// Two rounds of a survey compared (users.md L-06, L-07; statistics.md), from their per-round counts only.
/// Rounds are treated as unpaired groups: the same people may or may not have answered both times.
/// </summary>
/// <remarks>
/// <para><b>Join.</b> Items are joined on item id and scale id, and their counts on position, never on label
/// or item text. An item in only one round, or with different scales, is <see cref="ComparisonStatus.NotComparable"/>.
/// Free-text items are left out (only their number of answers is ever kept).</para>
/// <para><b>Per item</b> (<see cref="ItemComparison"/>): below the minimum group size in either round, nothing
/// but "For få svar til å vise resultat"; otherwise the two <see cref="ItemSummary"/>, Cliff's delta with its
/// interval, the Mann–Whitney test, Newcombe intervals for the changes in bands, top-two and bottom-two shares
/// (yes/no: share "Ja"), the change in mean, and the L-07 verdict.</para>
/// <para><b>Many items.</b> With two or more items compared, their Mann–Whitney p-values are adjusted with
/// Benjamini–Hochberg, and "Økt"/"Redusert" needs both the interval excluding 0 and the adjusted p-value at or
/// below 1 − level. When adjustment is turned off the comparison is marked exploratory (<see cref="IsExploratory"/>).</para>
/// <para><b>Pooled</b> (<see cref="PooledComparison"/>): per scale, over the items compared with figures.</para>
/// <para><b>Weakest items</b> of the later round, per scale, by the named rule (<see cref="WeakestItemRule"/>),
/// over the items with at least the minimum group size there.</para>
/// <para><b>Notes</b>: always the cohort caveat; "Færre svarte denne gangen …" when the response rate fell;
/// the exploratory note when p-values are not adjusted.</para>
/// </remarks>
public sealed class RoundComparison
{
    private RoundComparison(ResponseRate before, ResponseRate after, ComparisonOptions options, IReadOnlyList<ItemComparison> items,
        IReadOnlyList<PooledComparison> pooled, IReadOnlyList<WeakestItems> weakest, bool adjusted, bool exploratory, IReadOnlyList<LocalizedText> notes)
    {
        Before = before;
        After = after;
        Options = options;
        Items = items;
        Pooled = pooled;
        WeakestItems = weakest;
        IsAdjusted = adjusted;
        IsExploratory = exploratory;
        Notes = notes;
    }

    /// <summary>The earlier round's respondents, invited and response rate.</summary>
    public ResponseRate Before { get; }

    /// <summary>The later round's respondents, invited and response rate.</summary>
    public ResponseRate After { get; }

    /// <summary>The settings used.</summary>
    public ComparisonOptions Options { get; }

    /// <summary>Every item, in the order asked for, then items found only in the rounds.</summary>
    public IReadOnlyList<ItemComparison> Items { get; }

    /// <summary>Per scale, the items pooled over answers.</summary>
    public IReadOnlyList<PooledComparison> Pooled { get; }

    /// <summary>The weakest items of the later round, one list per ordinal scale, by <see cref="ComparisonOptions.WeakestItemRule"/>.</summary>
    public IReadOnlyList<WeakestItems> WeakestItems { get; }

    /// <summary>True when the items' p-values were adjusted with Benjamini–Hochberg (<see cref="ItemChange.AdjustedPValue"/>).</summary>
    public bool IsAdjusted { get; }

    /// <summary>The multiple-comparison method in use: <c>BH</c>, or <c>null</c>.</summary>
    public string? Adjustment => IsAdjusted ? BenjaminiHochberg.MethodId : null;

    /// <summary>True when two or more items were compared without adjustment: every difference is exploratory.</summary>
    public bool IsExploratory { get; }

    /// <summary>Caveats to show with the comparison, most important first.</summary>
    public IReadOnlyList<LocalizedText> Notes { get; }

    /// <summary>Compares <paramref name="before"/> and <paramref name="after"/> for the survey's items, with the
    /// invited counts of the survey's rounds unless <paramref name="options"/> gives them.</summary>
    /// <param name="before">The earlier round's counts.</param>
    /// <param name="after">The later round's counts.</param>
    /// <param name="survey">The survey; its items give the order.</param>
    /// <param name="options">Settings; the defaults when <c>null</c>.</param>
    public static RoundComparison Compare(RoundAggregate before, RoundAggregate after, Survey survey, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(survey);
        options ??= new ComparisonOptions();
        return Compare(before, after, survey.Items, options with { Invited = InvitedOf(survey, options, before, after) });
    }

    /// <summary>Compares <paramref name="before"/> and <paramref name="after"/>.</summary>
    /// <param name="before">The earlier round's counts.</param>
    /// <param name="after">The later round's counts.</param>
    /// <param name="items">The items to compare, in report order; items found in the rounds but not listed are
    /// added after them. <c>null</c>: the later round's items, then the earlier round's.</param>
    /// <param name="options">Settings; the defaults when <c>null</c>.</param>
    public static RoundComparison Compare(RoundAggregate before, RoundAggregate after, IEnumerable<Item>? items = null, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        options ??= new ComparisonOptions();

        var order = (items?.Select(i => i.Id) ?? [])
            .Concat(after.Items.Select(i => i.ItemId))
            .Concat(before.Items.Select(i => i.ItemId))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // First pass: decide each item's status and compute the raw tests.
        var pending = new List<(string ItemId, ItemComparison? Done, ItemSummary? Before, ItemSummary? After, MannWhitneyResult? Test)>();
        foreach (var itemId in order)
        {
            var b = before.Find(itemId);
            var a = after.Find(itemId);
            if (b is null && a is null)
            {
                continue;
            }

            if (b is null || a is null)
            {
                if ((b ?? a)!.Scale.Kind != ScaleKind.FreeText)
                {
                    pending.Add((itemId, ItemComparison.NotComparable(itemId, b is null ? NotComparableReason.OnlyInAfter : NotComparableReason.OnlyInBefore), null, null, null));
                }

                continue;
            }

            if (b.Scale != a.Scale)
            {
                pending.Add((itemId, ItemComparison.NotComparable(itemId, NotComparableReason.ScaleChanged), null, null, null));
                continue;
            }

            if (a.Scale.Kind == ScaleKind.FreeText)
            {
                continue;
            }

            if (Math.Min(a.Answered, b.Answered) < options.MinimumGroupSize)
            {
                pending.Add((itemId, ItemComparison.Suppressed(itemId, a.ScaleId), null, null, null));
                continue;
            }

            var sb = ItemSummary.From(b, before.Respondents, options.Index);
            var sa = ItemSummary.From(a, after.Respondents, options.Index);
            var test = MannWhitney.Test(ChangeFigures.RankOrder(sb), ChangeFigures.RankOrder(sa), options.PValues);
            pending.Add((itemId, null, sb, sa, test));
        }

        // Second pass: adjust the family of p-values, then give each compared item its figures and verdict.
        var family = pending.Where(p => p.Test is not null).ToList();
        var adjusted = options.AdjustForMultipleComparisons && family.Count >= 2;
        var adjustedP = adjusted ? BenjaminiHochberg.Adjust(family.Select(p => p.Test!.PValue).ToArray()) : null;
        var results = new List<ItemComparison>();
        var f = 0;
        foreach (var p in pending)
        {
            if (p.Done is not null)
            {
                results.Add(p.Done);
                continue;
            }

            double? q = adjustedP?[f++];
            var change = new ItemChange(p.Before!, p.After!, p.Test!, q, options);
            var verdict = Verdict.Decide(p.Before!.N, p.After!.N, change.Estimate, change.Interval, change.Detail, q, options);
            results.Add(ItemComparison.Compared(change, verdict));
        }

        var exploratory = !options.AdjustForMultipleComparisons && family.Count >= 2;
        var rateBefore = ResponseRate.For(before, options);
        var rateAfter = ResponseRate.For(after, options);
        var notes = new List<LocalizedText> { ComparisonTexts.CohortCaveat };
        if (rateAfter.FellFrom(rateBefore))
        {
            notes.Add(ComparisonTexts.ResponseRateFell);
        }

        if (exploratory)
        {
            notes.Add(ComparisonTexts.Exploratory);
        }

        return new RoundComparison(rateBefore, rateAfter, options, results, Pool(before, after, results, options),
            Weakest(after, order, options), adjusted, exploratory, notes);
    }

    private static List<PooledComparison> Pool(RoundAggregate before, RoundAggregate after, List<ItemComparison> items, ComparisonOptions options)
    {
        var pooled = new List<PooledComparison>();
        foreach (var scaleId in items.Where(i => i.ScaleId is not null).Select(i => i.ScaleId!).Distinct())
        {
            var shown = items.Where(i => i.ScaleId == scaleId && i.Status == ComparisonStatus.Compared).Select(i => i.ItemId).ToList();
            if (shown.Count == 0)
            {
                pooled.Add(new PooledComparison(scaleId, [], ComparisonStatus.Suppressed, Verdict.TooFewToShow, null));
                continue;
            }

            var b = PooledSummary.From(shown.Select(id => before.Find(id)!), options.Index);
            var a = PooledSummary.From(shown.Select(id => after.Find(id)!), options.Index);
            var peopleBefore = shown.Max(id => before.Find(id)!.Answered);
            var peopleAfter = shown.Max(id => after.Find(id)!.Answered);
            var change = new PooledChange(b, a, peopleBefore, peopleAfter, options);
            var verdict = Verdict.Decide(peopleBefore, peopleAfter, change.Estimate, change.Interval, change.Detail, null, options);
            pooled.Add(new PooledComparison(scaleId, shown, ComparisonStatus.Compared, verdict, change));
        }

        return pooled;
    }

    private static List<WeakestItems> Weakest(RoundAggregate after, List<string> order, ComparisonOptions options)
    {
        var shown = order.Select(after.Find)
            .Where(c => c is not null && c.Scale.IsRankable && c.Answered >= options.MinimumGroupSize)
            .Select(c => ItemSummary.From(c!, after.Respondents, options.Index))
            .ToList();
        return shown.GroupBy(s => s.ScaleId)
            .Select(g => new WeakestItems(options.WeakestItemRule, g.Key, options.WeakestItemRule.Rank(g)))
            .ToList();
    }

    private static Dictionary<string, int> InvitedOf(Survey survey, ComparisonOptions options, params RoundAggregate[] rounds)
    {
        var invited = new Dictionary<string, int>(options.Invited, StringComparer.Ordinal);
        foreach (var round in rounds)
        {
            if (!invited.ContainsKey(round.RoundId) && survey.FindRound(round.RoundId)?.Invited is { } count)
            {
                invited[round.RoundId] = count;
            }
        }

        return invited;
    }
}
