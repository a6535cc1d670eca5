namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>Waits for a side effect by polling with a deadline (never a fixed sleep).</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var last = await probe();
            if (done(last)) return last;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what ?? "the condition"}; last value: {last}");
            await Task.Delay(100);
        }
    }
}
