using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>One tablet showing the kiosk: the page, its browser profile, and the controls a person uses.</summary>
public sealed class KioskTab(IBrowserContext context, IPage page, string token, bool touch) : IAsyncDisposable
{
    /// <summary>The page's tap guard (users.md P-14): taps closer together than this count once.</summary>
    public const int TapGuardMs = 600;

    /// <summary>
    /// Stands in for speechSynthesis, which headless Chromium has no voices for: records what would be
    /// spoken. With <c>window.__holdSpeech = true</c> speech goes on until <c>window.__endSpeech()</c>.
    /// </summary>
    public const string SpeechStub = """
        (() => {
          const spoken = [];
          let current = null;
          window.__spoken = spoken;
          window.__holdSpeech = false;
          const synth = {
            speaking: false, pending: false, paused: false,
            getVoices: () => [{ name: 'Test English', lang: 'en-GB' }, { name: 'Test bokmål', lang: 'nb-NO' }],
            speak(u) {
              spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null });
              current = u;
              synth.speaking = true;
              if (!window.__holdSpeech) setTimeout(window.__endSpeech, 10);
            },
            cancel() { synth.speaking = false; current = null; },
            pause() {}, resume() {}, addEventListener() {}, removeEventListener() {},
          };
          window.__endSpeech = () => {
            const u = current;
            synth.speaking = false;
            current = null;
            if (u && u.onend) u.onend({});
          };
          Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
          window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } };
        })();
        """;

    public IPage Page => page;

    public IBrowserContext Context => context;

    public IClock Clock => context.Clock;

    public string Path => "/k/" + token;

    public ILocator Start => page.Locator("#start");
    public ILocator Heading => page.Locator("#qtext");
    public ILocator Progress => page.Locator("#progress");
    public ILocator Radios => page.GetByRole(AriaRole.Radio);
    public ILocator Checked => page.Locator("[role=radio][aria-checked=true]");
    public ILocator Next => page.Locator("#next");
    public ILocator Skip => page.Locator("#skip");
    public ILocator Back => page.Locator("#back");
    public ILocator Send => page.Locator("#send");
    public ILocator Listen => page.Locator("#listen");
    public ILocator Staff => page.Locator("#staff");
    public ILocator IdleDialog => page.GetByRole(AriaRole.Alertdialog);

    /// <summary>The answer at a scale position (or the non-scale code).</summary>
    public ILocator Option(int value) => page.Locator($"[role=radio][data-value=\"{value}\"]");

    /// <summary>history.length once the kiosk is open (the tab's first entry is about:blank).</summary>
    public int HistoryLengthAtStart { get; private set; }

    public async Task GotoAsync()
    {
        await page.GotoAsync(Path);
        await Expect(Start).ToBeVisibleAsync();
        HistoryLengthAtStart = await page.EvaluateAsync<int>("() => history.length");
    }

    /// <summary>A person's tap: after a pause longer than the tap guard, as a person's taps are.</summary>
    public async Task TapAsync(ILocator target)
    {
        await Clock.FastForwardAsync(TapGuardMs + 50);
        if (touch) await target.TapAsync();
        else await target.ClickAsync();
    }

    /// <summary>Starts, and on each question taps the given position (null: "Hopp over"), then "Send".</summary>
    public async Task AnswerAndSendAsync(params int?[] positions)
    {
        await AnswerAsync(positions);
        await TapAsync(Send);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Takk for svarene!" })).ToBeVisibleAsync();
    }

    /// <summary>Starts, and on each question taps the given position (null: "Hopp over"); "Send" is left to the caller.</summary>
    public async Task AnswerAsync(params int?[] positions)
    {
        await TapAsync(Start);
        for (var i = 0; i < positions.Length; i++)
        {
            await Expect(Progress).ToHaveTextAsync($"{i + 1} av {positions.Length}");
            if (positions[i] is { } position)
            {
                await TapAsync(Option(position));
                await TapAsync(Next);
            }
            else
            {
                await TapAsync(Skip);
            }
        }
        await Expect(Send).ToBeVisibleAsync();
    }

    /// <summary>Everything the page keeps in the browser: web storage, cookies and the IndexedDB stores, as JSON.</summary>
    public async Task<string> StoredInBrowserAsync()
    {
        return await page.EvaluateAsync<string>("""
            async () => {
              const dump = { local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie, indexedDb: {} };
              for (const info of await indexedDB.databases()) {
                const db = await new Promise((ok, fail) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
                for (const name of db.objectStoreNames) {
                  dump.indexedDb[info.name + '/' + name] = await new Promise(ok => {
                    const all = db.transaction(name).objectStore(name).getAll();
                    all.onsuccess = () => ok(all.result.map(v => (v && typeof v === 'object' && !(v instanceof CryptoKey)) ? { ...v, data: v.data ? '(bytes)' : undefined, iv: undefined } : String(v)));
                  });
                }
                db.close();
              }
              return JSON.stringify(dump);
            }
            """);
    }

    /// <summary>What read-aloud was asked to say, in order.</summary>
    public async Task<IReadOnlyList<(string Text, string Lang, string? Voice)>> SpokenAsync()
    {
        var spoken = await page.EvaluateAsync<JsonElement>("() => window.__spoken");
        return spoken.EnumerateArray()
            .Select(s => (s.GetProperty("text").GetString()!, s.GetProperty("lang").GetString()!, s.GetProperty("voice").GetString()))
            .ToList();
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
