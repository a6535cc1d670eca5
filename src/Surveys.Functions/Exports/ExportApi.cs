using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Primitives;
using Surveys.Functions.Api;
using Surveys.Functions.Audit;
using Surveys.Functions.Partners;
using Surveys.Model;

namespace Surveys.Functions.Exports;

/// <summary>
/// <c>GET /api/surveys/{surveyId}/export?format=csv|json|xlsx&amp;rounds=r1,r2&amp;content=results|answers&amp;lang=nb|en&amp;separator=semicolon|comma</c>:
/// who may export is <see cref="ExportAccess"/>'s decision; every parameter is checked and the export planned
/// (group sizes counted, suppression settled) before the audit entry and before the first byte, so a bad request is a
/// 400 ProblemDetails listing every problem and nothing is written. Then the file streams as an attachment.
/// </summary>
public static class ExportApi
{
    [Function("ExportSurvey")]
    [EndpointSummary("Export a survey's results or anonymous answers (CSV, JSON, XLSX)")]
    [EndpointDescription("Organisation admins and the platform admin (and partners with a grant, see ExportAccess). Results: per round, item and unit (where large enough) n, counts per scale point, shares, bands, top-two, mean — the same figures as the comparison API; below the minimum group size «For få svar til å vise resultat», with complementary suppression so a hidden unit cannot be worked out from the total. Answers: one row per response in random order with round, unit and entry mode (blank «annen» below the minimum), a code column (position, 9 = missing) and a label column per item; no response ids or times; free text apart, shuffled, only from the free-text threshold. CSV is UTF-8 with BOM, RFC 4180; XLSX and JSON also hold the codebook. Every parameter is checked before anything is written; every export is in the audit log. Streamed as an attachment.")]
    [Tags("Exports")]
    [QueryParameters(typeof(ExportQuery))]
    [ProducesResponseType(typeof(ExportFile), 200, "text/csv", "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Description = "The file, as an attachment")]
    [ProblemResponses(400, 401, 403, 404)]
    public static Task ExportSurveyFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/surveys/{surveyId}/export")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ExportAsync);

    internal static async Task ExportAsync(string surveyId, HttpContext http, ExportAccess access, ExportService exports, AuditLog audit, TimeProvider time)
    {
        var scope = await access.RequireExportAsync(http, surveyId);
        var request = Parse(http.Request.Query, scope);
        var plan = await exports.PrepareAsync(request, http.RequestAborted);

        await audit.WriteAsync(scope.OrganisationId, scope.Actor, "export", scope.SurveyId, new Dictionary<string, string>
        {
            ["format"] = request.Format.ToString().ToLowerInvariant(),
            ["content"] = request.Content.ToString().ToLowerInvariant(),
            ["rounds"] = string.Join(",", plan.Rounds.Select(r => r.Id)),
            ["language"] = request.Language.Code,
            ["rows"] = plan.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["grant"] = scope.GrantId ?? "",
        }, http.RequestAborted);

        await SendAsync(http, exports, plan, time);
    }

    /// <summary>Streams a prepared export as a file download: headers first, then the body as it is written.</summary>
    internal static async Task SendAsync(HttpContext http, ExportService exports, ExportPlan plan, TimeProvider time)
    {
        var request = plan.Request;
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ExportService.ContentType(request.Format);
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition
        {
            DispositionType = "attachment",
            FileName = ExportService.FileName(request, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)),
        }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await exports.WriteAsync(plan, response.Body, http.RequestAborted);
    }

    /// <summary>The request's parameters, or a 400 listing every one that is wrong (unknown values, repeated parameters).</summary>
    public static ExportRequest Parse(IQueryCollection query, ExportScope scope)
    {
        var fields = new RequestFields(new System.Text.Json.Nodes.JsonObject());
        string? One(string name)
        {
            var values = query.TryGetValue(name, out var v) ? v : StringValues.Empty;
            if (values.Count > 1) fields.Add(name, "repeated", $"Oppgi «{name}» bare én gang.", $"Give '{name}' only once.");
            return values.Count == 0 ? null : values[0]?.Trim();
        }

        var format = One("format")?.ToLowerInvariant() switch
        {
            null or "" or "csv" => ExportFormat.Csv,
            "json" => ExportFormat.Json,
            "xlsx" => ExportFormat.Xlsx,
            _ => Bad("format", "unknown-format", "Formatet må være csv, json eller xlsx.", "The format must be csv, json or xlsx.", ExportFormat.Csv),
        };
        var content = One("content")?.ToLowerInvariant() switch
        {
            null or "" or "results" => ExportContent.Results,
            "answers" => ExportContent.Answers,
            _ => Bad("content", "unknown-content", "Innholdet må være results eller answers.", "The content must be results or answers.", ExportContent.Results),
        };
        var lang = One("lang");
        var language = string.IsNullOrEmpty(lang) ? Language.Norwegian
            : lang.ToLowerInvariant() is "nb" or "en" && Language.TryParse(lang.ToLowerInvariant(), out var parsed) ? parsed
            : Bad("lang", "unknown-language", "Språket må være nb eller en.", "The language must be nb or en.", Language.Norwegian);
        var separator = One("separator")?.ToLowerInvariant() switch
        {
            null or "" => language == Language.English ? ',' : ';',
            "semicolon" or ";" => ';',
            "comma" or "," => ',',
            _ => Bad("separator", "unknown-separator", "Skilletegnet må være semicolon eller comma.", "The separator must be semicolon or comma.", ';'),
        };
        IReadOnlyList<string>? rounds = null;
        if (One("rounds") is { Length: > 0 } list)
        {
            var ids = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count > 100) fields.Add("rounds", "too-many", "Oppgi høyst 100 runder.", "Give at most 100 rounds.");
            else if (ids.Any(id => !Catalog.CatalogStore.IsValidKey(id)))
            {
                foreach (var id in ids.Where(id => !Catalog.CatalogStore.IsValidKey(id)).Take(10))
                {
                    fields.Add("rounds", "unknown-round", $"Runden «{Short(id)}» hører ikke til undersøkelsen.", $"The round '{Short(id)}' is not part of the survey.");
                }
            }
            else rounds = ids;
        }
        fields.ThrowIfAny();
        // A partner (through a grant) takes closed rounds only; the organisation's own admins may take results of open ones.
        return new ExportRequest(scope.OrganisationId, scope.SurveyId, rounds, format, content, language, separator,
            ClosedRoundsOnly: scope.GrantId is not null);

        T Bad<T>(string field, string code, string nb, string en, T fallback)
        {
            fields.Add(field, code, nb, en);
            return fallback;
        }
    }

    private static string Short(string id) => id.Length > 80 ? id[..80] + "…" : id;
}
