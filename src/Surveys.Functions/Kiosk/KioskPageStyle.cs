namespace Surveys.Functions.Kiosk;

// The kiosk page's style, inlined into the page. Its CSP hash is computed at start.
internal static partial class KioskPageAssets
{
    /// <summary>Large targets, no scrolling on a 10-inch tablet in either orientation.</summary>
    public const string Style = """
        *, *::before, *::after { box-sizing: border-box; }
        [hidden] { display: none !important; }
        html, body { margin: 0; height: 100%; }
        body {
          font: 20px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
          color: #1b1b1b; background: #fff; -webkit-text-size-adjust: 100%; overscroll-behavior: none;
        }
        button, textarea { font: inherit; color: inherit; }
        button { cursor: pointer; touch-action: manipulation; -webkit-tap-highlight-color: transparent; }
        :focus-visible { outline: 4px solid #1b1b1b; outline-offset: 3px; box-shadow: 0 0 0 10px #ffd500; }
        .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        .invisible { visibility: hidden; }

        .app { display: flex; flex-direction: column; height: 100vh; height: 100dvh; }
        .bar { display: flex; align-items: center; justify-content: space-between; gap: 16px; padding: 10px 28px; min-height: 84px; border-bottom: 2px solid #c8c8c8; flex: none; }
        .progress { margin: 0; font-size: 28px; font-weight: 700; }
        .tools, .langs { display: flex; gap: 12px; align-items: center; }
        .tool { min-height: 60px; min-width: 60px; padding: 8px 20px; border: 3px solid #1b1b1b; border-radius: 14px; background: #fff; font-size: 21px; font-weight: 600; }
        .tool[aria-pressed="true"] { background: #1b1b1b; color: #fff; }
        /* Check marks are decoration: empty alt text keeps them out of the accessible name. */
        .tool[aria-pressed="true"]::before { content: "✓ "; content: "✓ " / ""; }
        #easy { margin-left: 20px; }

        .main { flex: 1; min-height: 0; display: flex; flex-direction: column; padding: 18px 32px 22px; overflow: auto; }
        .btn { min-height: 76px; min-width: 76px; padding: 10px 30px; border: 3px solid #1b1b1b; border-radius: 16px; background: #fff; font-size: 27px; font-weight: 700; }
        .btn.primary { background: #0b5394; border-color: #0b5394; color: #fff; }
        .btn:disabled { background: #e8e8e8; border-color: #767676; color: #3a3a3a; cursor: default; }
        .btn.huge { min-height: 112px; min-width: 340px; font-size: 42px; border-radius: 24px; }

        .center { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 22px; text-align: center; }
        .title { margin: 0; font-size: clamp(34px, 5vh, 48px); line-height: 1.2; }
        .org, .lead { margin: 0; font-size: 26px; }
        .org { color: #3d3d3d; }
        .big-face .face { width: min(200px, 26vh); height: auto; }
        h1:focus { outline: none; box-shadow: none; }
        h1:focus-visible { outline: 4px solid #1b1b1b; outline-offset: 6px; box-shadow: none; }

        .q { flex: 1; min-height: 0; display: flex; flex-direction: column; gap: 18px; }
        .qhead { flex: 1; min-height: 0; display: flex; align-items: flex-start; gap: 28px; }
        .qtext { flex: 1; margin: 0; font-size: clamp(28px, 4.4vh, 40px); line-height: 1.25; }
        .speak { flex: none; display: flex; align-items: center; gap: 10px; font-size: 23px; padding: 8px 22px; }
        .icon { display: block; width: 40px; height: 40px; }

        .opts { flex: none; display: flex; flex-direction: column; gap: 14px; }
        .row { display: grid; grid-template-columns: repeat(var(--n, 5), minmax(0, 1fr)); gap: 16px; }
        .opt {
          position: relative; display: flex; flex-direction: column; align-items: center; justify-content: flex-start; gap: 10px;
          min-height: 96px; padding: 14px 8px; border: 3px solid #6b6b6b; border-radius: 20px; background: #fff;
          font-size: 23px; font-weight: 600; line-height: 1.2; text-align: center; overflow-wrap: break-word; hyphens: auto;
        }
        .opt[aria-checked="true"] { border: 7px solid #0b5394; padding: 10px 4px; background: #e2edfa; }
        .opt[aria-checked="true"]::after {
          content: "✓"; content: "✓" / ""; position: absolute; top: -16px; right: -12px; width: 44px; height: 44px; border-radius: 50%;
          background: #0b5394; color: #fff; font-size: 28px; line-height: 44px; font-weight: 800; border: 3px solid #fff;
        }
        .face { display: block; width: min(150px, 19vh); height: auto; }
        .lbl { display: block; min-height: 2.4em; }
        .faces .lbl { min-height: 3.6em; }
        .num { display: block; font-size: 44px; font-weight: 800; line-height: 1; }
        .row.yesno { max-width: 820px; width: 100%; margin: 0 auto; }
        .yesno.opt { flex-direction: row; justify-content: center; min-height: 130px; font-size: 32px; }
        .yesno .lbl { min-height: 0; }
        .yesno .icon { width: 56px; height: 56px; }
        .row.nonscale { display: flex; justify-content: center; margin-top: 10px; }
        .opt.wide { flex-direction: row; justify-content: center; min-width: 340px; min-height: 76px; }
        .opt.wide .lbl { min-height: 0; }

        .textbox { flex: none; display: flex; flex-direction: column; gap: 6px; }
        .text { width: 100%; height: min(260px, 32vh); padding: 16px; border: 3px solid #6b6b6b; border-radius: 16px; font-size: 24px; resize: none; }
        .count { margin: 0; font-size: 18px; color: #3d3d3d; text-align: right; }

        .nav { flex: none; display: flex; justify-content: space-between; align-items: center; gap: 16px; padding-top: 20px; }
        .nav .btn { min-width: 220px; }
        .spacer { flex: 0 0 220px; }
        .staff { margin: 0; padding: 4px 28px 10px; font-size: 17px; color: #3d3d3d; text-align: right; flex: none; }

        .overlay { position: fixed; inset: 0; z-index: 10; display: flex; align-items: center; justify-content: center; padding: 24px; background: rgba(0, 0, 0, .65); }
        .dialog { width: 100%; max-width: 660px; display: flex; flex-direction: column; align-items: center; gap: 22px; padding: 40px 48px; border-radius: 26px; background: #fff; text-align: center; }
        .dialog h2 { margin: 0; font-size: 42px; }
        .dialog p { margin: 0; font-size: 26px; }
        .dialog .btn { min-width: 280px; min-height: 100px; font-size: 40px; }

        @media (orientation: portrait) {
          .main { padding: 24px 24px 28px; }
          /* The answers start at the same height on every question: below a question area of fixed least height. */
          .qhead { flex: 0 0 auto; min-height: 28vh; flex-direction: column; gap: 20px; }
          .opts { flex: 1; justify-content: center; }
          .qtext { flex: none; font-size: clamp(30px, 3vh, 40px); }
          .row { gap: 10px; }
          .opt { font-size: 20px; padding: 12px 4px; }
          .face { width: min(130px, 16vw); }
          /* 1–6 as a list: six labels side by side do not fit 800 px. */
          .row.nums { grid-template-columns: minmax(0, 1fr); max-width: 560px; width: 100%; margin: 0 auto; gap: 12px; }
          .nums.opt { flex-direction: row; justify-content: flex-start; gap: 24px; min-height: 76px; padding: 8px 24px; text-align: left; font-size: 25px; }
          .nums.opt[aria-checked="true"] { padding: 4px 20px; }
          .nums .lbl { min-height: 0; }
          .nums .num { width: 1.2em; text-align: center; }
          .nav .btn { min-width: 0; flex: 1; }
          .spacer { flex: 1; }
        }
        @media (max-height: 720px) and (orientation: landscape) {
          .bar { min-height: 72px; padding: 6px 24px; }
          .main { padding: 12px 28px 14px; }
          .opt { padding: 10px 6px; gap: 6px; }
          .nav { padding-top: 12px; }
          .btn { min-height: 68px; }
        }
        """;

    /// <summary>The unknown-link page.</summary>
    public const string UnknownLinkStyle = """
        html, body { margin: 0; height: 100%; }
        body { display: flex; align-items: center; justify-content: center; padding: 32px; box-sizing: border-box;
          font: 26px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
          color: #1b1b1b; background: #fff; text-align: center; }
        main { max-width: 760px; }
        h1 { margin: 0 0 24px; font-size: 44px; line-height: 1.2; }
        p { margin: 0 0 20px; }
        .en { font-size: 20px; color: #3d3d3d; }
        """;
}
