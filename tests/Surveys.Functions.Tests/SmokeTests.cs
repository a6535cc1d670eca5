namespace Surveys.Functions.Tests;

public class SmokeTests
{
    [Fact]
    public void ModelAssemblyLoads() => Assert.NotNull(typeof(Surveys.Functions.Tests.SmokeTests).Assembly);
}
