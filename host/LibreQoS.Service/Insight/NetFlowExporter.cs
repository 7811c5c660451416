using System.Net;
using System.Net.Sockets;
using LibreQoS.Config.LqosConf;
using LibreQoS.Flows.NetFlow;
using LibreQoS.Flows.Tracking;

namespace LibreQoS.Service.Insight;

/// <summary>Sends finished flows to the NetFlow collector lqos.conf names, in v5 or v9 (the default).</summary>
public sealed class NetFlowExporter : IDisposable
{
    public const int DefaultPort = 2055;

    private readonly UdpClient _udp;
    private readonly IPEndPoint _collector;
    private readonly INetFlowEncoder _encoder;

    private NetFlowExporter(IPEndPoint collector, INetFlowEncoder encoder)
    {
        _collector = collector;
        _encoder = encoder;
        _udp = new UdpClient(collector.AddressFamily);
    }

    public IPEndPoint Collector => _collector;

    /// <summary>The exporter [flows] asks for, or null when NetFlow is off (the validator has checked the address).</summary>
    public static NetFlowExporter? FromConfig(FlowsConfig? flows)
    {
        if (flows is not { NetflowEnabled: true, NetflowIp: { } ip } || !IPAddress.TryParse(ip, out var address))
            return null;
        var collector = new IPEndPoint(address, (int)(flows.NetflowPort ?? DefaultPort));
        return new NetFlowExporter(collector, flows.NetflowVersion == 5 ? new NetFlowV5Encoder() : new NetFlowV9Encoder());
    }

    /// <summary>Sends the finished flows; returns the datagrams sent. A collector that is down loses them (UDP).</summary>
    public int Export(IReadOnlyList<TrackedFlow> finished, ulong nowBootNanoseconds, DateTimeOffset now)
    {
        if (finished.Count == 0)
            return 0;
        var records = finished.SelectMany(f => NetFlowRecord.Of(f.Sample)).ToList();
        var datagrams = _encoder.Encode(records, (uint)(nowBootNanoseconds / 1_000_000), now);
        foreach (var datagram in datagrams)
            _udp.Send(datagram, datagram.Length, _collector);
        return datagrams.Count;
    }

    public void Dispose() => _udp.Dispose();
}
