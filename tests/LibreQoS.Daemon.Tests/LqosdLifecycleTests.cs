using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;
using LibreQoS.TestKit;

namespace LibreQoS.Daemon.Tests;

/// <summary>The real lqosd in a network namespace with two 4-queue veths, watched through a test NOTIFY_SOCKET.</summary>
[Trait("Requires", "root")]
public sealed class LqosdLifecycleTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly NetNsFixture _namespaces = new();
    private readonly NetworkNamespace? _ns;
    private readonly string _config = "";
    private readonly string _bus = "";
    private readonly StringBuilder _output = new();

    public LqosdLifecycleTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _ns = _namespaces.Add("lqosd");
        var peer = _namespaces.Add("peer");
        _namespaces.AddVeth(_ns, "lan0", peer, "lan1", 4);
        _namespaces.AddVeth(_ns, "wan0", peer, "wan1", 4);
        string src = Directory.CreateDirectory(_dir.File("src")).FullName;
        ProcessRunner.GenerateNetwork(src, circuits: 20, sites: 2, depth: 1);
        _bus = _dir.File("run/bus");
        _config = _dir.Write("lqos.conf", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", src, StringComparison.Ordinal)
            .Replace("to_internet = \"eth0\"", "to_internet = \"wan0\"", StringComparison.Ordinal)
            .Replace("to_network = \"eth1\"", "to_network = \"lan0\"", StringComparison.Ordinal)
            .Replace("[queues]\n", "[queues]\nfallback_sqm = \"pfifo\"\n", StringComparison.Ordinal)
            + $"\n[lqosd]\nbus_socket = \"{_bus}\"\n");
    }

    public void Dispose()
    {
        _namespaces.Dispose();
        _dir.Dispose();
    }

    [RootFact]
    public async Task Start_TellsSystemdReadyOnceTheBusAnswers_AndStoppingOnSigterm()
    {
        using var notify = NotifySocket(out string notifyPath);
        using var lqosd = StartLqosd(notifyPath);

        string ready = await ReceiveUntilAsync(notify, "READY=1");

        Assert.Contains("READY=1", ready, StringComparison.Ordinal);
        await using (var client = await BusClient.ConnectAsync(_bus))
            Assert.IsType<Ack>(await client.SendAsync(new Ping()));

        ProcessRunner.Run("kill", ["-TERM", lqosd.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Contains("STOPPING=1", await ReceiveUntilAsync(notify, "STOPPING=1"), StringComparison.Ordinal);
        Assert.True(lqosd.WaitForExit(20_000), "lqosd did not stop on SIGTERM");
        lqosd.WaitForExit();
        lock (_output)
            Assert.True(lqosd.ExitCode == 0, $"exit {lqosd.ExitCode}: {_output}");
        Assert.False(File.Exists(_bus), "the socket is removed on stop");
    }

    [RootFact]
    public async Task Start_AsAJournaldServiceWithWatchdogSec_PingsTheWatchdogAndLogsSyslogPriorities()
    {
        using var notify = NotifySocket(out string notifyPath);
        using var lqosd = StartLqosd(notifyPath, watchdog: TimeSpan.FromSeconds(2), journald: true);

        await ReceiveUntilAsync(notify, "READY=1");

        Assert.Contains("WATCHDOG=1", await ReceiveUntilAsync(notify, "WATCHDOG=1"), StringComparison.Ordinal);
        lqosd.Kill();
        lqosd.WaitForExit();
        lock (_output)
            Assert.Contains("<6>LibreQoS.Service.Hosting.LqosdHostedService: lqosd started", _output.ToString(), StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Start_SecondInstance_IsRefused()
    {
        using var notify = NotifySocket(out string notifyPath);
        using var first = StartLqosd(notifyPath);
        await ReceiveUntilAsync(notify, "READY=1");

        var second = _ns!.Exec(TimeSpan.FromMinutes(1), "dotnet", Path.Combine(AppContext.BaseDirectory, "lqosd.dll"), "--config", _config);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("Another lqosd is already running", second.StandardOutput + second.StandardError, StringComparison.Ordinal);
        first.Kill();
    }

    [RootFact]
    public void Start_MissingInterface_ExitsNonZeroWithOneSentenceSayingWhatToDo()
    {
        File.WriteAllText(_config, File.ReadAllText(_config).Replace("to_network = \"lan0\"", "to_network = \"nope0\"", StringComparison.Ordinal));

        var result = _ns!.Exec(TimeSpan.FromMinutes(1), "dotnet", Path.Combine(AppContext.BaseDirectory, "lqosd.dll"), "--config", _config);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Interface nope0 does not exist; fix bridge.to_network / bridge.to_internet", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    private Process StartLqosd(string notifyPath, TimeSpan? watchdog = null, bool journald = false)
    {
        var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", _ns!.Name, "dotnet", Path.Combine(AppContext.BaseDirectory, "lqosd.dll"), "--config", _config })
            info.ArgumentList.Add(argument);
        info.Environment["NOTIFY_SOCKET"] = notifyPath;
        info.Environment["WATCHDOG_USEC"] = watchdog is { } interval ? ((long)interval.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        info.Environment["JOURNAL_STREAM"] = journald ? "8:12345" : null;
        info.Environment["LQOS_CONFIG"] = null;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Socket NotifySocket(out string path)
    {
        path = _dir.File($"notify-{Guid.NewGuid():N}");
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private async Task<string> ReceiveUntilAsync(Socket socket, string wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new StringBuilder();
        var buffer = new byte[512];
        while (true)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                lock (_output)
                    throw new TimeoutException($"no {wanted} from lqosd within 60 s; it said:\n{_output}");
            }
            string message = Encoding.UTF8.GetString(buffer, 0, n);
            seen.AppendLine(message);
            if (message.Contains(wanted, StringComparison.Ordinal))
                return seen.ToString();
        }
    }
}
