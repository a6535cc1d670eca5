using Surveys.Model;

namespace Surveys.Functions.Tests.Infrastructure;

/// <summary>Reads counts out of an aggregate for assertions.</summary>
public static class AggregateCounts
{
    public static int Of(RoundAggregate aggregate, string itemId, int position) =>
        aggregate.Find(itemId)!.Count(position);

    public static int Answered(RoundAggregate aggregate, string itemId) => aggregate.Find(itemId)!.Answered;
}
