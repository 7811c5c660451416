using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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
/// Headless Debian chromium driven over the Chrome DevTools Protocol (a WebSocket and JSON, no extra package).
/// Each <see cref="NewPageAsync"/> opens a tab in its own browser context: fresh cookies and localStorage.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private Chromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<Chromium> LaunchAsync()
    {
        string profile = Directory.CreateTempSubdirectory("lqos-chromium-").FullName;
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new Chromium(process, profile);

        // Chromium writes the port it picked and the browser's WebSocket path into the profile.
        string portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(portFile) || File.ReadAllLines(portFile).Length < 2)
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
                throw new InvalidOperationException("chromium did not start its DevTools endpoint within 30 s");
            await Task.Delay(100);
        }
        string[] lines = await File.ReadAllLinesAsync(portFile);
        await browser._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}"), default);
        browser._receiving = Task.Run(browser.ReceiveLoopAsync);
        return browser;
    }

    public async Task<BrowserPage> NewPageAsync()
    {
        var context = await SendAsync("Target.createBrowserContext", new JsonObject());
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank", ["browserContextId"] = context["browserContextId"]!.GetValue<string>() });
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true });
        var page = new BrowserPage(this, attached["sessionId"]!.GetValue<string>());
        await page.SendAsync("Page.enable");
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1400, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return page;
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

    internal async Task<JsonObject> SendAsync(string method, JsonObject parameters, string? sessionId = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (sessionId is not null)
            message["sessionId"] = sessionId;
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, default);
        }
        finally
        {
            _sendLock.Release();
        }
        var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (answer["error"] is { } error)
            throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return answer["result"]?.AsObject() ?? [];
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                    continue;
                var json = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (json["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var waiter))
                    waiter.TrySetResult(json);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            foreach (var waiter in _pending.Values)
                waiter.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await _receiving.ConfigureAwait(false);
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium's helpers may still hold files for a moment; the temp folder is cleaned by the OS later.
        }
    }
}

/// <summary>One tab: navigate, evaluate JavaScript, wait for a condition, take a screenshot.</summary>
public sealed class BrowserPage(Chromium browser, string sessionId)
{
    public Task<JsonObject> SendAsync(string method, JsonObject? parameters = null) => browser.SendAsync(method, parameters ?? [], sessionId);

    public async Task GotoAsync(Uri url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        await WaitForAsync("document.readyState === 'complete'");
    }

    /// <summary>Evaluates <paramref name="expression"/> (promises awaited) and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } exception)
            throw new InvalidOperationException($"JavaScript failed: {exception.ToJsonString()}");
        return result["result"]?["value"]?.DeepClone();
    }

    public async Task<T> EvaluateAsync<T>(string expression) => (await EvaluateAsync(expression))!.GetValue<T>();

    /// <summary>Polls until <paramref name="condition"/> is truthy; fails with the condition's text after the timeout.</summary>
    public async Task WaitForAsync(string condition, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            try
            {
                if (await EvaluateAsync($"!!({condition})") is { } value && value.GetValue<bool>())
                    return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // The page may be between documents while it navigates.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"waited {timeoutMs} ms for: {condition}");
            await Task.Delay(100);
        }
    }

    public async Task ClickAsync(string selector) => await EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(selector)}).click()");

    public async Task TypeAsync(string selector, string text) =>
        await EvaluateAsync($"(() => {{ const e = document.querySelector({JsonSerializer.Serialize(selector)}); e.value = {JsonSerializer.Serialize(text)}; e.dispatchEvent(new Event('input')); }})()");

    public async Task ScreenshotAsync(string path)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }
}
