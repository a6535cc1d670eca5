namespace Surveys.Pages.Shared;

/// <summary>
/// A text in every supported language (as JSON <c>{"nb": …, "en": …}</c>, how the comparison documents carry texts);
/// the page shows the one it is in, bokmål when there is no English.
/// </summary>
public sealed record LocalText(string Nb, string? En = null)
{
    public string In(bool english) => english && En is not null ? En : Nb;

    public string In(PageContext page) => In(page.English);
}

/// <summary>A link on a message page.</summary>
public sealed record MessageLink(string Href, LocalText Text);

/// <summary>
/// A short page that says one thing: a sign-in needed, a link that no longer works, a refusal. The heading, the
/// paragraphs and the links are shown in the page's language, each encoded.
/// </summary>
public sealed record Message(LocalText Title, IReadOnlyList<LocalText> Paragraphs, IReadOnlyList<MessageLink> Links)
{
    /// <summary>A link back, shown above the heading.</summary>
    public MessageLink? Back { get; init; }

    /// <summary>A list under the paragraphs (what was wrong), already in the page's language.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>The heading when it differs from the title.</summary>
    public LocalText? Heading { get; init; }
}
