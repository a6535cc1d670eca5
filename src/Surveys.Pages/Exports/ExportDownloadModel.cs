namespace Surveys.Pages.Exports;

/// <summary>The page an export link opens: what the export holds and until when the link works, and a button that downloads.</summary>
/// <param name="Results">True for results, false for anonymous answers.</param>
/// <param name="Format">CSV, JSON or XLSX.</param>
public sealed record ExportDownloadModel(string Token, string Organisation, string Survey, bool Results, string Format, DateTimeOffset ExpiresAt);
