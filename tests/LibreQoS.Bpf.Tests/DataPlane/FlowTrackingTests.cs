using System.Net;
using System.Net.Sockets;
using LibreQoS.Bpf.DataPlane;
using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;
using LibreQoS.TestKit;

namespace LibreQoS.Bpf.Tests.DataPlane;

/// <summary>The XDP program's flow map and RTT samples, against iperf3 and a fixed delay in fresh namespaces.</summary>
[Trait("Requires", "root")]
[Collection(KernelTests.Name)]
public sealed class FlowTrackingTests : IDisposable
{
    private const uint Class10 = 0x10010;
    private const int Port = 5201;

    private readonly TestBpfFs? _fs;
    private BridgeLab? _lab;
    private ShaperDataPlane? _dataPlane;

    public FlowTrackingTests()
    {
        if (Privileges.WhyNotRoot() is not null)
            return;
        _fs = new TestBpfFs();
    }

    public void Dispose()
    {
        _dataPlane?.Dispose();
        _lab?.Dispose();
        _fs?.Dispose();
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces, Tools = ["iperf3"])]
    public void Download_FlowListedWithIperfBytes_NoRetransmitsOnACleanPath()
    {
        var (lab, dataPlane) = Start(delayHop: false);

        var iperf = Download(lab, seconds: 2, megabitsPerSecond: 50);

        var flow = DataFlow(dataPlane);
        Assert.Equal((IpPrefix.Parse(BridgeLab.InternetV4), (ushort)Port, (byte)6), (flow.Flow.Remote, flow.Flow.LocalPort, flow.Flow.Protocol));
        Assert.Equal((Class10, 1UL, 2UL), (flow.TcHandle, flow.CircuitId, flow.DeviceId));
        AssertBytesMatch(iperf, flow);
        Assert.NotEqual(FlowEnd.Alive, flow.End); // iperf3 may reset its data connection rather than close it
        Assert.Equal((0L, 0u), (iperf.Retransmits, flow.Download.Retransmits));
        Assert.True(flow.Upload.Packets > 0 && flow.LastSeenBootNanoseconds > flow.StartBootNanoseconds);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Tcp_OpenUntilClosed_ThenEndsOnFin()
    {
        var (lab, dataPlane) = Start(delayHop: false);
        using var listener = lab.Client.Run(() =>
        {
            var l = new TcpListener(IPAddress.Parse(BridgeLab.MappedV4), Port);
            l.Start();
            return l;
        });
        using var client = lab.Internet.Run(() =>
        {
            var c = new TcpClient(new IPEndPoint(IPAddress.Parse(BridgeLab.InternetV4), 0));
            c.Connect(IPAddress.Parse(BridgeLab.MappedV4), Port);
            return c;
        });
        using var accepted = listener.AcceptTcpClient();
        client.GetStream().Write(new byte[1000]);
        Assert.Equal(1000, ReadAll(accepted, 1000));
        Thread.Sleep(100);
        Assert.Equal(FlowEnd.Alive, OnlyTcpFlow(dataPlane).End);

        client.Client.Shutdown(SocketShutdown.Send);
        accepted.Client.Shutdown(SocketShutdown.Send);
        Thread.Sleep(200);

        var flow = OnlyTcpFlow(dataPlane);
        Assert.Equal(FlowEnd.Fin, flow.End);
        Assert.True(flow.Download.Bytes > 1000, $"{flow.Download.Bytes} bytes");
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces, Tools = ["iperf3", "ethtool"])]
    public void Rtt_ThroughA50msDelayOnTheCustomerSide_Is50ms()
    {
        var (lab, dataPlane) = Start(delayHop: true);
        lab.StartCustomerDelay(50);

        Download(lab, seconds: 3, megabitsPerSecond: 5);

        var samples = new List<RttSample>();
        dataPlane.Flows.DrainRttSamples(samples);
        var local = IpPrefix.Parse(BridgeLab.MappedV4);
        var customerSide = samples.Where(s => s.Flow.Local == local && s.Direction == FlowDirection.Download)
            .Select(s => s.RttNanoseconds / 1e6).Order().ToList();
        Assert.True(customerSide.Count >= 10, $"only {customerSide.Count} customer-side RTT samples of {samples.Count}");
        double median = customerSide[customerSide.Count / 2];
        Assert.InRange(median, 45, 55);
        // The Internet side of this lab has no delay at all.
        var internetSide = samples.Where(s => s.Flow.Local == local && s.Direction == FlowDirection.Upload).Select(s => s.RttNanoseconds / 1e6).Order().ToList();
        Assert.NotEmpty(internetSide);
        Assert.True(internetSide[internetSide.Count / 2] < 5, $"Internet-side median {internetSide[internetSide.Count / 2]} ms");
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces, Tools = ["iperf3", "ethtool"])]
    public void Retransmits_ThroughAShallowQueue_AgreeWithTheSender()
    {
        // Offloads off (the delay hop's lab, with no delay running): the sender retransmits segment by segment
        // and the shaper sees each segment, so both count the same things.
        var (lab, dataPlane) = Start(delayHop: true, forwardDelayHop: true);
        lab.Shaper.Tc("qdisc", "add", "dev", BridgeLab.ToIsp, "parent", "1:10", "handle", "10:", "pfifo", "limit", "5");

        var iperf = Download(lab, seconds: 3, megabitsPerSecond: null);

        var flow = DataFlow(dataPlane);
        Assert.True(iperf.Retransmits >= 20, $"the shallow queue made only {iperf.Retransmits} retransmits");
        Assert.InRange(flow.Download.Retransmits, iperf.Retransmits * 0.85, iperf.Retransmits * 1.15);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void SwitchedOff_TracksNothing_ButStillCountsHosts()
    {
        var (lab, dataPlane) = Start(delayHop: false);
        dataPlane.Flows.Enabled = false;

        BridgeLab.SendUdp(lab.Client, BridgeLab.MappedV4, lab.Internet, BridgeLab.InternetV4, 20);

        Assert.Empty(dataPlane.Flows.ReadAll());
        Assert.Equal(20UL, dataPlane.ReadHostCounters().Single(h => h.Host == IpPrefix.Parse(BridgeLab.MappedV4)).UdpUploadPackets);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void FullMap_EvictsOldFlows_AndKeepsClassifyingAndCounting()
    {
        var (lab, dataPlane) = Start(delayHop: false, flowCapacity: 64);
        const int Flows = 1000;

        lab.Client.Run(() => SendToManyPorts(BridgeLab.MappedV4, BridgeLab.InternetV4, Flows));
        Thread.Sleep(200);

        var flows = dataPlane.Flows.ReadAll();
        Assert.InRange(flows.Count, 1, 64);
        // Every datagram still went through its class and was counted.
        Assert.Equal((ulong)Flows, dataPlane.ReadHostCounters().Single(h => h.Host == IpPrefix.Parse(BridgeLab.MappedV4)).UdpUploadPackets);
        dataPlane.Mappings.Set([new IpMapping(IpPrefix.Parse(BridgeLab.SecondMappedV4), Cpu: 0, TcHandle: Class10, CircuitId: 3, DeviceId: 4)]);
        Assert.Contains(dataPlane.Mappings.List(), m => m.CircuitId == 3);
    }

    [RootFact(Kernel = KernelFeatures.Bpf | KernelFeatures.NetworkNamespaces)]
    public void Remove_ForgetsTheGivenFlows()
    {
        var (lab, dataPlane) = Start(delayHop: false);
        BridgeLab.SendUdp(lab.Client, BridgeLab.MappedV4, lab.Internet, BridgeLab.InternetV4, 5);
        var local = IpPrefix.Parse(BridgeLab.MappedV4);
        var udp = dataPlane.Flows.ReadAll().Single(f => f.Flow.Local == local);

        Assert.Equal(1, dataPlane.Flows.Remove([udp.Flow]));

        Assert.DoesNotContain(dataPlane.Flows.ReadAll(), f => f.Flow.Local == local);
    }

    private (BridgeLab Lab, ShaperDataPlane DataPlane) Start(bool delayHop, bool forwardDelayHop = false, int flowCapacity = ShaperDataPlane.DefaultFlowCapacity)
    {
        var lab = _lab = new BridgeLab(delayHop);
        var dataPlane = _dataPlane = ShaperDataPlane.Load(_fs!.PinDirectory, flowCapacity: flowCapacity);
        dataPlane.Mappings.Set([new IpMapping(IpPrefix.Parse(BridgeLab.MappedV4), Cpu: 0, TcHandle: Class10, CircuitId: 1, DeviceId: 2)]);
        dataPlane.Flows.Enabled = true;
        lab.AddHtb(BridgeLab.ToIsp, ("1:10", 20));
        lab.AddHtb(BridgeLab.ToInternet, ("1:10", 20));
        lab.Shaper.Run(() => dataPlane.Attach(BridgeLab.Topology));
        if (forwardDelayHop)
            lab.StartCustomerDelay(0);
        return (lab, dataPlane);
    }

    /// <summary>TCP from the Internet to the mapped customer (iperf3's server runs at the customer).</summary>
    private static Iperf3Result Download(BridgeLab lab, int seconds, int? megabitsPerSecond)
    {
        Iperf3.StartServer(lab.Client, BridgeLab.MappedV4, Port);
        return Iperf3.Run(lab.Internet, BridgeLab.MappedV4, Port, seconds, megabitsPerSecond: megabitsPerSecond);
    }

    /// <summary>iperf3's data connection: of its two connections, the one that moved the bytes.</summary>
    private static FlowSample DataFlow(ShaperDataPlane dataPlane) =>
        dataPlane.Flows.ReadAll().Where(f => f.Flow.Local == IpPrefix.Parse(BridgeLab.MappedV4)).MaxBy(f => f.Download.Bytes)
        ?? throw new InvalidOperationException("no flow of the mapped host");

    private static FlowSample OnlyTcpFlow(ShaperDataPlane dataPlane) =>
        dataPlane.Flows.ReadAll().Single(f => f.Flow.Protocol == 6 && f.Flow.Local == IpPrefix.Parse(BridgeLab.MappedV4));

    private static int ReadAll(TcpClient from, int bytes)
    {
        var buffer = new byte[bytes];
        from.GetStream().ReadExactly(buffer);
        return buffer.Length;
    }

    /// <summary>One datagram to each of <paramref name="count"/> ports: that many distinct 5-tuples.</summary>
    private static void SendToManyPorts(string from, string to, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        var payload = new byte[32];
        for (int i = 0; i < count; i++)
            socket.SendTo(payload, new IPEndPoint(IPAddress.Parse(to), 20000 + i));
    }

    /// <summary>The shaper counts whole frames: iperf3's payload plus at most 5% of headers.</summary>
    private static void AssertBytesMatch(Iperf3Result iperf, FlowSample flow) =>
        Assert.True(flow.Download.Bytes >= (ulong)iperf.ReceivedBytes && flow.Download.Bytes <= iperf.ReceivedBytes * 1.05,
            $"flow counted {flow.Download.Bytes} bytes; iperf3 received {iperf.ReceivedBytes}");
}
