using System.Text;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.ShapedDevices;
using LibreQoS.Core.Devices;

namespace LibreQoS.Config.Tests.ShapedDevices;

/// <summary>A read through the row cache must give exactly what a fresh read of the same text gives: devices and findings.</summary>
public class ShapedDevicesRowCacheTests
{
    private const string Path = "/opt/libreqos/src/ShapedDevices.csv";
    private const string Header = "Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps,Comment";

    private static List<string> Rows(int count) =>
        [.. Enumerable.Range(1, count).Select(i => $"C{i},Customer {i},D{i},cpe-{i},Site_{i % 7},,100.64.{i / 250}.{i % 250 + 1},,10,2,{50 + i % 9},10,")];

    private static string Text(IEnumerable<string> lines, string newline = "\n") => string.Join(newline, lines) + newline;

    private static string Render(Core.Devices.ShapedDevice d) =>
        $"{d.SourceLine}|{d.CircuitId}|{d.CircuitName}|{d.DeviceId}|{d.ParentNode}|{string.Join(' ', d.Ipv4)}|{string.Join(' ', d.Ipv6)}|{d.Limits}|{d.Sqm}|{d.Comment}";

    private static (List<string> Devices, List<string> Findings) Read(string text, ShapedDevicesRowCache? cache)
    {
        var diagnostics = new DiagnosticBag();
        var devices = ShapedDevicesReader.Parse(Encoding.UTF8.GetBytes(text), Path, diagnostics, cache);
        return ([.. devices.Select(Render)], [.. diagnostics.All.Select(d => d.ToString())]);
    }

    private static void AssertSameAsFreshRead(string text, ShapedDevicesRowCache cache)
    {
        var cached = Read(text, cache);
        var fresh = Read(text, null);
        Assert.Equal(fresh.Devices, cached.Devices);
        Assert.Equal(fresh.Findings, cached.Findings);
    }

    public static TheoryData<string> Edits => new()
    {
        "rate", "append", "remove", "comment", "broken", "blank", "header", "insert-at-top", "quotes", "crlf", "header-becomes-legacy",
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Read_AfterAnEdit_EqualsAFreshRead(string edit)
    {
        var rows = Rows(300);
        var cache = new ShapedDevicesRowCache();
        Read(Text([Header, .. rows]), cache);

        var edited = new List<string>([Header, .. rows]);
        string newline = "\n";
        switch (edit)
        {
            case "rate": edited[42] = edited[42].Replace(",10,2,", ",11,3,", StringComparison.Ordinal); break;
            case "append": edited.Add("C999,New,D999,cpe-999,Site_1,,100.64.9.9,,5,1,25,5,"); break;
            case "remove": edited.RemoveAt(100); break;
            case "comment": edited.Insert(150, "# a note"); break;
            case "broken": edited[7] = edited[7].Replace("100.64.0.7", "100.64.0.999", StringComparison.Ordinal); break;
            case "blank": edited.Insert(20, ""); break;
            case "header": edited[0] = Header + ",sqm"; break;
            case "insert-at-top": edited.Insert(0, "# exported by the CRM"); break;
            case "quotes": edited[5] = edited[5].Replace("Customer 5", "\"Customer, 5\"", StringComparison.Ordinal); break;
            case "crlf": newline = "\r\n"; break;
            case "header-becomes-legacy": edited.RemoveAt(0); break;
        }

        AssertSameAsFreshRead(Text(edited, newline), cache);
        AssertSameAsFreshRead(Text(edited, newline), cache);
    }

    [Fact]
    public void Read_RowRemovedNearTheTopOfALargeFile_EqualsAFreshRead()
    {
        var rows = Rows(1200);
        rows[2] = rows[2].Replace("100.64.0.4", "100.64.0.999", StringComparison.Ordinal);
        var cache = new ShapedDevicesRowCache();
        Read(Text([Header, .. rows]), cache);
        rows.RemoveAt(5);

        AssertSameAsFreshRead(Text([Header, .. rows]), cache);
    }

    [Fact]
    public void Read_RowWithAWarning_ReportsItEveryTime()
    {
        var rows = Rows(20);
        rows[3] = "C4,Customer 4,D4,cpe-4,Site_4,,,,10,2,50,10,";
        var cache = new ShapedDevicesRowCache();
        string text = Text([Header, .. rows]);

        var first = Read(text, cache);
        var second = Read(text, cache);

        Assert.Contains(first.Findings, f => f.Contains("no IPv4 or IPv6 address", StringComparison.Ordinal));
        Assert.Equal(first.Findings, second.Findings);
    }

    [Fact]
    public void Read_UnchangedLines_AreTheSameDeviceObjects()
    {
        var rows = Rows(50);
        var cache = new ShapedDevicesRowCache();
        var diagnostics = new DiagnosticBag();
        var first = ShapedDevicesReader.Parse(Encoding.UTF8.GetBytes(Text([Header, .. rows])), Path, diagnostics, cache);
        rows[10] = rows[10].Replace(",10,2,", ",12,2,", StringComparison.Ordinal);

        var second = ShapedDevicesReader.Parse(Encoding.UTF8.GetBytes(Text([Header, .. rows])), Path, diagnostics, cache);

        Assert.Same(first[0], second[0]);
        Assert.NotSame(first[10], second[10]);
        Assert.Equal(12, second[10].Limits.DownloadMin);
    }
}
