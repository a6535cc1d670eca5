namespace Surveys.Model;

/// <summary>
/// The notes and phrases of comparisons. Texts quoted from users.md and instruments.md are reproduced exactly;
/// the others are platform wording (marked "platform wording") for review.
/// </summary>
public static class ComparisonTexts
{
    /// <summary>The unpaired caveat (instruments.md §2): "gruppesammenligning, ikke endring hos den enkelte" /
    /// "cohort comparison, not individual change".</summary>
    public static readonly LocalizedText CohortCaveat = new("gruppesammenligning, ikke endring hos den enkelte", "cohort comparison, not individual change");

    /// <summary>users.md L-07, when the response rate fell: "Færre svarte denne gangen; de som ikke svarte, kan ha
    /// ment noe annet" / "Fewer answered this time; those who did not may have felt differently".</summary>
    public static readonly LocalizedText ResponseRateFell = new(
        "Færre svarte denne gangen; de som ikke svarte, kan ha ment noe annet",
        "Fewer answered this time; those who did not may have felt differently");

    /// <summary>Platform wording: the comparison of many items without adjustment is exploratory.</summary>
    public static readonly LocalizedText Exploratory = new(
        "Utforskende sammenligning: mange spørsmål er sammenlignet samtidig uten justering, så noen forskjeller kan være tilfeldige",
        "Exploratory comparison: many questions are compared at once without adjustment, so some differences may be chance");

    /// <summary>Platform wording: why pooled answers get wider intervals.</summary>
    public static readonly LocalizedText PooledAnswersNote = new(
        "Samlet over spørsmål: svar fra samme person henger sammen, så usikkerheten er regnet som om hver person ga ett svar",
        "Pooled over questions: answers from one person go together, so the uncertainty is computed as if each person gave one answer");

    /// <summary>Platform wording: the item is only in the earlier round.</summary>
    public static readonly LocalizedText OnlyInBefore = new("Spørsmålet var bare med i den første runden", "The question was only in the earlier round");

    /// <summary>Platform wording: the item is only in the later round.</summary>
    public static readonly LocalizedText OnlyInAfter = new("Spørsmålet var bare med i den siste runden", "The question was only in the later round");

    /// <summary>Platform wording: the item's scale changed between the rounds (a change of meaning).</summary>
    public static readonly LocalizedText ScaleChanged = new("Svarskalaen er endret mellom rundene", "The answer scale changed between the rounds");

    /// <summary>AN-01: the respondent count of a suppressed group, "færre enn 5" / "fewer than 5".</summary>
    public static LocalizedText FewerThan(int minimumGroupSize) => new($"færre enn {minimumGroupSize}", $"fewer than {minimumGroupSize}");

    /// <summary>Platform wording: how many answers were linked, "Koblede svar: 12 par" / "Linked answers: 12 pairs".</summary>
    public static LocalizedText LinkedPairs(int pairs) => new($"Koblede svar: {pairs} par", $"Linked answers: {pairs} pairs");

    /// <summary>"Cliffs delta 0,42 (95 % KI 0,12 til 0,65)" / "Cliff's delta 0.42 (95% CI 0.12 to 0.65)".</summary>
    internal static LocalizedText CliffsDeltaDetail(double estimate, ConfidenceInterval? interval)
    {
        string Describe(Language l)
        {
            var nb = l == Language.Norwegian;
            var text = $"{(nb ? "Cliffs delta" : "Cliff's delta")} {Format.Decimal(estimate, 2, l)}";
            return interval is null ? text
                : $"{text} ({Format.Decimal(100 * interval.Level, 0, l)}{(nb ? " % KI" : "% CI")} {Format.Decimal(interval.Lower, 2, l)} {(nb ? "til" : "to")} {Format.Decimal(interval.Upper, 2, l)})";
        }

        return new LocalizedText(Describe(Language.Norwegian), Describe(Language.English));
    }

    /// <summary>"Andel ja +18 prosentpoeng (95 % KI 3 til 31)" / "Share yes +18 percentage points (95% CI 3 to 31)".</summary>
    internal static LocalizedText ShareYesDetail(ProportionDifference difference)
    {
        var i = difference.Interval;
        string N(double x, Language l) => Format.Decimal(100 * x, 0, l);
        return new LocalizedText(
            $"Andel ja {Format.Signed(difference.PercentagePoints, 0, Language.Norwegian)} prosentpoeng ({N(i.Level, Language.Norwegian)} % KI {N(i.Lower, Language.Norwegian)} til {N(i.Upper, Language.Norwegian)})",
            $"Share yes {Format.Signed(difference.PercentagePoints, 0, Language.English)} percentage points ({N(i.Level, Language.English)}% CI {N(i.Lower, Language.English)} to {N(i.Upper, Language.English)})");
    }

    /// <summary>Platform wording: the interval excluded zero but the BH-adjusted p-value did not reach the level.</summary>
    internal static LocalizedText NotClearAfterAdjustment(double adjustedP) => new(
        $"ikke tydelig når mange spørsmål sammenlignes samtidig (justert p = {Format.Decimal(adjustedP, 3, Language.Norwegian)}, {BenjaminiHochberg.MethodId})",
        $"not clear when many questions are compared at once (adjusted p = {Format.Decimal(adjustedP, 3, Language.English)}, {BenjaminiHochberg.MethodId})");

    internal static LocalizedText Join(LocalizedText first, LocalizedText second) =>
        new($"{first.Norwegian}; {second.Norwegian}", $"{first.Get(Language.English)}; {second.Get(Language.English)}");
}
