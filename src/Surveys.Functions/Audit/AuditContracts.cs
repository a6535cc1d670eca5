using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Surveys.Functions.Audit;

/// <summary>The query of <c>GET …/audit</c> (<see cref="AuditApi.ReadMax"/>).</summary>
public sealed record AuditQuery([Description("How many entries, newest first."), Range(1, AuditApi.MaxMax), DefaultValue(AuditApi.DefaultMax)] int? Max = null);

public sealed record AuditEntryView(DateTimeOffset At, string Actor, string Action, string Subject, IReadOnlyDictionary<string, string> Details);
