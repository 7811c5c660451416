using LibreQoS.Core.Network;

namespace LibreQoS.Core.Tests.Network;

public class IpPrefixTests
{
    [Theory]
    [InlineData("100.64.0.1", "100.64.0.1", true, 32)]
    [InlineData("100.64.0.0/24", "100.64.0.0/24", true, 24)]
    [InlineData(" 10.0.0.0/8 ", "10.0.0.0/8", true, 8)]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", true, 0)]
    [InlineData("2001:db8::/64", "2001:db8::/64", false, 64)]
    [InlineData("2001:DB8::1", "2001:db8::1", false, 128)]
    [InlineData("::/0", "::/0", false, 0)]
    public void TryParse_ValidText_RoundTrips(string text, string expected, bool isV4, int length)
    {
        Assert.True(IpPrefix.TryParse(text, out var prefix, out _));

        Assert.Equal(expected, prefix.ToString());
        Assert.Equal(isV4, prefix.IsIPv4);
        Assert.Equal(length, prefix.PrefixLength);
    }

    [Theory]
    [InlineData("100.64.0.999", "not a valid IPv4")]
    [InlineData("100.64.0", "not a valid IPv4")]
    [InlineData("100.64.0.1.2", "not a valid IPv4")]
    [InlineData("100.064.0.1", "not a valid IPv4")]
    [InlineData("1", "not a valid IPv4")]
    [InlineData("100.64.0.5/24", "host bits")]
    [InlineData("100.64.0.0/33", "prefix length")]
    [InlineData("100.64.0.0/", "prefix length")]
    [InlineData("100.64.0.0/08", "prefix length")]
    [InlineData("2001:db8::1/64", "host bits")]
    [InlineData("2001:db8::/129", "prefix length")]
    [InlineData("2001:zz8::", "not a valid IPv6")]
    [InlineData("fe80::1%eth0", "not a valid IPv6")]
    [InlineData("", "empty")]
    public void TryParse_InvalidText_ExplainsWhy(string text, string reason)
    {
        Assert.False(IpPrefix.TryParse(text, out _, out string error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Address_IPv4_IsMappedLikeTheXdpTrieKey()
    {
        var prefix = IpPrefix.Parse("192.168.1.0/24");

        Assert.Equal(((UInt128)0xFFFF << 32) | 0xC0A80100, prefix.Address);
        Assert.Equal(96 + 24, prefix.MappedPrefixLength);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("10.1.2.3", "10.1.2.3", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::1", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", true)]
    public void Overlaps_Prefixes_DetectsSharedAddresses(string a, string b, bool expected) =>
        Assert.Equal(expected, IpPrefix.Parse(a).Overlaps(IpPrefix.Parse(b)));
}
