namespace Surveys.Functions.Tests.Hosting;

/// <summary>
/// Tests whose outcome rests on wall-clock slack (queue leases, timer ticks) and the one that loads both cores
/// (<c>dotnet publish</c>): run on their own, after the parallel tests, so a busy machine cannot eat the slack.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive (run alone)";
}
