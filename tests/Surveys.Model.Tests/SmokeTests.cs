namespace Surveys.Model.Tests;

public class SmokeTests
{
    [Fact]
    public void ModelAssemblyLoads() => Assert.NotNull(typeof(Surveys.Model.Tests.SmokeTests).Assembly);
}
