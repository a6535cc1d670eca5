using System.Diagnostics.CodeAnalysis;

namespace Surveys.Model;

/// <summary>
/// The five built-in instruments of instruments.md, with every item text in bokmål and English exactly as
/// written there (<c>{org}</c> placeholders and the originals' punctuation kept).
/// </summary>
public static class Instruments
{
    private static LocalizedText T(string nb, string en) => new(nb, en);

    /// <summary>The lead question of the retrospective ETHICS-R items (§3.3).</summary>
    public static readonly LocalizedText RetrospectiveLead =
        T("Hvordan vurderer du kunnskapen din slik den var før prosjektet?", "How do you rate your knowledge as it was before the project?");

    /// <summary>
    /// <c>ETHICS</c>: the ethics self-evaluation for guidance staff (§3), texts verbatim from the national
    /// self-evaluation. Scale <c>SCALE-KNOW5</c>; ETHICS-01…09 (E1–E9) are required. The retrospective
    /// add-on ETHICS-R01…R09 repeats the nine statements under a lead question, is optional
    /// (<see cref="Item.IncludedByDefault"/> false), also required once included, and is never merged
    /// with ETHICS-01…09.
    /// </summary>
    public static readonly Instrument Ethics = new("ETHICS",
        T("Etisk egenevaluering (selvevaluering)", "Ethics self-evaluation for guidance staff"), 1,
    [
        new("ETHICS-01", Scales.Know5, T("Som karriereveileder har jeg kunnskap om etiske retningslinjer for karriereveiledning.", "As a career counsellor, I have knowledge of ethical guidelines for career guidance."), required: true, shortCode: "E1"),
        new("ETHICS-02", Scales.Know5, T("Som karriereveileder har jeg kunnskap om handlingsalternativer og plikter i møte med etiske dilemmaer og utfordringer i karriereveiledning.", "As a career counsellor, I have knowledge of possible courses of action and of my duties when facing ethical dilemmas and challenges in career guidance."), required: true, shortCode: "E2"),
        new("ETHICS-03", Scales.Know5, T("Som karriereveileder har jeg kunnskap om relevante lovbestemmelser som handler om personvern og behandling av personopplysninger.", "As a career counsellor, I have knowledge of relevant statutory provisions on privacy and the processing of personal data."), required: true, shortCode: "E3"),
        new("ETHICS-04", Scales.Know5, T("Som karriereveileder anvender jeg etiske retningslinjer for karriereveiledning i min praksis.", "As a career counsellor, I apply ethical guidelines for career guidance in my practice."), required: true, shortCode: "E4"),
        new("ETHICS-05", Scales.Know5, T("Som karriereveileder gjør jeg reflekterte vurderinger og valg i møte med etisk utfordrende situasjoner.", "As a career counsellor, I make considered judgements and choices in ethically challenging situations."), required: true, shortCode: "E5"),
        new("ETHICS-06", Scales.Know5, T("Som karriereveileder reflekterer jeg systematisk over egen praksis alene og sammen med andre.", "As a career counsellor, I reflect systematically on my own practice, alone and together with others."), required: true, shortCode: "E6"),
        new("ETHICS-07", Scales.Know5, T("Som karriereveileder er jeg bevisst egne verdier og holdninger, og hvordan de kommer til uttrykk i relasjonen til veisøker.", "As a career counsellor, I am aware of my own values and attitudes, and of how they show in my relationship with the person seeking guidance."), required: true, shortCode: "E7"),
        new("ETHICS-08", Scales.Know5, T("Som karriereveileder er jeg bevisst makten som er ilagt min rolle.", "As a career counsellor, I am aware of the power vested in my role."), required: true, shortCode: "E8"),
        new("ETHICS-09", Scales.Know5, T("Som karriereveileder tar jeg initiativ til etisk refleksjon og handling i mitt profesjonelle fellesskap.", "As a career counsellor, I take the initiative for ethical reflection and action in my professional community."), required: true, shortCode: "E9"),
        new("ETHICS-R01", Scales.Know5, T("Som karriereveileder har jeg kunnskap om etiske retningslinjer for karriereveiledning.", "As a career counsellor, I have knowledge of ethical guidelines for career guidance."), required: true, lead: RetrospectiveLead, includedByDefault: false),
        new("ETHICS-R02", Scales.Know5, T("Som karriereveileder har jeg kunnskap om handlingsalternativer og plikter i møte med etiske dilemmaer og utfordringer i karriereveiledning.", "As a career counsellor, I have knowledge of possible courses of action and of my duties when facing ethical dilemmas and challenges in career guidance."), required: true, lead: RetrospectiveLead, includedByDefault: false),
        new("ETHICS-R03", Scales.Know5, T("Som karriereveileder har jeg kunnskap om relevante lovbestemmelser som handler om personvern og behandling av personopplysninger.", "As a career counsellor, I have knowledge of relevant statutory provisions on privacy and the processing of personal data."), required: true, lead: RetrospectiveLead, includedByDefault: false),
        new("ETHICS-R04", Scales.Know5, T("Som karriereveileder anvender jeg etiske retningslinjer for karriereveiledning i min praksis.", "As a career counsellor, I apply ethical guidelines for career guidance in my practice."), required: true, lead: RetrospectiveLead, includedByDefault: false),
        new("ETHICS-R05", Scales.Know5, T("Som karriereveileder gjør jeg reflekterte vurderinger og valg i møte med etisk utfordrende situasjoner.", "As a career counsellor, I make considered judgements and choices in ethically challenging situations."), required: true, lead: RetrospectiveLead, includedByDefault: false),
        new("ETHICS-R06", Scales.Know5, T("Som karriereveileder reflekterer jeg systematisk over egen praksis alene og sammen med andre.", "As a career counsellor, I reflect systematically on my own practice, alone and together with others."), required: true, lead: RetrospectiveLead, includedByDefault: false),
        new("ETHICS-R07", Scales.Know5, T("Som karriereveileder er jeg bevisst egne verdier og holdninger, og hvordan de kommer til uttrykk i relasjonen til veisøker.", "As a career counsellor, I am aware of my own values and attitudes, and of how they show in my relationship with the person seeking guidance."), required: true, lead: RetrospectiveLead, includedByDefault: false),
        new("ETHICS-R08", Scales.Know5, T("Som karriereveileder er jeg bevisst makten som er ilagt min rolle.", "As a career counsellor, I am aware of the power vested in my role."), required: true, lead: RetrospectiveLead, includedByDefault: false),
        new("ETHICS-R09", Scales.Know5, T("Som karriereveileder tar jeg initiativ til etisk refleksjon og handling i mitt profesjonelle fellesskap.", "As a career counsellor, I take the initiative for ethical reflection and action in my professional community."), required: true, lead: RetrospectiveLead, includedByDefault: false),
    ]);

    /// <summary>
    /// <c>WELLBEING</c>: the smiley wellbeing survey (§4), texts verbatim (WELLBEING-02 has no final full
    /// stop, as on the original form). Scale <c>SCALE-FREQ5</c> with <c>LBL-FREQ5-STD</c> on every item for new
    /// rounds; no item is required (P-09).
    /// </summary>
    public static readonly Instrument Wellbeing = new("WELLBEING", T("Trivselsundersøkelse", "Smiley wellbeing survey"), 1,
    [
        new("WELLBEING-01", Scales.Freq5, T("Jeg blir hørt på av fagveilederen min, når jeg har noe viktig å si.", "My supervisor listens to me when I have something important to say."), shortCode: "T1"),
        new("WELLBEING-02", Scales.Freq5, T("Jeg kan dele personlige ting med fagveilederen min", "I can share personal things with my supervisor."), shortCode: "T2"),
        new("WELLBEING-03", Scales.Freq5, T("Jeg kan bli med å bestemme hvilke arbeidsoppgaver jeg skal gjøre.", "I can take part in deciding which work tasks I will do."), shortCode: "T3"),
        new("WELLBEING-04", Scales.Freq5, T("Når jeg får arbeidsoppgaver jeg ikke har lyst å gjøre, sier jeg fra til veilederen min.", "When I get work tasks I don't want to do, I tell my supervisor."), shortCode: "T4"),
    ]);

    /// <summary>
    /// <c>EXIT</c>: the exit satisfaction survey (§5). EXIT-03 and EXIT-04 are verbatim, the rest are proposals.
    /// <c>SCALE-SAT6</c> (with 9 = "Ikke aktuelt"), <c>SCALE-YESNO</c> and <c>TEXT</c>; no item is required (P-09).
    /// </summary>
    public static readonly Instrument Exit = new("EXIT", T("Sluttundersøkelse / tilfredshetsundersøkelse", "Exit satisfaction survey"), 1,
    [
        new("EXIT-01", Scales.Sat6, T("Alt i alt, i hvilken grad er du fornøyd med tiltaket hos {org}?", "All in all, to what degree are you satisfied with the measure at {org}?")),
        new("EXIT-02", Scales.Sat6, T("I hvilken grad er du fornøyd med samarbeidet med og bistanden fra veilederen din?", "To what degree are you satisfied with the cooperation with, and the help from, your counsellor?")),
        new("EXIT-03", Scales.Sat6, T("I hvilken grad er du fornøyd med informasjon om rettigheter og plikter etter oppstart på {org}?", "To what degree are you satisfied with the information about your rights and duties after you started at {org}?")),
        new("EXIT-04", Scales.Sat6, T("I hvilken grad er du fornøyd med kartleggingen ved {org}, for å finne ditt utgangspunkt for jobb?", "To what degree are you satisfied with the initial assessment (kartlegging) at {org}, for finding your starting point for work?")),
        new("EXIT-05", Scales.Sat6, T("I hvilken grad er du fornøyd med arbeidsoppgavene du har hatt hos {org}?", "To what degree are you satisfied with the work tasks you have had at {org}?")),
        new("EXIT-06", Scales.Sat6, T("I hvilken grad er du fornøyd med hjelpen du har fått i overgangen til jobb, utdanning eller annen aktivitet?", "To what degree are you satisfied with the help you have had in moving on to work, education or another activity?")),
        new("EXIT-YN-01", Scales.YesNo, T("Er du tilfreds med tjenestene du har fått ved {org}?", "Are you satisfied with the services you have received at {org}?")),
        new("EXIT-YN-02", Scales.YesNo, T("Har du opplevd å få en bedre livskvalitet?", "Have you experienced a better quality of life?")),
        new("EXIT-TXT-01", Scales.Text, T("Hva kan vi gjøre bedre?", "What could we do better?")),
        new("EXIT-TXT-02", Scales.Text, T("Andre kommentarer", "Other comments")),
    ]);

    /// <summary>
    /// <c>USER</c>: the yearly user survey for VTA employees and AFT participants (§6), a proposal.
    /// USER-01…12 on <c>SCALE-SAT6</c> (with 9), USER-YN-01 yes/no, USER-TXT-01 free text; no item is required (P-09).
    /// </summary>
    public static readonly Instrument User = new("USER", T("Brukerundersøkelse", "Yearly user survey (VTA employees, AFT participants)"), 1,
    [
        new("USER-01", Scales.Sat6, T("Hvor fornøyd er du med hverdagen din hos {org}?", "How satisfied are you with your everyday life at {org}?")),
        new("USER-02", Scales.Sat6, T("Hvor fornøyd er du med arbeidsoppgavene dine?", "How satisfied are you with your work tasks?")),
        new("USER-03", Scales.Sat6, T("Hvor fornøyd er du med hjelpen du får fra veilederen din?", "How satisfied are you with the help you get from your counsellor?")),
        new("USER-04", Scales.Sat6, T("Hvor fornøyd er du med hvordan veilederen din hører på deg?", "How satisfied are you with how your counsellor listens to you?")),
        new("USER-05", Scales.Sat6, T("Hvor fornøyd er du med hvor mye du får være med og bestemme?", "How satisfied are you with how much you get to take part in decisions?")),
        new("USER-06", Scales.Sat6, T("Hvor fornøyd er du med informasjonen du får?", "How satisfied are you with the information you get?")),
        new("USER-07", Scales.Sat6, T("Hvor fornøyd er du med det du lærer her?", "How satisfied are you with what you learn here?")),
        new("USER-08", Scales.Sat6, T("Hvor fornøyd er du med hvordan du blir behandlet?", "How satisfied are you with how you are treated?")),
        new("USER-09", Scales.Sat6, T("Hvor fornøyd er du med de andre du jobber sammen med?", "How satisfied are you with the others you work with?")),
        new("USER-10", Scales.Sat6, T("Hvor fornøyd er du med hvordan arbeidet er tilpasset deg?", "How satisfied are you with how the work is adapted to you?")),
        new("USER-11", Scales.Sat6, T("Hvor fornøyd er du med planen og målene dine?", "How satisfied are you with your plan and your goals?")),
        new("USER-12", Scales.Sat6, T("Alt i alt, hvor fornøyd er du med tilbudet hos {org}?", "All in all, how satisfied are you with what {org} offers you?")),
        new("USER-YN-01", Scales.YesNo, T("Er du fornøyd med tjenesten du har fått hos {org}? (Ja / Nei)", "Are you satisfied with the service you have received at {org}? (Yes / No)")),
        new("USER-TXT-01", Scales.Text, T("Er det noe vi kan gjøre bedre?", "Is there anything we could do better?")),
    ]);

    /// <summary>
    /// <c>EMPLOYEE</c>: the employee (work-environment) survey (§7), a proposal. EMPLOYEE-01…18 on
    /// <c>SCALE-GOOD5</c> (with 9 = "Vet ikke / ikke aktuelt"), optional add-ons EMPLOYEE-19 and EMPLOYEE-20,
    /// and EMPLOYEE-TXT-01 free text. No item is required.
    /// </summary>
    public static readonly Instrument Employee = new("EMPLOYEE", T("Medarbeiderundersøkelse / arbeidsmiljøundersøkelse", "Employee (work-environment) survey"), 1,
    [
        new("EMPLOYEE-01", Scales.Good5, T("Hvordan trives du på arbeidsplassen?", "How do you like it at your workplace?")),
        new("EMPLOYEE-02", Scales.Good5, T("Hvordan har du det på jobben?", "How are you doing at work?")),
        new("EMPLOYEE-03", Scales.Good5, T("Hvordan har du det med arbeidsoppgavene dine?", "How are you getting on with your work tasks?")),
        new("EMPLOYEE-04", Scales.Good5, T("Hvordan trives du med arbeidstiden din?", "How do you like your working hours?")),
        new("EMPLOYEE-05", Scales.Good5, T("Hvordan er forholdet ditt til kollegaene dine?", "How is your relationship with your colleagues?")),
        new("EMPLOYEE-06", Scales.Good5, T("Hvordan opplever du arbeidsmiljøet?", "How do you experience the work environment?")),
        new("EMPLOYEE-07", Scales.Good5, T("Hvordan er forholdet ditt til daglig leder?", "How is your relationship with the managing director?")),
        new("EMPLOYEE-08", Scales.Good5, T("Hvordan er forholdet ditt til din personalleder?", "How is your relationship with your line manager?")),
        new("EMPLOYEE-09", Scales.Good5, T("Hvordan opplever du tilbakemeldingskulturen på jobben?", "How do you experience the feedback culture at work?")),
        new("EMPLOYEE-10", Scales.Good5, T("Hvordan opplever du anerkjennelsen du får når arbeidet du har gjort er bra?", "How do you experience the recognition you get when your work is good?")),
        new("EMPLOYEE-11", Scales.Good5, T("Hvordan opplever du muligheten til å få nok veiledning når du trenger det?", "How do you experience the chance to get enough guidance when you need it?")),
        new("EMPLOYEE-12", Scales.Good5, T("Hvordan synes du selv at du er til å gi tilbakemelding til andre?", "How good do you think you are at giving feedback to others?")),
        new("EMPLOYEE-13", Scales.Good5, T("Hvordan opplever du mulighetene til å få større utfordringer i jobben?", "How do you experience the opportunities for bigger challenges in your job?")),
        new("EMPLOYEE-14", Scales.Good5, T("Hvordan opplever du de sosiale arrangementene på arbeidsplassen?", "How do you experience the social events at your workplace?")),
        new("EMPLOYEE-15", Scales.Good5, T("Hvordan opplever du at du selv bidrar til et godt arbeidsmiljø?", "How do you experience your own contribution to a good work environment?")),
        new("EMPLOYEE-16", Scales.Good5, T("Hvordan opplever du medarbeidersamtalene?", "How do you experience the appraisal conversations?")),
        new("EMPLOYEE-17", Scales.Good5, T("Hvordan opplever du tilretteleggingen for personlig utvikling?", "How do you experience the support for personal development?")),
        new("EMPLOYEE-18", Scales.Good5, T("Hvordan opplever du tiden du har til oppgaver som gir mening, motivasjon og mestring?", "How do you experience the time you have for tasks that give meaning, motivation and mastery?")),
        new("EMPLOYEE-19", Scales.Good5, T("Hvordan opplever du kommunikasjonen på arbeidsplassen?", "How do you experience communication at your workplace?"), includedByDefault: false),
        new("EMPLOYEE-20", Scales.Good5, T("Hvordan opplever du fordelingen av arbeidsoppgaver?", "How do you experience the way work tasks are shared out?"), includedByDefault: false),
        new("EMPLOYEE-TXT-01", Scales.Text, T("Har du kommentarer til noe av dette, eller noe annet du vil si om arbeidsmiljøet?", "Do you have comments on any of this, or anything else you want to say about the work environment?")),
    ]);

    /// <summary>Every built-in instrument.</summary>
    public static IReadOnlyList<Instrument> All { get; } = [Ethics, Wellbeing, Exit, User, Employee];

    /// <summary>The instrument with <paramref name="id"/>, or <c>null</c>.</summary>
    public static Instrument? Find(string id) => All.FirstOrDefault(i => i.Id == id);

    /// <summary>Looks an instrument up by id.</summary>
    public static bool TryGet(string id, [NotNullWhen(true)] out Instrument? instrument) => (instrument = Find(id)) is not null;

    /// <summary>The instrument with <paramref name="id"/>; throws <see cref="SurveyValidationException"/>
    /// (<c>unknown-instrument</c>) when there is none.</summary>
    public static Instrument Get(string id) =>
        Find(id) ?? throw new SurveyValidationException(Problems.UnknownInstrument("instrumentId"));
}
