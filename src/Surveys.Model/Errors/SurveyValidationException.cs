namespace Surveys.Model;

/// <summary>
/// The one domain exception of the model: a rule of the domain was broken. It carries every problem
/// found, not just the first, so a form or an API client can show them all at once.
/// </summary>
/// <remarks>
/// Argument guards for programming errors (a <c>null</c> where none is allowed) still throw the BCL's
/// <see cref="ArgumentException"/> family; everything a user or a client can cause throws this type.
/// The <see cref="Exception.Message"/> lists fields and codes only, never submitted content.
/// </remarks>
public sealed class SurveyValidationException : Exception
{
    /// <summary>Creates the exception from one or more errors.</summary>
    public SurveyValidationException(IEnumerable<ValidationError> errors)
        : this(errors?.ToArray() ?? throw new ArgumentNullException(nameof(errors)))
    {
    }

    /// <summary>Creates the exception from a single error.</summary>
    public SurveyValidationException(ValidationError error)
        : this([error ?? throw new ArgumentNullException(nameof(error))])
    {
    }

    private SurveyValidationException(ValidationError[] errors)
        : base(Describe(errors))
    {
        if (errors.Length == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        Errors = Array.AsReadOnly(errors);
    }

    /// <summary>Every problem found, in the order it was found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <summary>Throws when <paramref name="errors"/> holds anything; does nothing otherwise.</summary>
    public static void ThrowIfAny(IReadOnlyCollection<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count > 0)
        {
            throw new SurveyValidationException(errors);
        }
    }

    private static string Describe(ValidationError[] errors) => errors.Length switch
    {
        0 => "No errors.",
        1 => $"Validation failed: {errors[0]}.",
        _ => $"Validation failed with {errors.Length} errors: {string.Join("; ", errors.Select(e => e.ToString()))}.",
    };
}
