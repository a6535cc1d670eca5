using Surveys.Functions.Access;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Demo;
using Surveys.Functions.Email;
using Surveys.Functions.Exports;
using Surveys.Functions.Hosting;
using Surveys.Functions.Kiosk;
using Surveys.Functions.Pages;
using Surveys.Functions.Paper;
using Surveys.Functions.Responses;
using Surveys.Functions.Review;
using Surveys.Functions.Storage;

var builder = WebApplication.CreateBuilder(args);

// Hosting: custom handler under the Functions host, or the local trigger runner without it
builder.AddFunctionsHosting();

// Storage: tables and queues on AzureWebJobsStorage (Azurite locally)
builder.Services.AddAppStorage(builder.Configuration);
builder.Services.AddSingleton<CatalogStore>();

// Access: members, one-time sign-in links, sessions, the bootstrap admin key, authorisation
builder.Services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value);
builder.Services.AddSingleton<MemberStore>();
builder.Services.AddSingleton<SignInStore>();
builder.Services.AddSingleton<CallerResolver>();
builder.Services.AddSingleton<AccessPolicy>();
builder.Services.AddScoped<SignInLinks>();

// Kiosk and responses: take answers in, store once, queue for folding
builder.Services.AddSingleton<KioskLinkStore>();
builder.Services.AddSingleton<ResponseStore>();
builder.Services.AddSingleton<ResponseQueue>();
builder.Services.AddScoped<ResponseIntake>();
builder.Services.AddOptions<KioskOptions>().BindConfiguration(KioskOptions.Section).ValidateDataAnnotations().ValidateOnStart();

// Aggregation: fold each response into its round's counts exactly once
builder.Services.AddSingleton<AggregateStore>();
builder.Services.AddQueueFunction<FoldResponse>("FoldResponse");
builder.Services.AddTimerFunction<RequeueUnfoldedResponses>("RequeueUnfoldedResponses");

// Review: before/after comparisons and trends, recomputed after each fold and stored for one-lookup reads
builder.Services.AddOptions<AnonymityOptions>().BindConfiguration(AnonymityOptions.Section)
    .Validate(o => o.MinimumGroupSize >= 3, "Surveys:Anonymity:MinimumGroupSize can never be below 3.").ValidateOnStart();
builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnonymityOptions>>().Value);
builder.Services.AddSingleton<ComparisonStore>();
builder.Services.AddSingleton<ComparisonQueue>();
builder.Services.AddScoped<ComparisonService>();
builder.Services.AddQueueFunction<RecomputeComparisons>("RecomputeComparisons");

// Improvement actions: made from the weakest items or from scratch, followed up by leaders (issue 5)
builder.Services.AddSingleton<Surveys.Functions.Actions.ActionStore>();
builder.Services.AddScoped<Surveys.Functions.Actions.ActionService>();

// Digests: a timer e-mails each organisation's summary to the recipients who want it (issue 5)
builder.Services.AddOptions<Surveys.Functions.Digests.DigestOptions>().BindConfiguration(Surveys.Functions.Digests.DigestOptions.Section)
    .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Surveys:Digests:TimeZone is not a time zone this machine knows (e.g. Europe/Oslo).").ValidateOnStart();
// Timers that mean a Norwegian wall-clock time fire hourly in UTC and decide in code whether it is their time (issue 12)
builder.Services.AddOptions<Surveys.Functions.Scheduling.ScheduleOptions>().BindConfiguration(Surveys.Functions.Scheduling.ScheduleOptions.Section).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Surveys.Functions.Scheduling.ScheduleOptions>, Surveys.Functions.Scheduling.ScheduleOptionsValidator>();
builder.Services.AddSingleton<Surveys.Functions.Scheduling.LocalSchedule>();
builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Surveys.Functions.Digests.DigestOptions>>().Value);
builder.Services.AddSingleton<Surveys.Functions.Digests.DigestStore>();
builder.Services.AddScoped<Surveys.Functions.Digests.DigestComposer>();
builder.Services.AddScoped<Surveys.Functions.Digests.DigestSender>();
builder.Services.AddScoped<Surveys.Functions.Digests.EvaluationReminders>();
builder.Services.AddTimerFunction<Surveys.Functions.Digests.SendDigests>("SendDigests");
builder.Services.AddTimerFunction<Surveys.Functions.Digests.SendDailyDigests>("SendDailyDigests");

// Partners: grants to occupational-health services, partner users and tokens, the audit log (issue 6)
builder.Services.AddSingleton<Surveys.Functions.Partners.GrantStore>();
builder.Services.AddSingleton<Surveys.Functions.Audit.AuditLog>();
builder.Services.AddScoped<Surveys.Functions.Partners.ExportAccess>();
builder.Services.AddSingleton<Surveys.Functions.Partners.PartnerStore>();
builder.Services.AddSingleton<Surveys.Functions.Partners.PartnerTokenStore>();

// Exports: anonymous results and answers as CSV, JSON or XLSX, streamed; scheduled delivery (issue 6)
builder.Services.AddScoped<Surveys.Functions.Exports.ExportService>();
builder.Services.AddOptions<Surveys.Functions.Exports.ExportDeliveryOptions>().BindConfiguration(Surveys.Functions.Exports.ExportDeliveryOptions.Section);
builder.Services.AddSingleton<Surveys.Functions.Exports.ExportLinkStore>();
builder.Services.AddSingleton<Surveys.Functions.Exports.DeliveryStore>();
builder.Services.AddTimerFunction<Surveys.Functions.Exports.DeliverExports>("DeliverExports");
// …and, while a round is open, a weekly participation e-mail (counts and rate only) to the same recipients (users.md O-05)
builder.Services.AddTimerFunction<Surveys.Functions.Partners.SendPartnerParticipation>("SendPartnerParticipation");

// E-mail: queued by features, sent once per idempotency key (SendGrid, or an outbox folder locally)
builder.AddEmail();

// Errors: ProblemDetails in one place, bokmål first
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

// Demo organisation for local runs (scripts/run.sh)
builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
builder.Services.AddHostedService<DemoSeeder>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

// Readiness and status ping for the Functions host: cheap, no dependencies.
app.MapGet("/", () => Results.Ok(new { service = "Surveys", status = "ok" })).ExcludeFromDescription();

app.MapKiosk();
app.MapKioskPage();
app.MapCatalog();
app.MapPaper(); // paper forms typed in by staff, and CSV import (users.md P-17)
app.MapReview();
app.MapSignIn();
app.MapLeaderHome();
app.MapResultsPage();
// issue 5: actions (pages and API), digests (unsubscribe page)
Surveys.Functions.Actions.ActionsApi.MapActions(app);
Surveys.Functions.Actions.ActionPages.MapActionPages(app);
Surveys.Functions.Digests.DigestApi.MapDigests(app);

// issue 6: partners, grants, tokens, audit log; exports and download links
Surveys.Functions.Exports.ExportDownloadApi.MapExportDownloads(app);
Surveys.Functions.Partners.PartnersApi.MapPartners(app);
Surveys.Functions.Audit.AuditApi.MapAudit(app);
Surveys.Functions.Audit.AuditPage.MapAuditPage(app);
Surveys.Functions.Partners.PartnerPage.MapPartnerPage(app);
app.MapExports(); // exports: GET /api/surveys/{surveyId}/export

app.MapOpenApiDocument();
app.MapFunctionsHosting();

app.Run();

/// <summary>Entry point, visible to the host-level tests.</summary>
public partial class Program;
