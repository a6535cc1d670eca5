namespace Surveys.LocalHost;

/// <summary>The composition root, shared by <c>Program</c> and the tests (which run it in-process).</summary>
public static class LocalHostApp
{
    /// <param name="values">Settings given in code (tests): seen by the host and set in the worker's environment.</param>
    /// <param name="configure">Last changes before the app is built (tests add a log capture).</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string>? values = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--app"] = "LocalHost:AppDirectory" });

        // Logs: the worker's arrive as Worker.<category>; ASP.NET Core's per-request lines are noise here.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.AddFilter("Worker.Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        // Settings, the worker process and its functions
        builder.Services.AddSingleton(sp => new HostSettings(sp.GetRequiredService<IConfiguration>(), values));
        builder.Services.AddSingleton<WorkerSupervisor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkerSupervisor>());
        builder.Services.AddSingleton<Invoker>();

        // Queue listeners and timers (stopped before the worker: hosted services stop in reverse order)
        builder.Services.AddSingleton<Triggers>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Triggers>());

        // HTTP functions, forwarded to the worker
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<HttpForwarding>();
        builder.Services.AddSingleton<HttpFunctionEndpoints>();
        builder.Services.AddProblemDetails();

        configure?.Invoke(builder);
        var app = builder.Build();
        var settings = app.Services.GetRequiredService<HostSettings>();
        var supervisor = app.Services.GetRequiredService<WorkerSupervisor>();
        var endpoints = app.Services.GetRequiredService<HttpFunctionEndpoints>();
        var triggers = app.Services.GetRequiredService<Triggers>();
        supervisor.Loaded += catalog =>
        {
            endpoints.Update(catalog);
            triggers.Start(catalog);
        };

        // Before the first worker has loaded, no route is known yet: wait for it a bounded time, then 503.
        app.Use(async (context, next) =>
        {
            if (supervisor.Functions is null && !context.Request.Path.StartsWithSegments("/admin")
                && await supervisor.WaitForWorkerAsync(settings.StartupWait, context.RequestAborted) is null)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                return;
            }
            await next(context);
        });
        app.UseRouting();
        // A path whose function takes other methods: routing's 405, but the real host answers 404.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<FunctionInfo>() is null && !context.Request.Path.StartsWithSegments("/admin"))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
        app.MapAdmin();
        ((IEndpointRouteBuilder)app).DataSources.Add(endpoints);
        return app;
    }
}
