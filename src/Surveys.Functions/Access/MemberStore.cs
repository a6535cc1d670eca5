using System.Text.Json;
using Surveys.Functions.Storage;

namespace Surveys.Functions.Access;

/// <summary>A person who signs in: leaders and organisation admins (staff, never participants), and
/// occupational-health partner users (<see cref="Partners"/>).</summary>
public sealed record Member(string Id, string Email, string Name, IReadOnlyDictionary<string, Membership> Organisations)
{
    /// <summary>The member's role per partner (partner id → role); empty for most members.</summary>
    public IReadOnlyDictionary<string, PartnerRole> Partners { get; init; } = new Dictionary<string, PartnerRole>();
}

/// <summary>
/// Members, keyed by the hash of their normalised e-mail address (addresses may hold characters that
/// table keys forbid). Memberships live on the member, so signing in is one point read.
/// </summary>
public sealed class MemberStore(AppStorage storage)
{
    public const string Table = "Members";
    private const string Partition = "member";

    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    public static string IdOf(string email) => Secrets.Hash(Normalise(email))[..32];

    public async Task<Member?> FindByEmailAsync(string email, CancellationToken ct) => await GetAsync(IdOf(email), ct);

    public async Task<Member?> GetAsync(string id, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var e = await table.GetEntityOrNullAsync(Partition, id, ct: ct);
        return e is null ? null : new Member(id, e.GetString("Email") ?? "", e.GetString("Name") ?? "",
            JsonSerializer.Deserialize<Dictionary<string, Membership>>(e.GetString("Organisations") ?? "{}") ?? [])
        {
            Partners = ReadPartners(e),
        };
    }

    /// <summary>Adds or changes the member's membership of one organisation, keeping the others (ETag-safe).</summary>
    public async Task<Member> GrantAsync(string email, string name, string organisationId, Membership membership, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var id = IdOf(email);
        for (var attempt = 0; ; attempt++)
        {
            var e = await table.GetEntityOrNullAsync(Partition, id, ct: ct);
            var organisations = JsonSerializer.Deserialize<Dictionary<string, Membership>>(e?.GetString("Organisations") ?? "{}") ?? [];
            organisations[organisationId] = membership;
            var row = new TableEntity(Partition, id)
            {
                ["Email"] = Normalise(email),
                ["Name"] = string.IsNullOrWhiteSpace(name) ? e?.GetString("Name") ?? "" : name.Trim(),
                ["Organisations"] = JsonSerializer.Serialize(organisations),
                ["Partners"] = e?.GetString("Partners"), // partner memberships are kept as they are
            }.Checked();
            try
            {
                if (e is null) await table.AddEntityAsync(row, ct);
                else await table.UpdateEntityAsync(row, e.ETag, TableUpdateMode.Replace, ct);
                return new Member(id, (string)row["Email"]!, (string)row["Name"]!, organisations) { Partners = e is null ? new Dictionary<string, PartnerRole>() : ReadPartners(e) };
            }
            catch (Azure.RequestFailedException x) when (x.Status is 409 or 412 && attempt < 5) { }
        }
    }

    /// <summary>
    /// The organisation's members (leaders and admins), by name. Memberships live on the member row (sign-in is one point
    /// read), so this reads every member's three columns and keeps those of the organisation: fine for the few thousand
    /// members a platform of work-inclusion companies has; an index per organisation when it is not (ADR 0019).
    /// </summary>
    public async Task<IReadOnlyList<Member>> ListForOrganisationAsync(string organisationId, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var list = new List<Member>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"),
            select: ["RowKey", "Email", "Name", "Organisations"], cancellationToken: ct))
        {
            var organisations = JsonSerializer.Deserialize<Dictionary<string, Membership>>(e.GetString("Organisations") ?? "{}") ?? [];
            if (organisations.ContainsKey(organisationId))
                list.Add(new Member(e.RowKey, e.GetString("Email") ?? "", e.GetString("Name") ?? "", organisations));
        }
        return list.OrderBy(m => m.Name.Length > 0 ? m.Name : m.Email, StringComparer.CurrentCultureIgnoreCase).ThenBy(m => m.Email, StringComparer.Ordinal).ToList();
    }

    /// <summary>Changes (<paramref name="membership"/>) or removes (null) the member's membership of one organisation,
    /// keeping every other membership and column (ETag-conditional merge); null when they are not a member of it.</summary>
    public async Task<Member?> ChangeAsync(string memberId, string organisationId, Membership? membership, CancellationToken ct)
    {
        if (!Catalog.CatalogStore.IsValidKey(memberId)) return null;
        var table = await storage.TableAsync(Table, ct);
        for (var attempt = 0; ; attempt++)
        {
            var e = await table.GetEntityOrNullAsync(Partition, memberId, ct: ct);
            if (e is null) return null;
            var organisations = JsonSerializer.Deserialize<Dictionary<string, Membership>>(e.GetString("Organisations") ?? "{}") ?? [];
            if (!organisations.ContainsKey(organisationId)) return null;
            if (membership is null) organisations.Remove(organisationId);
            else organisations[organisationId] = membership;
            try
            {
                await table.UpdateEntityAsync(new TableEntity(Partition, memberId) { ["Organisations"] = JsonSerializer.Serialize(organisations) }.Checked(),
                    e.ETag, TableUpdateMode.Merge, ct);
                return new Member(memberId, e.GetString("Email") ?? "", e.GetString("Name") ?? "", organisations) { Partners = ReadPartners(e) };
            }
            catch (Azure.RequestFailedException x) when (x.Status is 409 or 412 && attempt < 5) { }
        }
    }

    /// <summary>
    /// As <see cref="ChangeAsync"/>, but never leaves the organisation without an admin: when the change takes the admin
    /// role from the member, another admin's row goes into the same entity-group transaction, unchanged but guarded by its
    /// ETag. Two admins demoting each other at once then cannot both succeed: the first write changes both rows, so the
    /// second fails, reads again, finds no other admin and is refused.
    /// </summary>
    public async Task<(MembershipChange Outcome, Member? Member)> ChangeKeepingAnAdminAsync(string memberId, string organisationId, Membership? membership, CancellationToken ct)
    {
        if (!Catalog.CatalogStore.IsValidKey(memberId)) return (MembershipChange.NotAMember, null);
        var table = await storage.TableAsync(Table, ct);
        for (var attempt = 0; ; attempt++)
        {
            var e = await table.GetEntityOrNullAsync(Partition, memberId, ct: ct);
            if (e is null) return (MembershipChange.NotAMember, null);
            var organisations = Memberships(e);
            if (!organisations.TryGetValue(organisationId, out var was)) return (MembershipChange.NotAMember, null);
            if (membership is null) organisations.Remove(organisationId);
            else organisations[organisationId] = membership;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, memberId) { ["Organisations"] = JsonSerializer.Serialize(organisations) }.Checked(), e.ETag),
            };
            if (was.Role == OrganisationRole.Admin && membership?.Role != OrganisationRole.Admin)
            {
                TableEntity? other = null;
                await foreach (var m in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), select: ["RowKey", "Organisations"], cancellationToken: ct))
                {
                    if (m.RowKey != memberId && Memberships(m).GetValueOrDefault(organisationId)?.Role == OrganisationRole.Admin)
                    {
                        other = m;
                        break;
                    }
                }
                if (other is null) return (MembershipChange.LastAdmin, null);
                actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, other.RowKey), other.ETag));
            }
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
                return (MembershipChange.Changed, new Member(memberId, e.GetString("Email") ?? "", e.GetString("Name") ?? "", organisations) { Partners = ReadPartners(e) });
            }
            catch (TableTransactionFailedException x) when (x.Status is 409 or 412 && attempt < 5) { }
        }
    }

    private static Dictionary<string, Membership> Memberships(TableEntity e) =>
        JsonSerializer.Deserialize<Dictionary<string, Membership>>(e.GetString("Organisations") ?? "{}") ?? [];

    /// <summary>Adds or changes the member's role in one partner, keeping every other membership and column
    /// (an ETag-conditional merge, so columns other features add to the member row survive).</summary>
    public async Task<Member> GrantPartnerAsync(string email, string name, string partnerId, PartnerRole role, CancellationToken ct)
    {
        var table = await storage.TableAsync(Table, ct);
        var id = IdOf(email);
        for (var attempt = 0; ; attempt++)
        {
            var e = await table.GetEntityOrNullAsync(Partition, id, ct: ct);
            var partners = e is null ? new Dictionary<string, PartnerRole>() : new Dictionary<string, PartnerRole>(ReadPartners(e));
            partners[partnerId] = role;
            var row = new TableEntity(Partition, id)
            {
                ["Email"] = Normalise(email),
                ["Name"] = string.IsNullOrWhiteSpace(name) ? e?.GetString("Name") ?? "" : name.Trim(),
                ["Organisations"] = e?.GetString("Organisations") ?? "{}",
                ["Partners"] = JsonSerializer.Serialize(partners),
            }.Checked();
            try
            {
                if (e is null) await table.AddEntityAsync(row, ct);
                else await table.UpdateEntityAsync(row, e.ETag, TableUpdateMode.Merge, ct);
                return new Member(id, (string)row["Email"]!, (string)row["Name"]!,
                    JsonSerializer.Deserialize<Dictionary<string, Membership>>((string)row["Organisations"]!) ?? []) { Partners = partners };
            }
            catch (Azure.RequestFailedException x) when (x.Status is 409 or 412 && attempt < 5) { }
        }
    }

    /// <summary>Takes the member's role in one partner away (ETag-conditional merge); false when they had none.</summary>
    public async Task<(bool Removed, string? Email)> RevokePartnerAsync(string memberId, string partnerId, CancellationToken ct)
    {
        if (!Catalog.CatalogStore.IsValidKey(memberId)) return (false, null);
        var table = await storage.TableAsync(Table, ct);
        for (var attempt = 0; ; attempt++)
        {
            var e = await table.GetEntityOrNullAsync(Partition, memberId, ct: ct);
            if (e is null) return (false, null);
            var partners = new Dictionary<string, PartnerRole>(ReadPartners(e));
            if (!partners.Remove(partnerId)) return (false, e.GetString("Email"));
            try
            {
                await table.UpdateEntityAsync(new TableEntity(Partition, memberId) { ["Partners"] = JsonSerializer.Serialize(partners) }.Checked(), e.ETag, TableUpdateMode.Merge, ct);
                return (true, e.GetString("Email"));
            }
            catch (Azure.RequestFailedException x) when (x.Status is 409 or 412 && attempt < 5) { }
        }
    }

    private static Dictionary<string, PartnerRole> ReadPartners(TableEntity e) =>
        JsonSerializer.Deserialize<Dictionary<string, PartnerRole>>(e.GetString("Partners") ?? "{}") ?? [];
}

/// <summary>What <see cref="MemberStore.ChangeKeepingAnAdminAsync"/> did.</summary>
public enum MembershipChange
{
    Changed,
    /// <summary>The person is not a member of the organisation.</summary>
    NotAMember,
    /// <summary>Refused: it would take the admin role from the organisation's last admin.</summary>
    LastAdmin,
}
