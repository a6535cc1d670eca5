namespace Surveys.Model;

/// <summary>What kind of answer a scale collects.</summary>
public enum ScaleKind
{
    /// <summary>Ordered points 1..k, position 1 the lowest or most negative: means, bands, top-two and
    /// rank statistics apply.</summary>
    Ordinal,

    /// <summary>Two unordered categories, code 1 = Ja (yes) and 2 = Nei (no). Reported as the share
    /// answering Ja; "higher is better" does not hold.</summary>
    YesNo,

    /// <summary>Free text. Only the number of answers is ever aggregated.</summary>
    FreeText,
}
