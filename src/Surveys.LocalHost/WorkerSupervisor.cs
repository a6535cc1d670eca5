using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Surveys.LocalHost.Rpc;

namespace Surveys.LocalHost;

/// <summary>A started, loaded worker: its stream, its functions and its ASP.NET Core listener.</summary>
public sealed record Worker(WorkerChannel Channel, FunctionCatalog Functions, Uri? HttpUri, int ProcessId);

/// <summary>
/// Starts the worker process, serves its gRPC stream, does the handshake and loads its functions,
/// and restarts it when it dies. The worker is killed on every way out.
/// </summary>
public sealed class WorkerSupervisor(HostSettings settings, ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);
    private readonly ILogger _logger = loggers.CreateLogger<WorkerSupervisor>();
    private readonly Lock _lock = new();
    private TaskCompletionSource<Worker> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (string Id, TaskCompletionSource<WorkerChannel> Channel)? _expected;
    private WebApplication? _grpc;
    private Process? _process;

    /// <summary>Raised each time a worker has loaded its functions (first start and every restart).</summary>
    public event Action<FunctionCatalog>? Loaded;

    public FunctionCatalog? Functions { get; private set; }
    public Worker? Current { get; private set; }

    /// <summary>The running worker, waiting up to <paramref name="timeout"/> for one; null if none came.</summary>
    public async Task<Worker?> WaitForWorkerAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task<Worker> ready;
        lock (_lock) ready = _ready.Task;
        try { return await ready.WaitAsync(timeout, cancellationToken); }
        catch (TimeoutException) { return null; }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        StaleWorkers.Clean(_logger);
        var port = await StartGrpcServerAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            try { await RunWorkerAsync(port, stoppingToken); }
            catch (Exception e)
            {
                if (stoppingToken.IsCancellationRequested) break;
                _logger.LogError(e, "The worker failed: {Reason}", e.Message);
            }
            if (stoppingToken.IsCancellationRequested) break;
            failures = started.Elapsed > TimeSpan.FromMinutes(1) ? 0 : failures + 1;
            var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, failures - 1)));
            _logger.LogWarning("Restarting the worker in {Delay} ms", (int)delay.TotalMilliseconds);
            await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task RunWorkerAsync(int port, CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        var workerId = Guid.NewGuid().ToString();
        var connected = new TaskCompletionSource<WorkerChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock) _expected = (workerId, connected);
        using var process = StartProcess(port, workerId);
        try
        {
            var exited = process.WaitForExitAsync(stoppingToken);
            var first = await Task.WhenAny(connected.Task, exited, Task.Delay(AnswerTimeout, stoppingToken));
            if (first != connected.Task) throw new WorkerUnavailableException(process.HasExited
                ? $"The worker exited with code {process.ExitCode} before it connected." : "The worker did not connect.");
            var channel = connected.Task.Result;
            var connectedMs = clock.ElapsedMilliseconds;

            var init = await channel.RequestAsync(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                WorkerInitRequest = new WorkerInitRequest
                {
                    HostVersion = "4.0.0",
                    WorkerDirectory = settings.AppDirectory,
                    FunctionAppDirectory = settings.AppDirectory,
                },
            }, AnswerTimeout, stoppingToken);
            EnsureSuccess(init.WorkerInitResponse.Result, "initialise");
            Uri? httpUri = init.WorkerInitResponse.Capabilities.TryGetValue("HttpUri", out var uri) ? new Uri(uri) : null;

            var metadata = await channel.RequestAsync(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = settings.AppDirectory },
            }, AnswerTimeout, stoppingToken);
            EnsureSuccess(metadata.FunctionMetadataResponse.Result, "index its functions");
            var metadataMs = clock.ElapsedMilliseconds;
            var functions = metadata.FunctionMetadataResponse.FunctionMetadataResults.Select(Describe).OfType<FunctionInfo>().ToList();

            // One FunctionLoadRequest per function: the worker ignores the collection message.
            var loads = await Task.WhenAll(functions.Select(async f =>
            {
                var answer = await channel.RequestAsync(new StreamingMessage
                {
                    RequestId = Guid.NewGuid().ToString(),
                    FunctionLoadRequest = new FunctionLoadRequest { FunctionId = f.FunctionId, Metadata = f.Metadata },
                }, AnswerTimeout, stoppingToken);
                if (answer.FunctionLoadResponse.Result.Status == StatusResult.Types.Status.Success) return f;
                _logger.LogError("The worker could not load {Function}: {Reason}", f.Name, answer.FunctionLoadResponse.Result.Exception?.Message);
                return null;
            }));
            var catalog = new FunctionCatalog(loads.OfType<FunctionInfo>());
            var loadedMs = clock.ElapsedMilliseconds;
            if (httpUri is not null) await WaitForListenerAsync(httpUri, stoppingToken);

            // Routes and triggers first, so that "Running" means everything is in place.
            Functions = catalog;
            Loaded?.Invoke(catalog);
            var worker = new Worker(channel, catalog, httpUri, process.Id);
            lock (_lock)
            {
                Current = worker;
                _ready.TrySetResult(worker);
            }
            _logger.LogInformation("Worker {ProcessId} loaded {Count} functions in {Elapsed} ms (connected {ConnectedMs} ms, metadata {MetadataMs} ms, loaded {LoadedMs} ms after start): {Functions}",
                process.Id, catalog.All.Count, clock.ElapsedMilliseconds, connectedMs, metadataMs, loadedMs,
                string.Join(", ", catalog.All.Select(f => f.IsDisabled ? f.Name + " (disabled)" : f.Name)));

            await Task.WhenAny(channel.Completion, exited);
            if (!stoppingToken.IsCancellationRequested)
                _logger.LogError("Worker {ProcessId} stopped (exit code {ExitCode})", process.Id, process.HasExited ? process.ExitCode : null);
        }
        finally
        {
            lock (_lock)
            {
                Current = null;
                if (_ready.Task.IsCompleted) _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _expected = null;
            }
            Kill(process);
        }
    }

    private FunctionInfo? Describe(RpcFunctionMetadata metadata)
    {
        try { return FunctionInfo.From(metadata, settings); }
        catch (Exception e) when (e is InvalidOperationException or JsonException or NullReferenceException)
        {
            _logger.LogError("Function {Function} is left out: {Reason}", metadata.Name, e.Message);
            return null;
        }
    }

    /// <summary>The worker's ASP.NET Core listener may start a little after its loads are answered (seen on restarts here).</summary>
    private static async Task WaitForListenerAsync(Uri httpUri, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + AnswerTimeout;
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(httpUri.Host, httpUri.Port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline) { await Task.Delay(25, cancellationToken); }
        }
    }

    /// <summary>The gRPC endpoint: its own Kestrel on a free loopback port, HTTP/2 only (the worker refuses HTTP/1.1 upgrades).</summary>
    private async Task<int> StartGrpcServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => { o.MaxReceiveMessageSize = null; o.MaxSendMessageSize = null; });
        builder.Services.AddSingleton(this);
        _grpc = builder.Build();
        _grpc.MapGrpcService<FunctionRpcService>();
        await _grpc.StartAsync(cancellationToken);
        var address = _grpc.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address).Port;
    }

    /// <summary>Called by the gRPC service for each stream: the first message names the worker.</summary>
    internal async Task AcceptStreamAsync(IAsyncStreamReader<StreamingMessage> reader, IServerStreamWriter<StreamingMessage> writer, CancellationToken cancellationToken)
    {
        if (!await reader.MoveNext(cancellationToken) || reader.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream) return;
        TaskCompletionSource<WorkerChannel>? waiter;
        lock (_lock) waiter = _expected is { } e && e.Id == reader.Current.StartStream.WorkerId ? e.Channel : null;
        if (waiter is null)
        {
            _logger.LogWarning("Refused a stream from unknown worker {WorkerId}", reader.Current.StartStream.WorkerId);
            return;
        }
        var channel = new WorkerChannel(reader, writer, WorkerLog);
        waiter.TrySetResult(channel);
        await channel.RunAsync(cancellationToken);
    }

    private Process StartProcess(int grpcPort, string workerId)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(settings.AppDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");
        var executable = description.TryGetProperty("defaultExecutablePath", out var x) ? x.GetString()! : "dotnet";
        if (executable == "dotnet") executable = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = settings.AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (description.TryGetProperty("defaultWorkerPath", out var workerPath))
            start.ArgumentList.Add(Path.Combine(settings.AppDirectory, workerPath.GetString()!));
        foreach (var argument in new[]
                 {
                     "--functions-uri", $"http://127.0.0.1:{grpcPort}/", "--functions-worker-id", workerId,
                     "--functions-request-id", Guid.NewGuid().ToString(), "--functions-grpc-max-message-length", "2147483647",
                 })
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in settings.WorkerEnvironment()) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var log = loggers.CreateLogger("Worker.Process");
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) log.LogWarning("{Line}", e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) log.LogDebug("{Line}", e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        lock (_lock) _process = process;
        StaleWorkers.Remember(process);
        _logger.LogInformation("Started worker {ProcessId} for {AppDirectory}", process.Id, settings.AppDirectory);
        return process;
    }

    private void WorkerLog(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        var logger = loggers.CreateLogger("Worker." + (log.Category is { Length: > 0 } c ? c : "Default"));
        if (log.Exception is { } e) logger.Log(level, "{Message} {ExceptionType}: {ExceptionMessage}", log.Message, e.Type, e.Message);
        else logger.Log(level, "{Message}", log.Message);
    }

    private static void EnsureSuccess(StatusResult? result, string what)
    {
        if (result is { Status: not StatusResult.Types.Status.Success })
            throw new WorkerUnavailableException($"The worker could not {what}: {result.Exception?.Message ?? result.Result}");
    }

    private void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(2000);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
        StaleWorkers.Forget(process);
        lock (_lock) if (_process == process) _process = null;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Ask the worker to stop (it takes ~40 ms), then make sure.
        if (Current is { } worker)
            try
            {
                await worker.Channel.SendAsync(new StreamingMessage
                {
                    WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) },
                }, cancellationToken);
            }
            catch (WorkerUnavailableException) { }
        await base.StopAsync(cancellationToken);
        Process? process;
        lock (_lock) process = _process;
        if (process is not null) Kill(process);
        if (_grpc is not null) await _grpc.DisposeAsync();
    }

    public override void Dispose()
    {
        Process? process;
        lock (_lock) process = _process;
        if (process is not null) Kill(process);
        base.Dispose();
    }
}

/// <summary>The gRPC service; each worker stream is handed to the supervisor.</summary>
internal sealed class FunctionRpcService(WorkerSupervisor supervisor) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        supervisor.AcceptStreamAsync(requestStream, responseStream, context.CancellationToken);
}
