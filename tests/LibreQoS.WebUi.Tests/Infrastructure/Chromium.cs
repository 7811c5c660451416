using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace LibreQoS.WebUi.Tests.Infrastructure;

/// <summary>Runs only where Debian's chromium is installed (CI installs it); elsewhere skips and says why.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.Executable))
            Skip = $"{Chromium.Executable} not found: apt-get install chromium to run the browser tests";
    }
}

/// <summary>
/// Headless Debian chromium driven by Playwright (its bundled node driver; no browser download, the executable is
/// Debian's). Each <see cref="NewPageAsync"/> opens a tab in its own browser context: fresh cookies and localStorage.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"],
        });
        return new Chromium(playwright, browser);
    }

    public async Task<BrowserPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        return new BrowserPage(await context.NewPageAsync());
    }

    /// <summary>A fresh tab signed in through the sign-in page of the web UI at <paramref name="baseUri"/>, on the dashboard.</summary>
    public async Task<BrowserPage> SignedInPageAsync(Uri baseUri, string username, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(baseUri, "/login"));
        await page.WaitForAsync("document.querySelector('#login-form')");
        await page.TypeAsync("#username", username);
        await page.TypeAsync("#password", password);
        await page.ClickAsync("#submit");
        await page.WaitForAsync("location.pathname === '/' && document.querySelector('#scheduler-indicator')");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>One tab: navigate, evaluate JavaScript, wait for a condition, take a screenshot.</summary>
public sealed class BrowserPage(IPage page)
{
    public async Task GotoAsync(Uri url) => await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });

    /// <summary>Starts navigating to <paramref name="url"/> without waiting for the page to load (for timing it).</summary>
    public async Task StartNavigationAsync(Uri url) => await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });

    /// <summary>Evaluates <paramref name="expression"/> (promises awaited) and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var value = await page.EvaluateAsync<JsonElement?>(expression);
        return value is { ValueKind: not JsonValueKind.Undefined } element ? JsonNode.Parse(element.GetRawText()) : null;
    }

    public async Task<T> EvaluateAsync<T>(string expression) => await page.EvaluateAsync<T>(expression);

    /// <summary>Polls until <paramref name="condition"/> is truthy; fails with the condition's text after the timeout.</summary>
    public async Task WaitForAsync(string condition, int timeoutMs = 10_000)
    {
        try
        {
            // Playwright re-runs the check in each new document, so a navigation in between is no failure; a condition
            // that reads an element not rendered yet is not true yet.
            await page.WaitForFunctionAsync($"() => {{ try {{ return !!({condition}); }} catch {{ return false; }} }}", null, new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 100 });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"waited {timeoutMs} ms for: {condition}", ex);
        }
    }

    public async Task ClickAsync(string selector) => await page.ClickAsync(selector);

    public async Task TypeAsync(string selector, string text) => await page.FillAsync(selector, text);

    public async Task ScreenshotAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    }
}
