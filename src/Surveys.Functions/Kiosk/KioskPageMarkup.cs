namespace Surveys.Functions.Kiosk;

// The kiosk page's markup: a fixed shell the script fills in, and the unknown-link page.
internal static partial class KioskPageAssets
{
    /// <summary>The shell: bar, main area, staff line, the idle dialog and a live region.</summary>
    public const string Body = """
        <div id="app" class="app">
          <header id="bar" class="bar">
            <p id="progress" class="progress"></p>
            <div id="tools" class="tools" hidden>
              <div id="langs" class="langs" role="group"></div>
              <button id="easy" class="tool" type="button" aria-pressed="false" hidden></button>
            </div>
          </header>
          <main id="main" class="main"></main>
          <p id="staff" class="staff" data-waiting="0" hidden></p>
        </div>
        <div id="idle" class="overlay" hidden>
          <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-count">
            <h2 id="idle-title"></h2>
            <p id="idle-count"></p>
            <button id="idle-yes" class="btn primary" type="button"></button>
          </div>
        </div>
        <p id="live" class="sr-only" aria-live="polite"></p>
        <noscript><p class="lead">Denne siden trenger JavaScript. Spør en veileder.</p></noscript>
        """;

    /// <summary>Shown with 404 for an unknown or revoked token.</summary>
    public const string UnknownLinkBody = """
        <main>
          <h1>Kiosklenken virker ikke</h1>
          <p>Lenken er ukjent eller trukket tilbake. Spør en veileder om en ny lenke.</p>
          <p class="en" lang="en">This kiosk link does not work. Ask a staff member for a new link.</p>
        </main>
        """;
}
