using System.Diagnostics.CodeAnalysis;

namespace Surveys.Model;

/// <summary>
/// The built-in scales and their label sets, as defined in instruments.md. Texts marked "exact" there are
/// reproduced character for character, including the form's spelling "Sjeldent".
/// </summary>
public static class Scales
{
    private static LocalizedText T(string nb, string en) => new(nb, en);

    private static Band[] FivePointBands(string low, string lowEn, string mid, string midEn, string high, string highEn) =>
    [
        new(Band.LowId, 1, 2, T(low, lowEn)),
        new(Band.MiddleId, 3, 3, T(mid, midEn)),
        new(Band.HighId, 4, 5, T(high, highEn)),
    ];

    // FREQ5 position 3 has a five-word label; "Noen ganger" is its easy-read alternative (instruments.md §4.2).
    private static LocalizedText?[] Freq5EasyRead => [null, null, T("Noen ganger", "Sometimes"), null, null];

    /// <summary><c>LBL-KNOW5-STD</c>: the exact labels of the national ethics self-evaluation (§3.1).</summary>
    public static readonly LabelSet Know5Standard = new("LBL-KNOW5-STD", 1, "SCALE-KNOW5",
    [
        T("Jeg har ikke kunnskap", "I have no knowledge"),
        T("Jeg har i liten grad kunnskap", "I have knowledge to a small degree"),
        T("Jeg har i noen grad kunnskap", "I have knowledge to some degree"),
        T("Jeg har jevnt over god kunnskap", "I have generally good knowledge"),
        T("Jeg har svært god kunnskap", "I have very good knowledge"),
    ]);

    /// <summary><c>LBL-FREQ5-STD</c>: the standard face labels, the default for new rounds (§4.2).</summary>
    public static readonly LabelSet Freq5Standard = new("LBL-FREQ5-STD", 1, "SCALE-FREQ5",
    [
        T("Ikke i det hele tatt", "Not at all"),
        T("Sjeldent", "Rarely"),
        T("Noen ganger, andre ganger ikke", "Sometimes, other times not"),
        T("Ofte", "Often"),
        T("Alltid", "Always"),
    ], Freq5EasyRead);

    /// <summary><c>LBL-FREQ5-JA</c>: the first-round form of WELLBEING-02 ("Ja, alltid" at the top).</summary>
    public static readonly LabelSet Freq5Ja = new("LBL-FREQ5-JA", 1, "SCALE-FREQ5",
    [
        T("Ikke i det hele tatt", "Not at all"),
        T("Sjeldent", "Rarely"),
        T("Noen ganger, andre ganger ikke", "Sometimes, other times not"),
        T("Stort sett", "Mostly"),
        T("Ja, alltid", "Yes, always"),
    ], Freq5EasyRead);

    /// <summary><c>LBL-FREQ5-STORT</c>: the first-round form of WELLBEING-03 ("Stort sett" at position 4).</summary>
    public static readonly LabelSet Freq5Stort = new("LBL-FREQ5-STORT", 1, "SCALE-FREQ5",
    [
        T("Ikke i det hele tatt", "Not at all"),
        T("Sjeldent", "Rarely"),
        T("Noen ganger, andre ganger ikke", "Sometimes, other times not"),
        T("Stort sett", "Mostly"),
        T("Alltid", "Always"),
    ], Freq5EasyRead);

    /// <summary><c>LBL-SAT6-STD</c>: the platform's proposed 1–6 labels, one or two words each (§5.1).</summary>
    public static readonly LabelSet Sat6Standard = new("LBL-SAT6-STD", 1, "SCALE-SAT6",
    [
        T("Svært misfornøyd", "Very dissatisfied"),
        T("Misfornøyd", "Dissatisfied"),
        T("Litt misfornøyd", "Slightly dissatisfied"),
        T("Litt fornøyd", "Slightly satisfied"),
        T("Fornøyd", "Satisfied"),
        T("Svært fornøyd", "Very satisfied"),
    ]);

    /// <summary><c>LBL-GOOD5-STD</c>: "Veldig dårlig" … "Veldig bra" (§7.1).</summary>
    public static readonly LabelSet Good5Standard = new("LBL-GOOD5-STD", 1, "SCALE-GOOD5",
    [
        T("Veldig dårlig", "Very poor"),
        T("Dårlig", "Poor"),
        T("Greit", "OK"),
        T("Bra", "Good"),
        T("Veldig bra", "Very good"),
    ]);

    /// <summary><c>LBL-YESNO-STD</c>: code 1 = "Ja", code 2 = "Nei" (§5.2).</summary>
    public static readonly LabelSet YesNoStandard = new("LBL-YESNO-STD", 1, "SCALE-YESNO",
    [
        T("Ja", "Yes"),
        T("Nei", "No"),
    ]);

    /// <summary><c>SCALE-KNOW5</c>: the 5-level knowledge scale of the ethics self-evaluation. No non-scale option.</summary>
    public static readonly Scale Know5 = new("SCALE-KNOW5", ScaleKind.Ordinal, 5,
        T("Kunnskap, 5 nivåer", "Knowledge, 5 levels"),
        [Know5Standard], Know5Standard.Id,
        bandSplitId: "BANDS-KNOW5-212",
        bands: FivePointBands("under middels", "below the middle", "middels", "middle", "over middels", "above the middle"));

    /// <summary><c>SCALE-FREQ5</c>: the 5-face frequency scale of the wellbeing survey. No non-scale option;
    /// "Hopp over" (skip) is navigation, stored as not answered.</summary>
    public static readonly Scale Freq5 = new("SCALE-FREQ5", ScaleKind.Ordinal, 5,
        T("Smilefjes, 5 fjes (hvor ofte)", "Smiley faces, 5 faces (how often)"),
        [Freq5Standard, Freq5Ja, Freq5Stort], Freq5Standard.Id,
        bandSplitId: "BANDS-FREQ5-212",
        bands: FivePointBands("sjelden eller aldri", "rarely or never", "noen ganger", "sometimes", "ofte eller alltid", "often or always"));

    /// <summary><c>SCALE-SAT6</c>: satisfaction 1–6 with <c>9</c> = "Ikke aktuelt". Bands use the named
    /// split <c>BANDS-SAT6-222</c> (1–2 / 3–4 / 5–6) because the scale has no middle point; the band
    /// labels are the platform's proposal.</summary>
    public static readonly Scale Sat6 = new("SCALE-SAT6", ScaleKind.Ordinal, 6,
        T("Fornøydhet, 1–6", "Satisfaction, 1–6"),
        [Sat6Standard], Sat6Standard.Id,
        nonScaleCode: Scale.StandardNonScaleCode, nonScaleLabel: T("Ikke aktuelt", "Not applicable"),
        bandSplitId: "BANDS-SAT6-222",
        bands:
        [
            new(Band.LowId, 1, 2, T("misfornøyd", "dissatisfied")),
            new(Band.MiddleId, 3, 4, T("litt misfornøyd eller litt fornøyd", "slightly dissatisfied or slightly satisfied")),
            new(Band.HighId, 5, 6, T("fornøyd", "satisfied")),
        ]);

    /// <summary><c>SCALE-GOOD5</c>: "Veldig dårlig" … "Veldig bra" with <c>9</c> = "Vet ikke / ikke aktuelt".</summary>
    public static readonly Scale Good5 = new("SCALE-GOOD5", ScaleKind.Ordinal, 5,
        T("Veldig dårlig – veldig bra, 5 nivåer", "Very poor – very good, 5 levels"),
        [Good5Standard], Good5Standard.Id,
        nonScaleCode: Scale.StandardNonScaleCode, nonScaleLabel: T("Vet ikke / ikke aktuelt", "Don't know / not applicable"),
        bandSplitId: "BANDS-GOOD5-212",
        bands: FivePointBands("dårlig", "poor", "greit", "OK", "bra", "good"));

    /// <summary><c>SCALE-YESNO</c>: code 1 = Ja, 2 = Nei. Not rankable: report the share answering Ja.</summary>
    public static readonly Scale YesNo = new("SCALE-YESNO", ScaleKind.YesNo, 2,
        T("Ja / nei", "Yes / no"),
        [YesNoStandard], YesNoStandard.Id);

    /// <summary><c>TEXT</c>: free text, at most <see cref="Answer.TextMaxLength"/> characters.</summary>
    public static readonly Scale Text = new("TEXT", ScaleKind.FreeText, 0,
        T("Fritekst", "Free text"),
        [], defaultLabelSetId: null);

    /// <summary>Every built-in scale.</summary>
    public static IReadOnlyList<Scale> All { get; } = [Know5, Freq5, Sat6, Good5, YesNo, Text];

    /// <summary>Every built-in label set.</summary>
    public static IReadOnlyList<LabelSet> AllLabelSets { get; } = All.SelectMany(s => s.LabelSets).ToArray();

    /// <summary>The scale with <paramref name="id"/>, or <c>null</c>.</summary>
    public static Scale? Find(string id) => All.FirstOrDefault(s => s.Id == id);

    /// <summary>Looks a scale up by id.</summary>
    public static bool TryGet(string id, [NotNullWhen(true)] out Scale? scale) => (scale = Find(id)) is not null;

    /// <summary>The label set with <paramref name="id"/>, or <c>null</c>.</summary>
    public static LabelSet? FindLabelSet(string id) => AllLabelSets.FirstOrDefault(l => l.Id == id);
}
