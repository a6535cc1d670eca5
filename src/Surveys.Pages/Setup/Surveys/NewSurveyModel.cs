using Surveys.Model;

// Not «…Setup.Surveys»: inside a namespace of that name, «Surveys.Model» would be looked up under it.
namespace Surveys.Pages.Setup.SurveySetup;

/// <summary>
/// The new-survey page (<c>/leder/undersokelser/ny?org=</c>): the five built-in instruments to choose from, and for the
/// chosen one a preview of its items and scales in a form that posts to <c>POST /api/organisations/{org}/surveys</c>.
/// </summary>
/// <param name="OrganisationId">The organisation the survey is made for.</param>
/// <param name="OrganisationName">Its name, which replaces <c>{org}</c> in the questions.</param>
/// <param name="Units">The units the member may choose from (the organisation's, or the member's own when limited).</param>
/// <param name="UnitRequired">True for an admin limited to some units: the survey must name one of them.</param>
/// <param name="Instruments">The built-in instruments, in the catalogue's order.</param>
/// <param name="Chosen">The instrument chosen for the preview and the form, or null before one is chosen.</param>
/// <param name="UnknownInstrument">What <c>?instrument=</c> named when it is none of the built-ins (shown as a note).</param>
public sealed record NewSurveyModel(
    string OrganisationId,
    string OrganisationName,
    IReadOnlyList<string> Units,
    bool UnitRequired,
    IReadOnlyList<Instrument> Instruments,
    Instrument? Chosen,
    string? UnknownInstrument = null)
{
    /// <summary>A word in the chosen instrument that organisations often replace with their own (the word for the
    /// counsellor), offered in the «replace a word» field; null when the instrument has none.</summary>
    public string? SuggestedTerm => Chosen?.Id switch
    {
        "ETHICS" => "karriereveileder",
        "WELLBEING" => "fagveilederen",
        "USER" => "veilederen",
        _ => null,
    };
}
