using System.Text.Json.Serialization;
using Surveys.Functions.Access;
using Surveys.Functions.Email;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Digests;

/// <summary>How often a recipient gets the digest (users.md L-05: daily, weekly or off).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DigestFrequency>))]
public enum DigestFrequency
{
    Off,
    Daily,
    Weekly,
}

/// <summary>Why a recipient gets the digest: a leader or admin who opted in, or an address an admin added (AMU).</summary>
public enum RecipientKind
{
    Member,
    Extra,
}

/// <summary>
/// One digest recipient of one organisation. <see cref="Key"/> is a hash of the address (table keys
/// cannot hold every address; idempotency keys and logs should not hold it either).
/// </summary>
/// <param name="OrganisationId">The organisation whose digest this is.</param>
/// <param name="Key">Hash of the normalised address, the row key.</param>
/// <param name="Email">The normalised address.</param>
/// <param name="Name">The name shown with the address; may be empty.</param>
/// <param name="Kind">Member (opted in themselves) or extra (added by an admin).</param>
/// <param name="Frequency">Daily, weekly or off; an unsubscribe link sets off.</param>
/// <param name="MemberId">The member, for <see cref="RecipientKind.Member"/> (checked at send time: a removed member gets nothing).</param>
/// <param name="UpdatedAt">When the row last changed.</param>
/// <param name="Removed">
/// An extra address that unsubscribed itself and was then removed from the list by an admin: kept (off, and
/// hidden from the list) so that adding it again is refused, not a silent opt-in against the person's choice.
/// </param>
public sealed record DigestRecipient(
    string OrganisationId, string Key, string Email, string Name, RecipientKind Kind, DigestFrequency Frequency, string? MemberId, DateTimeOffset UpdatedAt,
    bool Removed = false)
{
    /// <summary>An extra address that turned the digest off itself (the unsubscribe link is the only way an extra gets off).</summary>
    public bool UnsubscribedItself => Kind == RecipientKind.Extra && Frequency == DigestFrequency.Off;
}

/// <summary>
/// Digest recipients (table <c>DigestRecipients</c>, one partition per organisation) and unsubscribe
/// tokens (table <c>DigestUnsubscribe</c>, keyed by the token's hash: only hashes are stored, and one
/// token is made per e-mail, so a leaked table unsubscribes nobody).
/// </summary>
public sealed class DigestStore(AppStorage storage, TimeProvider time)
{
    public const string RecipientsTable = "DigestRecipients";
    public const string TokensTable = "DigestUnsubscribe";
    private const string TokenRow = "t";

    public static string KeyOf(string email) => Secrets.Hash("digest|" + MemberStore.Normalise(email))[..32];

    /// <summary>The organisation's recipients as the admin sees them (removed extra addresses left out).</summary>
    public async Task<IReadOnlyList<DigestRecipient>> ListAsync(string organisationId, CancellationToken ct) =>
        (await ListAllAsync(organisationId, ct)).Where(r => !r.Removed).ToList();

    private async Task<IReadOnlyList<DigestRecipient>> ListAllAsync(string organisationId, CancellationToken ct)
    {
        var table = await storage.TableAsync(RecipientsTable, ct);
        var list = new List<DigestRecipient>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {organisationId}"), cancellationToken: ct)) list.Add(Read(e));
        return list.OrderBy(r => r.Kind).ThenBy(r => r.Email, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every recipient of every organisation with this frequency (the timer's one query).</summary>
    public async Task<IReadOnlyList<DigestRecipient>> ListByFrequencyAsync(DigestFrequency frequency, CancellationToken ct)
    {
        var table = await storage.TableAsync(RecipientsTable, ct);
        var list = new List<DigestRecipient>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Frequency eq {frequency.ToString()}"), cancellationToken: ct)) list.Add(Read(e));
        return list;
    }

    public async Task<DigestRecipient?> GetAsync(string organisationId, string key, CancellationToken ct)
    {
        var table = await storage.TableAsync(RecipientsTable, ct);
        var e = await table.GetEntityOrNullAsync(organisationId, key, ct: ct);
        return e is null ? null : Read(e);
    }

    /// <summary>Sets a member's own choice (opt in, change, or off).</summary>
    public async Task<DigestRecipient> SetMemberAsync(string organisationId, Member member, DigestFrequency frequency, CancellationToken ct)
    {
        var recipient = new DigestRecipient(organisationId, KeyOf(member.Email), MemberStore.Normalise(member.Email), member.Name,
            RecipientKind.Member, frequency, member.Id, time.GetUtcNow());
        var table = await storage.TableAsync(RecipientsTable, ct);
        await table.UpsertEntityAsync(ToEntity(recipient), TableUpdateMode.Replace, ct);
        return recipient;
    }

    /// <summary>
    /// The addresses among <paramref name="emails"/> that are not on the organisation's list now and unsubscribed
    /// themselves before (an extra address that used its unsubscribe link and was then removed): adding one again
    /// would opt the person back in against their choice, so the API refuses it.
    /// </summary>
    public async Task<IReadOnlyList<string>> UnsubscribedAsync(string organisationId, IReadOnlyList<string> emails, CancellationToken ct)
    {
        var existing = (await ListAllAsync(organisationId, ct)).ToDictionary(r => r.Key);
        return emails.Select(MemberStore.Normalise).Distinct(StringComparer.Ordinal)
            .Where(email => existing.TryGetValue(KeyOf(email), out var r) && r.Removed && r.UnsubscribedItself).ToList();
    }

    /// <summary>
    /// Makes the organisation's extra addresses exactly <paramref name="emails"/>: new ones start weekly,
    /// removed ones are deleted, and ones already there keep their state (an address that unsubscribed
    /// through its link stays off: an admin cannot opt someone back in by saving the list again).
    /// A removed address that had unsubscribed itself is kept as a hidden, off row (<see cref="DigestRecipient.Removed"/>),
    /// and listing it again leaves it so (the API refuses that first, see <see cref="UnsubscribedAsync"/>).
    /// A member's own row is left alone when the same address is listed.
    /// </summary>
    public async Task<IReadOnlyList<DigestRecipient>> SetExtrasAsync(string organisationId, IReadOnlyList<string> emails, CancellationToken ct)
    {
        var table = await storage.TableAsync(RecipientsTable, ct);
        var existing = (await ListAllAsync(organisationId, ct)).ToDictionary(r => r.Key);
        var wanted = emails.Select(MemberStore.Normalise).Distinct(StringComparer.Ordinal).ToDictionary(KeyOf);
        foreach (var (key, email) in wanted)
        {
            if (existing.ContainsKey(key)) continue;
            await table.UpsertEntityAsync(ToEntity(new DigestRecipient(organisationId, key, email, "", RecipientKind.Extra,
                DigestFrequency.Weekly, null, time.GetUtcNow())), TableUpdateMode.Replace, ct);
        }
        foreach (var r in existing.Values.Where(r => r.Kind == RecipientKind.Extra && !r.Removed && !wanted.ContainsKey(r.Key)))
        {
            if (r.UnsubscribedItself)
                await table.UpsertEntityAsync(ToEntity(r with { Removed = true, UpdatedAt = time.GetUtcNow() }), TableUpdateMode.Replace, ct);
            else
                await table.DeleteEntityAsync(organisationId, r.Key, cancellationToken: ct);
        }
        return (await ListAsync(organisationId, ct)).Where(r => r.Kind == RecipientKind.Extra).ToList();
    }

    /// <summary>A new unsubscribe token for one e-mail to the recipient; only its hash is stored.</summary>
    public async Task<string> NewUnsubscribeTokenAsync(DigestRecipient recipient, CancellationToken ct)
    {
        var token = Secrets.NewToken();
        var table = await storage.TableAsync(TokensTable, ct);
        await table.UpsertEntityAsync(new TableEntity(Secrets.Hash(token), TokenRow)
        {
            ["OrganisationId"] = recipient.OrganisationId,
            ["RecipientKey"] = recipient.Key,
            ["CreatedAt"] = time.GetUtcNow(),
        }.Checked(), TableUpdateMode.Replace, ct);
        return token;
    }

    /// <summary>The recipient an unsubscribe token names, or null for a malformed, unknown or orphaned token.</summary>
    public async Task<DigestRecipient?> FindByTokenAsync(string? token, CancellationToken ct)
    {
        if (!Secrets.LooksLikeToken(token)) return null;
        var table = await storage.TableAsync(TokensTable, ct);
        var e = await table.GetEntityOrNullAsync(Secrets.Hash(token!), TokenRow, ct: ct);
        if (e?.GetString("OrganisationId") is not { } organisationId || e.GetString("RecipientKey") is not { } key) return null;
        return await GetAsync(organisationId, key, ct);
    }

    /// <summary>Turns the digest off for the token's recipient; false when the token names nobody.</summary>
    public async Task<DigestRecipient?> UnsubscribeAsync(string? token, CancellationToken ct)
    {
        var recipient = await FindByTokenAsync(token, ct);
        if (recipient is null) return null;
        var off = recipient with { Frequency = DigestFrequency.Off, UpdatedAt = time.GetUtcNow() };
        var table = await storage.TableAsync(RecipientsTable, ct);
        await table.UpsertEntityAsync(ToEntity(off), TableUpdateMode.Replace, ct);
        return off;
    }

    private static TableEntity ToEntity(DigestRecipient r) => new(r.OrganisationId, r.Key)
    {
        ["Email"] = r.Email,
        ["Name"] = r.Name,
        ["Kind"] = r.Kind.ToString(),
        ["Frequency"] = r.Frequency.ToString(),
        ["MemberId"] = r.MemberId,
        ["UpdatedAt"] = r.UpdatedAt,
        ["Removed"] = r.Removed ? true : null,
    };

    private static DigestRecipient Read(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("Email") ?? "", e.GetString("Name") ?? "",
        Enum.TryParse<RecipientKind>(e.GetString("Kind"), out var kind) ? kind : RecipientKind.Extra,
        Enum.TryParse<DigestFrequency>(e.GetString("Frequency"), out var frequency) ? frequency : DigestFrequency.Off,
        e.GetString("MemberId"), e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue, e.GetBoolean("Removed") == true);

    /// <summary>An address as the digest may use it (the e-mail checks, normalised).</summary>
    public static bool IsAddress(string? email) => email is not null && EmailMessage.IsAddress(MemberStore.Normalise(email));
}
