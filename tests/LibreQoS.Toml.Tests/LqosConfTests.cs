namespace LibreQoS.Toml.Tests;

public class LqosConfTests
{
    private readonly TomlTable _root = TomlParser.Parse(SampleConfig.LqosConf, "/etc/lqos.conf");

    private TomlTable Section(string name) => TomlAssert.Table(_root[name]);

    [Fact]
    public void Parse_LqosConf_HasSectionsInFileOrder()
    {
        Assert.Equal(
            ["version", "lqos_directory", "node_id", "node_name", "packet_capture_time", "queue_check_period_ms",
             "usage_stats", "tuning", "bridge", "queues", "long_term_stats", "ip_ranges", "integration_common",
             "uisp_integration", "flows", "shaping_exceptions", "influxdb"],
            _root.Keys);
    }

    [Fact]
    public void Parse_LqosConf_ReadsRootValues()
    {
        Assert.Equal("1.5", TomlAssert.String(_root["version"]));
        Assert.Equal(10, TomlAssert.Integer(_root["packet_capture_time"]));
    }

    [Fact]
    public void Parse_LqosConf_ReadsBridgeIgnoringTrailingComment()
    {
        var bridge = Section("bridge");

        Assert.True(Assert.IsType<TomlBoolean>(bridge["use_xdp_bridge"]).Value);
        Assert.Equal("enp1s0f1", TomlAssert.String(bridge["to_internet"]));
        Assert.Equal("enp1s0f2", TomlAssert.String(bridge["to_network"]));
    }

    [Fact]
    public void Parse_LqosConf_CommentedOutSectionIsAbsent()
    {
        Assert.Null(_root["single_interface"]);
        Assert.Null(Section("queues")["override_available_queues"]);
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

        Assert.Equal(0.65, Assert.IsType<TomlFloat>(uisp["airmax_capacity"]).Value);
        Assert.Equal(1.0, Assert.IsType<TomlFloat>(uisp["bandwidth_overhead_factor"]).Value);
    }

    [Fact]
    public void Parse_LqosConf_ReadsArrayOfTables()
    {
        var exceptions = TomlAssert.Array(_root["shaping_exceptions"]);

        Assert.True(exceptions.IsArrayOfTables);
        Assert.Equal(["c-1001", "c-2042"], exceptions.Select(e => TomlAssert.String(TomlAssert.Table(e)["circuit_id"])));
        var second = TomlAssert.Table(exceptions[1]);
        Assert.Equal(new DateOnly(2024, 4, 15), Assert.IsType<TomlDateTime>(second["added"]).DateValue);
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
        Assert.Equal(new TomlPosition(30, 1), Section("bridge").Position);
        Assert.Equal(new TomlPosition(32, 1), Section("bridge")["to_internet"]!.Position);
    }

    [Fact]
    public void Parse_LqosConfWithError_ReportsFileNameAndLine()
    {
        var broken = SampleConfig.LqosConf.Replace("to_network = \"enp1s0f2\"", "to_internet = \"enp1s0f2\"", StringComparison.Ordinal);

        var error = Assert.Throws<TomlException>(() => TomlParser.Parse(broken, "/etc/lqos.conf"));

        Assert.Equal("/etc/lqos.conf:33:1: duplicate key 'to_internet' (first defined at 32:1)", error.Message);
    }
}
