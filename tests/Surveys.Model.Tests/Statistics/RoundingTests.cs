namespace Surveys.Model.Tests.Statistics;

public class RoundingTests
{
    [Theory]
    [InlineData(new[] { 1, 1, 1 }, new[] { 34, 33, 33 })]             // equal remainders: earlier position first
    [InlineData(new[] { 1, 2 }, new[] { 33, 67 })]
    [InlineData(new[] { 2, 2, 2, 1 }, new[] { 29, 29, 28, 14 })]      // 28.57 ×3 and 14.29: floors sum to 98
    [InlineData(new[] { 0, 3, 0, 1, 0 }, new[] { 0, 75, 0, 25, 0 })]  // zero categories stay, as 0
    [InlineData(new[] { 1, 0, 2 }, new[] { 33, 0, 67 })]
    [InlineData(new[] { 0, 0, 0 }, new[] { 0, 0, 0 })]                // nothing to show
    public void LargestRemainder_GivesIntegerPercentages(int[] counts, int[] expected) =>
        Assert.Equal(expected, Rounding.LargestRemainder(counts));

    [Fact]
    public void LargestRemainder_AlwaysSumsToExactlyOneHundred_AndEachPartIsFloorOrCeilingOfItsQuota()
    {
        var random = new Random(100);
        for (var trial = 0; trial < 500; trial++)
        {
            var counts = Samples.Random(random, random.Next(2, 7), random.Next(1, 60));
            var parts = Rounding.LargestRemainder(counts);
            Assert.Equal(100, parts.Sum());
            for (var i = 0; i < counts.Length; i++)
            {
                var quota = counts[i] * 100.0 / counts.Sum();
                Assert.True(parts[i] == Math.Floor(quota) || parts[i] == Math.Ceiling(quota));
            }
        }
    }

    [Fact]
    public void LargestRemainder_TieOnRemainder_GoesToTheLargerCount()
    {
        // Quotas 12.5, 12.5, 37.5, 37.5: floors sum to 98 and all four remainders are equal; the two larger
        // counts get the missing units.
        Assert.Equal([12, 12, 38, 38], Rounding.LargestRemainder([1, 1, 3, 3]));
    }
}
