using Microsoft.Extensions.DependencyInjection.Extensions;
using Surveys.Functions.Aggregation;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Demo;
using Surveys.Functions.Hosting;
using Surveys.Functions.Kiosk;
using Surveys.Functions.Paper;
using Surveys.Functions.Responses;
using Surveys.Functions.Storage;

var builder = WebApplication.CreateBuilder(args);

// Hosting: custom handler under the Functions host, or the local trigger runner without it
builder.AddFunctionsHosting();

// Storage: tables and queues on AzureWebJobsStorage (Azurite locally)
builder.Services.AddOptions<AppStorageOptions>().BindConfiguration(AppStorageOptions.Section);
builder.Services.AddSingleton(sp => new AppStorage(AppStorage.AccountFrom(sp.GetRequiredService<IConfiguration>()),
    sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AppStorageOptions>>().Value));
builder.Services.AddSingleton<CatalogStore>();

// Kiosk and responses: take answers in, store once, queue for folding
builder.Services.AddSingleton<KioskLinkStore>();
builder.Services.AddSingleton<ResponseStore>();
builder.Services.AddSingleton<ResponseQueue>();
builder.Services.AddScoped<ResponseIntake>();

// Aggregation: fold each response into its round's counts exactly once
builder.Services.AddSingleton<AggregateStore>();
builder.Services.AddQueueFunction<FoldResponse>("FoldResponse");
builder.Services.AddTimerFunction<RequeueUnfoldedResponses>("RequeueUnfoldedResponses");

// Paper forms: staff type in paper forms one at a time or import a CSV file (users.md P-17), signed-in
// members of the round's organisation only. The access services are added only if nothing else has.
builder.Services.AddOptions<Surveys.Functions.Access.AccessOptions>().BindConfiguration(Surveys.Functions.Access.AccessOptions.Section);
builder.Services.TryAddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Surveys.Functions.Access.AccessOptions>>().Value);
builder.Services.TryAddSingleton<Surveys.Functions.Access.SignInStore>();
builder.Services.TryAddSingleton<Surveys.Functions.Access.MemberStore>();
builder.Services.TryAddScoped<Surveys.Functions.Access.CallerResolver>();
builder.Services.TryAddScoped<Surveys.Functions.Access.AccessPolicy>();

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
app.MapPaper();
app.MapFunctionsHosting();

app.Run();

/// <summary>Entry point, visible to the host-level tests.</summary>
public partial class Program;
