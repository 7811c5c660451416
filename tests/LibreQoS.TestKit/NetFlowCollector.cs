using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LibreQoS.TestKit;

/// <summary>One decoded NetFlow v9 data record: field type (RFC 3954 §8) → raw big-endian bytes.</summary>
public sealed class NetFlowV9Record(Dictionary<ushort, byte[]> fields)
{
    public IReadOnlyDictionary<ushort, byte[]> Fields => fields;

    public ulong Number(ushort type) => fields[type].Aggregate(0UL, (value, b) => (value << 8) | b);

    public IPAddress Address(ushort type) => new(fields[type]);
}

/// <summary>
/// A NetFlow v9 collector for tests, written from RFC 3954 independently of the exporter: it learns templates
/// from template flowsets and decodes data flowsets with them. Listens on an ephemeral loopback port.
/// </summary>
public sealed class NetFlowCollector : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<ushort, List<(ushort Type, ushort Length)>> _templates = [];

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    /// <summary>Datagrams decoded so far, with their header's sequence number.</summary>
    public List<uint> Sequences { get; } = [];

    /// <summary>Receives datagrams until <paramref name="wanted"/> records arrived or the timeout passed.</summary>
    public List<NetFlowV9Record> Receive(int wanted, TimeSpan timeout)
    {
        var records = new List<NetFlowV9Record>();
        var deadline = DateTime.UtcNow + timeout;
        while (records.Count < wanted && DateTime.UtcNow < deadline)
        {
            var receive = _udp.ReceiveAsync();
            if (!receive.Wait(deadline - DateTime.UtcNow))
                break;
            records.AddRange(Decode(receive.Result.Buffer));
        }
        return records;
    }

    public List<NetFlowV9Record> Decode(byte[] datagram)
    {
        var span = datagram.AsSpan();
        if (BinaryPrimitives.ReadUInt16BigEndian(span) != 9)
            throw new InvalidDataException($"not NetFlow v9 (version {BinaryPrimitives.ReadUInt16BigEndian(span)})");
        Sequences.Add(BinaryPrimitives.ReadUInt32BigEndian(span[12..]));
        var records = new List<NetFlowV9Record>();
        int at = 20;
        while (at + 4 <= datagram.Length)
        {
            ushort flowSetId = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
            ushort length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            if (length < 4 || at + length > datagram.Length)
                throw new InvalidDataException($"flowset at {at} has length {length}");
            var body = span.Slice(at + 4, length - 4);
            if (flowSetId == 0)
                LearnTemplates(body);
            else if (flowSetId >= 256)
                records.AddRange(DecodeData(_templates[flowSetId], body));
            at += length;
        }
        return records;
    }

    public void Dispose() => _udp.Dispose();

    private void LearnTemplates(ReadOnlySpan<byte> body)
    {
        int at = 0;
        while (at + 4 <= body.Length)
        {
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
            ushort count = BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..]);
            at += 4;
            var fields = new List<(ushort, ushort)>();
            for (int i = 0; i < count; i++, at += 4)
                fields.Add((BinaryPrimitives.ReadUInt16BigEndian(body[at..]), BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..])));
            _templates[id] = fields;
        }
    }

    private static List<NetFlowV9Record> DecodeData(List<(ushort Type, ushort Length)> template, ReadOnlySpan<byte> body)
    {
        int size = template.Sum(f => f.Length);
        var records = new List<NetFlowV9Record>();
        for (int at = 0; at + size <= body.Length; at += size)
        {
            var fields = new Dictionary<ushort, byte[]>();
            int offset = at;
            foreach (var (type, length) in template)
            {
                fields[type] = body.Slice(offset, length).ToArray();
                offset += length;
            }
            records.Add(new NetFlowV9Record(fields));
        }
        return records;
    }
}
