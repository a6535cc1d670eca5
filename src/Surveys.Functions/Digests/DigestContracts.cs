using System.ComponentModel.DataAnnotations;

namespace Surveys.Functions.Digests;

// The JSON bodies of DigestApi's API calls, as the handlers read and write them.

public sealed record DigestSubscriptionView(string OrganisationId, [AllowedValues("weekly", "daily", "off")] string Frequency);

public sealed record SetDigestSubscriptionRequest([AllowedValues("weekly", "daily", "off")] string Frequency);

public sealed record DigestSettingsView(string OrganisationId, IReadOnlyList<ExtraRecipientView> ExtraRecipients, IReadOnlyList<MemberRecipientView> Members);

public sealed record ExtraRecipientView([EmailAddress] string Email, [AllowedValues("weekly", "daily", "off")] string Frequency);

public sealed record MemberRecipientView([EmailAddress] string Email, string? Name, [AllowedValues("weekly", "daily", "off")] string Frequency);

/// <summary>The whole list: addresses left out are removed; an empty list removes them all.</summary>
public sealed record SetDigestSettingsRequest([MaxLength(20)] IReadOnlyList<string> ExtraRecipients);
