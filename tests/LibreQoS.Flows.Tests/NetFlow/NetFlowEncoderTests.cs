using System.Buffers.Binary;
using System.Net;
using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;
using LibreQoS.Flows.NetFlow;
using LibreQoS.TestKit;

namespace LibreQoS.Flows.Tests.NetFlow;

public class NetFlowEncoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static FlowSample Flow(string remote, string local) => new(
        new FlowTuple(IpPrefix.Parse(remote), IpPrefix.Parse(local), 443, 50000, 6),
        new FlowWay(150_000, 100, 0, 0, 0), new FlowWay(5_000, 60, 0, 0, 0), 2_000_000_000, 9_000_000_000, 0x10003, 1, 2, FlowEnd.Fin, 0x10);

    [Fact]
    public void V9_DecodedByAnIndependentCollector_GivesBothDirectionsOfIPv4AndIPv6Flows()
    {
        var records = new[] { Flow("203.0.113.9", "100.64.0.1"), Flow("2001:db8::9", "2001:db8:1::1") }.SelectMany(NetFlowRecord.Of).ToList();
        var encoder = new NetFlowV9Encoder(sourceId: 7);
        using var collector = new NetFlowCollector();

        var datagrams = encoder.Encode(records, 10_000, Now);
        var decoded = datagrams.SelectMany(collector.Decode).ToList();

        Assert.Equal(4, decoded.Count);
        var download = decoded.Single(r => r.Fields.ContainsKey(8) && r.Number(61) == 0);
        Assert.Equal((IPAddress.Parse("203.0.113.9"), IPAddress.Parse("100.64.0.1")), (download.Address(8), download.Address(12)));
        Assert.Equal((443UL, 50000UL, 6UL, 0x10UL), (download.Number(7), download.Number(11), download.Number(4), download.Number(5)));
        Assert.Equal((150_000UL, 100UL, 2000UL, 9000UL), (download.Number(1), download.Number(2), download.Number(22), download.Number(21)));
        var upload6 = decoded.Single(r => r.Fields.ContainsKey(27) && r.Number(61) == 1);
        Assert.Equal((IPAddress.Parse("2001:db8:1::1"), IPAddress.Parse("2001:db8::9"), 5_000UL), (upload6.Address(27), upload6.Address(28), upload6.Number(1)));
        Assert.Equal(0u, collector.Sequences.Single());
    }

    [Fact]
    public void V9_SplitsManyRecordsIntoDatagramsUnderTheMtu_WithRisingSequences()
    {
        var records = Enumerable.Range(0, 30).Select(_ => Flow("2001:db8::9", "2001:db8:1::1")).SelectMany(NetFlowRecord.Of).ToList();
        using var collector = new NetFlowCollector();

        var datagrams = new NetFlowV9Encoder().Encode(records, 10_000, Now);

        Assert.All(datagrams, d => Assert.True(d.Length <= 1500, $"{d.Length} bytes"));
        Assert.Equal(60, datagrams.SelectMany(collector.Decode).Count());
        Assert.Equal(Enumerable.Range(0, datagrams.Count).Select(i => (uint)i), collector.Sequences);
    }

    [Fact]
    public void V5_HeaderAndRecordFields_IPv4Only()
    {
        var records = new[] { Flow("203.0.113.9", "100.64.0.1"), Flow("2001:db8::9", "2001:db8:1::1") }.SelectMany(NetFlowRecord.Of).ToList();

        var datagram = new NetFlowV5Encoder().Encode(records, 10_000, Now).Single();

        var d = datagram.AsSpan();
        Assert.Equal(24 + 2 * 48, datagram.Length);
        Assert.Equal((5, 2), (BinaryPrimitives.ReadUInt16BigEndian(d), BinaryPrimitives.ReadUInt16BigEndian(d[2..])));
        Assert.Equal((10_000u, (uint)Now.ToUnixTimeSeconds()), (BinaryPrimitives.ReadUInt32BigEndian(d[4..]), BinaryPrimitives.ReadUInt32BigEndian(d[8..])));
        var first = d[24..];
        Assert.Equal(IPAddress.Parse("203.0.113.9"), new IPAddress(first[..4]));
        Assert.Equal(IPAddress.Parse("100.64.0.1"), new IPAddress(first[4..8]));
        Assert.Equal((100u, 150_000u, 2000u, 9000u), (BinaryPrimitives.ReadUInt32BigEndian(first[16..]), BinaryPrimitives.ReadUInt32BigEndian(first[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(first[24..]), BinaryPrimitives.ReadUInt32BigEndian(first[28..])));
        Assert.Equal((443, 50000, 6, 0x10), (BinaryPrimitives.ReadUInt16BigEndian(first[32..]), BinaryPrimitives.ReadUInt16BigEndian(first[34..]), first[38], first[39]));
    }
}
