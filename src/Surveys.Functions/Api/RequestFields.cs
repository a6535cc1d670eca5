using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Surveys.Model;

namespace Surveys.Functions.Api;

/// <summary>
/// Reads fields of a JSON request body, collecting every problem (missing, wrong type, too long)
/// so the caller gets one ProblemDetails that names them all. Call <see cref="ThrowIfAny"/> at the end.
/// </summary>
public sealed class RequestFields(JsonObject body)
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public string? String(string name, bool required, int maxLength = 200)
    {
        var node = body[name];
        if (node is null)
        {
            if (required) Add(name, "required", $"«{name}» mangler.", $"'{name}' is missing.");
            return null;
        }
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            Add(name, "wrong-type", $"«{name}» må være tekst.", $"'{name}' must be text.");
            return null;
        }
        var text = v.GetValue<string>().Trim();
        if (required && text.Length == 0) Add(name, "required", $"«{name}» kan ikke være tom.", $"'{name}' cannot be empty.");
        else if (text.Length > maxLength) Add(name, "too-long", $"«{name}» kan ha høyst {maxLength} tegn.", $"'{name}' can have at most {maxLength} characters.");
        else return text.Length == 0 ? null : text;
        return null;
    }

    public int? Int(string name, int min, int max)
    {
        var node = body[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i))
        {
            if (i >= min && i <= max) return i;
            Add(name, "out-of-range", $"«{name}» må være fra {min} til {max}.", $"'{name}' must be from {min} to {max}.");
            return null;
        }
        Add(name, "wrong-type", $"«{name}» må være et heltall.", $"'{name}' must be a whole number.");
        return null;
    }

    /// <summary>The dates <see cref="Date"/> accepts: a round opens and closes in this century. Outside it a date is a typo,
    /// and near the ends of <see cref="DateTimeOffset"/> (0001-01-01 in Norway is before its first instant in UTC) the
    /// arithmetic fails.</summary>
    public static readonly DateOnly MinDate = new(2000, 1, 1), MaxDate = new(2099, 12, 31);

    /// <summary>An ISO 8601 date or date-time from <see cref="MinDate"/> to <see cref="MaxDate"/>; a bare date means
    /// midnight in Norway.</summary>
    public DateTimeOffset? Date(string name)
    {
        var node = body[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                if (day < MinDate || day > MaxDate) return OutOfRange(name);
                var local = day.ToDateTime(TimeOnly.MinValue);
                return new DateTimeOffset(local, NorwegianTime.Zone.GetUtcOffset(local));
            }
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            {
                var utcDay = DateOnly.FromDateTime(at.UtcDateTime);
                return utcDay < MinDate.AddDays(-1) || utcDay > MaxDate ? OutOfRange(name) : at;
            }
        }
        Add(name, "wrong-type", $"«{name}» må være en dato (ÅÅÅÅ-MM-DD).", $"'{name}' must be a date (YYYY-MM-DD).");
        return null;
    }

    private DateTimeOffset? OutOfRange(string name)
    {
        Add(name, "out-of-range", $"«{name}» må være en dato fra {MinDate:yyyy-MM-dd} til {MaxDate:yyyy-MM-dd}.",
            $"'{name}' must be a date from {MinDate:yyyy-MM-dd} to {MaxDate:yyyy-MM-dd}.");
        return null;
    }

    public bool? Bool(string name)
    {
        var node = body[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        Add(name, "wrong-type", $"«{name}» må være true eller false.", $"'{name}' must be true or false.");
        return null;
    }

    public IReadOnlyList<string>? Strings(string name, int maxItems = 50, int maxLength = 100)
    {
        var node = body[name];
        if (node is null) return null;
        if (node is JsonArray a && a.Count <= maxItems && a.All(x => x is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim().Length is > 0 && v.GetValue<string>().Length <= maxLength))
            return a.Select(x => x!.GetValue<string>().Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        Add(name, "wrong-type", $"«{name}» må være en liste med høyst {maxItems} tekster.", $"'{name}' must be a list of at most {maxItems} texts.");
        return null;
    }

    public JsonNode? Node(string name) => body[name];

    public void Add(string field, string code, string nb, string en) => _errors.Add(new ValidationError(field, code, new LocalizedText(nb, en)));

    public void Add(ValidationError error) => _errors.Add(error);

    public void ThrowIfAny() => SurveyValidationException.ThrowIfAny(_errors);
}
