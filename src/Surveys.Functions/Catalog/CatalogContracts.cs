using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Surveys.Model;

namespace Surveys.Functions.Catalog;

// The JSON bodies of CatalogApi, as the handlers read them (RequestFields) and write them (their anonymous objects).
// They document the API (OpenApiGenerator); the handlers read the JSON themselves, to name every wrong field at once.

/// <summary>What a create answers with when only the new id is of interest.</summary>
public sealed record CreatedId(string Id);

public sealed record CreateOrganisationRequest(
    [MaxLength(200)] string Name,
    [Description("The organisation's units (avdelinger), such as AFT, VTA or Aktivitetsavdelingen."), MaxLength(50)] IReadOnlyList<string>? Units = null);

public sealed record OrganisationView(string Id, string Name, IReadOnlyList<string> Units);

public sealed record AddMemberRequest(
    [EmailAddress, MaxLength(254)] string Email,
    [MaxLength(200)] string? Name = null,
    [AllowedValues("leader", "admin"), DefaultValue("leader")] string? Role = null,
    [Description("Limit a leader to these units; all units when left out.")] IReadOnlyList<string>? Units = null);

public sealed record MemberView(string Id, string Email, [AllowedValues("leader", "admin")] string Role, IReadOnlyList<string>? Units);

public sealed record CreateSurveyRequest(
    [MaxLength(200)] string Title,
    [Description("A built-in instrument; give either this or items."), AllowedValues("ETHICS", "WELLBEING", "EXIT", "USER", "EMPLOYEE")] string? Instrument = null,
    [Description("Wording-only edits; item identity is kept.")] IReadOnlyList<WordingEditRequest>? Wording = null,
    [Description("Wording-only edits keyed by item: item id → language (nb, en) → the item's new text, as a form sends them (texts.ETHICS-07.nb). A text equal to the template's is no edit. Item identity is kept.")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Texts = null,
    [Description("The unit the survey is run in: one of the organisation's units; the whole organisation when left out. An admin limited to some units must name one of them."), MaxLength(100)] string? Unit = null,
    [Description("Item id → label set id, e.g. LBL-FREQ5-JA.")] IReadOnlyDictionary<string, string>? LabelSets = null,
    [Description("Custom items (1 to 60) instead of an instrument.")] IReadOnlyList<CustomItemRequest>? Items = null,
    [Description("The instrument's optional add-ons to include, by item id (EMPLOYEE-19, EMPLOYEE-20), kept in the instrument's order; their texts can be changed in texts like any other item. The retrospective ETHICS-R01…R09 belong to the after round only and are refused here.")] IReadOnlyList<string>? OptionalItems = null);

public sealed record WordingEditRequest(string ItemId, [AllowedValues("nb", "en")] string Language, string Text);

public sealed record CustomItemRequest(
    string Id,
    [AllowedValues("SCALE-KNOW5", "SCALE-FREQ5", "SCALE-SAT6", "SCALE-GOOD5", "SCALE-YESNO", "TEXT")] string Scale,
    [Description("Language code → text, e.g. {\"nb\": \"…\", \"en\": \"…\"}.")] IReadOnlyDictionary<string, string> Text,
    bool? Required = null,
    [Description("A label set of the item's scale.")] string? LabelSet = null);

public sealed record SurveySummary(string Id, string Title, string? Instrument, string? Unit);

public sealed record CreateRoundRequest(
    [Description("For example «2026-før»."), MaxLength(Round.LabelMaxLength)] string Label,
    [Description("A date (YYYY-MM-DD, midnight in Norway) or a date-time.")] DateTimeOffset? Opens = null,
    [Description("A date (YYYY-MM-DD, midnight in Norway) or a date-time; after opens.")] DateTimeOffset? Closes = null,
    [Description("How many were invited, for the response rate."), Range(0, 1_000_000)] int? Invited = null,
    [Description("Continuous rounds store months, scheduled rounds ISO weeks."), DefaultValue(false)] bool? Continuous = null);

public sealed record RoundSummary(string Id, string Label, DateTimeOffset? Opens, DateTimeOffset? Closes, int? Invited,
    [Description("Whether the round accepts answers now.")] bool Open);

public sealed record UpdateRoundRequest(
    [Description("true: close now (not before the round has opened); false: reopen, until closed or until closes.")] bool? Closed = null,
    [Description("A new closing date (YYYY-MM-DD, midnight in Norway) or date-time, after now and after opens; reopens a closed round.")] DateTimeOffset? Closes = null,
    [Description("How many were invited, for the response rate (users.md A-05); the change is audited."), Range(0, 1_000_000)] int? Invited = null);

public sealed record CreateKioskLinkRequest(
    [Description("The unit the kiosk stands in; required for a leader limited to some units.")] string? Unit = null,
    [Description("What staff call the tablet, e.g. «Nettbrett i kantina».")][MaxLength(Kiosk.KioskLinkStore.NameMaxLength)] string? Name = null);

public sealed record KioskLinkView([Description("Shown only here.")] string Token, string Url,
    [Description("The link's id: how the list names it and how it is revoked without the token.")] string LinkId);
