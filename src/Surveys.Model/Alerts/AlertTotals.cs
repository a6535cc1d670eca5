namespace Surveys.Model;

/// <summary>
/// The cumulative totals of one round that a real-time alert compares over time (issue 15): respondents, answers on the
/// smiley-face items and, of those, answers on the lowest two faces. Nothing per item or per position is kept, so a
/// stored snapshot says no more than the round's own counts already do.
/// </summary>
/// <param name="Respondents">Responses folded into the round (every entry mode).</param>
/// <param name="FaceAnswers">Answers at a position (1..k) on the round's smiley-face items; skips and codes excluded.</param>
/// <param name="LowestTwoAnswers">Of <paramref name="FaceAnswers"/>, those at positions 1–2 (<see cref="Scale.BottomTwo"/>).</param>
public sealed record AlertTotals(int Respondents, int FaceAnswers, int LowestTwoAnswers)
{
    /// <summary>A round nobody has answered yet.</summary>
    public static AlertTotals Zero { get; } = new(0, 0, 0);

    /// <summary>
    /// The scale whose items are shown as faces on the kiosk with a meaning where low is bad: the wellbeing survey's
    /// five faces (<see cref="Scales.Freq5"/>, «Smilefjes»). The kiosk also draws the knowledge scale and the employee
    /// survey's good/poor scale as faces, but a low knowledge answer is not distress, and employee scores are released only
    /// when the round closes (users.md O-02); satisfaction 1–6, yes/no and free text are no faces. A survey without a face
    /// item never raises an alert (ADR 20).
    /// </summary>
    public static bool IsFace(Scale scale) => ReferenceEquals(scale, Scales.Freq5);

    /// <summary>True when <paramref name="survey"/> has at least one face item (a round of it can raise an alert).</summary>
    public static bool HasFaces(Survey survey) => survey.Items.Any(i => IsFace(i.Scale));

    /// <summary>The totals of <paramref name="aggregate"/> (null: nobody has answered yet).</summary>
    public static AlertTotals Of(RoundAggregate? aggregate)
    {
        if (aggregate is null) return Zero;
        var faces = 0;
        var lowest = 0;
        foreach (var item in aggregate.Items)
        {
            if (!IsFace(item.Scale)) continue;
            faces += item.Answered;
            foreach (var position in item.Scale.BottomTwo) lowest += item.Counts[position - 1];
        }
        return new AlertTotals(aggregate.Respondents, faces, lowest);
    }
}

/// <summary>
/// What happened in one window: the difference between the round's totals now and at the window's start.
/// </summary>
/// <param name="Respondents">Responses folded in during the window.</param>
/// <param name="FaceAnswers">Face answers in the window (the denominator of <see cref="LowestTwoShare"/>).</param>
/// <param name="LowestTwoAnswers">Face answers on the lowest two faces in the window.</param>
public sealed record AlertWindowFigures(int Respondents, int FaceAnswers, int LowestTwoAnswers)
{
    /// <summary>Lowest-two answers ÷ face answers in the window; 0 when there were no face answers. Not rounded.</summary>
    public double LowestTwoShare => FaceAnswers == 0 ? 0 : (double)LowestTwoAnswers / FaceAnswers;

    /// <summary>
    /// The change from <paramref name="start"/> to <paramref name="now"/>. Null when the totals went down (the counts are
    /// cumulative, so that only happens when a round's data was replaced; nothing is concluded then).
    /// </summary>
    public static AlertWindowFigures? Between(AlertTotals start, AlertTotals now)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(now);
        var figures = new AlertWindowFigures(now.Respondents - start.Respondents, now.FaceAnswers - start.FaceAnswers, now.LowestTwoAnswers - start.LowestTwoAnswers);
        return figures.Respondents < 0 || figures.FaceAnswers < 0 || figures.LowestTwoAnswers < 0 || figures.LowestTwoAnswers > figures.FaceAnswers
            ? null
            : figures;
    }

    /// <summary>
    /// True when the window calls for an alert: at least <paramref name="minimumGroupSize"/> people answered in it (so the
    /// e-mail never shows a smaller group, users.md AN-01) and the lowest-two share is at or above <paramref name="threshold"/>.
    /// </summary>
    public bool Passes(int minimumGroupSize, double threshold) =>
        Respondents >= minimumGroupSize && FaceAnswers > 0 && LowestTwoShare >= threshold;
}

/// <summary>
/// The window arithmetic of the real-time alert. Windows for «once per window» are fixed intervals of the window's length
/// counted from 1970-01-01 00:00 UTC, so every instance and every run names the same window for the same moment; the
/// figures are measured over the last window's length, never across the previous alert (see <see cref="BaselineFrom"/>).
/// </summary>
public static class AlertWindow
{
    /// <summary>The start of the fixed window holding <paramref name="now"/> (UTC).</summary>
    public static DateTimeOffset StartOf(DateTimeOffset now, TimeSpan window)
    {
        if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), "The window must be longer than zero.");
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - (ticks % window.Ticks));
    }

    /// <summary>
    /// The earliest moment a snapshot may be the start of the measurement at <paramref name="now"/>: one window ago, or
    /// the last alert for the round when that is later (answers an alert reported on are never reported again).
    /// </summary>
    public static DateTimeOffset BaselineFrom(DateTimeOffset now, TimeSpan window, DateTimeOffset? lastAlert) =>
        lastAlert is { } alerted && alerted > now - window ? alerted : now - window;
}
