namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>Queue look-ups the tests wait on.</summary>
public static class QueueCounts
{
    /// <summary>The approximate number of messages; 0 for a queue that does not exist.</summary>
    public static async Task<int> CountAsync(this QueueClient queue) =>
        await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
}
