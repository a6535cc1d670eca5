using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Surveys.LocalHost.TestWorker;

public sealed class HttpFunctions
{
    [Function("Echo")]
    public static async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "items/{id:int}/{name?}")] HttpRequest req,
        int id, string? name)
    {
        var body = await new StreamReader(req.Body).ReadToEndAsync();
        return new OkObjectResult(new
        {
            id,
            name,
            method = req.Method,
            path = req.Path.Value,
            query = req.Query["q"].ToString(),
            header = req.Headers["x-test"].ToString(),
            host = req.Host.Value,
            body,
        });
    }

    [Function("Hello")]
    public static IResult Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest req) =>
        TypedResults.Text("hello");

    [Function("Boom")]
    public static IActionResult Boom([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "boom")] HttpRequest req) =>
        throw new InvalidOperationException("Boom, as asked.");

    [Function("Slow")]
    public static async Task<IActionResult> Slow([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow/{ms:int}")] HttpRequest req, int ms)
    {
        await Task.Delay(ms);
        return new OkObjectResult(new { slept = ms });
    }

    [Function("Pid")]
    public static IActionResult Pid([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pid")] HttpRequest req) =>
        new OkObjectResult(new { pid = Environment.ProcessId });
}
