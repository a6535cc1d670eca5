using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;
using Surveys.Functions.Tests.Infrastructure;

namespace Surveys.Functions.Tests.Hosting;

/// <summary>
/// The functions are declared once, by attributes; the Worker SDK writes them to functions.metadata, and that is
/// what a Functions host loads (Azure's, func, or src/Surveys.LocalHost). These tests hold the build, the host, the
/// app settings and the public contract (names and paths) together.
/// </summary>
public sealed class FunctionsMetadataTests(FunctionsMetadataTests.App app) : IClassFixture<FunctionsMetadataTests.App>
{
    public sealed class App() : SurveysAppFixture(runTriggers: false);

    /// <summary>The public contract: every function name other tools, scripts and alerts rely on. Renaming one is a breaking change.</summary>
    internal static readonly string[] Names =
    [
        "ActionPage", "ActionsPage", "AddActionNote", "AddMember", "AddPartnerMember", "AuditLogPage", "CompleteSignIn", "ConfirmSignInPage",
        "CreateAction", "CreateGrant", "CreateKioskLink", "CreateOrganisation", "CreatePartner", "CreatePartnerToken", "CreateRound",
        "CreateSurvey", "DeliverExports", "DownloadExport", "EnterPaperResponse", "ExportDownloadPage", "ExportSurvey", "FoldResponse",
        "GetAction", "GetComparison", "GetDigestSettings", "GetDigestSubscription", "GetKioskSurvey", "GetOrganisation", "GetTrend",
        "ImportResponses", "KioskPage", "LeaderHomePage", "ListActions", "ListAuditLog", "ListGrants", "ListPartnerGrants",
        "ListPartnerTokens", "ListRounds", "ListSurveys", "Me", "NewActionPage", "NewSurveyPage", "OpenApiDocument", "PaperEntryPage", "PartnerHomePage",
        "RecomputeComparisons", "RemovePartnerMember", "RequestSignInLink", "RequestSignInLinkForm", "RequeueUnfoldedResponses",
        "ResultsPage", "RevokeGrant", "RevokeKioskLink", "RevokePartnerToken", "SendDailyDigests", "SendDigests", "SendEmail",
        "SendPartnerParticipation", "SendSignInLink", "SetDigestSettings", "SetDigestSubscription", "SignInPage", "SignOut", "SubmitResponse",
        "SurveySetupPage", "Unsubscribe", "UnsubscribePage", "UpdateAction", "UpdateRound",
        // Issue 15, set-up pages for kiosk links, people, partners and the digest, and the APIs they needed.
        "ChangeMember", "DigestSetupPage", "KioskLinksPage", "KioskPosterPage", "ListKioskLinks", "ListMembers", "PartnersSetupPage",
        "PeoplePage", "RemoveMember",
    ];

    [Fact]
    public void TheBuildDeclares_ExactlyTheAppsFunctions_UnderTheirPublicNames()
    {
        Assert.Equal(Names.Order(StringComparer.Ordinal), FunctionsMetadata.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(69, FunctionsMetadata.Http.Count());
        Assert.Equal(["FoldResponse", "RecomputeComparisons", "SendEmail", "SendSignInLink"],
            FunctionsMetadata.Functions.Where(f => f.Trigger == "queueTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["DeliverExports", "RequeueUnfoldedResponses", "SendDailyDigests", "SendDigests", "SendPartnerParticipation"],
            FunctionsMetadata.Functions.Where(f => f.Trigger == "timerTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheLocalHost_LoadedExactlyWhatFunctionsMetadataDeclares()
    {
        var loaded = (await app.Factory.LoadedFunctionsAsync()).Select(f =>
        {
            var trigger = f!["config"]!["bindings"]!.AsArray().Single(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))!;
            return new DeclaredFunction((string)f["name"]!, (string)trigger["type"]!, (string?)trigger["route"],
                trigger["methods"]?.AsArray().Select(m => ((string)m!).ToUpperInvariant()).ToList() ?? [],
                (string?)trigger["queueName"], (string?)trigger["schedule"]);
        }).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var declared = FunctionsMetadata.Functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(declared.Count, loaded.Count);
        foreach (var (d, l) in declared.Zip(loaded))
        {
            Assert.Equal(d.Name, l.Name);
            Assert.Equal(d.Trigger, l.Trigger, ignoreCase: true);
            Assert.Equal(d.Route, l.Route);
            Assert.Equal(d.Methods, l.Methods);
            Assert.Equal(d.Queue, l.Queue);
            Assert.Equal(d.Schedule, l.Schedule);
        }
    }

    [Fact]
    public void EveryRoute_IsRelative_WithoutLeadingSlash_AndNoTwoFunctionsShareAMethodAndRoute()
    {
        // A leading '/' builds, then stops the worker at load ("separator '/' cannot appear consecutively"): every function down.
        Assert.All(FunctionsMetadata.Http, f => Assert.False(f.Route is null || f.Route.StartsWith('/'), $"{f.Name}: route '{f.Route}'"));
        var pairs = FunctionsMetadata.Http.SelectMany(f => f.Methods.Select(m => $"{m} {Regex.Replace(f.Route!, @"\{\w+\}", "{}")}")).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        // host.json's routePrefix "" keeps the public paths as they were (/api/..., /k/{token}, /logg-inn).
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "host.json")))!;
        Assert.Equal("", (string?)host["extensions"]!["http"]!["routePrefix"]);
    }

    [Fact]
    public void EverySettingATriggerNames_IsDefined_InLocalSettingsExample_AndInTheBicepAppSettings()
    {
        var settings = FunctionsMetadata.Functions.SelectMany(f => new[] { f.Queue, f.Schedule })
            .OfType<string>().SelectMany(v => Regex.Matches(v, "%([^%]+)%").Select(m => m.Groups[1].Value)).Distinct().Order().ToList();
        Assert.Equal(["ComparisonsQueue", "DailyDigestSchedule", "DigestSchedule", "EmailsQueue", "ExportDeliverySchedule",
            "PartnerParticipationSchedule", "RequeueSchedule", "ResponsesQueue", "SignInRequestsQueue"], settings);

        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "src", "Surveys.Functions", "local.settings.json.example")))!["Values"]!;
        var bicep = File.ReadAllText(Path.Combine(RepoRoot.Path, "infra", "main.bicep"));
        foreach (var name in settings)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)example[name]), $"{name} is not in local.settings.json.example");
            Assert.Matches(new Regex($@"^\s*{name}:\s*'[^']+'", RegexOptions.Multiline), bicep);
        }
        Assert.Equal("dotnet-isolated", (string?)example["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Theory]
    [InlineData("SendDigests")]
    [InlineData("SendDailyDigests")]
    [InlineData("DeliverExports")]
    [InlineData("SendPartnerParticipation")]
    [InlineData("RequeueUnfoldedResponses")]
    public async Task EveryTimer_RunsToSuccessInTheWorker_WhenRunThroughTheAdminApi(string timer)
    {
        Assert.Null(await app.Factory.RunFunctionAndWaitAsync(timer));
    }

    [Fact]
    public async Task AQueueFunctionRunThroughTheAdminApi_GetsTheInputAsItsMessage_AndAFailureIsReportedAsOne()
    {
        // The queue functions are disabled in this app (runTriggers: false), so the admin API refuses them…
        Assert.Contains("404", (await Assert.ThrowsAsync<InvalidOperationException>(() => app.Factory.RunFunctionAsync("FoldResponse"))).Message);

        // …and in an app that runs them, a message for a response that is not stored fails (and would be retried by the queue).
        await using var running = new SurveysApp();
        var round = await Seed.RoundAsync(running);
        var ghost = new ResponseMessage(round.OrganisationId, round.SurveyId, round.RoundId, Guid.NewGuid()).ToJson();
        Assert.Contains("is not stored", await running.RunFunctionAndWaitAsync("FoldResponse", ghost));
        Assert.Null(await running.Get<AggregateStore>().GetAsync(round.RoundId, default));
    }
}
