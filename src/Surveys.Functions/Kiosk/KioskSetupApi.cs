using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using System.ComponentModel;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Api.OpenApi;

namespace Surveys.Functions.Kiosk;

/// <summary>A kiosk link in its round's list: never the token, which is not stored (ADR 0019).</summary>
public sealed record KioskLinkListItem(
    [Description("The link's id (its token's SHA-256); DELETE …/kiosk-links/{id} revokes it.")] string Id,
    string? Name,
    string? Unit,
    DateTimeOffset? CreatedAt,
    [Description("A revoked link is kept in the list; it no longer opens the kiosk.")] bool Revoked);

/// <summary>The round's kiosk links as the set-up page lists them (making and revoking are in <c>CatalogApi</c>).</summary>
public static class KioskSetupApi
{
    [Function("ListKioskLinks")]
    [EndpointSummary("List a round's kiosk links, without tokens")]
    [EndpointDescription("Only the token's hash is stored, so the list cannot show a link again: it names each by id, name, unit and date. A leader limited to some units sees the links of those units.")]
    [Tags("Kiosk")]
    [ProducesResponseType(typeof(IReadOnlyList<KioskLinkListItem>), 200)]
    [ProblemResponses(400, 401, 404)]
    public static Task ListKioskLinksFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/kiosk-links")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, ListAsync);

    internal static async Task<IResult> ListAsync(string roundId, HttpContext http, AccessPolicy access, KioskLinkStore links)
    {
        var scope = await access.RequireRoundAsync(http, roundId);
        var list = await links.ListForRoundAsync(roundId, http.RequestAborted);
        return Results.Ok(Visible(list, scope.Membership).Select(l => new KioskLinkListItem(l.Id, l.Name, l.Unit, l.CreatedAt, l.Revoked)));
    }

    /// <summary>What the member may see: every link, or for a leader limited to some units the links of those units.</summary>
    public static IEnumerable<KioskLinkSummary> Visible(IEnumerable<KioskLinkSummary> links, Membership? membership) =>
        membership?.Units is { Count: > 0 } units
            ? links.Where(l => l.Unit is not null && units.Contains(l.Unit, StringComparer.OrdinalIgnoreCase))
            : links;
}
