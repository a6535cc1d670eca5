using System.Globalization;
using Surveys.Model;

namespace Surveys.Pages.Emails;

/// <summary>
/// The weekly participation e-mail to a partner (users.md O-02, O-05, <see cref="ParticipationEmail"/>): participation
/// only, counts, dates and the response rate; never a result, an answer, an item or a unit.
/// </summary>
/// <param name="OrganisationName">The granting organisation.</param>
/// <param name="PartnerName">The partner the grant is to.</param>
/// <param name="WeekText">The week in words («uke 47, 2026»).</param>
/// <param name="Rounds">The open rounds, by survey.</param>
/// <param name="MinimumGroupSize">Below this, the count is only «færre enn N».</param>
/// <param name="ReportWhenRoundCloses">The grant delivers the report as soon as a round closes (else with the monthly e-mail).</param>
/// <param name="PartnerHomeUrl">The partner's page.</param>
public sealed record ParticipationEmailModel(string OrganisationName, string PartnerName, string WeekText, IReadOnlyList<ParticipationRound> Rounds,
    int MinimumGroupSize, bool ReportWhenRoundCloses, string PartnerHomeUrl)
{
    /// <summary>At most this many rounds in one e-mail (an e-mail must fit a queue message); the rest are one line.</summary>
    public const int MaxRounds = 25;

    /// <summary>The document's title and (on one line) the subject.</summary>
    public string Title => $"Deltakelse i åpne runder hos {OrganisationName}: {WeekText}";

    /// <summary>Respondents so far, or «færre enn N» below the minimum group size, as the results page says it.</summary>
    public string Count(ParticipationRound r) =>
        r.Respondents?.ToString(CultureInfo.InvariantCulture) ?? ComparisonTexts.FewerThan(MinimumGroupSize).Norwegian;

    /// <summary>The response rate, or «–» when it is not shown.</summary>
    public static string Rate(ParticipationRound r) => r.Rate is { } rate ? EmailFormat.PercentOf(rate) : "–";

    /// <summary>The number invited, or «–» when unknown.</summary>
    public static string Invited(ParticipationRound r) => r.Invited?.ToString(CultureInfo.InvariantCulture) ?? "–";

    /// <summary>What the partner gets when a round closes.</summary>
    public string AtClose => ReportWhenRoundCloses
        ? "Når en runde lukkes, får dere én e-post med lenke til rapporten."
        : "Rapporten kommer med den månedlige e-posten med lenke, når runden er lukket.";

    /// <summary>What the figures are, and why the recipient gets the e-mail.</summary>
    public string Footnote =>
        $"Tallene gjelder bare deltakelse: e-posten inneholder aldri resultater, svar eller spørsmål. Færre enn {MinimumGroupSize} svar vises ikke som tall. " +
        $"Dere får denne e-posten én gang i uken fordi {OrganisationName} har gitt {PartnerName} tilgang " +
        "og oppgitt denne adressen som mottaker; organisasjonen kan endre det.";
}

/// <summary>One open round as the participation e-mail shows it.</summary>
/// <param name="SurveyTitle">The survey's title.</param>
/// <param name="Label">The round's label.</param>
/// <param name="Opens">When the round opened, if it has an opening time.</param>
/// <param name="Closes">When it is planned to close, if set.</param>
/// <param name="Respondents">Respondents so far; null below the minimum group size.</param>
/// <param name="Invited">The number invited, when known.</param>
public sealed record ParticipationRound(string SurveyTitle, string Label, DateTimeOffset? Opens, DateTimeOffset? Closes, int? Respondents, int? Invited)
{
    /// <summary>Respondents ÷ invited, as on the results page; null when suppressed or when the invited count is unknown or 0.</summary>
    public double? Rate => Respondents is { } r && Invited is { } i && i > 0 ? (double)r / i : null;
}
