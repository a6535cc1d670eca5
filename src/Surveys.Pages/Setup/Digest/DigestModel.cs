namespace Surveys.Pages.Setup.Digest;

/// <summary>
/// /leder/sammendrag?org=: who gets the improvement-action digest. Every leader and admin chooses for themselves (weekly,
/// daily, off); admins also see who has opted in and keep the extra addresses (such as the work-environment committee).
/// </summary>
/// <param name="MyFrequency">The signed-in member's own choice: <c>weekly</c>, <c>daily</c> or <c>off</c>.</param>
/// <param name="Admin">The member administers the organisation: the recipients and the extra addresses are shown.</param>
public sealed record DigestModel(
    string OrganisationId,
    string OrganisationName,
    string MyEmail,
    string MyFrequency,
    bool Admin,
    IReadOnlyList<DigestModel.Recipient> Members,
    IReadOnlyList<DigestModel.Recipient> Extras)
{
    /// <param name="Frequency"><c>weekly</c>, <c>daily</c> or <c>off</c> (for an extra address: it unsubscribed itself).</param>
    public sealed record Recipient(string Email, string? Name, string Frequency);
}
