using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Surveys.Functions.Partners;

// The JSON bodies of PartnersApi, as the handlers read them (RequestFields) and write them (anonymous objects, JsonObjects).

public sealed record CreatePartnerRequest([MaxLength(200)] string Name);

public sealed record PartnerView(string Id, string Name);

public sealed record AddPartnerMemberRequest(
    [EmailAddress, MaxLength(254)] string Email,
    [MaxLength(200)] string? Name = null,
    [AllowedValues("user", "admin"), DefaultValue("user")] string? Role = null);

public sealed record PartnerMemberView(string Id, string Email, [AllowedValues("user", "admin")] string Role);

public sealed record CreatePartnerTokenRequest(
    [MaxLength(100)] string Name,
    [Range(1, PartnersApi.MaxTokenDays), DefaultValue(PartnersApi.DefaultTokenDays)] int? ExpiresInDays = null);

public sealed record CreatedPartnerToken(string Id, string Name, [Description("The secret (spt_…), shown only here; send it as Authorization: Bearer.")] string Token, DateTimeOffset ExpiresAt);

public sealed record PartnerTokenSummary(
    string Id, string Name, [AllowedValues("active", "expired", "revoked")] string Status, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy);

public sealed record CreateGrantRequest(
    [MaxLength(100)] string PartnerId,
    [Description("Left out or null: all of the organisation's surveys, including later ones."), MaxLength(200)] IReadOnlyList<string>? SurveyIds = null,
    [Description("Optional scheduled delivery (default: none).")] DeliveryRequest? Delivery = null);

public sealed record DeliveryRequest(
    [AllowedValues("none", "afterRoundCloses", "monthly"), DefaultValue("none")] string? Schedule = null,
    [AllowedValues("csv", "json", "xlsx"), DefaultValue("csv")] string? Format = null,
    [AllowedValues("results", "answers"), DefaultValue("results")] string? Content = null,
    [AllowedValues("nb", "en"), DefaultValue("nb")] string? Language = null,
    [Description("E-mail addresses; needed when scheduled."), MaxLength(20)] IReadOnlyList<string>? Recipients = null);

public sealed record DeliveryView(
    [AllowedValues("none", "afterRoundCloses", "monthly")] string Schedule,
    [AllowedValues("csv", "json", "xlsx")] string Format,
    [AllowedValues("results", "answers")] string Content,
    [AllowedValues("nb", "en")] string Language,
    IReadOnlyList<string> Recipients);

public sealed record GrantView(
    string Id, string PartnerId, string? PartnerName, [Description("null: all surveys.")] IReadOnlyList<string>? SurveyIds, bool AllSurveys,
    DeliveryView Delivery, bool Active, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy);

public sealed record PartnerGrantView(
    string GrantId, string OrganisationId, string OrganisationName, bool AllSurveys, DateTimeOffset GrantedAt,
    IReadOnlyList<GrantedSurvey> Surveys, DeliveryView Delivery);

public sealed record GrantedSurvey(string Id, string Title, [Description("GET it with the partner's token.")] string ExportUrl);
