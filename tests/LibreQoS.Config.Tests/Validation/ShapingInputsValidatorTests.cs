using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Validation;
using LibreQoS.TestKit;

namespace LibreQoS.Config.Tests.Validation;

public class ShapingInputsValidatorTests : IDisposable
{
    private const string Header = "Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps,Comment";
    private const string Network = """
        {
          "Region": {"downloadBandwidthMbps": 1000, "uploadBandwidthMbps": 1000, "id": "r1", "children": {
            "Site_1": {"downloadBandwidthMbps": 500, "uploadBandwidthMbps": 500, "id": "s1"},
            "Site_2": {"downloadBandwidthMbps": 500, "uploadBandwidthMbps": 500, "id": "s2"}
          }}
        }
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (ShapingInputs? Inputs, DiagnosticBag Diagnostics) Load(string rows, string network = Network)
    {
        _dir.Write("network.json", network);
        _dir.Write("ShapedDevices.csv", Header + "\n" + rows);
        var diagnostics = new DiagnosticBag();
        return (ShapingInputs.Load(_dir.Path, diagnostics), diagnostics);
    }

    [Fact]
    public void Load_ValidInputs_GroupsCircuitsAndCountsEverything()
    {
        var (inputs, diagnostics) = Load("""
            C1,A,D1,d,Site_1,,100.64.0.1,,10,5,100,20,
            C1,A,D2,d,Site_1,,100.64.0.2,2001:db8::/64,10,5,100,20,
            C2,B,D3,d,Region,,100.64.0.3,,10,5,100,20,
            C3,C,D4,d,,,100.64.0.4,,10,5,100,20,
            """);

        Assert.Empty(diagnostics.All);
        Assert.Equal((3, 4, 3), (inputs!.Circuits.Count, inputs.DeviceCount, inputs.NodeCount));
    }

    [Theory]
    [InlineData("C1,A,D1,d,Site_1,,100.64.0.1,,10,5,100,20,\nC2,B,D1,d,Site_1,,100.64.0.2,,10,5,100,20,", 3, "Device ID", "'D1' is also used at line 2")]
    [InlineData("C1,A,D1,d,Site_1,,100.64.0.1,,10,5,100,20,\nC2,B,D2,d,Site_1,,100.64.0.1,,10,5,100,20,", 3, "IPv4", "already used by circuit 'C1' (line 2)")]
    [InlineData("C1,A,D1,d,Site_1,,,2001:db8::/64,10,5,100,20,\nC2,B,D2,d,Site_1,,,2001:db8::/64,10,5,100,20,", 3, "IPv6", "already used by circuit 'C1'")]
    [InlineData("C1,A,D1,d,Site_1,,100.64.0.1,,10,5,100,20,\nC1,A,D2,d,Site_2,,100.64.0.2,,10,5,100,20,", 3, "Parent Node", "every row of circuit 'C1' must have the same Parent Node")]
    [InlineData("C1,A,D1,d,Site_1,,100.64.0.1,,10,5,100,20,\nC1,A,D2,d,Site_1,,100.64.0.2,,10,5,200,20,", 3, "rates", "must have the same min/max rates")]
    [InlineData("C1,A,D1,d,Nowhere,,100.64.0.1,,10,5,100,20,", 2, "Parent Node", "'Nowhere' is not a node in network.json")]
    public void Load_CrossRowProblem_IsReportedOnTheOffendingRow(string rows, int line, string field, string message)
    {
        var (_, diagnostics) = Load(rows);

        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((line, field), (error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("ShapedDevices.csv", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameAddressTwiceInOneCircuit_IsOnlyAWarning()
    {
        var (_, diagnostics) = Load("C1,A,D1,d,Site_1,,100.64.0.1,,10,5,100,20,\nC1,A,D2,d,Site_1,,100.64.0.1,,10,5,100,20,");

        Assert.False(diagnostics.HasErrors);
        Assert.Contains(diagnostics.Warnings, w => w.Line == 3 && w.Field == "IPv4");
    }

    [Fact]
    public void Load_DuplicateNodeNames_AreAnErrorInNetworkJson()
    {
        var (_, diagnostics) = Load("", """
            {
              "A": {"downloadBandwidthMbps": 10, "uploadBandwidthMbps": 10, "children": {
                "Dup": {"downloadBandwidthMbps": 10, "uploadBandwidthMbps": 10}}},
              "Dup": {"downloadBandwidthMbps": 10, "uploadBandwidthMbps": 10}
            }
            """);

        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((4, "Dup"), (error.Line, error.Field));
        Assert.Contains("also used at line 3", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("network.json", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ParentNodeId_IsLookedUpById()
    {
        _dir.Write("network.json", Network);
        _dir.Write("ShapedDevices.csv", "Circuit ID,Parent Node,Parent Node ID,IPv4,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps\nC1,Renamed,s2,100.64.0.1,1,1,2,2\nC2,,nope,100.64.0.2,1,1,2,2\n");
        var diagnostics = new DiagnosticBag();

        ShapingInputs.Load(_dir.Path, diagnostics);

        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((3, "Parent Node ID"), (error.Line, error.Field));
    }

    [Fact]
    public void Load_FlatNetworkWithParents_WarnsOnceAndAcceptsTheCircuits()
    {
        var (inputs, diagnostics) = Load("C1,A,D1,d,Site_1,,100.64.0.1,,10,5,100,20,\nC2,B,D2,d,Site_2,,100.64.0.2,,10,5,100,20,", "{}");

        Assert.Equal(2, inputs!.Circuits.Count);
        var warning = Assert.Single(diagnostics.All);
        Assert.Contains("2 circuit(s)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingShapedDevices_IsAnErrorNamingTheFile()
    {
        _dir.Write("network.json", "{}");
        var diagnostics = new DiagnosticBag();

        Assert.Null(ShapingInputs.Load(_dir.Path, diagnostics));

        Assert.Contains(diagnostics.Errors, e => e.File.EndsWith("ShapedDevices.csv", StringComparison.Ordinal) && e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingNetworkJson_IsTreatedAsFlatWithAWarning()
    {
        _dir.Write("ShapedDevices.csv", Header + "\nC1,A,D1,d,,,100.64.0.1,,10,5,100,20,\n");
        var diagnostics = new DiagnosticBag();

        var inputs = ShapingInputs.Load(_dir.Path, diagnostics);

        Assert.True(inputs!.Network.IsFlat);
        Assert.False(diagnostics.HasErrors);
    }
}
