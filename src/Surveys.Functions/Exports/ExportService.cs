using Surveys.Model;

namespace Surveys.Functions.Exports;

/// <summary>The file format of an export.</summary>
public enum ExportFormat { Csv, Json, Xlsx }

/// <summary>What an export holds: aggregated results, or one anonymous row per response.</summary>
public enum ExportContent { Results, Answers }

/// <summary>
/// One export, already authorised (see <c>Partners.ExportAccess</c>): which survey and rounds (null: all
/// rounds of the survey), the format, the content, the one label language, and the CSV separator
/// (<c>;</c> for Norwegian Excel, <c>,</c> otherwise).
/// </summary>
public sealed record ExportRequest(
    string OrganisationId,
    string SurveyId,
    IReadOnlyList<string>? RoundIds,
    ExportFormat Format,
    ExportContent Content,
    Language Language,
    char CsvSeparator = ';');

/// <summary>
/// Writes exports (issue 6): streamed to the output, never holding all responses in memory, with the
/// minimum group size and complementary suppression applied, and spreadsheet formulas neutralised.
/// Used by the export API and by the download links of scheduled deliveries.
/// </summary>
public sealed class ExportService
{
    /// <summary>The MIME type of the export's file.</summary>
    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Json => "application/json; charset=utf-8",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <summary>A file name for the export, e.g. <c>undersokelse-resultater-2026-11-22.csv</c>.</summary>
    public static string FileName(ExportRequest request, DateOnly today) =>
        $"{request.SurveyId}-{(request.Content == ExportContent.Results ? (request.Language == Language.English ? "results" : "resultater") : (request.Language == Language.English ? "answers" : "svar"))}-{today:yyyy-MM-dd}.{request.Format.ToString().ToLowerInvariant()}";

    /// <summary>Writes the export to <paramref name="output"/> (which may be an HTTP response body: not seekable).</summary>
    /// <exception cref="Api.ApiProblemException">The request cannot be served (unknown round, nothing to export).</exception>
    public Task WriteAsync(ExportRequest request, Stream output, CancellationToken ct) =>
        throw new NotImplementedException("Issue 6: the export writer is being built on the exports branch.");
}
