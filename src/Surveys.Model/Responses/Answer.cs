namespace Surveys.Model;

/// <summary>The kind of a validated answer.</summary>
public enum AnswerKind
{
    /// <summary>A point of the scale, 1..k.</summary>
    Position,

    /// <summary>The scale's non-scale code (9 = "Ikke aktuelt" / "Vet ikke"): an answer, but not a point.</summary>
    NonScale,

    /// <summary>Free text, trimmed and non-empty.</summary>
    Text,
}

/// <summary>
/// One validated answer to one item. "Not answered" is not an answer: it is the absence of one, never 0.
/// </summary>
public sealed record Answer
{
    /// <summary>The longest free-text answer, counted in UTF-16 code units after trimming (as an HTML
    /// <c>maxlength</c> counts).</summary>
    public const int TextMaxLength = 2000;

    private Answer(AnswerKind kind, int? code, string? content)
    {
        Kind = kind;
        Code = code;
        Content = content;
    }

    /// <summary>What kind of answer this is.</summary>
    public AnswerKind Kind { get; }

    /// <summary>The stored code: the position 1..k, or the non-scale code; <c>null</c> for text.</summary>
    public int? Code { get; }

    /// <summary>The free text; <c>null</c> unless <see cref="Kind"/> is <see cref="AnswerKind.Text"/>.</summary>
    public string? Content { get; }

    /// <summary>A point of the scale (1-based).</summary>
    public static Answer Position(int position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        return new Answer(AnswerKind.Position, position, null);
    }

    /// <summary>The scale's non-scale code, for example 9.</summary>
    public static Answer NonScale(int code) => new(AnswerKind.NonScale, code, null);

    /// <summary>Free text; must already be trimmed, non-empty and at most <see cref="TextMaxLength"/> long.</summary>
    public static Answer Text(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.Length > TextMaxLength || text.Trim().Length != text.Length)
        {
            throw new ArgumentException("Free text must be trimmed and within the maximum length.", nameof(text));
        }

        return new Answer(AnswerKind.Text, null, text);
    }

    /// <summary>Describes the answer without free-text content, so it is safe to log.</summary>
    public override string ToString() => Kind switch
    {
        AnswerKind.Position => $"Position({Code})",
        AnswerKind.NonScale => $"NonScale({Code})",
        _ => $"Text({Content!.Length} chars)",
    };
}
