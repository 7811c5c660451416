using LibreQoS.Bpf.Attach;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.Core.Network;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.DataPlane;

/// <summary>The programs attached to a veth bridge in fresh namespaces, classifying real packets.</summary>
[Trait("Requires", "root")]
[Collection(KernelTests.Name)]
public sealed class ShaperDataPlaneTests : IDisposable
{
    private const uint Class10 = 0x10010; // tc 1:10
    private const int Datagrams = 50;

    private readonly TestBpfFs? _fs;
    private readonly BridgeLab? _lab;
    private ShaperDataPlane? _dataPlane;

    public ShaperDataPlaneTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _fs = new TestBpfFs();
        _lab = new BridgeLab();
        _dataPlane = ShaperDataPlane.Load(_fs.PinDirectory);
    }

    private BridgeLab Lab => _lab!;

    private ShaperDataPlane DataPlane => _dataPlane!;

    public void Dispose()
    {
        _dataPlane?.Dispose();
        _lab?.Dispose(); // deleting the namespaces takes any attachment with them
        _fs?.Dispose();
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Attach_Bridge_CountsEveryHostAndTagsMappedOnesWithTheirIds()
    {
        DataPlane.Mappings.Set([Mapping(BridgeLab.MappedV4, circuit: 101), Mapping(BridgeLab.MappedV6, circuit: 201)]);
        Attach();

        SendBothWays();

        var hosts = DataPlane.ReadHostCounters().ToDictionary(h => h.Host.ToString());
        var mapped = hosts[BridgeLab.MappedV4];
        Assert.Equal((Datagrams, Datagrams), ((int)mapped.UdpDownloadPackets, (int)mapped.UdpUploadPackets));
        Assert.Equal((Class10, 101UL, 102UL), (mapped.TcHandle, mapped.CircuitId, mapped.DeviceId));
        Assert.True(mapped.DownloadBytes >= Datagrams * 142UL, $"{mapped.DownloadBytes} bytes for {Datagrams} 142-byte frames");
        var unmapped = hosts[BridgeLab.UnmappedV4];
        Assert.Equal((Datagrams, Datagrams), ((int)unmapped.UdpDownloadPackets, (int)unmapped.UdpUploadPackets));
        Assert.Equal((0u, 0UL), (unmapped.TcHandle, unmapped.CircuitId));
        Assert.Equal((Datagrams, Class10, 201UL), ((int)hosts[BridgeLab.MappedV6].UdpDownloadPackets, hosts[BridgeLab.MappedV6].TcHandle, hosts[BridgeLab.MappedV6].CircuitId));
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Attach_Bridge_SteersMappedHostsIntoTheirClassAndLeavesOthersInTheDefault()
    {
        DataPlane.Mappings.Set([Mapping(BridgeLab.MappedV4, circuit: 101), Mapping(BridgeLab.MappedV6, circuit: 201)]);
        Attach();

        SendBothWays();

        var download = Lab.ClassPackets(BridgeLab.ToIsp);
        var upload = Lab.ClassPackets(BridgeLab.ToInternet);
        // The mapped IPv6 host also exchanges a few neighbour discovery packets, which are rightly its traffic.
        Assert.InRange(download["1:10"], 2 * Datagrams, 2 * Datagrams + 4);
        Assert.True(download["1:2"] >= Datagrams, $"default class saw {download["1:2"]} packets");
        Assert.InRange(upload["1:10"], Datagrams, Datagrams + 4);
        Assert.True(upload["1:2"] >= Datagrams, $"default class saw {upload["1:2"]} packets");
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Attach_ToVeths_UsesGenericXdpAndSaysWhy()
    {
        var report = Attach();

        Assert.All(report.Interfaces, i => Assert.Equal(XdpMode.Generic, i.XdpMode));
        Assert.Equal(["to internet", "to ISP"], report.Interfaces.Select(i => i.Role));
        Assert.Contains(report.Warnings, w => w.Contains("veth", StringComparison.Ordinal) && w.Contains("generic", StringComparison.Ordinal));
        Assert.Contains("xdpgeneric", Lab.Shaper.Ip("link", "show", BridgeLab.ToIsp), StringComparison.Ordinal);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Attach_WhereTheDriverHasNoNativeXdp_FallsBackToGenericWithAWarning()
    {
        // Neither a Linux bridge device nor loopback has native XDP: driver mode is refused, generic mode takes over.
        var report = Lab.Shaper.Run(() => DataPlane.Attach(new BridgeTopology(ToInternet: "br0", ToIsp: "lo"), shapingCpus: [0]));

        Assert.All(report.Interfaces, i => Assert.Equal(XdpMode.Generic, i.XdpMode));
        Assert.Contains(report.Warnings, w => w.StartsWith("br0: XDP in driver mode failed", StringComparison.Ordinal) && w.Contains("falling back to generic", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.StartsWith("lo: XDP in driver mode failed", StringComparison.Ordinal));
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Attach_WhenTheKernelRefuses_ReportsTheKernelsReason()
    {
        // isp0 is a port of br0: once br0 has a program, the kernel refuses one on its ports, and says why.
        var e = Assert.Throws<BpfException>(() => Lab.Shaper.Run(() => DataPlane.Attach(new BridgeTopology(ToInternet: "br0", ToIsp: BridgeLab.ToIsp), shapingCpus: [0])));

        Assert.StartsWith("Attaching XDP to isp0 in generic mode failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("Kernel error message: Cannot attach when an upper device already has a program", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xdp", Lab.Shaper.Ip("link", "show", "br0"), StringComparison.Ordinal);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Attach_InDriverModeWhenAsked_AttachesNativeXdpAndStillClassifies()
    {
        DataPlane.Mappings.Set(Mapping(BridgeLab.MappedV4, circuit: 101));
        AddHtbTrees();

        var report = Lab.Shaper.Run(() => DataPlane.Attach(BridgeLab.Topology, shapingCpus: [0], xdpMode: XdpMode.Driver));
        BridgeLab.SendUdp(Lab.Internet, BridgeLab.InternetV4, Lab.Client, BridgeLab.MappedV4, Datagrams);

        Assert.All(report.Interfaces, i => Assert.Equal(XdpMode.Driver, i.XdpMode));
        Assert.Contains("xdp ", Lab.Shaper.Ip("link", "show", BridgeLab.ToInternet), StringComparison.Ordinal);
        Assert.Equal(Datagrams, (int)DataPlane.ReadHostCounters().Single(h => h.Host.ToString() == BridgeLab.MappedV4).UdpDownloadPackets);
        Assert.Equal(Datagrams, Lab.ClassPackets(BridgeLab.ToIsp)["1:10"]);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Detach_LeavesTheInterfacesAsTheyWere()
    {
        AddHtbTrees();
        string before = InterfaceState();
        Attach();
        Assert.NotEqual(before, InterfaceState());

        Lab.Shaper.Run(DataPlane.Detach);

        Assert.Equal(before, InterfaceState());
        Assert.Empty(DataPlane.Attached);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Attach_ToAMissingInterface_SaysWhichAndLeavesNothingAttached()
    {
        AddHtbTrees();
        string before = InterfaceState();

        var e = Assert.Throws<BpfException>(() => Lab.Shaper.Run(() => DataPlane.Attach(new BridgeTopology(BridgeLab.ToInternet, "nosuch0"))));

        Assert.Contains("nosuch0", e.Message, StringComparison.Ordinal);
        Assert.Contains("lqos.conf", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, InterfaceState());
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void RemovingAMapping_SendsTheHostsNextPacketsToTheDefaultClass()
    {
        DataPlane.Mappings.Set(Mapping(BridgeLab.MappedV4, circuit: 101));
        Attach();
        BridgeLab.SendUdp(Lab.Internet, BridgeLab.InternetV4, Lab.Client, BridgeLab.MappedV4, Datagrams);
        var shaped = Lab.ClassPackets(BridgeLab.ToIsp);

        Assert.True(DataPlane.Mappings.Remove(IpPrefix.Parse(BridgeLab.MappedV4)));
        BridgeLab.SendUdp(Lab.Internet, BridgeLab.InternetV4, Lab.Client, BridgeLab.MappedV4, Datagrams);

        var after = Lab.ClassPackets(BridgeLab.ToIsp);
        Assert.Equal(Datagrams, shaped["1:10"]);
        Assert.Equal(shaped["1:10"], after["1:10"]);
        Assert.True(after["1:2"] - shaped["1:2"] >= Datagrams);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Restart_DetachDisposeLoadAttach_KeepsTheMappingsAndTheShaping()
    {
        DataPlane.Mappings.Set(Mapping(BridgeLab.MappedV4, circuit: 101));
        Attach();
        Lab.Shaper.Run(DataPlane.Detach);
        DataPlane.Dispose();

        _dataPlane = ShaperDataPlane.Load(_fs!.PinDirectory);
        Attach();
        BridgeLab.SendUdp(Lab.Internet, BridgeLab.InternetV4, Lab.Client, BridgeLab.MappedV4, Datagrams);

        Assert.Equal(Mapping(BridgeLab.MappedV4, circuit: 101), Assert.Single(DataPlane.Mappings.List()));
        Assert.Equal(Datagrams, Lab.ClassPackets(BridgeLab.ToIsp)["1:10"]);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Dispose_WithoutDetach_LeavesTheProgramsShaping()
    {
        DataPlane.Mappings.Set(Mapping(BridgeLab.MappedV4, circuit: 101));
        Attach();

        DataPlane.Dispose();
        _dataPlane = null;
        BridgeLab.SendUdp(Lab.Internet, BridgeLab.InternetV4, Lab.Client, BridgeLab.MappedV4, Datagrams);

        Assert.Equal(Datagrams, Lab.ClassPackets(BridgeLab.ToIsp)["1:10"]);
    }

    private AttachReport Attach()
    {
        AddHtbTrees();
        return Lab.Shaper.Run(() => DataPlane.Attach(BridgeLab.Topology, shapingCpus: [0]));
    }

    private void AddHtbTrees()
    {
        if (Lab.ClassPackets(BridgeLab.ToIsp).ContainsKey("1:10"))
            return;
        Lab.AddHtb(BridgeLab.ToIsp, ("1:10", 1000));
        Lab.AddHtb(BridgeLab.ToInternet, ("1:10", 1000));
    }

    private void SendBothWays()
    {
        BridgeLab.SendUdp(Lab.Internet, BridgeLab.InternetV4, Lab.Client, BridgeLab.MappedV4, Datagrams);
        BridgeLab.SendUdp(Lab.Internet, BridgeLab.InternetV4, Lab.Client, BridgeLab.UnmappedV4, Datagrams);
        BridgeLab.SendUdp(Lab.Internet, BridgeLab.InternetV6, Lab.Client, BridgeLab.MappedV6, Datagrams);
        BridgeLab.SendUdp(Lab.Client, BridgeLab.MappedV4, Lab.Internet, BridgeLab.InternetV4, Datagrams);
        BridgeLab.SendUdp(Lab.Client, BridgeLab.UnmappedV4, Lab.Internet, BridgeLab.InternetV4, Datagrams);
    }

    /// <summary>XDP, qdiscs and filters on both shaper ports, as the tools print them.</summary>
    private string InterfaceState() =>
        string.Join('\n', new[] { BridgeLab.ToIsp, BridgeLab.ToInternet }.SelectMany(device => new[]
        {
            Lab.Shaper.Ip("link", "show", device),
            Lab.Shaper.Tc("qdisc", "show", "dev", device),
            Lab.Shaper.Tc("filter", "show", "dev", device, "egress"),
            Lab.Shaper.Tc("filter", "show", "dev", device, "ingress"),
        }));

    private static IpMapping Mapping(string address, ulong circuit) => new(IpPrefix.Parse(address), 0, Class10, circuit, circuit + 1);
}
