using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Surveys.Functions.Exports;

/// <summary>The query of <c>GET /api/surveys/{surveyId}/export</c> (ExportApi.Parse; each at most once).</summary>
public sealed record ExportQuery(
    [Description("File format (default csv)"), AllowedValues("csv", "json", "xlsx")] string? Format = null,
    [Description("results (default) or answers"), AllowedValues("results", "answers")] string? Content = null,
    [Description("Comma-separated round ids of the survey (default: every round)")] string? Rounds = null,
    [Description("The one label language of the file (default nb)"), AllowedValues("nb", "en")] string? Lang = null,
    [Description("CSV separator: semicolon (default for nb, Norwegian Excel, decimal comma) or comma (default for en, decimal point)"), AllowedValues("semicolon", "comma")] string? Separator = null);

/// <summary>The JSON export: the figures or answers with the codebook.</summary>
[Description("The export as JSON, with the codebook.")]
public sealed record ExportFile;
