using Surveys.Functions.Hosting;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Responses;

/// <summary>Puts response messages on the <c>responses</c> queue (name from the <c>ResponsesQueue</c> setting,
/// the setting FoldResponse's [QueueTrigger] names).</summary>
public sealed class ResponseQueue(AppStorage storage, IConfiguration configuration)
{
    public string Name { get; } = configuration["ResponsesQueue"] is { Length: > 0 } name ? name : "responses";

    public async Task SendAsync(ResponseMessage message, CancellationToken ct)
    {
        var queue = await storage.QueueAsync(Name, ct);
        await queue.SendMessageAsync(message.ToJson(), cancellationToken: ct);
    }
}
