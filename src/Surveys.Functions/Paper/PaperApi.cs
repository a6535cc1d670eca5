using Surveys.Functions.Api.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Responses;
using Surveys.Model;

namespace Surveys.Functions.Paper;

/// <summary>
/// Paper forms typed in by staff (users.md P-17): one form at a time, or a CSV file of many. Both need a
/// signed-in leader or admin of the round's organisation (or the platform admin); a round of another
/// organisation is a 404. Answers are stored as <see cref="EntryMode.Paper"/> and nothing about who typed
/// them in is stored with them (AN-09).
/// </summary>
public static class PaperApi
{
    [Function("EnterPaperResponse")]
    [EndpointSummary("Enter one paper form (stored as entry mode Paper; stored once by responseId)")]
    [Tags("Paper")]
    [Consumes(typeof(PaperSubmission), "application/json")]
    [ProducesResponseType(typeof(Kiosk.ResponseReceipt), 202, Description = "Stored")]
    [ProducesResponseType(typeof(Kiosk.ResponseReceipt), 200, Description = "Already received")]
    [ProblemResponses(400, 401, 403, 404, 409, 415)]
    public static Task EnterPaperResponseFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/responses")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, EnterAsync);

    [Function("ImportResponses")]
    [EndpointSummary("Import paper answers from CSV: all rows or none")]
    [EndpointDescription("UTF-8 (BOM allowed), comma or semicolon separated (read from the header), RFC 4180 quoting. Header: item ids or short codes, optional unit/enhet column; one row per respondent; values are scale positions or 9, blank = not answered. Any bad row → 400 listing every bad row by its row number (header = row 1), and nothing is imported. Re-importing the same table counts nothing twice. At most 2 MiB and 5,000 rows.")]
    [Tags("Paper")]
    [Consumes(typeof(string), "text/csv")]
    [ProducesResponseType(typeof(ImportResult), 202, Description = "Imported")]
    [ProducesResponseType(typeof(ImportResult), 200, Description = "Nothing new")]
    [ProblemResponses(400, 401, 403, 404, 413, 415)]
    public static Task ImportResponsesFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/rounds/{roundId}/responses/import")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ImportAsync);

    [Function("PaperEntryPage")]
    public static Task PaperEntryPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rounds/{roundId}/paper")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, PaperPage.RenderAsync);

    /// <summary>One typed-in form: <c>{responseId, answers, language?, unit?}</c>, idempotent by responseId
    /// (202 received, 200 already received, 409 the id was used for other answers).</summary>
    internal static async Task<IResult> EnterAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog, ResponseIntake intake)
    {
        var scope = await access.RequireRoundAsync(http, roundId);
        var body = await JsonBody.ReadObjectAsync(http.Request, PaperLimits.MaxFormBytes, http.RequestAborted);

        var fields = new RequestFields(body);
        var unitText = fields.String("unit", required: false, maxLength: 100);
        if (unitText is not null) AccessPolicy.RequireUnit(scope.Membership, unitText); // another unit than the leader's: 403
        var organisation = await catalog.GetOrganisationAsync(scope.OrganisationId, http.RequestAborted)
            ?? throw ApiProblemException.NotFound("organisasjonen", "The organisation");
        var (unit, unitError) = PaperUnits.Resolve(organisation, scope.Membership, unitText, "unit");
        var errors = fields.Errors.ToList();
        if (unitError is not null) errors.Add(unitError);

        var (survey, round) = await intake.LoadAsync(scope.OrganisationId, scope.SurveyId, roundId, http.RequestAborted);
        Response? response = null;
        try
        {
            response = intake.Validate(survey, round, ResponseIntake.ReadSubmission(body, EntryMode.Paper));
        }
        catch (SurveyValidationException e)
        {
            errors.AddRange(e.Errors);
        }
        SurveyValidationException.ThrowIfAny(errors);

        var outcome = await intake.StoreAsync(scope.OrganisationId, response!, unit, http.RequestAborted);
        await intake.QueueAsync(scope.OrganisationId, response!, http.RequestAborted);
        var already = outcome == StoreOutcome.AlreadyStored;
        var result = new { responseId = response!.Id, status = already ? "already-received" : "received" };
        http.Response.Headers.CacheControl = "no-store";
        return already ? Results.Ok(result) : Results.Accepted(value: result);
    }

    /// <summary>A CSV file of forms: all rows valid and stored, or nothing stored and every bad row listed.</summary>
    internal static async Task<IResult> ImportAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog,
        ResponseIntake intake)
    {
        var scope = await access.RequireRoundAsync(http, roundId);
        RequireCsv(http.Request);
        var content = await ReadBytesAsync(http.Request, PaperLimits.MaxImportBytes, http.RequestAborted);

        var organisation = await catalog.GetOrganisationAsync(scope.OrganisationId, http.RequestAborted)
            ?? throw ApiProblemException.NotFound("organisasjonen", "The organisation");
        var (survey, round) = await intake.LoadAsync(scope.OrganisationId, scope.SurveyId, roundId, http.RequestAborted);
        if (!intake.IsOpen(round))
            throw new SurveyValidationException(new ValidationError("round", ErrorCodes.RoundClosed, new LocalizedText(
                "Runden er ikke åpen nå, så ingen svar kan registreres.", "The round is not open now, so no answers can be entered.")));

        var plan = PaperImport.Plan(content, roundId, survey, organisation, scope.Membership, s => intake.Validate(survey, round, s));
        if (!plan.IsValid) return Results.Problem(RowProblems(plan.Problems, Languages.PrefersEnglish(http.Request)));

        // Stored in transactions, then each new response is queued for folding. Rows an earlier import of
        // this file stored are only counted: if that import stopped before queueing them, the
        // RequeueUnfoldedResponses timer queues them (re-queueing here would double the folding work
        // of every re-import while the first one is still being folded).
        var outcomes = await intake.StoreAllAsync(scope.OrganisationId, plan.Rows.Select(r => (r.Response, r.Unit)).ToList(), http.RequestAborted);
        var imported = outcomes.Count(o => o == StoreOutcome.Stored);
        var alreadyImported = outcomes.Count - imported;
        var toQueue = plan.Rows.Where((_, i) => outcomes[i] == StoreOutcome.Stored).ToList();
        await Parallel.ForEachAsync(toQueue, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = http.RequestAborted },
            async (row, ct) => await intake.QueueAsync(scope.OrganisationId, row.Response, ct));

        http.Response.Headers.CacheControl = "no-store";
        var result = new { imported, alreadyImported, rows = plan.Rows.Count };
        return imported > 0 ? Results.Accepted(value: result) : Results.Ok(result);
    }

    /// <summary>The 400 for a file with bad rows: <c>errors</c> by row (<c>"row 3": ["…"]</c>) in the
    /// caller's language, and a machine-readable <c>problems</c> list (row, line, column, code).</summary>
    private static ValidationProblemDetails RowProblems(IReadOnlyList<RowProblem> problems, bool english)
    {
        var language = english ? Language.English : Language.Norwegian;
        var byRow = problems.GroupBy(p => p.Row).OrderBy(g => g.Key).ToList();
        var details = new ValidationProblemDetails(byRow.ToDictionary(g => $"row {g.Key}", g => g.Select(p => p.Message.Get(language)).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = english ? "The file was not imported" : "Filen ble ikke importert",
            Detail = english
                ? $"{byRow.Count} row(s) have problems, so nothing was imported. Correct them and upload the whole file again."
                : $"{byRow.Count} rad(er) har feil, så ingenting ble importert. Rett feilene og last opp hele filen på nytt.",
        };
        details.Extensions["imported"] = 0;
        details.Extensions["badRows"] = byRow.Select(g => g.Key).ToArray();
        details.Extensions["problems"] = problems.Select(p => new { row = p.Row, line = p.Line, column = p.Column, code = p.Code }).ToArray();
        return details;
    }

    private static void RequireCsv(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !string.Equals(type.MediaType.Value, "text/csv", StringComparison.OrdinalIgnoreCase))
            throw UnsupportedType("text/csv");
        var charset = type.Charset.Value;
        if (!string.IsNullOrEmpty(charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Filen må være UTF-8", "The file must be UTF-8",
                $"Tegnsettet «{charset}» støttes ikke. Lagre filen som «CSV UTF-8».", $"The charset '{charset}' is not supported. Save the file as \"CSV UTF-8\".");
    }

    private static ApiProblemException UnsupportedType(string expected) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Feil innholdstype", "Wrong content type",
            $"Innholdet må sendes som {expected}.", $"The body must be sent as {expected}.");

    /// <summary>The body within a size limit (the test server enforces none; Kestrel's is higher).</summary>
    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ApiProblemException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "Filen er for stor", "The file is too large",
            $"Største tillatte fil er {maxBytes / (1024 * 1024)} MB ({maxBytes} byte). Del filen i flere.",
            $"The largest file accepted is {maxBytes / (1024 * 1024)} MiB ({maxBytes} bytes). Split the file.");
}
