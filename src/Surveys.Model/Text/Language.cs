using System.Diagnostics.CodeAnalysis;

namespace Surveys.Model;

/// <summary>
/// A language the platform shows surveys in, identified by its BCP 47 primary subtag
/// (<c>nb</c>, <c>en</c>). Norwegian bokmål is the default and the fallback for every text.
/// </summary>
/// <remarks>
/// To add a language, add a static instance and list it in <see cref="Supported"/>. Translations are
/// always translations of the same items, never separate items (users.md P-07).
/// </remarks>
public sealed record Language
{
    /// <summary>Norwegian bokmål, <c>nb</c>: the default and the fallback.</summary>
    public static readonly Language Norwegian = new("nb", "Norsk bokmål");

    /// <summary>English, <c>en</c>.</summary>
    public static readonly Language English = new("en", "English");

    /// <summary>Every supported language, the default first.</summary>
    public static IReadOnlyList<Language> Supported { get; } = [Norwegian, English];

    /// <summary>The default language, <see cref="Norwegian"/>.</summary>
    public static Language Default => Norwegian;

    private Language(string code, string nativeName)
    {
        Code = code;
        NativeName = nativeName;
    }

    /// <summary>The lower-case primary language subtag: <c>nb</c>, <c>en</c>.</summary>
    public string Code { get; }

    /// <summary>The language's name in itself, for language pickers.</summary>
    public string NativeName { get; }

    /// <summary>
    /// Reads a language tag. Accepts the code itself and regional tags of it, case-insensitively
    /// (<c>nb</c>, <c>NB</c>, <c>nb-NO</c>, <c>en-GB</c>), and the macro-language <c>no</c> as
    /// bokmål. Nynorsk (<c>nn</c>) is a different language and is not accepted.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? tag, [NotNullWhen(true)] out Language? language)
    {
        language = null;
        if (string.IsNullOrWhiteSpace(tag))
        {
            return false;
        }

        var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
        if (primary == "no")
        {
            primary = Norwegian.Code;
        }

        language = Supported.FirstOrDefault(l => l.Code == primary);
        return language is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}
