using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
namespace LibreQoS.TestKit;

/// <summary>The real lqosd (the lqosd.dll beside the tests) started inside a namespace; stopped with SIGTERM on dispose.</summary>
public sealed class LqosdProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LqosdProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts lqosd and waits for its READY=1 on a private NOTIFY_SOCKET (as systemd would).</summary>
    /// <exception cref="TimeoutException">No READY=1 within <paramref name="readyWithin"/>; the message holds lqosd's output.</exception>
    public static async Task<LqosdProcess> StartAsync(NetworkNamespace ns, string configPath, TempDirectory dir, TimeSpan readyWithin)
    {
        string notifyPath = dir.File($"notify-{Guid.NewGuid():N}");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", ns.Name, "dotnet", Path.Combine(AppContext.BaseDirectory, "lqosd.dll"), "--config", configPath })
            info.ArgumentList.Add(argument);
        info.Environment["NOTIFY_SOCKET"] = notifyPath;
        var lqosd = new LqosdProcess(Process.Start(info)!);
        lqosd._process.OutputDataReceived += (_, e) => lqosd.Append(e.Data);
        lqosd._process.ErrorDataReceived += (_, e) => lqosd.Append(e.Data);
        lqosd._process.BeginOutputReadLine();
        lqosd._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(readyWithin);
        var buffer = new byte[512];
        try
        {
            while (!Encoding.UTF8.GetString(buffer, 0, await notify.ReceiveAsync(buffer, timeout.Token)).Contains("READY=1", StringComparison.Ordinal))
            {
            }
        }
        catch (OperationCanceledException)
        {
            lqosd.Dispose();
            throw new TimeoutException($"lqosd did not become ready in {readyWithin.TotalSeconds:F0} s: {lqosd.Output}");
        }
        return lqosd;
    }

    private void Append(string? line)
    {
        lock (_output)
            _output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            ProcessRunner.Run("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            if (!_process.WaitForExit(20_000))
                _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
