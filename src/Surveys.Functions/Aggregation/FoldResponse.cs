using Microsoft.Azure.Functions.Worker;
using Surveys.Functions.Catalog;
using Surveys.Functions.Hosting;
using Surveys.Functions.Responses;
using Surveys.Functions.Review;

namespace Surveys.Functions.Aggregation;

/// <summary>
/// Queue function on <c>responses</c>: folds one stored response into its round's aggregate,
/// exactly once, then asks for the round's comparisons to be recomputed. The message normally carries the stored
/// answers (<see cref="ResponseMessage.For"/>); one that does not is folded from the table, and a response not (yet) in
/// storage fails the invocation, so the message is retried and, if it never appears, ends in <c>responses-poison</c>. Concurrent invocations for the same round are written
/// together (<see cref="AggregateStore"/>'s group commit), and a round whose recompute is already queued is not queued
/// again (<see cref="ComparisonQueue.RequestAsync"/>); both in ADR 15.
/// </summary>
public sealed class FoldResponse(ResponseStore responses, CatalogStore catalog, AggregateStore aggregates, ComparisonQueue comparisons, ILogger<FoldResponse> log)
    : IQueueFunction
{
    [Function("FoldResponse")]
    public Task Run([QueueTrigger("%ResponsesQueue%")] string message, FunctionContext context) =>
        RunAsync(WorkerTriggers.Queue(message, context), context.CancellationToken);

    public async Task RunAsync(QueueTrigger message, CancellationToken cancellationToken)
    {
        var m = ResponseMessage.Parse(message.MessageText);
        // A message normally carries the stored answers (sent only after they were stored); older or oversized ones are read.
        var stored = m.ToStoredResponse()
            ?? await responses.GetAsync(m.RoundId, m.ResponseId, cancellationToken)
            ?? throw new InvalidOperationException($"Response {m.ResponseId} of round {m.RoundId} is not stored.");
        async Task<Model.Survey> LoadSurveyAsync() => await catalog.LoadSurveyAsync(m.OrganisationId, m.SurveyId, cancellationToken)
            ?? throw new InvalidOperationException($"Survey {m.SurveyId} of organisation {m.OrganisationId} does not exist.");

        var response = stored.ToResponse();
        // Once per written batch, also when this response was folded before: its recompute request may be the part that failed.
        Task RequestRecompute(int? respondents) =>
            comparisons.RequestAsync(new RecomputeMessage(m.OrganisationId, m.SurveyId, m.RoundId, respondents), CancellationToken.None);
        var (folded, _) = await aggregates.FoldAsync(LoadSurveyAsync, response, RequestRecompute, cancellationToken);
        if (folded)
            log.LogInformation("Folded {ResponseId} into {RoundId}", m.ResponseId, m.RoundId);
        else
            log.LogInformation("Response {ResponseId} was already folded into {RoundId}", m.ResponseId, m.RoundId);
    }
}
