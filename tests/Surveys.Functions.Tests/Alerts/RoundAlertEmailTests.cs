using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Surveys.Functions.Alerts;
using Surveys.Functions.Pages;
using Surveys.Pages.Alerts;

namespace Surveys.Functions.Tests.Alerts;

/// <summary>The alert e-mail's template (src/Surveys.Pages/Alerts), rendered as the worker renders it, without storage.</summary>
public class RoundAlertEmailTests
{
    private static readonly PageRenderer Renderer = new(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    private static Task<string> RenderAsync(RoundAlertEmailModel model) =>
        Renderer.RenderAsync<RoundAlertEmail>(new Dictionary<string, object?> { [nameof(RoundAlertEmail.Model)] = model });

    private static RoundAlertEmailModel Model(string title = "Trivsel", string? kiosk = "https://surveys.example.no/leder/runder/r1/kiosk") =>
        new("Test Arbeid AS", title, "2026-før", "mandag 7. desember kl. 10.10–12.10", 6, 50, 30, "https://surveys.example.no/surveys/s1/results", kiosk);

    [Fact]
    public async Task TheEmail_IsBokmålFirst_ForMailClients_WithTheFiguresAndLinks()
    {
        var html = await RenderAsync(Model());

        Assert.StartsWith("<!doctype html>", html.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"nb\">", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("Antall som svarte", StringComparison.Ordinal) < html.IndexOf("In English", StringComparison.Ordinal));
        Assert.Contains("mandag 7. desember kl. 10.10–12.10", html, StringComparison.Ordinal);
        Assert.Contains("50 %", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://surveys.example.no/surveys/s1/results\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://surveys.example.no/leder/runder/r1/kiosk\"", html, StringComparison.Ordinal);
        // Self-contained: no style sheet, class, script or image.
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("class=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Kiosklenkene", await RenderAsync(Model(kiosk: null)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatUsersTyped_IsText()
    {
        var html = await RenderAsync(Model(title: "<script>alert(1)</script> & «Trivsel»"));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Trivsel»", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWindow_IsWrittenInNorwegianTime_NamingBothDaysOverMidnight()
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        Assert.Equal("mandag 7. desember kl. 10.10–12.10",
            RoundAlerts.WindowText(new DateTimeOffset(2026, 12, 7, 9, 10, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 11, 10, 0, TimeSpan.Zero), oslo));
        Assert.Equal("mandag 7. desember kl. 22.30 – tirsdag 8. desember kl. 00.30",
            RoundAlerts.WindowText(new DateTimeOffset(2026, 12, 7, 21, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero), oslo));
    }
}
