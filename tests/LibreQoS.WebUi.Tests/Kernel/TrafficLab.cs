using System.Globalization;
using System.Net;
using LibreQoS.TestKit;
using LibreQoS.WebUi.Auth;
using LibreQoS.WebUi.Tests.Infrastructure;

namespace LibreQoS.WebUi.Tests.Kernel;

/// <summary>
/// The <c>make demo</c> lab for a test: namespaces client ── shaper (isp0 + inet0 bridged, the real lqosd with its
/// web UI on :9123) ── internet, a network from gen_network.py, shaping applied with <c>lqos refresh</c>, and a
/// forwarder so a browser on the host reaches the web UI. Namespace names are unique per run.
/// </summary>
public sealed class TrafficLab : IAsyncDisposable
{
    public const string AdminPassword = "lab-admin-password";
    public const string InternetAddress = "100.127.255.254";
    private const int Queues = 2;
    private const int WebUiPort = 9123;

    private readonly TempDirectory _dir = new();
    private readonly NetNsFixture _net = new();
    private readonly string _bpffs;
    private LqosdProcess? _lqosd;
    private NamespaceForwarder? _webUi;

    private TrafficLab()
    {
        Client = _net.Add("cli");
        Shaper = _net.Add("shp");
        Internet = _net.Add("inet");
        _net.AddVeth(Client, "eth0", Shaper, "isp0", Queues);
        _net.AddVeth(Internet, "eth0", Shaper, "inet0", Queues);
        Shaper.Ip("link", "add", "br0", "type", "bridge");
        Shaper.Ip("link", "set", "isp0", "master", "br0");
        Shaper.Ip("link", "set", "inet0", "master", "br0");
        Shaper.Ip("link", "set", "br0", "up");
        Internet.Ip("addr", "add", InternetAddress + "/10", "dev", "eth0", "nodad");

        _bpffs = Directory.CreateDirectory(_dir.File("bpffs")).FullName;
        ProcessRunner.Run("mount", ["-t", "bpf", "bpf", _bpffs]);
        string src = Directory.CreateDirectory(_dir.File("src")).FullName;
        ProcessRunner.GenerateNetwork(src, circuits: 60, sites: 6, depth: 2);
        Subscribers = SubscriberRow.Read(Path.Combine(src, "ShapedDevices.csv"));
        foreach (var subscriber in Subscribers)
            Client.Ip("addr", "add", subscriber.Address + "/10", "dev", "eth0", "nodad");
        ConfigPath = _dir.Write("lqos.conf", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "lqos-minimal.conf"))
            .Replace("/opt/libreqos/src", src, StringComparison.Ordinal)
            .Replace("to_internet = \"eth0\"", "to_internet = \"inet0\"", StringComparison.Ordinal)
            .Replace("to_network = \"eth1\"", "to_network = \"isp0\"", StringComparison.Ordinal)
            .Replace("[queues]\n", $"[queues]\noverride_available_queues = {Queues}\nfallback_sqm = \"pfifo\"\n", StringComparison.Ordinal)
            .Replace("queue_check_period_ms", $"webserver_listen = \"127.0.0.1:{WebUiPort}\"\nqueue_check_period_ms", StringComparison.Ordinal)
            + $"\n[lqosd]\nbus_socket = \"{_dir.File("run/bus")}\"\nbpf_pin_directory = \"{_bpffs}/lqos\"\n");
        // The users file lives in the state directory beside src, where `lqos users add` would put it.
        new UserStore(UserStore.PathIn(_dir.File("state"))).Save("admin", AdminPassword, UserRole.Admin);
    }

    public NetworkNamespace Client { get; }

    public NetworkNamespace Shaper { get; }

    public NetworkNamespace Internet { get; }

    public string ConfigPath { get; }

    /// <summary>One device of each circuit in the generated network whose plan is at most 100 Mbit/s each way.</summary>
    public IReadOnlyList<SubscriberRow> Subscribers { get; }

    /// <summary>The web UI as the host's browser reaches it.</summary>
    public Uri WebUi => _webUi!.BaseUri;

    public static async Task<TrafficLab> StartAsync()
    {
        var lab = new TrafficLab();
        try
        {
            lab._lqosd = await LqosdProcess.StartAsync(lab.Shaper, lab.ConfigPath, lab._dir, TimeSpan.FromSeconds(90));
            var refresh = lab.Lqos("refresh");
            if (refresh.ExitCode != 0)
                throw new InvalidOperationException($"lqos refresh failed: {refresh.StandardOutput}{refresh.StandardError}");
            lab._webUi = new NamespaceForwarder(lab.Shaper, new IPEndPoint(IPAddress.Loopback, WebUiPort));
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the real lqos CLI inside the shaper namespace against this lab's lqosd.</summary>
    public ProcessResult Lqos(params string[] arguments) =>
        Shaper.Exec(TimeSpan.FromMinutes(2), ["dotnet", Path.Combine(AppContext.BaseDirectory, "lqos.dll"), .. arguments, "--config", ConfigPath]);

    /// <summary>A TCP download (internet → subscriber) for <paramref name="seconds"/>, in the background.</summary>
    public void StartDownload(SubscriberRow subscriber, int port, int seconds)
    {
        Iperf3.StartServer(Client, subscriber.Address, port);
        Internet.Start("iperf3", "-c", subscriber.Address, "-p", port.ToString(CultureInfo.InvariantCulture), "-t", seconds.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A TCP upload (subscriber → internet) for <paramref name="seconds"/>, in the background.</summary>
    public void StartUpload(SubscriberRow subscriber, int port, int seconds)
    {
        Iperf3.StartServer(Internet, InternetAddress, port);
        Client.Start("iperf3", "-c", InternetAddress, "-B", subscriber.Address, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-t", seconds.ToString(CultureInfo.InvariantCulture));
    }

    public string LqosdOutput => _lqosd?.Output ?? "";

    public async ValueTask DisposeAsync()
    {
        if (_webUi is not null)
            await _webUi.DisposeAsync();
        _lqosd?.Dispose();
        _net.Dispose();
        ProcessRunner.Run("umount", [_bpffs]);
        _dir.Dispose();
    }
}

/// <param name="DownloadMbps">The plan's download maximum.</param>
public sealed record SubscriberRow(string CircuitId, string Address, double DownloadMbps, double UploadMbps)
{
    public static IReadOnlyList<SubscriberRow> Read(string shapedDevicesCsv) =>
    [
        .. File.ReadLines(shapedDevicesCsv).Skip(1).Select(line => line.Split(','))
            .Where(f => f[6].Length > 0)
            .Select(f => new SubscriberRow(f[0], f[6], double.Parse(f[10], CultureInfo.InvariantCulture), double.Parse(f[11], CultureInfo.InvariantCulture)))
            .Where(s => s.DownloadMbps <= 100 && s.UploadMbps <= 100)
            .DistinctBy(s => s.CircuitId),
    ];
}
