using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Catalog;
using Surveys.Functions.Hosting;
using Surveys.Functions.Responses;

namespace Surveys.Functions.Aggregation;

/// <summary>
/// Timer function: finds responses that are stored but not folded (the queue send after storing
/// failed and the kiosk never retried) and queues them again, so no stored answer is left out of
/// the counts. Looks at rounds that are open or closed within the last week; responses stored in
/// the last few minutes are left to their own message. Folding is idempotent, so a response that
/// is requeued while its first message is still on its way is still counted once.
/// </summary>
public sealed class RequeueUnfoldedResponses(
    CatalogStore catalog, ResponseStore responses, AggregateStore aggregates, ResponseQueue queue,
    IConfiguration configuration, TimeProvider time, ILogger<RequeueUnfoldedResponses> log) : ITimerFunction
{
    [Function("RequeueUnfoldedResponses")]
    public Task Run([TimerTrigger("%RequeueSchedule%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(WorkerTriggers.Timer(timer), context.CancellationToken);

    private static readonly TimeSpan ClosedRoundsLookBack = TimeSpan.FromDays(7);

    public async Task RunAsync(TimerTrigger timer, CancellationToken cancellationToken)
    {
        var requeued = await RequeueAsync(cancellationToken);
        log.LogInformation("Requeued {Count} stored but unfolded responses", requeued);
    }

    /// <returns>How many responses were queued again.</returns>
    public async Task<int> RequeueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var minimumAge = configuration.GetValue("Surveys:Responses:RequeueAfter", TimeSpan.FromMinutes(5));
        var requeued = 0;
        await foreach (var round in catalog.ListAllRoundsAsync(ct))
        {
            if (round.Opens > now || round.Closes < now - ClosedRoundsLookBack) continue;
            var folded = await aggregates.FoldedIdsAsync(round.Id, ct);
            await foreach (var (message, storedAt) in responses.ListIdsAsync(round.Id, ct))
            {
                if (folded.Contains(message.ResponseId) || storedAt > now - minimumAge) continue;
                await queue.SendAsync(message, ct);
                requeued++;
            }
        }
        return requeued;
    }
}
