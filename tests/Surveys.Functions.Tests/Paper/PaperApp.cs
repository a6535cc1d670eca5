using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Surveys.Functions.Access;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Model;

namespace Surveys.Functions.Tests.Paper;

/// <summary>The app with a bootstrap admin key, and the callers paper entry is tried with: a signed-in
/// leader (session cookie), the platform admin (bearer key) and nobody.</summary>
public sealed class PaperApp() : SurveysAppFixture(settings: new() { ["Surveys:BootstrapAdminKey"] = AdminKey })
{
    public const string AdminKey = "paper-tests-admin-key-0123456789ab";

    /// <summary>A signed-in leader of the organisation (optionally limited to units): a client sending their session cookie.</summary>
    public async Task<HttpClient> LeaderAsync(string organisationId, IReadOnlyList<string>? units = null)
    {
        var email = $"leder-{Guid.NewGuid():N}@example.no";
        var member = await Factory.Get<MemberStore>().GrantAsync(email, "Leder Testesen", organisationId, new Membership(OrganisationRole.Leader, units), default);
        var session = await Factory.Get<SignInStore>().StartSessionAsync(member.Id, default);
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", $"{CallerResolver.SessionCookie}={session}");
        return client.FromOwnPages(Factory);
    }

    public HttpClient Admin()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    public async Task<List<StoredResponse>> StoredAsync(string roundId)
    {
        var list = new List<StoredResponse>();
        await foreach (var r in Factory.Get<ResponseStore>().ListAsync(roundId, default)) list.Add(r);
        return list;
    }

    public Task<RoundAggregate?> AggregateAsync(string roundId) => Factory.Get<AggregateStore>().GetAsync(roundId, default);

    public Task<RoundAggregate?> FoldedAsync(string roundId, int respondents) =>
        Eventually.Until(() => AggregateAsync(roundId), a => a?.Respondents >= respondents,
            TimeSpan.FromSeconds(30 + respondents / 4), // a burst folds at tens per second on a busy 2-core machine
            what: $"{respondents} responses folded");

    public async Task WaitForQueueToDrainAsync()
    {
        var queue = Factory.Get<AppStorage>().Queue(Factory.ResponsesQueue);
        await Eventually.Until(async () => await queue.CountAsync() == 0, what: "the responses queue to drain");
    }
}
