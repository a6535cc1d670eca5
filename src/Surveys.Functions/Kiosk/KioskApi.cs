using Microsoft.AspNetCore.Mvc;
using Surveys.Functions.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Azure.Functions.Worker;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Responses;
using Surveys.Model;

namespace Surveys.Functions.Kiosk;

/// <summary>
/// The kiosk's two calls. A kiosk token can fetch its one round's survey and submit to it; nothing
/// else. An unknown or revoked token is a 404 that does not say which of the two it is.
/// </summary>
public static class KioskApi
{
    [Function("GetKioskSurvey")]
    [EndpointSummary("The kiosk's survey: every text in every language, options in scale order")]
    [Tags("Kiosk")]
    [AllowAnonymous]
    [ProducesResponseType(typeof(KioskSurveyView), 200)]
    [ProblemResponses(400, 404)]
    public static Task GetKioskSurveyFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/kiosk/{token}/survey")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, GetSurveyAsync);

    [Function("SubmitResponse")]
    [EndpointSummary("Submit one response; stored once by responseId")]
    [EndpointDescription("202 when stored, 200 when the same response was already received. 409 when the id was used for different answers. Nothing identifying is stored.")]
    [Tags("Kiosk")]
    [AllowAnonymous]
    [Consumes(typeof(Submission), "application/json")]
    [ProducesResponseType(typeof(ResponseReceipt), 202, Description = "Received")]
    [ProducesResponseType(typeof(ResponseReceipt), 200, Description = "Already received")]
    [ProblemResponses(400, 404, 409, 413, 415)]
    public static Task SubmitResponseFunction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/kiosk/{token}/responses")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, SubmitAsync);

    internal static async Task<IResult> GetSurveyAsync(
        string token, KioskLinkStore links, CatalogStore catalog, IOptions<KioskOptions> kiosk, HttpResponse http, CancellationToken ct)
    {
        var link = await ResolveAsync(token, links, ct);
        var organisation = await catalog.GetOrganisationCachedAsync(link.OrganisationId, ct);
        var survey = await catalog.LoadSurveyCachedAsync(link.OrganisationId, link.SurveyId, ct) ?? throw UnknownLink();
        var round = await catalog.GetRoundCachedAsync(link.SurveyId, link.RoundId, ct) ?? throw UnknownLink();
        http.Headers.CacheControl = "no-store";
        var json = KioskSurvey(survey, round, organisation?.Name ?? "");
        json["kiosk"] = kiosk.Value.ToJson();
        return Results.Json(json);
    }

    internal static async Task<IResult> SubmitAsync(
        string token, HttpRequest request, KioskLinkStore links, ResponseIntake intake, IConfiguration configuration, CancellationToken ct)
    {
        var link = await ResolveAsync(token, links, ct);
        var maxBytes = configuration.GetValue("Surveys:Responses:MaxBodyBytes", 64 * 1024);
        var body = await JsonBody.ReadObjectAsync(request, maxBytes, ct);
        var receipt = await intake.SubmitAsync(link, body, EntryMode.Kiosk, ct);
        var result = new { responseId = receipt.ResponseId, status = receipt.AlreadyReceived ? "already-received" : "received" };
        return receipt.AlreadyReceived ? Results.Ok(result) : Results.Accepted(value: result);
    }

    private static async Task<KioskLink> ResolveAsync(string token, KioskLinkStore links, CancellationToken ct) =>
        await links.ResolveAsync(token, ct) ?? throw UnknownLink();

    private static ApiProblemException UnknownLink() => new(StatusCodes.Status404NotFound,
        "Kiosklenken virker ikke", "The kiosk link does not work",
        "Lenken er ukjent eller trukket tilbake. Spør en veileder om en ny lenke.",
        "The link is unknown or has been revoked. Ask a staff member for a new link.");

    /// <summary>What a kiosk needs to show one round: every text in every supported language, options in scale order.</summary>
    public static JsonObject KioskSurvey(Survey survey, Round round, string organisationName)
    {
        JsonObject Texts(Func<Language, string> text) =>
            new(Language.Supported.Select(l => KeyValuePair.Create(l.Code, (JsonNode?)JsonValue.Create(text(l)))));

        var items = new JsonArray();
        foreach (var item in survey.Items)
        {
            var scale = item.Scale;
            var options = new JsonArray();
            if (item.LabelSet is { } labels)
            {
                for (var position = 1; position <= scale.Points; position++)
                {
                    var p = position;
                    options.Add(new JsonObject
                    {
                        ["value"] = p,
                        ["label"] = Texts(l => labels.Label(p).Get(l)),
                        ["easyRead"] = labels.EasyRead(p) is { } easy ? Texts(l => easy.Get(l)) : null,
                    });
                }
            }
            items.Add(new JsonObject
            {
                ["id"] = item.Id,
                ["shortCode"] = item.ShortCode,
                ["kind"] = scale.Kind.ToString().ToLowerInvariant(),
                ["scaleId"] = scale.Id,
                ["required"] = item.Required,
                ["text"] = Texts(l => survey.RenderText(item, l)),
                ["easyRead"] = item.EasyRead is { } easyRead ? Texts(l => easyRead.Get(l).Replace(Item.OrgPlaceholder, organisationName, StringComparison.Ordinal)) : null,
                ["options"] = options,
                ["nonScale"] = scale.NonScaleCode is { } code && scale.NonScaleLabel is { } label
                    ? new JsonObject { ["value"] = code, ["label"] = Texts(l => label.Get(l)) }
                    : null,
                ["maxTextLength"] = scale.Kind == ScaleKind.FreeText ? Answer.TextMaxLength : null,
            });
        }

        return new JsonObject
        {
            ["title"] = survey.Title,
            ["organisation"] = organisationName,
            ["round"] = round.Label,
            ["languages"] = new JsonArray(Language.Supported.Select(l => (JsonNode?)JsonValue.Create(l.Code)).ToArray()),
            ["items"] = items,
        };
    }
}
