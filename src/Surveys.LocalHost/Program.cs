// A local Functions host: runs the isolated worker in --app <dir> (default: the build of
// src/Surveys.Functions) with AzureWebJobsStorage from the environment. See README.md.
await Surveys.LocalHost.LocalHostApp.Build(args).RunAsync();
