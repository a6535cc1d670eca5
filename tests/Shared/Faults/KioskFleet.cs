using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace Surveys.Tests.Shared.Faults;

/// <summary>A round the kiosks answer: its kiosk token and the items they answer (all on a 1–5 scale).</summary>
public sealed record KioskRound(string RoundId, string Token, IReadOnlyList<string> ItemIds);

/// <summary>One answer as a kiosk sent it: its response id, which round (index into the rounds), and the positions given.</summary>
public sealed record SentAnswer(Guid ResponseId, int Round, IReadOnlyDictionary<string, int> Positions);

/// <summary>What the attempts were answered with (every attempt counted once).</summary>
public sealed record AttemptCounts(
    long Accepted, long AlreadyReceived, long Unavailable, long OtherServerErrors, long Timeouts, long ConnectionErrors, long Rejected)
{
    public long Total => Accepted + AlreadyReceived + Unavailable + OtherServerErrors + Timeouts + ConnectionErrors + Rejected;

    public override string ToString() =>
        $"{Total} attempts: {Accepted} × 202, {AlreadyReceived} × 200 already received, {Unavailable} × 503, " +
        $"{OtherServerErrors} × other 5xx, {Timeouts} timed out, {ConnectionErrors} connection errors, {Rejected} rejected (4xx)";
}

/// <summary>
/// Kiosks submitting answers over HTTP at a fixed concurrency, as the kiosk page does: each answer gets a fresh response
/// id and is sent again with the same id after a 503, any other 5xx, a timeout or a connection error, until the app
/// acknowledges it (202 received, or 200 already received). An answer still unacknowledged after
/// <c>giveUpAfter</c> is abandoned and listed, never silently dropped; a 4xx is not retried (it would be a bug here).
/// Answer <c>i</c> goes to round <c>i mod rounds</c>; its positions come from a random generator seeded with <c>i</c>,
/// so a run can be repeated; every item but the first is skipped one time in ten (so per-item counts differ from the
/// number of respondents).
/// </summary>
public sealed class KioskFleet(Uri baseAddress, IReadOnlyList<KioskRound> rounds, TimeSpan giveUpAfter)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<SentAnswer> _acknowledged = new();
    private readonly ConcurrentQueue<(SentAnswer Answer, string Why)> _abandoned = new();
    private long _accepted, _alreadyReceived, _unavailable, _otherServerErrors, _timeouts, _connectionErrors, _rejected;
    private int _next = -1;

    /// <summary>How many answers have been acknowledged so far.</summary>
    public int AcknowledgedCount => _acknowledged.Count;

    public IReadOnlyList<SentAnswer> Acknowledged => [.. _acknowledged];

    /// <summary>Answers the fleet gave up on (not acknowledged in time, or rejected), with the last reason.</summary>
    public IReadOnlyList<(SentAnswer Answer, string Why)> Abandoned => [.. _abandoned];

    public AttemptCounts Attempts => new(Interlocked.Read(ref _accepted), Interlocked.Read(ref _alreadyReceived), Interlocked.Read(ref _unavailable),
        Interlocked.Read(ref _otherServerErrors), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _connectionErrors), Interlocked.Read(ref _rejected));

    /// <summary>The positions answer <paramref name="index"/> gives (deterministic).</summary>
    public SentAnswer Make(int index)
    {
        var random = new Random(index);
        var round = rounds[index % rounds.Count];
        var positions = new Dictionary<string, int>();
        for (var i = 0; i < round.ItemIds.Count; i++)
        {
            var position = 1 + random.Next(5);
            if (i == 0 || random.Next(10) > 0) positions[round.ItemIds[i]] = position;
        }
        return new SentAnswer(Guid.NewGuid(), index % rounds.Count, positions);
    }

    /// <summary>Sends <paramref name="answers"/> answers with <paramref name="concurrency"/> kiosks at once; returns when each is
    /// acknowledged or abandoned.</summary>
    public async Task RunAsync(int answers, int concurrency, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan, // per attempt, below
        };
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var index = Interlocked.Increment(ref _next); index < answers; index = Interlocked.Increment(ref _next))
                await SendUntilAcknowledgedAsync(http, Make(index), cancellationToken);
        }, cancellationToken)));
    }

    private async Task SendUntilAcknowledgedAsync(HttpClient http, SentAnswer answer, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + giveUpAfter;
        var path = $"api/kiosk/{rounds[answer.Round].Token}/responses";
        var body = new { responseId = answer.ResponseId, answers = answer.Positions, language = "nb" };
        var pause = TimeSpan.FromMilliseconds(250);
        string why;
        while (true)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(AttemptTimeout);
            try
            {
                using var response = await http.PostAsJsonAsync(path, body, attempt.Token);
                var status = (int)response.StatusCode;
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref response.StatusCode == HttpStatusCode.Accepted ? ref _accepted : ref _alreadyReceived);
                    _acknowledged.Enqueue(answer);
                    return;
                }
                if (status == 503) Interlocked.Increment(ref _unavailable);
                else if (status >= 500 || status is 408 or 429) Interlocked.Increment(ref _otherServerErrors);
                else
                {
                    Interlocked.Increment(ref _rejected);
                    _abandoned.Enqueue((answer, $"{status}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}"));
                    return;
                }
                why = $"last answered {status}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _timeouts);
                why = $"last attempt timed out after {AttemptTimeout.TotalSeconds} s";
            }
            catch (HttpRequestException e) // refused, reset, closed mid-response: the worker or the host went away
            {
                Interlocked.Increment(ref _connectionErrors);
                why = $"last attempt failed: {e.Message}";
            }
            if (DateTime.UtcNow + pause > deadline)
            {
                _abandoned.Enqueue((answer, $"not acknowledged within {giveUpAfter.TotalSeconds} s ({why})"));
                return;
            }
            // As the kiosk: wait a little and send the same answer again, with the same id.
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }
}
