namespace Surveys.Model;

/// <summary>What a comparison may say (users.md L-07, "Honest small-sample language").</summary>
public enum VerdictKind
{
    /// <summary>Either round below the minimum group size: no figures at all.</summary>
    TooFewToShow,

    /// <summary>Both rounds at or above the minimum, either below the verdict minimum (20): figures, no verdict.</summary>
    TooFewToSay,

    /// <summary>Both rounds at the verdict minimum or more, and the interval includes zero (or, when adjusting
    /// for many items, the adjusted p-value is above 1 − level).</summary>
    NoClearChange,

    /// <summary>Both rounds at the verdict minimum or more, and the interval lies above zero.</summary>
    Increased,

    /// <summary>Both rounds at the verdict minimum or more, and the interval lies below zero.</summary>
    Decreased,

    /// <summary>The item cannot be compared: it is missing from a round, or its scale changed.</summary>
    NotComparable,
}

/// <summary>
/// The sentence shown for a comparison: <see cref="Text"/> is exactly users.md L-07's wording in bokmål (with
/// English alongside), and <see cref="Detail"/> leads with the estimate and its interval whenever a verdict is
/// given. There are no "significant" badges.
/// </summary>
public sealed class Verdict
{
    /// <summary>"For få svar til å vise resultat" / "Too few answers to show a result".</summary>
    public static readonly LocalizedText TooFewToShowText = new("For få svar til å vise resultat", "Too few answers to show a result");

    /// <summary>"For få svar til å si om noe har endret seg" / "Too few answers to say whether anything changed".</summary>
    public static readonly LocalizedText TooFewToSayText = new("For få svar til å si om noe har endret seg", "Too few answers to say whether anything changed");

    /// <summary>"Ingen tydelig endring, for få svar til å si sikkert" / "No clear change; too few answers to say for certain".</summary>
    public static readonly LocalizedText NoClearChangeText = new("Ingen tydelig endring, for få svar til å si sikkert", "No clear change; too few answers to say for certain");

    /// <summary>"Økt" / "Increased".</summary>
    public static readonly LocalizedText IncreasedText = new("Økt", "Increased");

    /// <summary>"Redusert" / "Decreased".</summary>
    public static readonly LocalizedText DecreasedText = new("Redusert", "Decreased");

    /// <summary>"Kan ikke sammenlignes" / "Cannot be compared" (platform wording, not from users.md).</summary>
    public static readonly LocalizedText NotComparableText = new("Kan ikke sammenlignes", "Cannot be compared");

    private Verdict(VerdictKind kind, LocalizedText text, LocalizedText? detail)
    {
        Kind = kind;
        Text = text;
        Detail = detail;
    }

    /// <summary>What may be said.</summary>
    public VerdictKind Kind { get; }

    /// <summary>The L-07 sentence.</summary>
    public LocalizedText Text { get; }

    /// <summary>The estimate and its interval (for example "Cliffs delta 0,42 (95 % KI 0,12 til 0,65)"), or why
    /// the item is not comparable; <c>null</c> when there is nothing to add.</summary>
    public LocalizedText? Detail { get; }

    /// <summary>True for <see cref="VerdictKind.Increased"/> and <see cref="VerdictKind.Decreased"/>.</summary>
    public bool IsChange => Kind is VerdictKind.Increased or VerdictKind.Decreased;

    internal static Verdict TooFewToShow { get; } = new(VerdictKind.TooFewToShow, TooFewToShowText, null);

    internal static Verdict TooFewToSay { get; } = new(VerdictKind.TooFewToSay, TooFewToSayText, null);

    internal static Verdict NotComparable(LocalizedText reason) => new(VerdictKind.NotComparable, NotComparableText, reason);

    internal static Verdict NoClearChange(LocalizedText detail) => new(VerdictKind.NoClearChange, NoClearChangeText, detail);

    internal static Verdict Change(bool increased, LocalizedText detail) => increased
        ? new Verdict(VerdictKind.Increased, IncreasedText, detail)
        : new Verdict(VerdictKind.Decreased, DecreasedText, detail);

    /// <summary>
    /// The L-07 rule for two groups of <paramref name="nBefore"/> and <paramref name="nAfter"/>: the sizes decide
    /// between too-few-to-show, too-few-to-say and a verdict; a verdict is a change only when
    /// <paramref name="interval"/> excludes 0 and, when given, <paramref name="adjustedP"/> ≤ α.
    /// </summary>
    internal static Verdict Decide(int nBefore, int nAfter, double estimate, ConfidenceInterval? interval, LocalizedText detail,
        double? adjustedP, ComparisonOptions options)
    {
        var smaller = Math.Min(nBefore, nAfter);
        if (smaller < options.MinimumGroupSize)
        {
            return TooFewToShow;
        }

        if (smaller < options.VerdictMinimum || interval is null)
        {
            return TooFewToSay;
        }

        if (interval.IncludesZero)
        {
            return NoClearChange(detail);
        }

        if (adjustedP is { } p && p > options.Alpha)
        {
            return NoClearChange(ComparisonTexts.Join(detail, ComparisonTexts.NotClearAfterAdjustment(p)));
        }

        return Change(estimate > 0, detail);
    }

    /// <inheritdoc />
    public override string ToString() => Detail is null ? Text.Norwegian : $"{Text.Norwegian}: {Detail.Norwegian}";
}
