using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Storage;
using Surveys.Model;

namespace Surveys.Functions.Api;

/// <summary>A request that cannot be served as asked; becomes a ProblemDetails with its status.</summary>
public class ApiProblemException(int status, string titleNb, string titleEn, string? detailNb = null, string? detailEn = null)
    : Exception(titleEn + (detailEn is null ? "" : ": " + detailEn))
{
    public int Status { get; } = status;
    public string TitleNb { get; } = titleNb;
    public string TitleEn { get; } = titleEn;
    public string? DetailNb { get; } = detailNb;
    public string? DetailEn { get; } = detailEn;

    public static ApiProblemException NotFound(string whatNb, string whatEn) =>
        new(StatusCodes.Status404NotFound, $"Fant ikke {whatNb}", $"{whatEn} not found");
}

/// <summary>
/// Turns every failure into an RFC 9457 ProblemDetails in one place, in the caller's language
/// (bokmål unless <c>Accept-Language</c> asks for English). Nothing leaks a stack trace, and a
/// storage outage is a 503 the client may retry, never a 500.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var english = Languages.PrefersEnglish(http.Request);
        ProblemDetails problem = exception switch
        {
            SurveyValidationException v => Validation(v, english),
            ApiProblemException p => new ProblemDetails
            {
                Status = p.Status,
                Title = english ? p.TitleEn : p.TitleNb,
                Detail = english ? p.DetailEn : p.DetailNb,
            },
            BadHttpRequestException b => new ProblemDetails
            {
                Status = b.StatusCode,
                Title = english ? "The request could not be read" : "Forespørselen kunne ikke leses",
                Detail = b.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? english ? "The request body is too large." : "Innholdet i forespørselen er for stort."
                    : b.Message,
            },
            // An id that no stored entity can have (a forbidden key character): nothing by that id exists.
            InvalidTableKeyException => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = english ? "Not found" : "Fant ikke det du ba om",
                Detail = english ? "No item has this id." : "Ingenting har denne id-en.",
            },
            _ when !ct.IsCancellationRequested && StorageFailures.IsOutage(exception) => Unavailable(english),
            // A write that lost a race it does not retry itself: the caller may reload and try again.
            RequestFailedException { Status: 409 or 412 } => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = english ? "Someone else changed this at the same time" : "Noen andre endret dette samtidig",
                Detail = english ? "Nothing was saved. Load it again and retry." : "Ingenting ble lagret. Last inn på nytt og prøv igjen.",
            },
            _ => Unexpected(english),
        };
        if (problem.Status >= 500)
            log.LogError(exception, "Request {Method} {Path} failed with {Status}", http.Request.Method, http.Request.Path, problem.Status);

        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "5";
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception }))
            return true;
        // The caller's Accept rules out JSON (Accept: text/html): the service then writes nothing and, unhandled, the
        // exception became the host's empty 500. Answer the problem as application/problem+json anyway (a server may send
        // what was not asked for, RFC 9110 §12.5.1); the status is what matters.
        await TypedResults.Problem(problem).ExecuteAsync(http);
        return true;
    }

    private static ProblemDetails Validation(SurveyValidationException v, bool english)
    {
        var language = english ? Language.English : Language.Norwegian;
        var problem = new ValidationProblemDetails(v.Errors
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message.Get(language)).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = english ? "The answers could not be accepted" : "Svarene kunne ikke tas imot",
            Detail = string.Join(" ", v.Errors.Select(e => e.Message.Get(language))),
        };
        problem.Extensions["codes"] = v.Errors.Select(e => new { field = e.Field, code = e.Code }).ToArray();
        return problem;
    }

    private static ProblemDetails Unavailable(bool english) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = english ? "Storage is unavailable right now" : "Lagringen er ikke tilgjengelig akkurat nå",
        Detail = english ? "Nothing was lost. Please try again in a moment." : "Ingenting gikk tapt. Prøv igjen om litt.",
    };

    // Reaching this is a bug; it is logged with the exception and answered without details.
    private static ProblemDetails Unexpected(bool english) => new()
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = english ? "Something went wrong" : "Noe gikk galt",
    };
}

/// <summary>The caller's language for API messages.</summary>
public static class Languages
{
    public static bool PrefersEnglish(HttpRequest request)
    {
        var header = request.Headers.AcceptLanguage.ToString();
        if (string.IsNullOrWhiteSpace(header)) return false;
        var first = header.Split(',')[0].Trim();
        return first.StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }
}
