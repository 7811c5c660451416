using System.Buffers.Binary;

namespace LibreQoS.Flows.NetFlow;

/// <summary>
/// NetFlow v5 (Cisco's fixed format): a 24-byte header and up to 30 records of 48 bytes per datagram. IPv4 only:
/// v5 has no field for an IPv6 address, so IPv6 records are left out (use v9 for them).
/// </summary>
public sealed class NetFlowV5Encoder : INetFlowEncoder
{
    public const int HeaderBytes = 24;
    public const int RecordBytes = 48;
    public const int MaxRecords = 30;

    private uint _sequence;

    public IReadOnlyList<byte[]> Encode(IReadOnlyList<NetFlowRecord> records, uint uptimeMs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        var v4 = records.Where(r => r.Source.IsIPv4 && r.Destination.IsIPv4).ToList();
        var datagrams = new List<byte[]>();
        for (int start = 0; start < v4.Count; start += MaxRecords)
        {
            int count = Math.Min(MaxRecords, v4.Count - start);
            var packet = new byte[HeaderBytes + count * RecordBytes];
            var h = packet.AsSpan();
            BinaryPrimitives.WriteUInt16BigEndian(h, 5);
            BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)count);
            BinaryPrimitives.WriteUInt32BigEndian(h[4..], uptimeMs);
            BinaryPrimitives.WriteUInt32BigEndian(h[8..], (uint)now.ToUnixTimeSeconds());
            BinaryPrimitives.WriteUInt32BigEndian(h[12..], (uint)(now.ToUnixTimeMilliseconds() % 1000 * 1_000_000));
            BinaryPrimitives.WriteUInt32BigEndian(h[16..], _sequence);
            // engine type, engine id and sampling interval stay 0: every packet is counted.
            for (int i = 0; i < count; i++)
                WriteRecord(v4[start + i], packet.AsSpan(HeaderBytes + i * RecordBytes, RecordBytes));
            _sequence += (uint)count;
            datagrams.Add(packet);
        }
        return datagrams;
    }

    private static void WriteRecord(NetFlowRecord r, Span<byte> b)
    {
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)r.Source.Address);
        BinaryPrimitives.WriteUInt32BigEndian(b[4..], (uint)r.Destination.Address);
        // next hop, input and output interface: unknown to a bridge, left 0
        BinaryPrimitives.WriteUInt32BigEndian(b[16..], (uint)Math.Min(r.Packets, uint.MaxValue));
        BinaryPrimitives.WriteUInt32BigEndian(b[20..], (uint)Math.Min(r.Bytes, uint.MaxValue));
        BinaryPrimitives.WriteUInt32BigEndian(b[24..], r.FirstUptimeMs);
        BinaryPrimitives.WriteUInt32BigEndian(b[28..], r.LastUptimeMs);
        BinaryPrimitives.WriteUInt16BigEndian(b[32..], r.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(b[34..], r.DestinationPort);
        b[38] = r.Protocol;
        b[39] = r.Tos;
    }
}
