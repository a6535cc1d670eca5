using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Model;

namespace Surveys.Functions.Tests.Api;

public sealed class EnumNamesTests
{
    [Theory]
    [InlineData("inProgress")]
    [InlineData("INPROGRESS")]
    [InlineData(" InProgress ")]
    public void AName_InAnyCase_IsRead(string text)
    {
        Assert.True(EnumNames.TryParse<ActionStatus>(text, out var status));
        Assert.Equal(ActionStatus.InProgress, status);
    }

    [Theory]
    [InlineData("inProgress,done")] // Enum.TryParse would OR these into «Dropped»
    [InlineData("planned, done")]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Ferdig")]
    public void ListsNumbersAndUnknownNames_AreRefused(string? text) =>
        Assert.False(EnumNames.TryParse<ActionStatus>(text, out _));

    [Fact]
    public void ARoleList_IsNotReadAsTheStrongestRole() =>
        Assert.False(EnumNames.TryParse<OrganisationRole>("leader,admin", out _));
}
