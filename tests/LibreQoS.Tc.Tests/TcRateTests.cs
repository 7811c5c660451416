namespace LibreQoS.Tc.Tests;

public class TcRateTests
{
    [Theory]
    [InlineData(100, "100mbit", 12_500_000)]
    [InlineData(1000, "1000mbit", 125_000_000)]
    [InlineData(2.5, "2500kbit", 312_500)]
    [InlineData(0.99, "990kbit", 123_750)]
    [InlineData(249.75, "249750kbit", 31_218_750)]
    [InlineData(0, "1kbit", 125)]
    public void Format_Mbps_IsExactInTcUnits(double mbps, string text, long bytesPerSecond)
    {
        Assert.Equal(text, TcRate.Format(mbps));
        Assert.Equal(bytesPerSecond, TcRate.BytesPerSecond(mbps));
    }

    [Theory]
    [InlineData(1000, 2084)]
    [InlineData(10_000, 20_834)]
    [InlineData(100, 209)]
    [InlineData(1, 10)]
    public void R2q_FastestLink_KeepsQuantumUnder60000(double link, int expected)
    {
        int r2q = TcRate.R2q(link);

        Assert.Equal(expected, r2q);
        Assert.True(TcRate.Quantum(link, r2q) <= 60_000);
    }

    [Fact]
    public void Quantum_SlowClass_IsAtLeastOneFrame() => Assert.Equal(1522, TcRate.Quantum(1, 2084));
}
