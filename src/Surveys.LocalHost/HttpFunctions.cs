using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;
using Surveys.LocalHost.Rpc;
using Yarp.ReverseProxy.Forwarder;

namespace Surveys.LocalHost;

/// <summary>
/// The HTTP functions as routing endpoints, built as the worker builds its own
/// (<c>{routePrefix}/{route}</c>, the same route patterns and methods), so a request is matched
/// here exactly when the worker will route it. Disabled functions get no endpoint (404).
/// </summary>
public sealed class HttpFunctionEndpoints(HostSettings settings, HttpForwarding forwarding) : EndpointDataSource
{
    private IReadOnlyList<Endpoint> _endpoints = [];
    private CancellationTokenSource _changed = new();

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints;
    public override IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Update(FunctionCatalog catalog)
    {
        _endpoints = catalog.All.Where(f => f.IsHttp && !f.IsDisabled).Select(f =>
        {
            var builder = new RouteEndpointBuilder(context => forwarding.ForwardAsync(context, f.Name),
                RoutePatternFactory.Parse($"{settings.RoutePrefix}/{f.Route}"), order: 0) { DisplayName = f.Name };
            builder.Metadata.Add(new HttpMethodMetadata(f.Methods));
            builder.Metadata.Add(f);
            return builder.Build();
        }).ToList();
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        previous.Cancel();
    }
}

/// <summary>
/// Forwards a matched request to the worker's ASP.NET Core listener with YARP, as the real host
/// does, alongside the InvocationRequest that tells the worker which function and route values.
/// </summary>
public sealed class HttpForwarding(WorkerSupervisor supervisor, HostSettings settings, IHttpForwarder forwarder, ILogger<HttpForwarding> logger)
{
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(240) };
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public async Task ForwardAsync(HttpContext context, string functionName)
    {
        var worker = await supervisor.WaitForWorkerAsync(settings.StartupWait, context.RequestAborted);
        var function = worker?.Functions.Find(functionName);
        if (worker?.HttpUri is null || function is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            return;
        }

        var request = Invoker.NewRequest(function, new TypedData { Http = new RpcHttp() });
        foreach (var (key, value) in context.Request.RouteValues)
            if (Convert.ToString(value, CultureInfo.InvariantCulture) is { } text)
                request.TriggerMetadata[key] = new TypedData { String = text };
        context.Request.Headers["x-ms-invocation-id"] = request.InvocationId;

        var invocation = Invoker.StartAsync(worker, request, Invoker.InvocationTimeout, context.RequestAborted);
        var error = await forwarder.SendAsync(context, worker.HttpUri.ToString(), _client, RequestConfig, new FailureTransformer(invocation));

        if (error != ForwarderError.None)
        {
            // The worker never got the request: tell it to stop waiting for it (else it waits 15 s).
            try { await worker.Channel.SendAsync(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } }, CancellationToken.None); }
            catch (WorkerUnavailableException) { }
        }
        StatusResult? result = null;
        try { result = await invocation.WaitAsync(error == ForwarderError.None ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(1)); }
        catch (Exception e) when (e is WorkerUnavailableException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("{Function} ({InvocationId}) got no answer: {Reason}", function.Name, request.InvocationId, e.Message);
        }
        if (result?.Status == StatusResult.Types.Status.Success && error == ForwarderError.None) return;
        logger.LogWarning("{Function} ({InvocationId}) failed: {Forwarding} {ExceptionType}: {ExceptionMessage}", function.Name,
            request.InvocationId, error, result?.Exception?.Type, result?.Exception?.Message);
        if (!context.Response.HasStarted) context.Response.StatusCode = StatusCodes.Status500InternalServerError;
    }

    /// <summary>
    /// A throwing function gets 200 with an empty body from the worker; only the InvocationResponse
    /// says Failure. Before the worker's response is copied, wait briefly for that answer and turn
    /// a failure into a 500. A function still running by then streams its response as it comes.
    /// </summary>
    private sealed class FailureTransformer(Task<StatusResult> invocation) : HttpTransformer
    {
        private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            await Task.WhenAny(invocation, Task.Delay(Grace, cancellationToken));
            if (invocation is { IsCompletedSuccessfully: true, Result.Status: not StatusResult.Types.Status.Success } || invocation.IsFaulted)
            {
                httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return false;
            }
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken) =>
            Default.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
    }
}
