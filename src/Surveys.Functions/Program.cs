using Microsoft.Azure.Functions.Worker.Builder;
using Surveys.Functions;
using Surveys.Functions.Access;
using Surveys.Functions.Api;

// The isolated worker. A Functions host starts this process: Azure's, `func start`, or src/Surveys.LocalHost.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// Registered after the ASP.NET Core integration, so it runs inside it with the HttpContext at hand: a function's
// exception becomes a ProblemDetails here (ASP.NET Core's UseExceptionHandler never sees it).
builder.UseMiddleware<ProblemDetailsWorkerMiddleware>();
// Inside it: a request for a host other than Surveys:PublicBaseUrl's is a 400 ProblemDetails (what AllowedHosts would do).
builder.UseMiddleware<HostCheckWorkerMiddleware>();
// Then: an unsafe request that a cookie would authorise and that comes from another site is refused before its
// function runs (ADR 5, «Cross-site requests»).
builder.UseMiddleware<CrossSiteRequestWorkerMiddleware>();
builder.AddSurveys();
builder.Build().Run();
