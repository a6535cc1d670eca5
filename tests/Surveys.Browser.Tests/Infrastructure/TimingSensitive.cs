namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>
/// Tests that hold the app to a time limit (a 503 within 10 s while storage hangs): run on their own, after the
/// parallel tests, so a busy machine cannot eat the slack.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive (run alone)";
}
