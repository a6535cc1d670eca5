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

namespace Surveys.Functions;

/// <summary>Every registration of the app, in one place: the worker's Program.cs calls it, and so do tests that
/// call function implementations directly.</summary>
public static class SurveysRegistration
{
    public static IHostApplicationBuilder AddSurveys(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Storage: tables and queues on AzureWebJobsStorage (Azurite locally)
        services.AddAppStorage(builder.Configuration);
        // Catalog: organisations, surveys, rounds; what the kiosk reads on every request kept in memory for a stated time
        services.AddOptions<CatalogCacheOptions>().BindConfiguration(CatalogCacheOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<CatalogCacheOptions>, CatalogCacheOptionsValidator>();
        services.AddSingleton<CatalogCache>();
        services.AddSingleton<Surveys.Functions.Pages.PageRenderer>();
        services.AddSingleton<Surveys.Functions.Kiosk.KioskDocuments>();
        services.AddSingleton<CatalogStore>();

        // Access: members, one-time sign-in links, sessions, the bootstrap admin key, authorisation
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value);
        services.AddSingleton<MemberStore>();
        services.AddSingleton<SignInStore>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<AccessPolicy>();
        services.AddScoped<SignInLinks>();
        // Asking for a link only queues it (the same work for every address); SendSignInLink looks the address up
        services.AddSingleton<SignInRequestQueue>();
        services.AddQueueFunction<SendSignInLink>();
        services.AddSingleton<SignInLimits>();
        // Where people reach the app: links only from Surveys:PublicBaseUrl (required in Production), and only its host answered
        services.AddOptions<PublicOriginOptions>().BindConfiguration(PublicOriginOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PublicOriginOptions>, PublicOriginValidator>();
        services.AddSingleton<PublicOrigin>();

        // Kiosk and responses: take answers in, store once, queue for folding
        services.AddSingleton<KioskLinkStore>();
        services.AddSingleton<ResponseStore>();
        services.AddSingleton<ResponseQueue>();
        services.AddScoped<ResponseIntake>();
        services.AddOptions<KioskOptions>().BindConfiguration(KioskOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Aggregation: fold each response into its round's counts exactly once (a round's waiting folds written together, ADR 15)
        services.AddSingleton<AggregateStore>();
        services.AddQueueFunction<FoldResponse>();
        services.AddTimerFunction<RequeueUnfoldedResponses>();

        // Review: before/after comparisons and trends, recomputed after folds (once per queued recompute, ADR 15) and stored for one-lookup reads
        services.AddOptions<AnonymityOptions>().BindConfiguration(AnonymityOptions.Section)
            .Validate(o => o.MinimumGroupSize >= 3, "Surveys:Anonymity:MinimumGroupSize can never be below 3.").ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnonymityOptions>>().Value);
        services.AddSingleton<ComparisonStore>();
        services.AddSingleton<ComparisonQueue>();
        services.AddScoped<ComparisonService>();
        services.AddQueueFunction<RecomputeComparisons>();

        // Improvement actions: made from the weakest items or from scratch, followed up by leaders (issue 5)
        services.AddSingleton<Surveys.Functions.Actions.ActionStore>();
        services.AddScoped<Surveys.Functions.Actions.ActionService>();

        // Digests: a timer e-mails each organisation's summary to the recipients who want it (issue 5)
        services.AddOptions<Surveys.Functions.Digests.DigestOptions>().BindConfiguration(Surveys.Functions.Digests.DigestOptions.Section)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Surveys:Digests:TimeZone is not a time zone this machine knows (e.g. Europe/Oslo).").ValidateOnStart();
        // Timers that mean a Norwegian wall-clock time fire hourly in UTC and decide in code whether it is their time (issue 12)
        services.AddOptions<Surveys.Functions.Scheduling.ScheduleOptions>().BindConfiguration(Surveys.Functions.Scheduling.ScheduleOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Surveys.Functions.Scheduling.ScheduleOptions>, Surveys.Functions.Scheduling.ScheduleOptionsValidator>();
        services.AddSingleton<Surveys.Functions.Scheduling.LocalSchedule>();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Surveys.Functions.Digests.DigestOptions>>().Value);
        services.AddSingleton<Surveys.Functions.Digests.DigestStore>();
        services.AddScoped<Surveys.Functions.Digests.DigestComposer>();
        services.AddScoped<Surveys.Functions.Digests.DigestSender>();
        services.AddScoped<Surveys.Functions.Digests.EvaluationReminders>();
        services.AddTimerFunction<Surveys.Functions.Digests.SendDigests>();
        services.AddTimerFunction<Surveys.Functions.Digests.SendDailyDigests>();

        // Alerts: when many answer with the two lowest faces within a window, the survey's leaders get one e-mail (issue 15, ADR 20)
        services.AddOptions<Surveys.Functions.Alerts.AlertOptions>().BindConfiguration(Surveys.Functions.Alerts.AlertOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Surveys.Functions.Alerts.AlertOptions>, Surveys.Functions.Alerts.AlertOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Surveys.Functions.Alerts.AlertOptions>>().Value);
        services.AddSingleton<Surveys.Functions.Alerts.AlertSnapshotStore>();
        services.AddScoped<Surveys.Functions.Alerts.RoundAlerts>();
        services.AddTimerFunction<Surveys.Functions.Alerts.SendRoundAlerts>();

        // Partners: grants to occupational-health services, partner users and tokens, the audit log (issue 6)
        services.AddSingleton<Surveys.Functions.Partners.GrantStore>();
        services.AddSingleton<Surveys.Functions.Audit.AuditLog>();
        services.AddScoped<Surveys.Functions.Partners.ExportAccess>();
        services.AddSingleton<Surveys.Functions.Partners.PartnerStore>();
        services.AddSingleton<Surveys.Functions.Partners.PartnerTokenStore>();

        // Exports: anonymous results and answers as CSV, JSON or XLSX, streamed; scheduled delivery (issue 6)
        services.AddScoped<Surveys.Functions.Exports.ExportService>();
        services.AddOptions<Surveys.Functions.Exports.ExportDeliveryOptions>().BindConfiguration(Surveys.Functions.Exports.ExportDeliveryOptions.Section);
        services.AddSingleton<Surveys.Functions.Exports.ExportLinkStore>();
        services.AddSingleton<Surveys.Functions.Exports.DeliveryStore>();
        services.AddTimerFunction<Surveys.Functions.Exports.DeliverExports>();
        // …and, while a round is open, a weekly participation e-mail (counts and rate only) to the same recipients (users.md O-05)
        services.AddTimerFunction<Surveys.Functions.Partners.SendPartnerParticipation>();

        // E-mail: queued by features, sent once per idempotency key (SendGrid, or an outbox folder locally)
        builder.AddEmail();

        // Errors: ProblemDetails in one place, bokmål first (Api/ProblemDetailsWorkerMiddleware hands exceptions to the handler)
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        // Demo organisation for local runs (scripts/run.sh)
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddHostedService<DemoSeeder>();

        return builder;
    }
}
