using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;

namespace LibreQoS.Flows.NetFlow;

/// <summary>One direction of a finished flow, as NetFlow exports it (unidirectional, source to destination).</summary>
public readonly record struct NetFlowRecord(
    IpPrefix Source,
    IpPrefix Destination,
    ushort SourcePort,
    ushort DestinationPort,
    byte Protocol,
    byte Tos,
    ulong Bytes,
    ulong Packets,
    uint FirstUptimeMs,
    uint LastUptimeMs,
    FlowDirection Direction)
{
    /// <summary>The flow's directions that carried packets: download (remote → local) first.</summary>
    public static IEnumerable<NetFlowRecord> Of(FlowSample flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var t = flow.Flow;
        uint first = (uint)(flow.StartBootNanoseconds / 1_000_000), last = (uint)(flow.LastSeenBootNanoseconds / 1_000_000);
        if (flow.Download.Packets > 0)
            yield return new(t.Remote, t.Local, t.RemotePort, t.LocalPort, t.Protocol, flow.Tos, flow.Download.Bytes, flow.Download.Packets, first, last, FlowDirection.Download);
        if (flow.Upload.Packets > 0)
            yield return new(t.Local, t.Remote, t.LocalPort, t.RemotePort, t.Protocol, flow.Tos, flow.Upload.Bytes, flow.Upload.Packets, first, last, FlowDirection.Upload);
    }
}

/// <summary>Turns finished flows into export datagrams of one NetFlow version; keeps the sequence numbers.</summary>
public interface INetFlowEncoder
{
    /// <param name="uptimeMs">Milliseconds since boot now (the clock of the records' first/last times).</param>
    IReadOnlyList<byte[]> Encode(IReadOnlyList<NetFlowRecord> records, uint uptimeMs, DateTimeOffset now);
}
