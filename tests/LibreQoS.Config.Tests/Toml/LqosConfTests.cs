using LibreQoS.Config.Toml;
using Tomlyn;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml;

public class LqosConfTests
{
    private readonly TomlSource _source = TomlSource.Parse(SampleConfig.LqosConf, "/etc/lqos.conf");

    private TomlTable Root => _source.Root;

    private TomlTable Section(string name) => TomlAssert.Table(Root[name]);

    [Fact]
    public void Parse_LqosConf_HasSectionsInFileOrder()
    {
        Assert.Equal(
            ["version", "lqos_directory", "node_id", "node_name", "packet_capture_time", "queue_check_period_ms",
             "usage_stats", "tuning", "bridge", "queues", "long_term_stats", "ip_ranges", "integration_common",
             "uisp_integration", "flows", "shaping_exceptions", "influxdb"],
            Root.Keys);
    }

    [Fact]
    public void Parse_LqosConf_ReadsRootValues()
    {
        Assert.Equal("1.5", TomlAssert.String(Root["version"]));
        Assert.Equal(10, TomlAssert.Integer(Root["packet_capture_time"]));
    }

    [Fact]
    public void Parse_LqosConf_ReadsBridgeIgnoringTrailingComment()
    {
        var bridge = Section("bridge");

        Assert.True(Assert.IsType<bool>(bridge["use_xdp_bridge"]));
        Assert.Equal("enp1s0f1", TomlAssert.String(bridge["to_internet"]));
        Assert.Equal("enp1s0f2", TomlAssert.String(bridge["to_network"]));
    }

    [Fact]
    public void Parse_LqosConf_CommentedOutSectionIsAbsent()
    {
        Assert.False(Root.ContainsKey("single_interface"));
        Assert.False(Section("queues").ContainsKey("override_available_queues"));
    }

    [Fact]
    public void Parse_LqosConf_ReadsQueueNumbersWithUnderscores()
    {
        Assert.Equal(1000, TomlAssert.Integer(Section("queues")["uplink_bandwidth_mbps"]));
    }

    [Fact]
    public void Parse_LqosConf_ReadsMultilineArrayWithComments()
    {
        Assert.Equal(
            ["172.16.0.0/12", "10.0.0.0/8", "100.64.0.0/10", "192.168.0.0/16"],
            TomlAssert.Array(Section("ip_ranges")["allow_subnets"]).Select(TomlAssert.String));
    }

    [Fact]
    public void Parse_LqosConf_ReadsFloats()
    {
        var uisp = Section("uisp_integration");

        Assert.Equal(0.65, Assert.IsType<double>(uisp["airmax_capacity"]));
        Assert.Equal(1.0, Assert.IsType<double>(uisp["bandwidth_overhead_factor"]));
    }

    [Fact]
    public void Parse_LqosConf_ReadsArrayOfTables()
    {
        var exceptions = TomlAssert.TableArray(Root["shaping_exceptions"]);

        Assert.Equal(["c-1001", "c-2042"], exceptions.Select(e => TomlAssert.String(TomlAssert.Table(e)["circuit_id"])));
        var second = TomlAssert.Table(exceptions[1]);
        Assert.Equal(new DateOnly(2024, 4, 15), DateOnly.FromDateTime(Assert.IsType<TomlDateTime>(second["added"]).DateTime.DateTime));
        Assert.Equal(950, TomlAssert.Integer(TomlAssert.Table(second["limits"])["upload_mbps"]));
    }

    [Fact]
    public void Parse_LqosConf_SectionAfterArrayOfTablesIsTopLevel()
    {
        Assert.Equal("libreqos", TomlAssert.String(Section("influxdb")["org"]));
    }

    [Fact]
    public void Parse_LqosConf_PositionsPointIntoTheFile()
    {
        Assert.Equal(new TomlPosition(30, 1), _source.PositionOf(Root, "bridge"));
        Assert.Equal(new TomlPosition(32, 1), _source.PositionOf(Section("bridge"), "to_internet"));
    }

    [Fact]
    public void Parse_LqosConfWithError_ReportsFileNameAndLine()
    {
        var broken = SampleConfig.LqosConf.Replace("to_network = \"enp1s0f2\"", "to_internet = \"enp1s0f2\"", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidTomlException>(() => TomlSource.Parse(broken, "/etc/lqos.conf"));

        Assert.StartsWith("/etc/lqos.conf:33:1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("`bridge.to_internet` is already defined at (32,1)", error.Reason, StringComparison.Ordinal);
    }
}
