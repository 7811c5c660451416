using System.Text;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.NetworkJson;
using LibreQoS.Core.Network;

namespace LibreQoS.Config.Tests.NetworkJson;

public class NetworkJsonReaderTests
{
    private const string Path = "/opt/libreqos/src/network.json";

    private static (NetworkTree Tree, DiagnosticBag Diagnostics) Parse(string json)
    {
        var diagnostics = new DiagnosticBag();
        return (NetworkJsonReader.Parse(Encoding.UTF8.GetBytes(json), Path, diagnostics), diagnostics);
    }

    [Fact]
    public void Parse_EmptyObject_IsFlat()
    {
        var (tree, diagnostics) = Parse("{}");

        Assert.True(tree.IsFlat);
        Assert.Empty(diagnostics.All);
    }

    [Fact]
    public void Parse_NestedTree_ReadsEveryUpstreamKey()
    {
        var (tree, diagnostics) = Parse("""
            {
              "Region": {
                "downloadBandwidthMbps": 10000,
                "uploadBandwidthMbps": 5000,
                "type": "site",
                "id": "r-1",
                "name": "North Region",
                "latitude": 45.5,
                "longitude": -122.6,
                "children": {
                  "Tower": {
                    "downloadBandwidthMbps": 1000,
                    "uploadBandwidthMbps": 500,
                    "downloadBandwidthMbpsMin": 200,
                    "uploadBandwidthMbpsMin": 100,
                    "type": "ap",
                    "children": {}
                  },
                  "Cabinet": { "type": "virtual", "downloadBandwidthMbps": 0 }
                }
              }
            }
            """);

        Assert.Empty(diagnostics.All);
        var region = Assert.Single(tree.TopLevel);
        Assert.Equal(("Region", "r-1", "North Region", "site", 10000.0, 5000.0, 45.5, -122.6, 2),
            (region.Name, region.Id, region.DisplayName, region.Type, region.DownloadMax!.Value, region.UploadMax!.Value, region.Latitude!.Value, region.Longitude!.Value, region.SourceLine));
        var tower = region.Children[0];
        Assert.Equal((200.0, 100.0, false, 11), (tower.DownloadMin!.Value, tower.UploadMin!.Value, tower.IsVirtual, tower.SourceLine));
        var cabinet = region.Children[1];
        Assert.True(cabinet.IsVirtual);
        Assert.Null(cabinet.UploadMax);
    }

    [Fact]
    public void Parse_VirtualFlag_MarksNodeVirtual()
    {
        var (tree, _) = Parse("""{"A": {"downloadBandwidthMbps": 10, "uploadBandwidthMbps": 10, "virtual": true}}""");

        Assert.True(tree.TopLevel[0].IsVirtual);
    }

    [Fact]
    public void Parse_InvalidJson_ReportsLineAndColumn()
    {
        var ex = Assert.Throws<OperatorFileException>(() => Parse("{\n  \"A\": {\n    \"downloadBandwidthMbps\": ,\n  }\n}"));

        Assert.Equal((3, 30), (ex.Diagnostic.Line, ex.Diagnostic.Column));
        Assert.StartsWith($"{Path}:3:30: invalid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"A": 5}""", 1, "A", "a node must be an object")]
    [InlineData("[]", 1, "", "top level must be an object")]
    [InlineData("{\n\"A\": {\"downloadBandwidthMbps\": \"fast\"}}", 2, "A.downloadBandwidthMbps", "expected a number")]
    [InlineData("{\n\"A\": {\n\"uploadBandwidthMbps\": -5}}", 3, "A.uploadBandwidthMbps", "negative")]
    [InlineData("{\"A\": {\n\"children\": [1]}}", 2, "A.children", "expected an object of nodes")]
    [InlineData("{\"A\": {\n\"virtual\": \"yes\"}}", 2, "A.virtual", "expected true or false")]
    public void Parse_BadNode_ReportsLineAndField(string json, int line, string field, string message)
    {
        var (_, diagnostics) = Parse(json);

        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((line, field), (error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MinAboveMax_WarnsThatItWillBeLowered()
    {
        var (_, diagnostics) = Parse("""{"A": {"downloadBandwidthMbps": 100, "uploadBandwidthMbps": 100, "downloadBandwidthMbpsMin": 500}}""");

        var warning = Assert.Single(diagnostics.All);
        Assert.False(warning.IsError);
        Assert.Equal("A.downloadBandwidthMbpsMin", warning.Field);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreTolerated()
    {
        var (tree, diagnostics) = Parse("{\n // hand edited\n \"A\": {\"downloadBandwidthMbps\": 10,},\n}");

        Assert.Empty(diagnostics.All);
        Assert.Equal("A", Assert.Single(tree.TopLevel).Name);
    }
}
