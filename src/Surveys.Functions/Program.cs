var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// Readiness and status ping for the Functions host: cheap, no dependencies.
app.MapGet("/", () => Results.Ok(new { service = "Surveys", status = "ok" }));

app.Run();

/// <summary>Entry point, visible to the host-level tests.</summary>
public partial class Program;
