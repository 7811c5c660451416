using System.Buffers.Binary;
using LibreQoS.Core.Flows;

namespace LibreQoS.Flows.NetFlow;

/// <summary>
/// NetFlow v9 (RFC 3954): each datagram carries the two templates (IPv4 and IPv6 records) and then data flowsets
/// using them, so a collector that starts late decodes the very next datagram.
/// </summary>
public sealed class NetFlowV9Encoder(uint sourceId = 0) : INetFlowEncoder
{
    public const ushort IPv4TemplateId = 256;
    public const ushort IPv6TemplateId = 257;
    public const int HeaderBytes = 20;

    // RFC 3954 §8 field types.
    private const ushort InBytes = 1, InPkts = 2, Protocol = 4, SrcTos = 5, L4SrcPort = 7, IPv4SrcAddr = 8, L4DstPort = 11, IPv4DstAddr = 12,
        LastSwitched = 21, FirstSwitched = 22, IPv6SrcAddr = 27, IPv6DstAddr = 28, Direction = 61;

    private static readonly (ushort Type, ushort Length)[] Tail =
        [(L4SrcPort, 2), (L4DstPort, 2), (Protocol, 1), (SrcTos, 1), (InBytes, 8), (InPkts, 8), (FirstSwitched, 4), (LastSwitched, 4), (Direction, 1)];

    private static readonly (ushort Type, ushort Length)[] IPv4Fields = [(IPv4SrcAddr, 4), (IPv4DstAddr, 4), .. Tail];
    private static readonly (ushort Type, ushort Length)[] IPv6Fields = [(IPv6SrcAddr, 16), (IPv6DstAddr, 16), .. Tail];

    /// <summary>Records per datagram: keeps a datagram of IPv6 records under 1,500 bytes.</summary>
    public const int MaxRecords = 20;

    private uint _sequence;

    public IReadOnlyList<byte[]> Encode(IReadOnlyList<NetFlowRecord> records, uint uptimeMs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        var datagrams = new List<byte[]>();
        for (int start = 0; start < records.Count; start += MaxRecords)
            datagrams.Add(Datagram(records.Skip(start).Take(MaxRecords).ToList(), uptimeMs, now));
        return datagrams;
    }

    private byte[] Datagram(List<NetFlowRecord> records, uint uptimeMs, DateTimeOffset now)
    {
        var buffer = new byte[4096];
        var b = buffer.AsSpan();
        int at = HeaderBytes;
        at += WriteTemplates(b[at..]);
        var v4 = records.Where(r => r.Source.IsIPv4).ToList();
        var v6 = records.Where(r => !r.Source.IsIPv4).ToList();
        at += WriteData(b[at..], IPv4TemplateId, IPv4Fields, v4);
        at += WriteData(b[at..], IPv6TemplateId, IPv6Fields, v6);

        BinaryPrimitives.WriteUInt16BigEndian(b, 9);
        BinaryPrimitives.WriteUInt16BigEndian(b[2..], (ushort)(2 + records.Count)); // two template records plus the data records
        BinaryPrimitives.WriteUInt32BigEndian(b[4..], uptimeMs);
        BinaryPrimitives.WriteUInt32BigEndian(b[8..], (uint)now.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt32BigEndian(b[12..], _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(b[16..], sourceId);
        return buffer[..at];
    }

    private static int WriteTemplates(Span<byte> b)
    {
        int at = 4;
        foreach (var (id, fields) in new[] { (IPv4TemplateId, IPv4Fields), (IPv6TemplateId, IPv6Fields) })
        {
            BinaryPrimitives.WriteUInt16BigEndian(b[at..], id);
            BinaryPrimitives.WriteUInt16BigEndian(b[(at + 2)..], (ushort)fields.Length);
            at += 4;
            foreach (var (type, length) in fields)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b[at..], type);
                BinaryPrimitives.WriteUInt16BigEndian(b[(at + 2)..], length);
                at += 4;
            }
        }
        BinaryPrimitives.WriteUInt16BigEndian(b, 0); // flowset id 0: templates
        BinaryPrimitives.WriteUInt16BigEndian(b[2..], (ushort)at);
        return at;
    }

    private static int WriteData(Span<byte> b, ushort templateId, (ushort Type, ushort Length)[] fields, List<NetFlowRecord> records)
    {
        if (records.Count == 0)
            return 0;
        int at = 4;
        foreach (var r in records)
        {
            foreach (var (type, length) in fields)
            {
                var field = b.Slice(at, length);
                switch (type)
                {
                    case IPv4SrcAddr: BinaryPrimitives.WriteUInt32BigEndian(field, (uint)r.Source.Address); break;
                    case IPv4DstAddr: BinaryPrimitives.WriteUInt32BigEndian(field, (uint)r.Destination.Address); break;
                    case IPv6SrcAddr: BinaryPrimitives.WriteUInt128BigEndian(field, r.Source.Address); break;
                    case IPv6DstAddr: BinaryPrimitives.WriteUInt128BigEndian(field, r.Destination.Address); break;
                    case L4SrcPort: BinaryPrimitives.WriteUInt16BigEndian(field, r.SourcePort); break;
                    case L4DstPort: BinaryPrimitives.WriteUInt16BigEndian(field, r.DestinationPort); break;
                    case Protocol: field[0] = r.Protocol; break;
                    case SrcTos: field[0] = r.Tos; break;
                    case InBytes: BinaryPrimitives.WriteUInt64BigEndian(field, r.Bytes); break;
                    case InPkts: BinaryPrimitives.WriteUInt64BigEndian(field, r.Packets); break;
                    case FirstSwitched: BinaryPrimitives.WriteUInt32BigEndian(field, r.FirstUptimeMs); break;
                    case LastSwitched: BinaryPrimitives.WriteUInt32BigEndian(field, r.LastUptimeMs); break;
                    case Direction: field[0] = r.Direction == FlowDirection.Download ? (byte)0 : (byte)1; break; // 0 ingress, 1 egress
                }
                at += length;
            }
        }
        at = (at + 3) & ~3; // a flowset ends on a 4-byte boundary
        BinaryPrimitives.WriteUInt16BigEndian(b, templateId);
        BinaryPrimitives.WriteUInt16BigEndian(b[2..], (ushort)at);
        return at;
    }
}
