using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Surveys.Functions.Pages;
using Surveys.Pages.Audit;
using Surveys.Pages.Shared;
using Xunit;

namespace Surveys.Functions.Tests.Pages;

/// <summary>
/// The page templates (src/Surveys.Pages) rendered by the app's <see cref="PageRenderer"/>, without storage: what a
/// leader's browser receives for a given model.
/// </summary>
public sealed class TemplateTests
{
    private static readonly PageRenderer Renderer = new(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);

    private static async Task<(string Html, HttpContext Http, int Status)> PageAsync<TPage, TModel>(TModel model, string query = "")
        where TPage : Surveys.Pages.PageBase<TModel>
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.QueryString = new QueryString(query);
        http.Response.Body = new MemoryStream();
        var result = await Renderer.PageAsync<TPage, TModel>(http, model);
        await result.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        return (await new StreamReader(http.Response.Body).ReadToEndAsync(), http, http.Response.StatusCode);
    }

    private static AuditLogModel Log(string actor) => new([new("Demo AS", [
        new(new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.FromHours(1)), actor, "grant-created", "Arca", [new("scope", "alle")]),
    ])]);

    [Fact]
    public async Task A_page_is_one_document_in_bokmål_with_its_style_under_the_nonce_its_policy_allows()
    {
        var (html, http, status) = await PageAsync<AuditLogPage, AuditLogModel>(Log("leder@demo.no"));

        Assert.Equal(200, status);
        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart());
        Assert.Contains("<html lang=\"nb\">", html);
        Assert.Contains("<title>Logg – Surveys</title>", html);
        Assert.Contains("Tilgang gitt", html);
        Assert.Contains("2026-12-07 09:30", html);
        var csp = http.Response.Headers.ContentSecurityPolicy.ToString();
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "style-src 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<style nonce=\"{nonce}\">", html);
        Assert.Equal("no-store", http.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task English_is_there_alongside()
    {
        var (html, _, _) = await PageAsync<AuditLogPage, AuditLogModel>(Log("leder@demo.no"), "?lang=en");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Access granted", html);
        Assert.Contains("href=\"/leder?lang=en\"", html);
    }

    [Fact]
    public async Task What_a_user_typed_is_shown_as_text_never_as_markup()
    {
        var (html, _, _) = await PageAsync<AuditLogPage, AuditLogModel>(Log("<script>alert(1)</script>\"&"));

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;", html);
    }

    [Fact]
    public async Task A_message_page_says_its_one_thing_with_the_status_given()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();
        await (await Renderer.SignInRequiredAsync(http, new LocalText("Bare for ledere.", "Leaders only."))).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var html = await new StreamReader(http.Response.Body).ReadToEndAsync();

        Assert.Equal(401, http.Response.StatusCode);
        Assert.Contains("<h1>Du må logge inn</h1>", html);
        Assert.Contains("<p>Bare for ledere.</p>", html);
        Assert.Contains("<a href=\"/logg-inn\">Logg inn</a>", html);
    }
}
