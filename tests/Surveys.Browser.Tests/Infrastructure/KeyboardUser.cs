using Microsoft.Playwright;

namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>How a keyboard-only user moves through a page: Tab until the element they want has the focus.</summary>
public static class KeyboardUser
{
    /// <summary>Presses Tab until an element matching <paramref name="selector"/> (CSS) has the focus; fails if Tab
    /// never gets there (an element a keyboard user cannot reach).</summary>
    public static async Task TabToAsync(IPage page, string selector, int most = 120)
    {
        for (var i = 0; i < most; i++)
        {
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        throw new InvalidOperationException($"Tab never reached {selector} on {page.Url}.");
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus.</summary>
    public static async Task TabToAsync(IPage page, ILocator target, int most = 40)
    {
        for (var i = 0; i < most; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) return;
            await page.Keyboard.PressAsync("Tab");
        }
        throw new InvalidOperationException($"Tab never reached {target} on {page.Url}.");
    }
}
