using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using LibreQoS.TestKit;

namespace LibreQoS.Scheduler.Tests;

/// <summary>The real lqos_scheduler service in the background, with its output and what it tells a test NOTIFY_SOCKET.</summary>
public sealed class SchedulerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Socket _notify;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _notifications = new();
    private readonly Task _receiving;

    /// <param name="watchdog">Set WATCHDOG_USEC as systemd does for a unit with WatchdogSec.</param>
    public SchedulerProcess(TempDirectory dir, string config, TimeSpan? watchdog = null)
    {
        string notifyPath = dir.File($"notify-{Guid.NewGuid():N}");
        _notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        _receiving = ReceiveAsync();

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "lqos_scheduler.dll"), "--config", config })
            info.ArgumentList.Add(argument);
        info.Environment["NOTIFY_SOCKET"] = notifyPath;
        info.Environment["TMPDIR"] = dir.Path;
        info.Environment["LQOS_CONFIG"] = null;
        info.Environment["LQOS_DIRECTORY"] = null;
        if (watchdog is { } interval)
            info.Environment["WATCHDOG_USEC"] = ((long)interval.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_output, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public string Notifications
    {
        get
        {
            lock (_notifications)
                return _notifications.ToString();
        }
    }

    /// <summary>SIGTERM, as systemctl stop sends; returns the exit code.</summary>
    public int Stop()
    {
        ProcessRunner.Run("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(_process.WaitForExit(30_000), $"lqos_scheduler did not stop on SIGTERM:\n{Output}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
        _notify.Dispose();
        _ = _receiving.Exception;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[512];
        while (true)
        {
            int n = await _notify.ReceiveAsync(buffer);
            Append(_notifications, Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
            return;
        lock (target)
            target.AppendLine(line);
    }
}
