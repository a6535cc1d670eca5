namespace Surveys.Pages.Audit;

/// <summary>The audit log page: for each organisation the member administers, its newest entries.</summary>
public sealed record AuditLogModel(IReadOnlyList<AuditLogModel.Organisation> Organisations)
{
    public sealed record Organisation(string Name, IReadOnlyList<Entry> Entries);

    /// <param name="At">When, in Norwegian time.</param>
    /// <param name="Action">The audit action's key (<c>export</c>, <c>grant-created</c>, …); the page words it.</param>
    public sealed record Entry(DateTimeOffset At, string Actor, string Action, string Subject, IReadOnlyList<KeyValuePair<string, string>> Details);
}
