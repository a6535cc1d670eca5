using System.Text.Json;

namespace Surveys.Model;

/// <summary>What kind of raw value arrived for an item.</summary>
public enum AnswerInputKind
{
    /// <summary>No value: JSON <c>null</c> or "Hopp over". Stored as not answered.</summary>
    Skipped,

    /// <summary>A whole JSON number: a scale position or a non-scale code.</summary>
    Number,

    /// <summary>A JSON string: free text.</summary>
    Text,

    /// <summary>Any other JSON value (boolean, object, array, fraction).</summary>
    Invalid,
}

/// <summary>
/// One raw answer as it arrives, before validation. Exactly one of four shapes, so a JSON value maps onto
/// it without ambiguity (<see cref="FromJson"/>): a whole number, a string, nothing, or something invalid
/// whose JSON kind is kept so the model can report <c>wrong-type</c>.
/// </summary>
public sealed record AnswerInput
{
    private AnswerInput(AnswerInputKind kind, int? number, string? text, string? rawKind)
    {
        Kind = kind;
        NumberValue = number;
        TextValue = text;
        RawKind = rawKind;
    }

    /// <summary>Not answered (JSON <c>null</c>, or the item left out).</summary>
    public static AnswerInput Skipped { get; } = new(AnswerInputKind.Skipped, null, null, null);

    /// <summary>Which shape this is.</summary>
    public AnswerInputKind Kind { get; }

    /// <summary>The number when <see cref="Kind"/> is <see cref="AnswerInputKind.Number"/>.</summary>
    public int? NumberValue { get; }

    /// <summary>The untrimmed text when <see cref="Kind"/> is <see cref="AnswerInputKind.Text"/>.</summary>
    public string? TextValue { get; }

    /// <summary>The JSON kind that was received when <see cref="Kind"/> is <see cref="AnswerInputKind.Invalid"/>:
    /// <c>boolean</c>, <c>object</c>, <c>array</c>, <c>fraction</c>.</summary>
    public string? RawKind { get; }

    /// <summary>A whole number: a position or a non-scale code.</summary>
    public static AnswerInput Number(int value) => new(AnswerInputKind.Number, value, null, null);

    /// <summary>A string, taken as free text.</summary>
    public static AnswerInput Text(string value) =>
        new(AnswerInputKind.Text, null, value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>A value of a kind no item accepts, described by <paramref name="rawKind"/>.</summary>
    public static AnswerInput Invalid(string rawKind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rawKind);
        return new(AnswerInputKind.Invalid, null, null, rawKind);
    }

    /// <summary>
    /// Maps a System.Text.Json value: <c>null</c> (or an undefined element) → <see cref="Skipped"/>; a whole
    /// number written without decimal point or exponent → <see cref="Number"/> (beyond the 32-bit range it is
    /// clamped to <see cref="int.MinValue"/>/<see cref="int.MaxValue"/>, which is off every scale); a number
    /// with a decimal point or exponent, even <c>3.0</c> → invalid <c>fraction</c>; a string →
    /// <see cref="Text"/> (strings are never parsed as numbers, so <c>"3"</c> is text); <c>true</c>/<c>false</c>
    /// → invalid <c>boolean</c>; objects and arrays → invalid <c>object</c>/<c>array</c>.
    /// </summary>
    public static AnswerInput FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Skipped,
        JsonValueKind.Number when value.TryGetInt32(out var n) => Number(n),
        JsonValueKind.Number when value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 => Invalid("fraction"),
        JsonValueKind.Number => Number(value.GetRawText().StartsWith('-') ? int.MinValue : int.MaxValue),
        JsonValueKind.String => Text(value.GetString()!),
        JsonValueKind.True or JsonValueKind.False => Invalid("boolean"),
        JsonValueKind.Object => Invalid("object"),
        _ => Invalid("array"),
    };

    /// <summary>Describes the shape without the content (free text must not reach logs).</summary>
    public override string ToString() => Kind switch
    {
        AnswerInputKind.Number => $"Number({NumberValue})",
        AnswerInputKind.Text => $"Text({TextValue!.Length} chars)",
        AnswerInputKind.Invalid => $"Invalid({RawKind})",
        _ => "Skipped",
    };
}
