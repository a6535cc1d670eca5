using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Surveys.Browser.Tests.Infrastructure;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) run in the page as it is now: <c>await Axe.AssertNoViolationsAsync(page);</c>
/// after the page has loaded (and after any click that changes what it shows). axe runs every rule it has (WCAG 2
/// A and AA, and its best practices) on the whole page. The check fails with one line per node axe found wrong:
/// the rule id, its impact, the node's selector, axe's own explanation and the start of the node's markup.
/// <para>
/// It also fails on colour contrast that axe could not check ("needs review": text over an image, a gradient, a
/// pattern, or partly covered): every text on our pages has a known solid background, so a contrast axe cannot
/// compute is a design error, not a question for a person. Other "needs review" results are left to people.
/// </para>
/// </summary>
public static class Axe
{
    /// <summary>Fails if axe finds a violation on <paramref name="page"/>, or a colour contrast it cannot compute.</summary>
    /// <param name="page">The page, loaded and in the state to check.</param>
    /// <param name="what">What is being checked, for the failure message (the page's URL otherwise).</param>
    public static async Task AssertNoViolationsAsync(IPage page, string? what = null)
    {
        var result = await page.RunAxe();
        var problems = Problems(result).ToList();
        if (problems.Count == 0) return;
        var message = new StringBuilder($"axe: {problems.Count} problem(s) on {what ?? page.Url}:");
        foreach (var line in problems) message.Append('\n').Append("  ").Append(line);
        Assert.Fail(message.ToString());
    }

    /// <summary>One line per failing node: violations, then colour-contrast nodes axe could not decide.</summary>
    internal static IEnumerable<string> Problems(AxeResult result)
    {
        foreach (var rule in result.Violations)
            foreach (var node in rule.Nodes)
                yield return Line("violation", rule, node);
        foreach (var rule in result.Incomplete.Where(r => r.Id == "color-contrast"))
            foreach (var node in rule.Nodes)
                yield return Line("needs review", rule, node);
    }

    private static string Line(string kind, AxeResultItem rule, AxeResultNode node)
    {
        var why = string.Join("; ", new[] { node.Any, node.All, node.None }.Where(c => c is not null).SelectMany(c => c!)
            .Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m)).Distinct());
        return $"{kind} {rule.Id} ({rule.Impact ?? node.Impact ?? "no impact"}) at {node.Target}: {(why.Length > 0 ? why : rule.Help)} [{Shorten(node.Html)}]";
    }

    private static string Shorten(string? html) => html is null ? "" : html.Length <= 160 ? html : html[..159] + "…";
}
