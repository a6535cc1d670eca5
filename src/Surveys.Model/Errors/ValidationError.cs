namespace Surveys.Model;

/// <summary>
/// One broken rule, reported to the caller. <see cref="Field"/> points at what is wrong
/// (<c>answers.ETHICS-03</c>, <c>label</c>, <c>responseId</c>), <see cref="Code"/> is a stable
/// machine-readable code from <see cref="ErrorCodes"/>, and <see cref="Message"/> is a short, plain
/// sentence in Norwegian bokmål with English alongside.
/// </summary>
/// <remarks>
/// Messages never echo submitted values: free text and answers must not reach logs or error pages.
/// </remarks>
public sealed record ValidationError(string Field, string Code, LocalizedText Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Code}";
}
