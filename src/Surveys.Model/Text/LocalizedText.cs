namespace Surveys.Model;

/// <summary>
/// One text in several languages. Norwegian bokmål is always present; <see cref="Get"/> falls back to
/// it when the asked-for language has no translation. Immutable; equal when every translation is equal.
/// </summary>
public sealed class LocalizedText : IEquatable<LocalizedText>
{
    private readonly Dictionary<Language, string> _texts;

    /// <summary>Creates a text from its bokmål wording and, optionally, its English translation.</summary>
    public LocalizedText(string norwegian, string? english = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(norwegian);
        _texts = new Dictionary<Language, string> { [Language.Norwegian] = norwegian };
        if (english is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(english);
            _texts[Language.English] = english;
        }
    }

    private LocalizedText(Dictionary<Language, string> texts) => _texts = texts;

    /// <summary>Every translation held, bokmål included.</summary>
    public IReadOnlyDictionary<Language, string> Translations => _texts;

    /// <summary>The bokmål text.</summary>
    public string Norwegian => _texts[Language.Norwegian];

    /// <summary>The text in <paramref name="language"/>, or the bokmål text when there is no translation.</summary>
    public string Get(Language language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return _texts.TryGetValue(language, out var text) ? text : Norwegian;
    }

    /// <summary>True when a translation for <paramref name="language"/> exists (bokmål always does).</summary>
    public bool Has(Language language) => _texts.ContainsKey(language);

    /// <summary>A copy with the text for <paramref name="language"/> set or replaced.</summary>
    public LocalizedText With(Language language, string text)
    {
        ArgumentNullException.ThrowIfNull(language);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new LocalizedText(new Dictionary<Language, string>(_texts) { [language] = text });
    }

    /// <inheritdoc />
    public bool Equals(LocalizedText? other) =>
        other is not null
        && other._texts.Count == _texts.Count
        && _texts.All(kv => other._texts.TryGetValue(kv.Key, out var t) && t == kv.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LocalizedText);

    /// <inheritdoc />
    public override int GetHashCode() => Norwegian.GetHashCode(StringComparison.Ordinal);

    /// <summary>The bokmål text.</summary>
    public override string ToString() => Norwegian;
}
