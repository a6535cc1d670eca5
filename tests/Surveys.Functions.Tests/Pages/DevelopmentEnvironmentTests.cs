using System.Net;
using Surveys.Functions.Access;
using Surveys.Functions.Tests.Infrastructure;
using Surveys.Functions.Tests.Review;

namespace Surveys.Functions.Tests.Pages;

/// <summary>
/// The pages as <c>scripts/run.sh</c> serves them: the worker in the Development environment, where the service provider
/// validates scopes. A renderer built on the root provider made every page a 500 there, and nothing else noticed.
/// </summary>
public sealed class DevelopmentEnvironmentTests(DevelopmentEnvironmentTests.App app) : IClassFixture<DevelopmentEnvironmentTests.App>
{
    public sealed class App() : SurveysAppFixture(settings: new() { ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development" });

    [Fact]
    public async Task Pages_render_in_Development_the_sign_in_form_the_kiosk_and_a_leaders_home()
    {
        var survey = await ResultsSeed.SurveyAsync(app.Factory, rounds: 1, title: "Trivsel dev");
        using var client = app.Factory.CreateClient();

        using var signIn = await client.GetAsync("/logg-inn");
        using var kiosk = await client.GetAsync($"/k/{survey.Tokens[0]}");
        using var leader = await app.Factory.AsMemberAsync($"leder-{Guid.NewGuid():N}@example.no", survey.OrganisationId, OrganisationRole.Admin);
        using var home = await leader.GetAsync("/leder");

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("Send meg en lenke", await signIn.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, kiosk.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Trivsel dev", await home.Content.ReadAsStringAsync());
    }
}
