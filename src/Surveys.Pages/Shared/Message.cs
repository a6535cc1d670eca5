namespace Surveys.Pages.Shared;

/// <summary>Text in both languages; the page shows the one it is in.</summary>
public sealed record Bilingual(string Nb, string En)
{
    public string In(PageContext page) => page.T(Nb, En);
}

/// <summary>A link on a message page.</summary>
public sealed record MessageLink(string Href, Bilingual Text);

/// <summary>
/// A short page that says one thing: a sign-in needed, a link that no longer works, a refusal. The heading, the
/// paragraphs and the links are shown in the page's language, each encoded.
/// </summary>
public sealed record Message(Bilingual Title, IReadOnlyList<Bilingual> Paragraphs, IReadOnlyList<MessageLink> Links)
{
    /// <summary>A link back, shown above the heading.</summary>
    public MessageLink? Back { get; init; }

    /// <summary>A list under the paragraphs (what was wrong), already in the page's language.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>The heading when it differs from the title.</summary>
    public Bilingual? Heading { get; init; }
}
