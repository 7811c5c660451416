using System.Text.Json;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.Core.Network;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.DataPlane;

/// <summary>
/// On a stick: one trunk (stick0, two transmit queues, mq with HTB trees 1: and 2:) carries the Internet side on
/// VLAN 100 and the customers on VLAN 200. This kernel has no 802.1Q devices, so a script sends tagged frames
/// into the trunk from a "switch" namespace and reports what comes back.
/// </summary>
[Trait("Requires", "root")]
[Collection(KernelTests.Name)]
public sealed class OnAStickTests : IDisposable
{
    private const string Client = "10.98.0.2";
    private const string Internet = "10.98.0.1";
    private const int Frames = 40;

    private readonly NetNsFixture? _net;
    private readonly TestBpfFs? _fs;
    private readonly ShaperDataPlane? _dataPlane;
    private readonly NetworkNamespace _switch = null!;
    private readonly NetworkNamespace _shaper = null!;

    public OnAStickTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _net = new NetNsFixture();
        _switch = _net.Add("sw");
        _shaper = _net.Add("shp");
        _net.AddVeth(_switch, "trunk0", _shaper, "stick0", queues: 2);
        _shaper.Tc("qdisc", "add", "dev", "stick0", "root", "handle", "7fff:", "mq");
        foreach (var major in new[] { "1", "2" })
        {
            _shaper.Tc("qdisc", "add", "dev", "stick0", "parent", $"7fff:{major}", "handle", $"{major}:", "htb", "default", "2");
            _shaper.Tc("class", "add", "dev", "stick0", "parent", $"{major}:", "classid", $"{major}:2", "htb", "rate", "10gbit");
            _shaper.Tc("class", "add", "dev", "stick0", "parent", $"{major}:", "classid", $"{major}:10", "htb", "rate", "1gbit");
        }
        _fs = new TestBpfFs();
        _dataPlane = ShaperDataPlane.Load(_fs.PinDirectory);
        _dataPlane.Mappings.Set(new IpMapping(IpPrefix.Parse(Client), Cpu: 0, TcHandle: 0x10010, CircuitId: 5, DeviceId: 6));
    }

    public void Dispose()
    {
        _dataPlane?.Dispose();
        _net?.Dispose();
        _fs?.Dispose();
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces, Tools = ["python3"])]
    public void Attach_OnAStick_MovesFramesToTheOtherVlanAndShapesEachWayInItsTree()
    {
        _shaper.Run(() => _dataPlane!.Attach(new OnAStickTopology("stick0", InternetVlan: 100, IspVlan: 200, StickOffset: 1)));

        var returned = SendTaggedFrames();

        Assert.Equal(Frames, returned.GetValueOrDefault($"200 {Internet}>{Client}"));
        Assert.Equal(Frames, returned.GetValueOrDefault($"100 {Client}>{Internet}"));
        var host = _dataPlane!.ReadHostCounters().Single(h => h.Host.ToString() == Client);
        Assert.Equal((Frames, Frames), ((int)host.UdpDownloadPackets, (int)host.UdpUploadPackets));
        Assert.Equal(5UL, host.CircuitId);
        var classes = HtbStatistics.ClassPackets(_shaper, "stick0");
        Assert.Equal(Frames, classes["1:10"]); // download: the mapping's own class
        Assert.Equal(Frames, classes["2:10"]); // upload: one stick offset (tree) higher
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Detach_OnAStick_TurnsPromiscuousModeBackOff()
    {
        _shaper.Run(() => _dataPlane!.Attach(new OnAStickTopology("stick0", InternetVlan: 100, IspVlan: 200, StickOffset: 1)));
        Assert.Contains("PROMISC", _shaper.Ip("link", "show", "stick0"), StringComparison.Ordinal);

        _shaper.Run(_dataPlane!.Detach);

        Assert.DoesNotContain("PROMISC", _shaper.Ip("link", "show", "stick0"), StringComparison.Ordinal);
        Assert.DoesNotContain("clsact", _shaper.Tc("qdisc", "show", "dev", "stick0"), StringComparison.Ordinal);
    }

    private Dictionary<string, int> SendTaggedFrames()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "DataPlane", "vlan_frames.py");
        var result = _switch.Exec(TimeSpan.FromSeconds(20), "python3", script, "trunk0", "100", "200", Client, Internet, $"{Frames}");
        Assert.True(result.ExitCode == 0, result.StandardError);
        return JsonSerializer.Deserialize<Dictionary<string, int>>(result.StandardOutput)!;
    }
}
