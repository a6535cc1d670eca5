namespace Surveys.Model.Tests;

/// <summary>Builds surveys for tests: the ethics instrument for "Fjordtun AS" unless told otherwise.</summary>
internal sealed class SurveyBuilder
{
    public const string OrganisationName = "Fjordtun AS";

    private readonly List<(string Id, string Label, DateTimeOffset? Opens, DateTimeOffset? Closes, int? Invited, bool Continuous)> _rounds = [];
    private Instrument _instrument = Instruments.Ethics;
    private List<Item>? _customItems;
    private string[] _optionalItems = [];
    private string _organisationName = OrganisationName;
    private string _id = "survey-1";

    public SurveyBuilder FromInstrument(Instrument instrument)
    {
        _instrument = instrument;
        _customItems = null;
        return this;
    }

    public SurveyBuilder WithItems(params Item[] items)
    {
        _customItems = [.. items];
        return this;
    }

    public SurveyBuilder WithOptionalItems(params string[] itemIds)
    {
        _optionalItems = itemIds;
        return this;
    }

    public SurveyBuilder ForOrganisation(string name)
    {
        _organisationName = name;
        return this;
    }

    public SurveyBuilder WithId(string id)
    {
        _id = id;
        return this;
    }

    /// <summary>Adds a round; by default open from a week before <see cref="Clock.Now"/> with no end.</summary>
    public SurveyBuilder WithRound(string label, DateTimeOffset? opens = null, DateTimeOffset? closes = null,
        int? invited = null, bool continuous = false)
    {
        _rounds.Add(($"round-{_rounds.Count + 1}", label, opens ?? Clock.Now.AddDays(-7), closes, invited, continuous));
        return this;
    }

    public Survey Build()
    {
        var survey = _customItems is null
            ? Survey.FromInstrument(_id, "org-1", _instrument, "Testundersøkelse", _organisationName, _optionalItems)
            : Survey.FromCustomItems(_id, "org-1", "Egen undersøkelse", _organisationName, _customItems);
        foreach (var r in _rounds)
        {
            survey.AddRound(r.Id, r.Label, r.Opens, r.Closes, r.Invited, r.Continuous);
        }

        return survey;
    }
}

/// <summary>A fixed "now" for tests: Wednesday 18 November 2026, 10:00 Oslo time (ISO week 2026-W47).</summary>
internal static class Clock
{
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(1));
}
