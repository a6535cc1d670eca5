using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Model;

namespace Surveys.Functions.Paper;

/// <summary>The limits of paper entry, declared once: the endpoints enforce them, the page states them,
/// the tests read them.</summary>
public static class PaperLimits
{
    /// <summary>The largest CSV file accepted (2 MiB; larger is a 413).</summary>
    public const int MaxImportBytes = 2 * 1024 * 1024;

    /// <summary>The most respondent rows in one file (more is a 400; split the file).</summary>
    public const int MaxImportRows = 5000;

    /// <summary>The largest single typed-in form (JSON), as for the kiosk.</summary>
    public const int MaxFormBytes = 64 * 1024;
}

/// <summary>One problem in an import file, by row as a spreadsheet numbers it (the header is row 1).</summary>
public sealed record RowProblem(int Row, int Line, string? Column, string Code, LocalizedText Message);

/// <summary>A row ready to store: its derived response id, the validated response and its unit.</summary>
public sealed record PlannedRow(int Row, Response Response, string? Unit);

/// <summary>What a file would import: every row valid, or every problem found.</summary>
public sealed record ImportPlan(IReadOnlyList<PlannedRow> Rows, IReadOnlyList<RowProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads a CSV file of typed-in paper forms: header = item ids (or their short codes, any case) and an
/// optional <c>unit</c> column; one row per respondent; values are positions 1..k or the non-scale code
/// (9), blank = not answered, free text as text. Every row goes through the survey's own validation and
/// every problem of every row is collected; only a file without problems yields rows to store.
/// Each row's response id is derived from the round, the SHA-256 of the file's content and the row
/// number, so importing the same file again finds the same ids and counts nothing twice.
/// </summary>
public static class PaperImport
{
    public const string UnitColumn = "unit";
    private static readonly string[] UnitColumnNames = [UnitColumn, "enhet"];

    /// <summary>A random-looking version-4 id (RFC 9562 variant) that is the same for the same round, file
    /// and row, and reveals no time: <c>SHA-256("surveys/paper-import/v1", round, file hash, row)</c>,
    /// first 16 bytes, version and variant bits set.</summary>
    public static Guid ResponseIdFor(string roundId, ReadOnlySpan<byte> fileSha256, int row)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("surveys/paper-import/v1\0"u8);
        hash.AppendData(Encoding.UTF8.GetBytes(roundId));
        hash.AppendData([0]);
        hash.AppendData(fileSha256);
        Span<byte> rowBytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(rowBytes, row);
        hash.AppendData(rowBytes);
        var bytes = hash.GetHashAndReset().AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The file as text: UTF-8 (a BOM is allowed and dropped), anything else is a 400 that says
    /// how to save the file.</summary>
    public static string Decode(byte[] content)
    {
        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Filen er ikke UTF-8", "The file is not UTF-8",
                "Lagre filen som «CSV UTF-8 (kommadelt)» i Excel, og last den opp på nytt.",
                "Save the file as \"CSV UTF-8 (comma delimited)\" in Excel and upload it again.");
        }
    }

    /// <summary>
    /// The SHA-256 of the file's content as a table: the same rows and values saved with another separator,
    /// line ending, BOM or quoting are the same file (and so import to the same ids). Values are trimmed;
    /// empty cells at the end of a row and blank rows at the end of the file do not count.
    /// </summary>
    public static byte[] ContentHash(IReadOnlyList<CsvRecord> records)
    {
        var last = records.Count - 1;
        while (last >= 0 && records[last].IsBlank) last--;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var r = 0; r <= last; r++)
        {
            var fields = records[r].Fields.Select(f => f.Trim()).ToList();
            while (fields.Count > 0 && fields[^1].Length == 0) fields.RemoveAt(fields.Count - 1);
            hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\u001F', fields)));
            hash.AppendData("\u001E"u8);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Reads and validates the whole file. File-level problems (not UTF-8, empty, header only, too
    /// many rows) throw a 400; problems in the header or rows are returned, all of them.</summary>
    public static ImportPlan Plan(byte[] content, string roundId, Survey survey, Organisation organisation, Membership? membership,
        Func<ResponseSubmission, Response> validate)
    {
        var text = Decode(content);
        if (string.IsNullOrWhiteSpace(text)) throw FileProblem("Filen er tom", "The file is empty");

        List<CsvRecord> records;
        try
        {
            records = Csv.Parse(text, Csv.DetectDelimiter(text));
        }
        catch (CsvFormatException e)
        {
            return new ImportPlan([], [new RowProblem(e.Row, e.Line, null, "csv-format", new LocalizedText(
                $"Et sitat-tegn (\") på linje {e.Line} lukkes aldri. Tekst med skilletegn eller linjeskift må stå mellom to \".",
                $"A quote (\") on line {e.Line} is never closed. Text with separators or line breaks must be between two \"."))]);
        }

        var dataRows = records.Skip(1).Where(r => !r.IsBlank).ToList();
        if (dataRows.Count == 0)
            throw FileProblem("Filen har ingen svar", "The file has no answers",
                "Filen må ha en overskriftsrad med spørsmålenes id-er og minst én rad per skjema.",
                "The file needs a header row with the item ids and at least one row per form.");
        if (dataRows.Count > PaperLimits.MaxImportRows)
            throw FileProblem("Filen har for mange rader", "The file has too many rows",
                $"Filen har {dataRows.Count} rader med svar; høyst {PaperLimits.MaxImportRows} går i én fil. Del den i flere filer.",
                $"The file has {dataRows.Count} rows of answers; at most {PaperLimits.MaxImportRows} fit in one file. Split it.");

        var problems = new List<RowProblem>();
        var header = ReadHeader(records[0], dataRows, survey, problems);
        var fileHash = ContentHash(records);
        var planned = new List<PlannedRow>();
        foreach (var record in dataRows)
        {
            var rowProblems = new List<RowProblem>();
            RowProblem Problem(string? column, string code, LocalizedText message) => new(record.Row, record.Line, column, code, message);

            if (record.Fields.Count > header.Columns.Count && record.Fields.Skip(header.Columns.Count).Any(f => f.Trim().Length > 0))
                rowProblems.Add(Problem(null, "extra-fields", new LocalizedText(
                    $"Raden har {record.Fields.Count} verdier, men overskriftsraden har bare {header.Columns.Count} kolonner.",
                    $"The row has {record.Fields.Count} values, but the header row has only {header.Columns.Count} columns.")));

            var answers = new Dictionary<string, AnswerInput>(StringComparer.Ordinal);
            string? unitCell = null;
            var valuesInUnknownColumns = false;
            for (var c = 0; c < header.Columns.Count && c < record.Fields.Count; c++)
            {
                var value = record.Fields[c].Trim();
                if (value.Length == 0) continue;
                switch (header.Columns[c])
                {
                    case ItemColumn item:
                        answers[item.Item.Id] = ToInput(item.Item, value);
                        break;
                    case UnitColumnKind:
                        unitCell = value;
                        break;
                    case UnknownColumn:
                        valuesInUnknownColumns = true;
                        break;
                }
            }

            var (unit, unitError) = PaperUnits.Resolve(organisation, membership, unitCell, UnitColumn);
            if (unitError is not null) rowProblems.Add(Problem(header.UnitHeader ?? UnitColumn, unitError.Code, unitError.Message));

            var submission = new ResponseSubmission(ResponseIdFor(roundId, fileHash, record.Row), answers, null, EntryMode.Paper);
            Response? response = null;
            try
            {
                response = validate(submission);
            }
            catch (SurveyValidationException e)
            {
                foreach (var error in e.Errors)
                {
                    if (error.Code == ErrorCodes.EmptyResponse)
                    {
                        // A row whose only values sit under unknown columns is reported through the header.
                        if (!valuesInUnknownColumns)
                            rowProblems.Add(Problem(null, error.Code, new LocalizedText("Raden har ingen svar.", "The row has no answers.")));
                        continue;
                    }
                    var itemId = error.Field.StartsWith("answers.", StringComparison.Ordinal) ? error.Field["answers.".Length..] : null;
                    var column = itemId is null ? null : header.NameOf(itemId);
                    rowProblems.Add(Problem(column, error.Code, column is null ? error.Message : new LocalizedText(
                        $"{column}: {error.Message.Get(Language.Norwegian)}", $"{column}: {error.Message.Get(Language.English)}")));
                }
            }

            if (rowProblems.Count > 0) problems.AddRange(rowProblems);
            else planned.Add(new PlannedRow(record.Row, response!, unit));
        }

        return problems.Count > 0 ? new ImportPlan([], problems) : new ImportPlan(planned, []);
    }

    /// <summary>A cell as the survey's validation expects it: text for a free-text item; for a scale item a
    /// whole number (a position or the non-scale code), a decimal as a fraction, anything else as text
    /// (which the validation reports as the wrong type).</summary>
    private static AnswerInput ToInput(Item item, string value)
    {
        if (item.Scale.Kind == ScaleKind.FreeText) return AnswerInput.Text(value);
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return AnswerInput.Number(number);
        if (decimal.TryParse(value.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            return AnswerInput.Invalid("fraction");
        return AnswerInput.Text(value);
    }

    private abstract record Column(string Name);
    private sealed record ItemColumn(string Name, Item Item) : Column(Name);
    private sealed record UnitColumnKind(string Name) : Column(Name);
    private sealed record UnknownColumn(string Name) : Column(Name);
    private sealed record IgnoredColumn(string Name) : Column(Name);

    private sealed record Header(IReadOnlyList<Column> Columns, string? UnitHeader)
    {
        public string NameOf(string itemId) => Columns.OfType<ItemColumn>().FirstOrDefault(c => c.Item.Id == itemId)?.Name ?? itemId;
    }

    private static Header ReadHeader(CsvRecord record, IReadOnlyList<CsvRecord> rows, Survey survey, List<RowProblem> problems)
    {
        RowProblem Problem(string? column, string code, string nb, string en) => new(record.Row, record.Line, column, code, new LocalizedText(nb, en));

        var columns = new List<Column>();
        var seenItems = new Dictionary<string, string>(StringComparer.Ordinal);
        string? unitHeader = null;
        for (var c = 0; c < record.Fields.Count; c++)
        {
            var name = record.Fields[c].Trim();
            var number = c + 1;
            if (name.Length == 0)
            {
                columns.Add(new IgnoredColumn(""));
                if (rows.Any(r => c < r.Fields.Count && r.Fields[c].Trim().Length > 0))
                    problems.Add(Problem(null, "unnamed-column", $"Kolonne {number} har ingen overskrift, men har verdier.",
                        $"Column {number} has no heading but holds values."));
                continue;
            }
            if (UnitColumnNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                if (unitHeader is not null)
                    problems.Add(Problem(name, "duplicate-column", $"Kolonnen «{name}» står flere ganger.", $"The column '{name}' appears more than once."));
                unitHeader ??= name;
                columns.Add(new UnitColumnKind(name));
                continue;
            }
            var item = survey.Items.FirstOrDefault(i => string.Equals(i.Id, name, StringComparison.OrdinalIgnoreCase))
                ?? survey.Items.FirstOrDefault(i => i.ShortCode is { } code && string.Equals(code, name, StringComparison.OrdinalIgnoreCase));
            if (item is null)
            {
                columns.Add(new UnknownColumn(name));
                var example = survey.Items.Count > 0 ? survey.Items[0].Id : "ITEM-01";
                problems.Add(Problem(name, "unknown-column",
                    $"Kolonnen «{name}» (kolonne {number}) finnes ikke i undersøkelsen. Bruk spørsmålenes id-er, for eksempel «{example}», og eventuelt «unit».",
                    $"The column '{name}' (column {number}) is not in the survey. Use the item ids, for example '{example}', and optionally 'unit'."));
                continue;
            }
            if (seenItems.TryGetValue(item.Id, out var earlier))
            {
                problems.Add(Problem(name, "duplicate-column",
                    $"Kolonnen «{name}» gjelder samme spørsmål som «{earlier}» ({item.Id}).",
                    $"The column '{name}' is the same item as '{earlier}' ({item.Id})."));
                columns.Add(new IgnoredColumn(name));
                continue;
            }
            seenItems[item.Id] = name;
            columns.Add(new ItemColumn(name, item));
        }
        if (seenItems.Count == 0 && !columns.OfType<UnknownColumn>().Any())
            problems.Add(Problem(null, "no-item-columns", "Overskriftsraden har ingen spørsmål-id-er.", "The header row has no item ids."));
        return new Header(columns, unitHeader);
    }

    private static ApiProblemException FileProblem(string nb, string en, string? detailNb = null, string? detailEn = null) =>
        new(StatusCodes.Status400BadRequest, nb, en, detailNb, detailEn);
}

/// <summary>Which unit a paper form belongs to: one of the organisation's units (any case, stored as the
/// organisation spells it), or none. A leader limited to some units must name one of them.</summary>
public static class PaperUnits
{
    public static (string? Unit, ValidationError? Error) Resolve(Organisation organisation, Membership? membership, string? given, string field)
    {
        var unit = string.IsNullOrWhiteSpace(given) ? null : given.Trim();
        var allowed = membership?.Units is { Count: > 0 } limited ? limited : null;
        if (unit is null)
        {
            return allowed is null ? (null, null) : (null, new ValidationError(field, "unit-required", new LocalizedText(
                $"Velg enhet: {string.Join(", ", allowed)}.", $"Choose the unit: {string.Join(", ", allowed)}.")));
        }
        var known = organisation.Units.FirstOrDefault(u => string.Equals(u, unit, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            return (null, new ValidationError(field, "unknown-unit", organisation.Units.Count == 0
                ? new LocalizedText("Organisasjonen har ingen enheter; la enheten stå tom.", "The organisation has no units; leave the unit empty.")
                : new LocalizedText($"Enheten finnes ikke. Velg en av: {string.Join(", ", organisation.Units)}.",
                    $"The unit does not exist. Choose one of: {string.Join(", ", organisation.Units)}.")));
        }
        if (allowed is not null && !allowed.Contains(known, StringComparer.OrdinalIgnoreCase))
        {
            return (null, new ValidationError(field, "not-your-unit", new LocalizedText(
                $"Du kan bare registrere for enhetene {string.Join(", ", allowed)}.", $"You may only enter forms for the units {string.Join(", ", allowed)}.")));
        }
        return (known, null);
    }
}
