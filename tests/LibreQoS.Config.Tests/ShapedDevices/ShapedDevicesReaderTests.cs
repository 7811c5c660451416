using System.Text;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.ShapedDevices;
using LibreQoS.TestKit;

namespace LibreQoS.Config.Tests.ShapedDevices;

public class ShapedDevicesReaderTests
{
    private const string Path = "/opt/libreqos/src/ShapedDevices.csv";
    private const string Header13 = "Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps,Comment";

    private static (IReadOnlyList<Core.Devices.ShapedDevice> Devices, DiagnosticBag Diagnostics) Parse(string text)
    {
        var diagnostics = new DiagnosticBag();
        return (ShapedDevicesReader.Parse(text, Path, diagnostics), diagnostics);
    }

    [Fact]
    public void Parse_ThirteenColumnLayout_ReadsEveryField()
    {
        var (devices, diagnostics) = Parse(Header13 + "\n" +
            "C1,Alice,D1,cpe-1,Site_1,02:00:00:00:00:01,100.64.0.1,2001:db8::/64,25,5,100,20,vip\n");

        Assert.Empty(diagnostics.All);
        var d = Assert.Single(devices);
        Assert.Equal(("C1", "Alice", "D1", "cpe-1", "Site_1", "02:00:00:00:00:01"), (d.CircuitId, d.CircuitName, d.DeviceId, d.DeviceName, d.ParentNode, d.Mac));
        Assert.Equal("100.64.0.1", Assert.Single(d.Ipv4).ToString());
        Assert.Equal("2001:db8::/64", Assert.Single(d.Ipv6).ToString());
        Assert.Equal(new Core.Devices.BandwidthLimits(25, 5, 100, 20), d.Limits);
        Assert.Equal("vip", d.Comment);
        Assert.Equal("", d.Sqm);
        Assert.Equal(2, d.SourceLine);
    }

    [Fact]
    public void Parse_FourteenColumnLayoutWithSqm_ReadsSqm()
    {
        var (devices, diagnostics) = Parse(Header13 + ",sqm\nC1,Alice,D1,cpe-1,Site_1,,100.64.0.1,,25,5,100,20,,fq_codel/cake\n");

        Assert.Empty(diagnostics.All);
        Assert.Equal("fq_codel/cake", Assert.Single(devices).Sqm);
    }

    [Fact]
    public void Parse_FifteenColumnHeadLayout_ReadsNodeIdsByHeaderName()
    {
        const string header = "Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,Parent Node ID,Anchor Node ID,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps,Comment";
        var (devices, diagnostics) = Parse(header + "\nC1,Alice,D1,cpe-1,Site_1,node-7,anchor-9,,100.64.0.1,,25,5,100,20,\n");

        Assert.Empty(diagnostics.All);
        var d = Assert.Single(devices);
        Assert.Equal(("node-7", "anchor-9", "100.64.0.1"), (d.ParentNodeId, d.AnchorNodeId, d.Ipv4[0].ToString()));
    }

    [Fact]
    public void Parse_FifteenColumnHeaderWithThirteenColumnRows_ReadsRowsInLegacyLayoutWithOneWarning()
    {
        const string header = "Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,Parent Node ID,Anchor Node ID,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps,Comment";
        var (devices, diagnostics) = Parse(header + "\nC1,A,D1,d,Site_1,,100.64.0.1,,25,5,100,20,\nC2,B,D2,d,Site_1,,100.64.0.2,,25,5,100,20,\n");

        Assert.Equal(2, devices.Count);
        Assert.Equal("100.64.0.2", devices[1].Ipv4[0].ToString());
        var warning = Assert.Single(diagnostics.All);
        Assert.False(warning.IsError);
    }

    [Fact]
    public void Parse_NoHeaderRow_UsesLegacyPositions()
    {
        var (devices, diagnostics) = Parse("C1,Alice,D1,cpe-1,Site_1,,100.64.0.1,,25,5,100,20,\n");

        Assert.Empty(diagnostics.All);
        Assert.Equal("C1", Assert.Single(devices).CircuitId);
    }

    [Fact]
    public void Parse_ColumnsInAnotherOrder_MapsByHeaderName()
    {
        var (devices, diagnostics) = Parse("IPv4,Circuit ID,Download Max Mbps,Upload Max Mbps,Download Min Mbps,Upload Min Mbps\n100.64.0.9,C9,50,10,5,1\n");

        Assert.Empty(diagnostics.All);
        var d = Assert.Single(devices);
        Assert.Equal(("C9", "100.64.0.9", 50.0), (d.CircuitId, d.Ipv4[0].ToString(), d.Limits.DownloadMax));
    }

    [Fact]
    public void Parse_CommentAndBlankRows_AreSkippedAndLineNumbersStayTrue()
    {
        var (devices, diagnostics) = Parse("# exported by CRM\n" + Header13 + "\n\n#C0,commented out\n,,,,,,,,,,,,\nC1,A,D1,d,S,,100.64.0.1,,1,1,2,2,\n");

        Assert.Empty(diagnostics.Errors);
        Assert.Equal(6, Assert.Single(devices).SourceLine);
    }

    [Fact]
    public void Parse_SeveralAddressesInOneCell_ReadsEach()
    {
        var (devices, diagnostics) = Parse(Header13 + "\nC1,A,D1,d,S,,\"100.64.0.1, 100.64.1.0/24\",\"2001:db8::/64,2001:db8:1::/48\",1,1,2,2,\n");

        Assert.Empty(diagnostics.All);
        var d = Assert.Single(devices);
        Assert.Equal(["100.64.0.1", "100.64.1.0/24"], d.Ipv4.Select(p => p.ToString()));
        Assert.Equal(["2001:db8::/64", "2001:db8:1::/48"], d.Ipv6.Select(p => p.ToString()));
    }

    [Fact]
    public void Parse_QuotedFieldSpanningLines_ReportsLaterRowsOnTheirOwnLines()
    {
        var (devices, diagnostics) = Parse(Header13 + "\nC1,\"Alice\nSmith\",D1,d,S,,100.64.0.1,,1,1,2,2,\nC2,B,D2,d,S,,100.64.0.999,,1,1,2,2,\n");

        Assert.Equal(2, Assert.Single(devices).SourceLine);
        Assert.Equal(4, Assert.Single(diagnostics.Errors).Line);
    }

    [Theory]
    [InlineData("C1,A,D1,d,S,,100.64.0.999,,1,1,2,2,", "IPv4", "'100.64.0.999' is not a valid IPv4 address")]
    [InlineData("C1,A,D1,d,S,,100.64.0.5/24,,1,1,2,2,", "IPv4", "host bits")]
    [InlineData("C1,A,D1,d,S,,2001:db8::1,,1,1,2,2,", "IPv4", "put it in the IPv6 column")]
    [InlineData("C1,A,D1,d,S,,,100.64.0.1,1,1,2,2,", "IPv6", "put it in the IPv4 column")]
    [InlineData(",A,D1,d,S,,100.64.0.1,,1,1,2,2,", "Circuit ID", "is empty")]
    [InlineData("C1,A,D1,d,S,,100.64.0.1,,abc,1,2,2,", "Download Min Mbps", "'abc' is not a number")]
    [InlineData("C1,A,D1,d,S,,100.64.0.1,,1,1,,2,", "Download Max Mbps", "is empty")]
    [InlineData("C1,A,D1,d,S,,100.64.0.1,,0.05,1,2,2,", "Download Min Mbps", "at least 0.1")]
    [InlineData("C1,A,D1,d,S,,100.64.0.1,,1,-5,2,2,", "Upload Min Mbps", "at least 0.1")]
    [InlineData("C1,A,D1,d,S,,100.64.0.1,,500,1,100,2,", "Download Min Mbps", "500 is above Download Max Mbps 100")]
    [InlineData("C1,A,D1,d,S,,100.64.0.1,,1,9,2,2,", "Upload Min Mbps", "9 is above Upload Max Mbps 2")]
    [InlineData("C1,A,D1,d,S,,100.64.0.1,,1,1,2,2,,x,y,z", "", "the row has 16 columns")]
    public void Parse_BadRow_ReportsFileLineAndField(string row, string field, string message)
    {
        var (devices, diagnostics) = Parse(Header13 + "\n" + row + "\n");

        Assert.Empty(devices);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((Path, 2, field), (error.File, error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{Path}:2: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderWithoutCircuitIdRates_IsRejected()
    {
        var (_, diagnostics) = Parse("Circuit ID,Circuit Name,IPv4\nC1,A,100.64.0.1\n");

        Assert.Contains(diagnostics.Errors, e => e.Line == 1 && e.Message.Contains("Download Min Mbps", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownSqmAndNoAddress_AreWarningsNotErrors()
    {
        var (devices, diagnostics) = Parse(Header13 + ",sqm\nC1,A,D1,d,S,,,,1,1,2,2,,sfq\n");

        Assert.Single(devices);
        Assert.False(diagnostics.HasErrors);
        Assert.Equal(["sqm", "IPv4"], diagnostics.Warnings.Select(w => w.Field));
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-8")]
    public void Read_SpreadsheetEncodings_AreDecoded(string encodingName)
    {
        using var dir = new TempDirectory();
        string text = Header13 + "\nC1,Zoë Ünal,D1,d,S,,100.64.0.1,,1,1,2,2,\n";
        byte[] bytes = encodingName switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            _ => Encoding.UTF8.GetBytes(text),
        };
        File.WriteAllBytes(dir.File("ShapedDevices.csv"), bytes);
        var diagnostics = new DiagnosticBag();

        var devices = ShapedDevicesReader.Read(dir.File("ShapedDevices.csv"), diagnostics);

        Assert.Empty(diagnostics.All);
        Assert.Equal("Zoë Ünal", Assert.Single(devices).CircuitName);
    }

    [Fact]
    public void Read_InvalidUtf8_NamesTheLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("ShapedDevices.csv"), [.. Encoding.UTF8.GetBytes(Header13 + "\nC1,"), 0xE9, .. Encoding.UTF8.GetBytes(",D1\n")]);

        var ex = Assert.Throws<OperatorFileException>(() => ShapedDevicesReader.Read(dir.File("ShapedDevices.csv"), new DiagnosticBag()));

        Assert.Equal(2, ex.Diagnostic.Line);
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }
}
