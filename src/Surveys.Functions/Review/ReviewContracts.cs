using System.ComponentModel;

namespace Surveys.Functions.Review;

/// <summary>The query of <c>GET …/comparison</c>: both rounds, or neither (the last two).</summary>
public sealed record ComparisonQuery(
    [Description("Round id of the earlier round")] string? Before = null,
    [Description("Round id of the later round")] string? After = null);

/// <summary>The stored comparison (ComparisonService).</summary>
[Description("Per item and pooled: n, distribution, bands, top/bottom two, mean and SD, index, effect size and test, verdict; minimumGroupSize.")]
public sealed record ComparisonView;

/// <summary>The stored trend (ComparisonService).</summary>
[Description("Per item, each round's figures in the order the rounds open, or the too-few message.")]
public sealed record TrendView;
