using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Surveys.Functions.Access;
using Surveys.Functions.Api;
using Surveys.Functions.Catalog;
using Surveys.Functions.Responses;
using Surveys.Model;

namespace Surveys.Functions.Paper;

/// <summary>
/// The paper-entry screen (users.md P-17): choose the unit, press "Nytt skjema" for each sheet, type the
/// ticked number per item (blank = not answered), "Lagre skjema" posts it to
/// <c>POST /api/rounds/{roundId}/responses</c> under a fresh random id, and the form clears for the next
/// sheet; or upload a CSV file to <c>…/responses/import</c>. Server-rendered, bokmål unless
/// <c>?lang=en</c>, inline CSS and JS under a per-response nonce, nothing from any other site.
/// </summary>
public static class PaperPage
{
    public static async Task<IResult> RenderAsync(string roundId, HttpContext http, AccessPolicy access, CatalogStore catalog, ResponseIntake intake)
    {
        var request = http.Request;
        var en = English(request);
        RoundScope scope;
        try
        {
            scope = await access.RequireRoundAsync(http, roundId);
        }
        catch (ApiProblemException e) when (e.Status == StatusCodes.Status401Unauthorized)
        {
            return Render(http, T(en, "Logg inn", "Sign in"), SignInBody(en), StatusCodes.Status401Unauthorized);
        }
        catch (ApiProblemException e) when (e.Status is StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden)
        {
            return Render(http, T(en, "Fant ikke runden", "Round not found"),
                $"<h1>{T(en, "Fant ikke runden", "Round not found")}</h1><p>{T(en,
                    "Runden finnes ikke, eller du har ikke tilgang til den. Sjekk lenken, eller spør en administrator i virksomheten.",
                    "The round does not exist, or you do not have access to it. Check the link, or ask an administrator in your organisation.")}</p>",
                e.Status);
        }

        var ct = http.RequestAborted;
        var organisation = await catalog.GetOrganisationAsync(scope.OrganisationId, ct)
            ?? throw ApiProblemException.NotFound("organisasjonen", "The organisation");
        var (survey, round) = await intake.LoadAsync(scope.OrganisationId, scope.SurveyId, roundId, ct);
        return Render(http, T(en, "Registrer papirskjema", "Enter paper forms"), Body(en, organisation, survey, round, scope, intake.IsOpen(round), request.Path),
            StatusCodes.Status200OK, Script, Texts(en));
    }

    private static bool English(HttpRequest request) => string.Equals(request.Query["lang"], "en", StringComparison.OrdinalIgnoreCase);

    private static string T(bool en, string nb, string english) => en ? english : nb;

    /// <summary>HTML-encodes text, keeping letters such as æ, ø and å readable (markup characters are always encoded).</summary>
    private static string E(string? text) => Encoder.Encode(text ?? "");

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string SignInBody(bool en) =>
        $"<h1>{T(en, "Du må logge inn", "You need to sign in")}</h1>" +
        $"<p>{T(en, "Registrering av papirskjema er for ledere og administratorer i virksomheten.", "Entering paper forms is for leaders and administrators of the organisation.")}</p>" +
        $"<p><a class=\"button\" href=\"/logg-inn\">{T(en, "Logg inn", "Sign in")}</a></p>";

    private static string Body(bool en, Organisation organisation, Survey survey, Round round, RoundScope scope, bool open, string path)
    {
        var language = en ? Language.English : Language.Norwegian;
        var units = scope.Membership?.Units is { Count: > 0 } limited
            ? organisation.Units.Where(u => limited.Contains(u, StringComparer.OrdinalIgnoreCase)).ToList()
            : organisation.Units.ToList();
        var unitRequired = scope.Membership?.Units is { Count: > 0 };
        var html = new StringBuilder();

        html.Append("<header><p class=\"muted\">").Append(E(organisation.Name)).Append(" · ").Append(E(survey.Title)).Append(" · ")
            .Append(T(en, "runde", "round")).Append(' ').Append(E(round.Label)).Append("</p>")
            .Append("<h1>").Append(T(en, "Registrer papirskjema", "Enter paper forms")).Append("</h1>")
            .Append("<nav aria-label=\"").Append(T(en, "Språk", "Language")).Append("\">")
            .Append(en
                ? $"<a href=\"{E(path)}\" lang=\"nb\" hreflang=\"nb\">Norsk (bokmål)</a>"
                : $"<a href=\"{E(path)}?lang=en\" lang=\"en\" hreflang=\"en\">English</a>")
            .Append("</nav></header>");

        if (!open)
            html.Append("<p class=\"error\" role=\"alert\">").Append(T(en,
                "Runden er ikke åpen nå. Svar kan bare registreres mens runden er åpen.",
                "The round is not open now. Answers can only be entered while the round is open.")).Append("</p>");

        html.Append("<aside class=\"note\" aria-label=\"").Append(T(en, "Påminnelse", "Reminder")).Append("\"><p><strong>")
            .Append(T(en, "Husk:", "Remember:")).Append("</strong> ")
            .Append(T(en,
                "Når registreringen er kontrollert, skal papirskjemaene makuleres etter virksomhetens rutine. Skriv aldri navn eller annet som kan identifisere deltakeren, og registrer skjemaene i tilfeldig rekkefølge.",
                "Once entry has been checked, destroy the paper forms according to your organisation's routine. Never type names or anything else that could identify the participant, and enter the forms in no particular order."))
            .Append("</p></aside>");

        // One sheet at a time.
        html.Append("<section aria-labelledby=\"h-sheets\"><h2 id=\"h-sheets\">").Append(T(en, "Skjema for skjema", "One form at a time")).Append("</h2>");
        html.Append("<div class=\"settings\">");
        if (units.Count > 0)
        {
            html.Append("<div><label for=\"unit\">").Append(T(en, "Enhet", "Unit")).Append("</label><select id=\"unit\"")
                .Append(unitRequired ? " required" : "").Append('>');
            if (!unitRequired || units.Count > 1)
                html.Append("<option value=\"\">").Append(unitRequired ? T(en, "Velg enhet …", "Choose a unit …") : T(en, "Ingen bestemt enhet", "No particular unit")).Append("</option>");
            foreach (var unit in units)
                html.Append("<option value=\"").Append(E(unit)).Append("\">").Append(E(unit)).Append("</option>");
            html.Append("</select></div>");
        }
        html.Append("<div><label for=\"form-language\">").Append(T(en, "Skjemaets språk", "Language of the form")).Append("</label><select id=\"form-language\">");
        foreach (var l in Language.Supported)
            html.Append("<option value=\"").Append(l.Code).Append('"').Append(l == Language.Norwegian ? " selected" : "").Append('>').Append(E(l.NativeName)).Append("</option>");
        html.Append("</select></div></div>");

        html.Append("<p>").Append(T(en,
            "Trykk «Nytt skjema» for hvert ark. Tast tallet som er krysset av, og la feltet stå tomt når spørsmålet ikke er besvart. Markøren går videre av seg selv; Enter eller Tab går til neste felt.",
            "Press \"New form\" for each sheet. Type the number that is ticked, and leave the field empty when the question is not answered. The cursor moves on by itself; Enter or Tab goes to the next field.")).Append("</p>");
        html.Append("<p><button type=\"button\" id=\"new-sheet\" class=\"secondary\">").Append(T(en, "Nytt skjema", "New form")).Append("</button></p>");
        // Above the sheet, so it is in view when the cleared sheet's first field takes the focus.
        html.Append("<p id=\"sheet-status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>");

        html.Append("<form id=\"sheet\" novalidate data-round=\"").Append(E(round.Id)).Append("\" aria-labelledby=\"sheet-title\">")
            .Append("<h3 id=\"sheet-title\" tabindex=\"-1\">").Append(T(en, "Skjema 1", "Form 1")).Append("</h3>")
            .Append("<div id=\"sheet-error\" class=\"error\" role=\"alert\" hidden></div><ol class=\"items\">");
        var index = 0;
        foreach (var item in survey.Items)
        {
            var id = "a" + index;
            var scale = item.Scale;
            var code = item.ShortCode is { } shortCode ? $"{shortCode} · {item.Id}" : item.Id;
            html.Append("<li class=\"item\"><label for=\"").Append(id).Append("\"><span class=\"code\">").Append(E(code)).Append("</span> ");
            if (item.Lead is { } lead) html.Append("<span class=\"lead\">").Append(E(survey.Render(lead, language))).Append("</span> ");
            html.Append("<span class=\"text\">").Append(E(survey.RenderText(item, language))).Append("</span>");
            if (item.Required) html.Append(" <span class=\"required\">(").Append(T(en, "må besvares", "required")).Append(")</span>");
            html.Append("</label>");
            if (scale.Kind == ScaleKind.FreeText)
            {
                html.Append("<textarea id=\"").Append(id).Append("\" name=\"").Append(E(item.Id)).Append("\" data-kind=\"text\" rows=\"2\" maxlength=\"")
                    .Append(Answer.TextMaxLength).Append("\" aria-describedby=\"").Append(id).Append("-hint ").Append(id).Append("-error\"></textarea>")
                    .Append("<p class=\"hint\" id=\"").Append(id).Append("-hint\">")
                    .Append(T(en, "Skriv av teksten, men utelat navn og annet som kan identifisere noen.", "Copy the text, but leave out names and anything that could identify someone.")).Append("</p>");
            }
            else
            {
                var allowed = Enumerable.Range(1, scale.Points).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                if (scale.NonScaleCode is { } nonScale) allowed.Add(nonScale.ToString(System.Globalization.CultureInfo.InvariantCulture));
                html.Append("<input id=\"").Append(id).Append("\" name=\"").Append(E(item.Id)).Append("\" data-kind=\"number\" data-allowed=\"")
                    .Append(string.Join(' ', allowed)).Append("\" inputmode=\"numeric\" maxlength=\"1\" autocomplete=\"off\" aria-describedby=\"")
                    .Append(id).Append("-hint ").Append(id).Append("-error\">");
                html.Append("<p class=\"hint\" id=\"").Append(id).Append("-hint\">");
                var options = new List<string>();
                for (var p = 1; p <= scale.Points; p++)
                {
                    var label = item.LabelSet is { } set ? set.Label(p).Get(language) : "";
                    options.Add($"<span class=\"opt\"><b>{p}</b> {E(label)}</span>");
                }
                if (scale.NonScaleCode is { } c && scale.NonScaleLabel is { } nonScaleLabel)
                    options.Add($"<span class=\"opt\"><b>{c}</b> {E(nonScaleLabel.Get(language))}</span>");
                html.Append(string.Join(" ", options)).Append("</p>");
            }
            html.Append("<p class=\"field-error\" id=\"").Append(id).Append("-error\" hidden></p></li>");
            index++;
        }
        html.Append("</ol><p><button type=\"submit\" id=\"save\">").Append(T(en, "Lagre skjema", "Save form")).Append("</button></p></form></section>");

        // A whole file.
        var example = string.Join(';', survey.Items.Take(4).Select(i => i.Id)) + (organisation.Units.Count > 0 ? ";unit" : "");
        var exampleRow = string.Join(';', survey.Items.Take(4).Select((i, n) => i.Scale.Kind == ScaleKind.FreeText ? "\"Tekst; gjerne med semikolon\"" : n == 1 ? "" : "3"))
            + (organisation.Units.Count > 0 ? ";" + organisation.Units[0] : "");
        html.Append("<section aria-labelledby=\"h-import\"><h2 id=\"h-import\">").Append(T(en, "Importer fra fil (CSV)", "Import from a file (CSV)")).Append("</h2>")
            .Append("<p>").Append(T(en,
                $"Første rad er spørsmålenes id-er (eller kortkoder), og eventuelt «unit» for enhet. Deretter én rad per skjema: tallet som er krysset av, tomt når spørsmålet ikke er besvart, og fritekst som tekst. Skilletegn kan være semikolon eller komma. Filen må være UTF-8 (i Excel: «CSV UTF-8»), høyst {PaperLimits.MaxImportBytes / (1024 * 1024)} MB og {PaperLimits.MaxImportRows} rader.",
                $"The first row holds the item ids (or short codes), and optionally \"unit\". Then one row per form: the number that is ticked, empty when the question is not answered, and free text as text. The separator may be a semicolon or a comma. The file must be UTF-8 (in Excel: \"CSV UTF-8\"), at most {PaperLimits.MaxImportBytes / (1024 * 1024)} MB and {PaperLimits.MaxImportRows} rows."))
            .Append("</p><p>").Append(T(en,
                "Har en rad feil, importeres ingenting, og alle rader med feil blir listet. Importerer du samme fil igjen, telles ingenting to ganger – men legg ikke nye skjemaer inn i en fil som allerede er importert; lag en ny fil for dem.",
                "If any row has a problem, nothing is imported and every bad row is listed. Importing the same file again counts nothing twice – but do not add new forms to a file that was already imported; put them in a new file."))
            .Append("</p><details><summary>").Append(T(en, "Eksempel", "Example")).Append("</summary><pre>")
            .Append(E(example)).Append('\n').Append(E(exampleRow)).Append("</pre></details>")
            .Append("<form id=\"import\" novalidate><label for=\"file\">").Append(T(en, "CSV-fil", "CSV file")).Append("</label>")
            .Append("<input type=\"file\" id=\"file\" accept=\".csv,text/csv\" required>")
            .Append("<p><button type=\"submit\">").Append(T(en, "Importer fil", "Import file")).Append("</button></p></form>")
            .Append("<div id=\"import-result\" role=\"status\" aria-live=\"polite\"></div></section>")
            .Append("<noscript><p class=\"error\">").Append(T(en, "Denne siden trenger JavaScript.", "This page needs JavaScript.")).Append("</p></noscript>");
        return html.ToString();
    }

    /// <summary>The texts the script shows, in the page's language (a JSON data block; never executed).</summary>
    private static string Texts(bool en) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["lang"] = en ? "en" : "nb",
        ["form"] = T(en, "Skjema", "Form"),
        ["saved"] = T(en, "Lagret ({n} skjema i denne økten). Klar for neste skjema.", "Saved (forms this session: {n}). Ready for the next form."),
        ["already"] = T(en, "Skjemaet var allerede lagret ({n} skjema i denne økten).", "The form was already saved (forms this session: {n})."),
        ["saving"] = T(en, "Lagrer …", "Saving …"),
        ["notSaved"] = T(en, "Skjemaet ble ikke lagret. Rett feilene som er merket.", "The form was not saved. Correct the marked problems."),
        ["retry"] = T(en, "Skjemaet ble ikke lagret (ingen forbindelse eller en feil hos oss). Prøv «Lagre skjema» igjen – det blir ikke talt to ganger.",
            "The form was not saved (no connection or a problem on our side). Press \"Save form\" again – it will not be counted twice."),
        ["signedOut"] = T(en, "Du er ikke lenger logget inn. Logg inn i en ny fane, og trykk «Lagre skjema» igjen.",
            "You are no longer signed in. Sign in in a new tab, then press \"Save form\" again."),
        ["signedOutImport"] = T(en, "Du er ikke lenger logget inn. Logg inn i en ny fane, og importer filen igjen.",
            "You are no longer signed in. Sign in in a new tab, then import the file again."),
        ["conflict"] = T(en, "Dette skjemaet er allerede lagret med andre svar. Trykk «Nytt skjema» og registrer arket på nytt bare hvis det ikke er registrert før.",
            "This form was already saved with other answers. Press \"New form\" and enter the sheet again only if it was not entered before."),
        ["allowed"] = T(en, "Tillatt: {values}. La feltet stå tomt hvis spørsmålet ikke er besvart.", "Allowed: {values}. Leave the field empty if the question is not answered."),
        ["empty"] = T(en, "Skjemaet er tomt. Tast minst ett svar.", "The form is empty. Type at least one answer."),
        ["unitRequired"] = T(en, "Velg enhet først.", "Choose the unit first."),
        ["discard"] = T(en, "Skjemaet er ikke lagret. Vil du tømme det og starte på et nytt?", "The form is not saved. Clear it and start a new one?"),
        ["importing"] = T(en, "Importerer …", "Importing …"),
        ["imported"] = T(en, "Importert: {imported} nye skjema. {already} var allerede importert og ble ikke talt på nytt.",
            "Imported: {imported} new forms. {already} were already imported and were not counted again."),
        ["chooseFile"] = T(en, "Velg en CSV-fil først.", "Choose a CSV file first."),
        ["row"] = T(en, "Rad", "Row"),
        ["header"] = T(en, "Rad 1 (overskrift)", "Row 1 (header)"),
        ["failed"] = T(en, "Noe gikk galt. Ingenting ble importert. Prøv igjen.", "Something went wrong. Nothing was imported. Try again."),
    });

    private static IResult Render(HttpContext http, string title, string body, int status, string? script = null, string? texts = null)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var en = English(http.Request);
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"").Append(en ? "en" : "nb").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(E(title)).Append(" – Surveys</title><style nonce=\"").Append(nonce).Append("\">").Append(Css).Append("</style></head>")
            .Append("<body><main>").Append(body).Append("</main>");
        if (texts is not null) html.Append("<script type=\"application/json\" id=\"texts\">").Append(texts).Append("</script>");
        if (script is not null) html.Append("<script nonce=\"").Append(nonce).Append("\">").Append(script).Append("</script>");
        html.Append("</body></html>");

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    // Contrast (WCAG AA): ink #1b1b1b and muted #4a4a4a on #fbfaf7, accent #0b5cad on white and white on it, error #9b0019.
    private const string Css = """
        :root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--accent:#0b5cad;--bg:#fbfaf7;--err:#9b0019}
        *{box-sizing:border-box}
        body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        main{max-width:52rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
        h1{font-size:1.75rem;line-height:1.2;margin:.25rem 0 .5rem}h2{font-size:1.35rem;margin:2rem 0 .5rem;border-top:2px solid #d6d3cc;padding-top:1.25rem}
        h3{font-size:1.15rem;margin:1rem 0 .5rem}
        a{color:var(--accent)}a.button{display:inline-block;padding:.6rem 1.25rem;background:var(--accent);color:#fff;border-radius:.4rem;font-weight:600;text-decoration:none;min-height:48px}
        label{font-weight:600}
        select,input,textarea{font:inherit;padding:.5rem .75rem;border:2px solid #6b6b6b;border-radius:.4rem;min-height:48px;background:#fff;color:var(--ink)}
        input[type=file]{width:100%;margin:.25rem 0}
        button{font:inherit;font-weight:600;min-height:48px;min-width:48px;padding:.6rem 1.25rem;border:2px solid var(--accent);border-radius:.4rem;background:var(--accent);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}button:disabled{opacity:.6;cursor:wait}
        :focus-visible{outline:3px solid var(--ink);outline-offset:2px}
        input[data-kind=number]:focus{background:#fff8d6}
        .muted{color:var(--muted);margin:0}
        .note{border-left:4px solid var(--accent);padding:.25rem 1rem;background:#eef4fb;margin:1rem 0}
        .error{border-left:4px solid var(--err);padding:.5rem 1rem;background:#fdecee;color:var(--ink)}
        .settings{display:flex;flex-wrap:wrap;gap:1rem 2rem}.settings label{display:block;margin-bottom:.25rem}
        ol.items{list-style:none;padding:0;margin:0}
        li.item{display:grid;grid-template-columns:1fr 5rem;gap:.25rem 1rem;align-items:center;padding:.75rem 0;border-bottom:1px solid #d6d3cc}
        li.item label{grid-column:1}li.item input,li.item textarea{grid-column:2;grid-row:1/span 2;width:5rem;text-align:center;font-size:1.5rem;font-weight:700}
        li.item textarea{grid-column:1/-1;grid-row:auto;width:100%;text-align:left;font-size:1rem;font-weight:400}
        .code{display:inline-block;font:600 .9rem/1.4 ui-monospace,Consolas,monospace;background:#e7e4dd;color:var(--ink);padding:0 .4rem;border-radius:.25rem;margin-right:.25rem}
        .lead{color:var(--muted);font-weight:400}.text{font-weight:600}.required{color:var(--muted);font-weight:400}
        .hint{grid-column:1;margin:0;color:var(--muted);font-size:.95rem}.opt{white-space:nowrap;margin-right:.75rem}.opt b{color:var(--ink)}
        .field-error{grid-column:1/-1;margin:0;color:var(--err);font-weight:600}
        [aria-invalid=true]{border-color:var(--err);background:#fdecee}
        .status{font-weight:600;min-height:1.5em}.status:not(:empty){border-left:4px solid #1e6b34;background:#e8f4ec;padding:.5rem 1rem}
        #import label{display:block;margin:1rem 0 .25rem}details{margin:.5rem 0}
        pre{background:#fff;border:1px solid #d6d3cc;padding:.5rem;overflow-x:auto}
        #import-result ul{margin:.25rem 0}
        @media (max-width:36rem){li.item{grid-template-columns:1fr 4rem}li.item input{width:4rem}}
        """;

    /// <summary>The page's behaviour: fast keyboard entry, one idempotent save per sheet, CSV upload.</summary>
    private const string Script = """
        (() => {
          'use strict';
          const text = JSON.parse(document.getElementById('texts').textContent);
          const t = (key, values) => text[key].replace(/\{(\w+)\}/g, (_, k) => String(values?.[k] ?? ''));
          const form = document.getElementById('sheet');
          if (!form) return;
          const round = form.dataset.round;
          const fields = Array.from(form.querySelectorAll('input[data-kind], textarea[data-kind]'));
          const status = document.getElementById('sheet-status');
          const sheetError = document.getElementById('sheet-error');
          const sheetTitle = document.getElementById('sheet-title');
          const unit = document.getElementById('unit');
          const formLanguage = document.getElementById('form-language');
          const save = document.getElementById('save');
          const headers = { 'Accept': 'application/json', 'Accept-Language': text.lang };
          let saved = 0;
          let responseId = crypto.randomUUID(); // one id per sheet: a retried save is the same response
          let dirty = false;

          const errorOf = f => document.getElementById(f.id + '-error');
          const setError = (f, message) => {
            const el = errorOf(f);
            if (message) { el.textContent = message; el.hidden = false; f.setAttribute('aria-invalid', 'true'); }
            else { el.textContent = ''; el.hidden = true; f.removeAttribute('aria-invalid'); }
          };
          const allowed = f => (f.dataset.allowed || '').split(' ');
          const checkNumber = f => {
            const v = f.value.trim();
            if (v === '' || allowed(f).includes(v)) { setError(f, ''); return true; }
            setError(f, t('allowed', { values: allowed(f).join(', ') }));
            return false;
          };
          const focusField = i => { if (i >= 0 && i < fields.length) { fields[i].focus(); fields[i].select?.(); } else if (i >= fields.length) save.focus(); };

          fields.forEach((f, i) => {
            f.addEventListener('input', () => {
              dirty = true;
              if (f.dataset.kind !== 'number') return;
              if (f.value.length > 1) f.value = f.value.slice(-1);
              if (checkNumber(f) && f.value !== '') focusField(i + 1);
            });
            f.addEventListener('keydown', e => {
              if (f.dataset.kind === 'text') return; // Enter makes a new line in free text
              if (e.key === 'Enter') { e.preventDefault(); if (checkNumber(f)) focusField(i + 1); }
              else if (e.key === 'ArrowDown') { e.preventDefault(); focusField(i + 1); }
              else if (e.key === 'ArrowUp') { e.preventDefault(); focusField(i - 1); }
              else if (e.key === 'Backspace' && f.value === '' && i > 0) { e.preventDefault(); focusField(i - 1); }
            });
            f.addEventListener('blur', () => { if (f.dataset.kind === 'number') checkNumber(f); });
          });

          const clearSheet = () => {
            fields.forEach(f => { f.value = ''; setError(f, ''); });
            sheetError.hidden = true; sheetError.textContent = '';
            responseId = crypto.randomUUID();
            dirty = false;
            sheetTitle.textContent = text.form + ' ' + (saved + 1);
            fields[0]?.focus();
          };

          document.getElementById('new-sheet').addEventListener('click', () => {
            if (dirty && !confirm(text.discard)) return;
            status.textContent = '';
            clearSheet();
          });
          window.addEventListener('beforeunload', e => { if (dirty) e.preventDefault(); });

          const showSheetError = message => { sheetError.textContent = message; sheetError.hidden = false; };

          form.addEventListener('submit', async e => {
            e.preventDefault();
            sheetError.hidden = true;
            const answers = {};
            let ok = true;
            for (const f of fields) {
              const v = f.value.trim();
              if (f.dataset.kind === 'number') { if (!checkNumber(f)) ok = false; else if (v !== '') answers[f.name] = Number(v); }
              else if (v !== '') answers[f.name] = f.value;
            }
            if (!ok) { showSheetError(text.notSaved); form.querySelector('[aria-invalid=true]')?.focus(); return; }
            if (Object.keys(answers).length === 0) { showSheetError(text.empty); fields[0]?.focus(); return; }
            if (unit && unit.required && !unit.value) { showSheetError(text.unitRequired); unit.focus(); return; }
            const body = { responseId, answers, language: formLanguage.value };
            if (unit && unit.value) body.unit = unit.value;
            save.disabled = true; status.textContent = text.saving;
            try {
              const r = await fetch('/api/rounds/' + encodeURIComponent(round) + '/responses', {
                method: 'POST', credentials: 'same-origin',
                headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
              if (r.status === 202 || r.status === 200) {
                saved++;
                status.textContent = t(r.status === 202 ? 'saved' : 'already', { n: saved });
                clearSheet();
                return;
              }
              status.textContent = '';
              const problem = await r.json().catch(() => null);
              if (r.status === 401) showSheetError(text.signedOut);
              else if (r.status === 409) showSheetError(text.conflict);
              else if (r.status === 400 && problem?.errors) {
                const other = [];
                for (const [key, messages] of Object.entries(problem.errors)) {
                  const f = key.startsWith('answers.') ? fields.find(x => x.name === key.slice(8)) : null;
                  if (f) setError(f, messages.join(' ')); else other.push(...messages);
                }
                showSheetError([text.notSaved, ...other].join(' '));
                form.querySelector('[aria-invalid=true]')?.focus();
              } else showSheetError(problem?.title ? problem.title + (problem.detail ? ': ' + problem.detail : '') : text.retry);
            } catch {
              status.textContent = '';
              showSheetError(text.retry);
            } finally {
              save.disabled = false;
            }
          });

          const importForm = document.getElementById('import');
          const result = document.getElementById('import-result');
          const show = (cls, title, items) => {
            result.replaceChildren();
            const box = document.createElement('div');
            box.className = cls;
            const p = document.createElement('p'); p.textContent = title; box.append(p);
            if (items?.length) {
              const ul = document.createElement('ul');
              for (const item of items) { const li = document.createElement('li'); li.textContent = item; ul.append(li); }
              box.append(ul);
            }
            result.append(box);
          };
          importForm.addEventListener('submit', async e => {
            e.preventDefault();
            const file = document.getElementById('file').files[0];
            if (!file) { show('error', text.chooseFile); return; }
            const button = importForm.querySelector('button');
            button.disabled = true; show('note', text.importing);
            try {
              const r = await fetch('/api/rounds/' + encodeURIComponent(round) + '/responses/import', {
                method: 'POST', credentials: 'same-origin',
                headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' }, body: file });
              const body = await r.json().catch(() => null);
              if (r.ok && body) show('note', t('imported', { imported: body.imported, already: body.alreadyImported }));
              else if (body?.errors) {
                const items = Object.entries(body.errors).map(([key, messages]) => {
                  const row = key.replace(/^row /, '');
                  return (row === '1' ? text.header : text.row + ' ' + row) + ': ' + messages.join(' ');
                });
                show('error', body.title + '. ' + (body.detail || ''), items);
              } else if (r.status === 401) show('error', text.signedOutImport);
              else show('error', body?.title ? body.title + (body.detail ? ': ' + body.detail : '') : text.failed);
            } catch {
              show('error', text.failed);
            } finally {
              button.disabled = false;
            }
          });
        })();
        """;
}
