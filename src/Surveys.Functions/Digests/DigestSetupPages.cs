using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Pages;
using Surveys.Pages.Setup.Digest;

namespace Surveys.Functions.Digests;

/// <summary>
/// <c>/leder/sammendrag?org=</c>: the digest e-mail. A leader or admin chooses for themselves (<c>PUT
/// …/digest/subscription</c>); an admin also sees every recipient and keeps the extra addresses (<c>PUT …/digest</c>),
/// through <see cref="DigestApi"/> and so by its rules.
/// </summary>
public static class DigestSetupPages
{
    [Function("DigestSetupPage")]
    public static Task DigestSetupPageFunction([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "leder/sammendrag")] HttpRequest req) =>
        MinimalApiAdapter.RunAsync(req, RenderAsync);

    internal static async Task<IResult> RenderAsync(HttpContext http, AccessPolicy access, CatalogStore catalog, MemberStore members, DigestStore store, PageRenderer pages)
    {
        var (organisation, membership, caller, refusal) = await SetupPages.OrganisationAsync(http, access, catalog, pages, OrganisationRole.Leader, "/leder/sammendrag",
            new("Oppsummering på e-post", "Digest e-mail"), new("Oppsummeringen er for organisasjonens ledere og administratorer.", "The digest is for the organisation's leaders and admins."));
        if (organisation is null) return refusal!;
        var ct = http.RequestAborted;
        var me = caller.UserId is { } id ? await members.GetAsync(id, ct) : null;
        var email = me?.Email ?? caller.Email ?? "";
        var mine = email.Length > 0 ? await store.GetAsync(organisation.Id, DigestStore.KeyOf(email), ct) : null;
        var admin = membership!.Role == OrganisationRole.Admin;
        var all = admin ? (await store.ListAsync(organisation.Id, ct)).Where(r => !r.Removed).ToList() : [];
        static string Code(DigestFrequency f) => f.ToString().ToLowerInvariant();
        var model = new DigestModel(organisation.Id, organisation.Name, email, Code(mine?.Frequency ?? DigestFrequency.Off), admin,
            all.Where(r => r.Kind == RecipientKind.Member).OrderBy(r => r.Email, StringComparer.Ordinal).Select(r => new DigestModel.Recipient(r.Email, r.Name, Code(r.Frequency))).ToList(),
            all.Where(r => r.Kind == RecipientKind.Extra).OrderBy(r => r.Email, StringComparer.Ordinal).Select(r => new DigestModel.Recipient(r.Email, null, Code(r.Frequency))).ToList());
        return await pages.PageAsync<DigestPage, DigestModel>(http, model);
    }
}
