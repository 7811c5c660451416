using System.Runtime.InteropServices;
using LibreQoS.Bpf.Abi;
using LibreQoS.Core.Network;

namespace LibreQoS.Bpf.Tests.Abi;

public class KernelAddressTests
{
    [Fact]
    public void ToKey_IPv4_Is12BytesOfFFThenTheAddressWithPrefix96PlusN()
    {
        var key = KernelAddress.ToKey(IpPrefix.Parse("100.64.1.0/24"));

        Assert.Equal(120u, key.Prefixlen);
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 100, 64, 1, 0], BytesOf(ref key)[4..]);
    }

    [Fact]
    public void ToHostKey_IPv6_IsTheAddressAsIs()
    {
        var key = KernelAddress.ToHostKey(IpPrefix.Parse("2001:db8::1"));

        Assert.Equal([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], BytesOf(ref key));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.0/8")]
    [InlineData("0.0.0.0/0")]
    [InlineData("2001:db8::/32")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("fd00::5")]
    public void FromKey_OfToKey_GivesThePrefixBack(string text)
    {
        var prefix = IpPrefix.Parse(text);

        Assert.Equal(prefix, KernelAddress.FromKey(KernelAddress.ToKey(prefix)));
    }

    [Fact]
    public void FromHostKey_OfIPv4_IsTheIPv4Host()
    {
        var host = KernelAddress.FromHostKey(KernelAddress.ToHostKey(IpPrefix.Parse("192.0.2.7")));

        Assert.Equal("192.0.2.7", host.ToString());
    }

    private static byte[] BytesOf<T>(ref T value) where T : struct =>
        MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref value, 1)).ToArray();
}
