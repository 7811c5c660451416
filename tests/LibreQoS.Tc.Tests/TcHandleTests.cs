using LibreQoS.Core.Shaping;

namespace LibreQoS.Tc.Tests;

public class TcHandleTests
{
    [Theory]
    [InlineData("root", 0xFFFF, 0xFFFF)]
    [InlineData("none", 0, 0)]
    [InlineData("1:2", 1, 2)]
    [InlineData("7fff:", 0x7FFF, 0)]
    [InlineData("0x1:0x1a", 1, 0x1A)]
    [InlineData("ffff:fffe", 0xFFFF, 0xFFFE)]
    public void TryParse_ValidText_GivesHalves(string text, int major, int minor)
    {
        Assert.True(TcHandle.TryParse(text, out var handle));

        Assert.Equal(((ushort)major, (ushort)minor), (handle.Major, handle.Minor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("10000:1")]
    [InlineData("1:10000")]
    [InlineData("g:1")]
    [InlineData(null)]
    public void TryParse_InvalidText_Fails(string? text) => Assert.False(TcHandle.TryParse(text, out _));

    [Theory]
    [InlineData("1:3")]
    [InlineData("7fff:1")]
    [InlineData("root")]
    [InlineData("none")]
    public void ToString_RoundTrips(string text)
    {
        Assert.True(TcHandle.TryParse(text, out var handle));

        Assert.Equal(text, handle.ToString());
    }

    [Fact]
    public void Value_IsTheKernelsClassid() => Assert.Equal(0x0001_0003u, new TcHandle(1, 3).Value);
}
