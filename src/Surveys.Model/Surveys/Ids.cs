namespace Surveys.Model;

/// <summary>Rules for ids that end up in storage keys.</summary>
internal static class Ids
{
    public const int MaxLength = 64;

    /// <summary>
    /// True for a non-blank id of at most <see cref="MaxLength"/> characters without the characters Azure
    /// Table Storage forbids in keys (<c>/ \ # ?</c> and control characters) and without surrounding spaces.
    /// </summary>
    public static bool IsKeySafe(string? id) =>
        !string.IsNullOrWhiteSpace(id)
        && id.Length <= MaxLength
        && id.Trim().Length == id.Length
        && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
