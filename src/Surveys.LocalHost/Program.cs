// A local Functions host: runs the isolated worker in --app <dir> (default: the build of
// src/Surveys.Functions) with AzureWebJobsStorage from the environment. See README.md.
using Surveys.LocalHost;

WebApplication app;
try { app = LocalHostApp.Build(args); }
catch (InvalidOperationException e)
{
    // A setting or the app is missing: say which, without a stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
await app.RunAsync();
return 0;
