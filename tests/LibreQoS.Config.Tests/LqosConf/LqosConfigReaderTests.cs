using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;

namespace LibreQoS.Config.Tests.LqosConf;

public class LqosConfigReaderTests
{
    private const string Path = "/etc/lqos.conf";

    private static string Fixture(string name) => File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", name));

    private static (LqosConfig? Config, DiagnosticBag Diagnostics) Parse(string text)
    {
        var diagnostics = new DiagnosticBag();
        return (LqosConfigReader.Parse(text, Path, diagnostics), diagnostics);
    }

    private static string MinimalWith(string find, string replace)
    {
        string text = Fixture("lqos-minimal.conf");
        Assert.Contains(find, text, StringComparison.Ordinal);
        return text.Replace(find, replace, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MinimalFile_FillsEveryDefault()
    {
        var (config, diagnostics) = Parse(Fixture("lqos-minimal.conf"));

        Assert.Empty(diagnostics.All);
        Assert.NotNull(config);
        var q = config.Queues;
        Assert.Equal(("cake diffserv4", 1000L, 1000L, 1000L, 1000L, false, false, false), (q.DefaultSqm, q.UplinkBandwidthMbps, q.DownlinkBandwidthMbps, q.GeneratedPnDownloadMbps, q.GeneratedPnUploadMbps, q.DryRun, q.Sudo, q.UseBinpacking));
        Assert.Equal((600L, 1000.0, false), (q.LazyExpireSeconds, q.EffectiveFastQueuesFqCodel, q.ObserveOnly));
        Assert.Equal(30, config.IntegrationCommon.QueueRefreshIntervalMins);
        Assert.Equal(":::9123", config.WebserverListen);
        Assert.Equal("/opt/libreqos/state", config.StateDirectory);
        Assert.Equal(("eth1", "eth0", false), (config.InterfaceA, config.InterfaceB, config.OnAStick));
        Assert.Equal(("ap_site", "full", "flat"), (config.Splynx.Strategy, config.Uisp.Strategy, new VispConfig().Strategy));
        Assert.Null(config.Netzur);
        Assert.True(config.TreeGuard.Enabled);
        Assert.False(config.TreeGuard.Links.Enabled);
        Assert.Equal("cpu_aware", config.TreeGuard.Cpu.Mode);
        Assert.Equal("/etc/libreqos/mikrotik_ipv6.toml", config.MikrotikIpv6.ConfigPath);
    }

    [Fact]
    public void Parse_FullFile_KnowsEveryKeyAndReadsItsValue()
    {
        var (config, diagnostics) = Parse(Fixture("lqos-full.conf"));

        Assert.Empty(diagnostics.All);
        Assert.NotNull(config);
        Assert.Equal(("/srv/lqos/state-custom", "qos", 2000L, 4000L, 1500.5), (config.StateDirectory, config.InfluxDb!.Bucket, config.Queues.UplinkBandwidthMbps, config.Queues.DownlinkBandwidthMbps, config.Queues.FastQueuesFqCodel!.Value));
        Assert.Equal((LazyQueues.Htb, true, 6L, "fq_codel"), (config.Queues.LazyQueues!.Value, config.Queues.ObserveOnly, config.Queues.OverrideAvailableQueues!.Value, config.Queues.FallbackSqm));
        Assert.Equal(new RttThresholds(10, 80, 150), config.RttThresholds);
        Assert.Equal(9000, config.Bridge!.Mtu);
        Assert.Equal(["gso", "tso"], config.Tuning.DisableOffload);
        Assert.Equal(new LocalApiKey("k1", "grafana", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 1700000000), Assert.Single(config.LocalApi.Keys));
        Assert.Equal(new DynamicCircuitRange("guests", "100.127.0.0/16", 1, 1, 10, 5, "Site_1"), Assert.Single(config.DynamicCircuits!.Ranges));
        Assert.Equal(new RadiusClient("bng1", "10.0.0.1", "/etc/libreqos/radius_bng1.secret"), Assert.Single(config.RadiusAccounting!.Clients));
        Assert.Equal(new RadiusFallbackSpeedProfile(2, 1, 20, 10), config.RadiusAccounting.FallbackSpeedProfile);
        Assert.Equal((2055L, 9L), (config.Flows!.NetflowPort!.Value, config.Flows.NetflowVersion!.Value));
        Assert.Equal((false, 500000L, 45L), (config.Flows.Enabled, config.Flows.MaxFlows, config.Flows.FlowTimeoutSeconds));
        Assert.Equal((15L, 1.2, 0.9, 40L), (config.IntegrationCommon.QueueRefreshIntervalMins, config.IntegrationCommon.ClientBandwidthMultiplier!.Value, config.IntegrationCommon.EthernetPortLimitMultiplier!.Value, config.IntegrationCommon.TopologyAttachmentHealth.HoldDownSeconds));
        Assert.Equal(new ExceptionCpe("cpe-1", "AP-1"), Assert.Single(config.Uisp.ExceptionCpes));
        Assert.Equal(["29", "43"], config.Sonar.AirmaxModelIds);
        Assert.Equal(new SonarRecurringServiceRate(true, "Boost", 50, 10), Assert.Single(config.Sonar.RecurringServiceRates));
        Assert.Equal((42L, false), (config.Visp!.IspId!.Value, config.Visp.VerifyTls));
        Assert.Equal(("wispgate-token", 30L), (config.WispGate!.WispgateApiToken, config.Netzur!.TimeoutSecs));
        Assert.Equal(("delay_probe_active", 0.5, "9.9.9.9"), (config.StormGuard!.Strategy, config.StormGuard.ActivePingWeight, config.StormGuard.ActivePingTarget));
        Assert.Equal((true, 80.0, false, 60.0), (config.TreeGuard.Links.Enabled, config.TreeGuard.Links.TopLevelSafeUtilPct, config.TreeGuard.Circuits.Enabled, config.TreeGuard.Qoo.MinScore));
        Assert.False(config.EnableAsnHeatmaps);
        Assert.Equal(new LqosdConfig { BusSocket = "/run/lqos-test/bus", BusGroup = "qos", BusMaxFrameBytes = 1048576, LogLevel = "debug", BpfPinDirectory = "/sys/fs/bpf/lqos-test" }, config.Lqosd);
        var s = config.Scheduler;
        Assert.Equal(("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "/usr/bin/python3", 900L, 120L, "warning"),
            (s.PythonLibrary, s.PythonExecutable, s.IntegrationTimeoutSeconds, s.RetryDelaySeconds, s.LogLevel));
        Assert.Equal([new SchedulerJobConfig("splynx", 10, 300, 60), new SchedulerJobConfig("uisp", 20, null, null)], s.Jobs);
    }

    [Fact]
    public void Parse_NoSchedulerSection_TakesItsDefaults()
    {
        var (config, _) = Parse(Fixture("lqos-minimal.conf"));

        var s = config!.Scheduler;
        Assert.Equal((null, null, 600L, 300L, "info"), (s.PythonLibrary, s.PythonExecutable, s.IntegrationTimeoutSeconds, s.RetryDelaySeconds, s.LogLevel));
        Assert.Empty(s.Jobs);
    }

    [Fact]
    public void Parse_MissingRequiredKey_NamesKeyAndSectionPosition()
    {
        var (config, diagnostics) = Parse(MinimalWith("to_internet = \"eth0\"\n", ""));

        Assert.Null(config);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal("/etc/lqos.conf:19:1: bridge.to_internet: required key is missing from [bridge]", error.ToString());
    }

    [Fact]
    public void Parse_WrongType_NamesKeyPositionAndExpectedType()
    {
        var (config, diagnostics) = Parse(MinimalWith("to_internet = \"eth0\"", "to_internet = 5"));

        Assert.Null(config);
        Assert.Equal("/etc/lqos.conf:21:1: bridge.to_internet: expected a string, found an integer", Assert.Single(diagnostics.Errors).ToString());
    }

    [Fact]
    public void Parse_MissingRequiredSection_IsNamed()
    {
        var (_, diagnostics) = Parse(MinimalWith("[long_term_stats]\ngather_stats = false\ncollation_period_seconds = 60\n", ""));

        Assert.Equal("/etc/lqos.conf: long_term_stats: the required section [long_term_stats] is missing", Assert.Single(diagnostics.Errors).ToString());
    }

    [Fact]
    public void Parse_UnknownKey_IsAWarningWithPosition()
    {
        var (config, diagnostics) = Parse(MinimalWith("[queues]\n", "[queues]\ndefault_sqmm = \"cake\"\n"));

        Assert.NotNull(config);
        var warning = Assert.Single(diagnostics.All);
        Assert.False(warning.IsError);
        Assert.Equal((25, 1, "queues.default_sqmm"), (warning.Line, warning.Column, warning.Field));
    }

    [Fact]
    public void Parse_TomlSyntaxError_ReportsLineAndColumn()
    {
        var (config, diagnostics) = Parse(MinimalWith("node_name = \"Minimal\"", "node_name = \"Minimal"));

        Assert.Null(config);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal(("/etc/lqos.conf", 5), (error.File, error.Line));
        Assert.True(error.Column > 0);
    }

    [Fact]
    public void Parse_LegacySpylnxSpelling_IsRead()
    {
        var (config, diagnostics) = Parse(Fixture("lqos-minimal.conf") + "\n[spylnx_integration]\nenable_spylnx = true\napi_key = \"k\"\n");

        Assert.Empty(diagnostics.All);
        Assert.True(config!.Splynx.EnableSplynx);
    }

    [Fact]
    public void Parse_SingleInterface_IsOnAStick()
    {
        var (config, diagnostics) = Parse(MinimalWith("[bridge]\nuse_xdp_bridge = false\nto_internet = \"eth0\"\nto_network = \"eth1\"",
            "[single_interface]\ninterface = \"eth2\"\ninternet_vlan = 2\nnetwork_vlan = 3"));

        Assert.Empty(diagnostics.All);
        Assert.Equal((true, "eth2", "eth2", 2L, 3L), (config!.OnAStick, config.InterfaceA, config.InterfaceB, config.SingleInterface!.InternetVlan, config.SingleInterface.NetworkVlan));
    }

    [Theory]
    [InlineData("version = \"1.5\"", "version = \"1.4\"", "version", "only supports version 1.5.0")]
    [InlineData("node_id = \"0000-0000-0000\"", "node_id = \"\"", "node_id", "Node ID must be set")]
    [InlineData("[queues]\n", "[queues]\ndefault_sqm = \" \"\n", "queues.default_sqm", "default_sqm cannot be empty")]
    [InlineData("[queues]\n", "[queues]\nqueue_mode = \"fast\"\n", "queues.queue_mode", "not one of shape, observe")]
    [InlineData("[queues]\n", "[queues]\nlazy_queues = \"Maybe\"\n", "queues.lazy_queues", "not one of No, Htb, Full")]
    [InlineData("to_network = \"eth1\"", "to_network = \"eth1\"\nmtu = 100", "bridge.mtu", "between 576 and 9216")]
    [InlineData("to_network = \"eth1\"", "to_network = \"eth0\"", "bridge.to_network", "different interfaces")]
    [InlineData("[queues]\n", "[queues]\nuplink_bandwidth_mbps = -5\n", "queues.uplink_bandwidth_mbps", "out of range")]
    [InlineData("[queues]\n", "[queues]\n[single_interface]\ninterface = \"eth0\"\ninternet_vlan = 1\nnetwork_vlan = 2\n", "single_interface", "both a bridge and a single-interface")]
    [InlineData("[queues]\n", "[queues]\n[stormguard]\nenabled = true\n", "stormguard.targets", "targets must not be empty")]
    [InlineData("[queues]\n", "[queues]\n[treeguard.cpu]\ncpu_high_pct = 50\ncpu_low_pct = 60\n", "treeguard.cpu.cpu_low_pct", "cpu_low_pct must be <= cpu_high_pct")]
    [InlineData("[queues]\n", "[queues]\n[topology]\ncompile_mode = \"mesh\"\n", "topology.compile_mode", "must be one of flat, ap_only, ap_site, or full")]
    [InlineData("[queues]\n", "[queues]\n[ssl]\nexternal_hostname = \"https://x.example\"\n", "ssl.external_hostname", "host name only")]
    [InlineData("[queues]\n", "[queues]\n[rtt_thresholds]\ngreen_ms = 300\n", "rtt_thresholds", "green_ms <= yellow_ms <= red_ms")]
    [InlineData("[queues]\n", "[queues]\n[[scheduler.jobs]]\nname = \"crm\"\n", "scheduler.jobs[0].name", "'crm' is not a job; use one of uisp, splynx")]
    [InlineData("[queues]\n", "[queues]\n[[scheduler.jobs]]\nname = \"sonar\"\n[[scheduler.jobs]]\nname = \"sonar\"\n", "scheduler.jobs[1].name", "configured twice")]
    [InlineData("[queues]\n", "[queues]\n[[scheduler.jobs]]\nname = \"sonar\"\ninterval_mins = 0\n", "scheduler.jobs[0].interval_mins", "out of range")]
    [InlineData("[queues]\n", "[queues]\n[scheduler]\nintegration_timeout_seconds = 0\n", "scheduler.integration_timeout_seconds", "out of range")]
    [InlineData("[queues]\n", "[queues]\n[scheduler]\nlog_level = \"verbose\"\n", "scheduler.log_level", "not one of trace, debug")]
    [InlineData("[queues]\n", "[queues]\n[flows]\nflow_timeout_seconds = 30\nnetflow_enabled = false\nmax_flows = 10\n", "flows.max_flows", "between 1000 and 4000000")]
    [InlineData("[queues]\n", "[queues]\n[flows]\nflow_timeout_seconds = 30\nnetflow_enabled = true\nnetflow_ip = \"10.0.0.1\"\nnetflow_version = 7\n", "flows.netflow_version", "use 5 or 9")]
    [InlineData("[queues]\n", "[queues]\n[flows]\nflow_timeout_seconds = 30\nnetflow_enabled = true\n", "flows.netflow_ip", "the collector's IP address")]
    public void Parse_UpstreamValidationRule_IsEnforced(string find, string replace, string field, string message)
    {
        var (config, diagnostics) = Parse(MinimalWith(find, replace));

        Assert.Null(config);
        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidationError_PointsAtTheKey()
    {
        var (_, diagnostics) = Parse(MinimalWith("to_network = \"eth1\"", "to_network = \"eth1\"\nmtu = 100"));

        Assert.Equal((23, 1), (diagnostics.Errors.Single().Line, diagnostics.Errors.Single().Column));
    }

    [Fact]
    public void Parse_MissingVersion_IsReadAsCurrentWithAWarning()
    {
        var (config, diagnostics) = Parse(MinimalWith("version = \"1.5\"\n", ""));

        Assert.NotNull(config);
        Assert.Equal("version", Assert.Single(diagnostics.Warnings).Field);
    }

    [Fact]
    public void Read_MissingFile_SaysHowToPointAtIt()
    {
        var diagnostics = new DiagnosticBag();

        Assert.Null(LqosConfigReader.Read("/nonexistent/lqos.conf", diagnostics));

        Assert.Contains("LQOS_CONFIG", Assert.Single(diagnostics.Errors).Message, StringComparison.Ordinal);
    }
}
