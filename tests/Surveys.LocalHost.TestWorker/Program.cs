using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Records what the functions saw, one queue per marker, for the tests to read.
builder.Services.AddSingleton(new QueueServiceClient(
    Environment.GetEnvironmentVariable("AzureWebJobsStorage"),
    new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
builder.Services.AddSingleton<Surveys.LocalHost.TestWorker.Records>();

builder.Build().Run();
