namespace Surveys.Model;

/// <summary>The validation errors the model reports, with their messages, in one place.</summary>
internal static class Problems
{
    private static ValidationError E(string field, string code, string nb, string en) => new(field, code, new LocalizedText(nb, en));

    internal static string AnswerField(string itemId) => $"answers.{itemId}";

    public static ValidationError Required(string field) =>
        E(field, ErrorCodes.Required, "Dette må fylles ut.", "This is required.");

    public static ValidationError RequiredAnswer(string itemId) =>
        E(AnswerField(itemId), ErrorCodes.Required, "Dette spørsmålet må besvares.", "This question must be answered.");

    public static ValidationError TooLong(string field, int max) =>
        E(field, ErrorCodes.TooLong, $"Teksten kan ha høyst {max} tegn.", $"The text can have at most {max} characters.");

    public static ValidationError TextTooLong(string itemId, int max) =>
        E(AnswerField(itemId), ErrorCodes.TextTooLong, $"Teksten kan ha høyst {max} tegn.", $"The text can have at most {max} characters.");

    public static ValidationError UnknownItem(string field) =>
        E(field, ErrorCodes.UnknownItem, "Spørsmålet finnes ikke i denne undersøkelsen.", "This question is not part of this survey.");

    public static ValidationError OffScale(string itemId, Scale scale) => scale.NonScaleCode is { } code
        ? E(AnswerField(itemId), ErrorCodes.OffScale, $"Svaret må være et tall fra 1 til {scale.Points}, eller {code}.", $"The answer must be a number from 1 to {scale.Points}, or {code}.")
        : E(AnswerField(itemId), ErrorCodes.OffScale, $"Svaret må være et tall fra 1 til {scale.Points}.", $"The answer must be a number from 1 to {scale.Points}.");

    public static ValidationError WrongType(string itemId, Scale scale) => scale.Kind == ScaleKind.FreeText
        ? E(AnswerField(itemId), ErrorCodes.WrongType, "Svaret må være tekst.", "The answer must be text.")
        : E(AnswerField(itemId), ErrorCodes.WrongType, "Svaret må være et tall.", "The answer must be a number.");

    public static ValidationError EmptyResponse() =>
        E("answers", ErrorCodes.EmptyResponse, "Svar på minst ett spørsmål før du sender.", "Answer at least one question before you send.");

    public static ValidationError UnsupportedLanguage() =>
        E("language", ErrorCodes.UnsupportedLanguage, "Språket støttes ikke.", "This language is not supported.");

    public static ValidationError UnknownEntryMode() =>
        E("entryMode", ErrorCodes.UnknownEntryMode, "Ukjent måte å svare på.", "Unknown entry mode.");

    public static ValidationError RoundClosed() =>
        E("round", ErrorCodes.RoundClosed, "Undersøkelsen er ikke åpen nå.", "This survey is not open now.");

    public static ValidationError RoundMismatch(string field) =>
        E(field, ErrorCodes.RoundMismatch, "Runden hører ikke til her.", "The round does not belong here.");

    public static ValidationError InvalidResponseId() =>
        E("responseId", ErrorCodes.InvalidResponseId, "Svar-id må være en tilfeldig GUID (versjon 4).", "The response id must be a random GUID (version 4).");

    public static ValidationError InvalidId(string field, int max) =>
        E(field, ErrorCodes.InvalidId, $"Id kan bare ha bokstavene A–Z, tall, - og _, og høyst {max} tegn.", $"An id may only have the letters A–Z, digits, - and _, and at most {max} characters.");

    public static ValidationError Duplicate(string field) =>
        E(field, ErrorCodes.Duplicate, "Denne id-en er allerede brukt.", "This id is already in use.");

    public static ValidationError NoItems() =>
        E("items", ErrorCodes.NoItems, "Undersøkelsen må ha minst ett spørsmål.", "The survey needs at least one question.");

    public static ValidationError UnknownInstrument(string field) =>
        E(field, ErrorCodes.UnknownInstrument, "Skjemaet finnes ikke.", "This instrument does not exist.");

    public static ValidationError UnknownLabelSet(string field) =>
        E(field, ErrorCodes.UnknownLabelSet, "Svaralternativene finnes ikke.", "This label set does not exist.");

    public static ValidationError LabelSetMismatch(string field) =>
        E(field, ErrorCodes.LabelSetMismatch, "Svaralternativene passer ikke til skalaen for dette spørsmålet.", "This label set does not fit the question's scale.");

    public static ValidationError ClosesBeforeOpens() =>
        E("closes", ErrorCodes.ClosesBeforeOpens, "Sluttidspunktet må være etter starttidspunktet.", "The closing time must be after the opening time.");

    public static ValidationError ClosesInPast() =>
        E("closes", ErrorCodes.ClosesInPast, "Den nye sluttdatoen må være etter nå.", "The new closing date must be after now.");

    public static ValidationError Negative(string field) =>
        E(field, ErrorCodes.Negative, "Tallet kan ikke være negativt.", "The number cannot be negative.");

    public static ValidationError ScaleMismatch(string itemId) =>
        E($"items.{itemId}", ErrorCodes.ScaleMismatch, "Spørsmålet har ulik skala i de to delene.", "The question has different scales in the two parts.");

    public static ValidationError OverlappingResponses() =>
        E("responses", ErrorCodes.OverlappingResponses, "Det samme svaret finnes i begge delene.", "The same response is in both parts.");

    public static ValidationError InvalidSnapshot(string field) =>
        E(field, ErrorCodes.InvalidSnapshot, "De lagrede tallene henger ikke sammen.", "The stored numbers are inconsistent.");

    public static ValidationError PlannedNeeds(string field, string whatNb, string whatEn) =>
        E(field, ErrorCodes.RequiredWhenPlanned, $"Et planlagt tiltak må ha {whatNb}.", $"A planned action needs {whatEn}.");

    public static ValidationError DoneNeeds(string field, string whatNb, string whatEn) =>
        E(field, ErrorCodes.RequiredWhenDone, $"Et fullført tiltak må ha {whatNb}.", $"A completed action needs {whatEn}.");

    public static ValidationError TooMany(string field, int max) =>
        E(field, ErrorCodes.TooMany, $"Det kan være høyst {max} her.", $"There can be at most {max} here.");

    public static ValidationError InvalidEmail(string field) =>
        E(field, ErrorCodes.InvalidEmail, "Skriv en gyldig e-postadresse.", "Enter a valid e-mail address.");
}
