using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;

namespace LibreQoS.Core.Tests.Devices;

public class CircuitTests
{
    private static ShapedDevice Device(string circuit, string device, int line, double downMax = 100) =>
        new(circuit, $"Name {circuit}", device, device, "Site", "", "", "", [IpPrefix.Parse($"100.64.0.{line}")], [],
            new BandwidthLimits(10, 5, downMax, 20), "", "", line);

    [Fact]
    public void GroupDevices_RowsSharingCircuitId_BecomeOneCircuitInFileOrder()
    {
        var devices = new[] { Device("B", "d1", 2), Device("A", "d2", 3), Device("B", "d3", 4) };

        var circuits = Circuit.GroupDevices(devices);

        Assert.Equal(["B", "A"], circuits.Select(c => c.CircuitId));
        Assert.Equal(["d1", "d3"], circuits[0].Devices.Select(d => d.DeviceId));
        Assert.Equal(2, circuits[0].SourceLine);
    }

    [Fact]
    public void GroupDevices_RowsDisagreeOnPlan_FirstRowWins()
    {
        var circuits = Circuit.GroupDevices([Device("A", "d1", 2, downMax: 100), Device("A", "d2", 3, downMax: 500)]);

        Assert.Equal(100, circuits[0].Limits.DownloadMax);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("none", false)]
    [InlineData("None", false)]
    [InlineData("Site_1", true)]
    public void HasParent_ParentNodeText_TreatsNoneAsUnparented(string parent, bool expected)
    {
        var circuit = Circuit.GroupDevices([Device("A", "d1", 2) with { ParentNode = parent }])[0];

        Assert.Equal(expected, circuit.HasParent);
    }
}
