namespace Surveys.Model.Tests;

/// <summary>Builds submissions for tests: a random v4 id, bokmål, kiosk, no answers until told.</summary>
internal sealed class SubmissionBuilder
{
    private readonly Dictionary<string, AnswerInput> _answers = new(StringComparer.Ordinal);
    private Guid _id = Guid.NewGuid();
    private string? _language;
    private EntryMode _mode = EntryMode.Kiosk;

    public SubmissionBuilder Answer(string itemId, int number)
    {
        _answers[itemId] = AnswerInput.Number(number);
        return this;
    }

    public SubmissionBuilder Answer(string itemId, string text)
    {
        _answers[itemId] = AnswerInput.Text(text);
        return this;
    }

    public SubmissionBuilder Answer(string itemId, AnswerInput input)
    {
        _answers[itemId] = input;
        return this;
    }

    public SubmissionBuilder Skip(string itemId) => Answer(itemId, AnswerInput.Skipped);

    /// <summary>Gives <paramref name="position"/> on every scale item of the survey (text items left out).</summary>
    public SubmissionBuilder AnswerAll(Survey survey, int position)
    {
        foreach (var item in survey.Items.Where(i => i.Scale.Kind != ScaleKind.FreeText))
        {
            Answer(item.Id, Math.Min(position, item.Scale.Points));
        }

        return this;
    }

    public SubmissionBuilder WithId(Guid id)
    {
        _id = id;
        return this;
    }

    public SubmissionBuilder InLanguage(string? language)
    {
        _language = language;
        return this;
    }

    public SubmissionBuilder Via(EntryMode mode)
    {
        _mode = mode;
        return this;
    }

    public ResponseSubmission Build() => new(_id, new Dictionary<string, AnswerInput>(_answers), _language, _mode);

    /// <summary>Validates against the survey's first round at <see cref="Clock.Now"/>.</summary>
    public Response ValidFor(Survey survey) => survey.Validate(Build(), survey.Rounds[0], Clock.Now);
}
