using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc.Tests;

public class TcClassListingTests
{
    private const string Sample = """
        class mq 7fff:1 root leaf 1: 
         Sent 86 bytes 1 pkt (dropped 0, overlimits 0 requeues 0) 
         backlog 0b 0p requeues 0
        class htb 1:2 parent 1:1 leaf 8002: prio 5 rate 249750Kbit ceil 999Mbit burst 1560b cburst 1373b 
         Sent 1234 bytes 17 pkt (dropped 0, overlimits 0 requeues 0) 
         backlog 0b 0p requeues 0
        class htb 1:1 root rate 1Gbit ceil 1Gbit burst 1375b cburst 1375b 
        class htb 1:5 parent 1:3 leaf 8004: prio 3 rate 2Mbit ceil 10Mbit burst 1600b cburst 1600b 
         Sent 9876543 bytes 6543 pkt (dropped 321, overlimits 4567 requeues 0) 
         backlog 6Kb 4p requeues 0
         lended: 10 borrowed: 0 giants: 0
        """;

    [Fact]
    public void Parse_TextOfTcShow_ReadsHandlesRatesAndCounters()
    {
        var classes = TcClassListing.Parse(Sample);

        Assert.Equal(4, classes.Count);
        var htb = classes[1];
        Assert.Equal(("htb", new TcHandle(1, 2), new TcHandle(1, 1), (TcHandle?)new TcHandle(0x8002, 0), (int?)5), (htb.Kind, htb.Handle, htb.Parent, htb.Leaf, htb.Prio));
        Assert.Equal((249_750_000L, 999_000_000L, 1234L, 17L), (htb.RateBits, htb.CeilBits, htb.SentBytes, htb.SentPackets));
        Assert.Equal(TcHandle.Root, classes[2].Parent);
        Assert.Equal(1_000_000_000L, classes[2].RateBits);
    }

    [Fact]
    public void Parse_SaturatedClass_ReadsDropsOverlimitsAndBacklog()
    {
        var saturated = TcClassListing.Parse(Sample)[3];

        Assert.Equal((321L, 4567L, 6144L, 4L), (saturated.Drops, saturated.Overlimits, saturated.BacklogBytes, saturated.BacklogPackets));
        Assert.Equal(9876543L, saturated.SentBytes);
    }

    [Theory]
    [InlineData("1514b", 1514)]
    [InlineData("12Kb", 12 * 1024)]
    [InlineData("3Mb", 3 * 1024 * 1024)]
    public void ParseSize_TcUnits_AreBinary(string text, long bytes) => Assert.Equal(bytes, TcClassListing.ParseSize(text));

    [Theory]
    [InlineData("12Mbit", 12_000_000)]
    [InlineData("990Kbit", 990_000)]
    [InlineData("1Gbit", 1_000_000_000)]
    [InlineData("500bit", 500)]
    public void ParseRate_TcUnits_AreDecimal(string text, long bits) => Assert.Equal(bits, TcClassListing.ParseRate(text));
}
