using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.Toml;

namespace LibreQoS.Config.LqosConf;

/// <summary>
/// Reads /etc/lqos.conf into <see cref="LqosConfig"/> with upstream's key names and required keys. Integration
/// sections, [integration_common] included, are lenient (every key optional), since only the integration that is
/// enabled needs its keys; see docs/compat.md.
/// </summary>
public static class LqosConfigReader
{
    /// <summary>Reads and validates the file; null when it has errors, all of which are in <paramref name="diagnostics"/>.</summary>
    public static LqosConfig? Read(string path, DiagnosticBag diagnostics)
    {
        string text;
        try
        {
            text = OperatorFile.ReadText(path);
        }
        catch (OperatorFileException ex)
        {
            diagnostics.Add(File.Exists(path) ? ex.Diagnostic : ex.Diagnostic with
            {
                Message = "the configuration file does not exist; create it, or set LQOS_CONFIG or --config to its path",
            });
            return null;
        }
        return Parse(text, path, diagnostics);
    }

    public static LqosConfig? Parse(string text, string path, DiagnosticBag diagnostics)
    {
        TomlSource source;
        try
        {
            source = TomlSource.Parse(ApplyLegacyNames(text), path);
        }
        catch (InvalidTomlException ex)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, path, ex.Position.Line, ex.Position.Column, "", ex.Reason));
            return null;
        }

        int errorsBefore = diagnostics.ErrorCount;
        var top = new TomlSection(source, source.Root, "", path, diagnostics);
        var config = Bind(top, path, diagnostics);
        top.ReportUnknownKeys();
        LqosConfigValidator.Validate(config, path, diagnostics, source);
        return diagnostics.ErrorCount == errorsBefore ? config : null;
    }

    /// <summary>Upstream once shipped the misspelling "spylnx"; both spellings are read (same length, so positions hold).</summary>
    private static string ApplyLegacyNames(string text) => text
        .Replace("[spylnx_integration]", "[splynx_integration]", StringComparison.Ordinal)
        .Replace("enable_spylnx", "enable_splynx", StringComparison.Ordinal);

    private static LqosConfig Bind(TomlSection t, string path, DiagnosticBag diagnostics)
    {
        var defaults = new LqosConfig();
        string? version = t.OptionalString("version");
        if (version is null)
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, path, 0, 0, "version", $"is missing; the file is read as version {LqosConfig.SupportedVersion}"));

        return new LqosConfig
        {
            Version = version?.Trim() ?? LqosConfig.SupportedVersion,
            LqosDirectory = t.RequiredString("lqos_directory"),
            StateDirectoryOverride = t.OptionalString("state_directory"),
            NodeId = t.RequiredString("node_id"),
            NodeName = t.RequiredString("node_name"),
            QooProfileId = t.OptionalString("qoo_profile_id"),
            RttThresholds = t.OptionalTable("rtt_thresholds") is { } rtt
                ? new RttThresholds(rtt.Integer("green_ms", 0), rtt.Integer("yellow_ms", 100), rtt.Integer("red_ms", 200))
                : null,
            PacketCaptureTime = t.RequiredInteger("packet_capture_time", max: long.MaxValue),
            QueueCheckPeriodMs = t.RequiredInteger("queue_check_period_ms", max: long.MaxValue),
            Tuning = t.RequiredTable("tuning") is { } tuning ? ReadTuning(tuning) : defaults.Tuning,
            Bridge = t.OptionalTable("bridge") is { } bridge ? ReadBridge(bridge) : null,
            SingleInterface = t.OptionalTable("single_interface") is { } single ? ReadSingleInterface(single) : null,
            Queues = t.RequiredTable("queues") is { } queues ? ReadQueues(queues) : defaults.Queues,
            LongTermStats = t.RequiredTable("long_term_stats") is { } lts ? ReadLongTermStats(lts) : defaults.LongTermStats,
            LocalApi = t.OptionalTable("local_api") is { } api ? ReadLocalApi(api) : defaults.LocalApi,
            IpRanges = t.RequiredTable("ip_ranges") is { } ranges ? ReadIpRanges(ranges) : defaults.IpRanges,
            DynamicCircuits = t.OptionalTable("dynamic_circuits") is { } dyn ? ReadDynamicCircuits(dyn) : null,
            RadiusAccounting = t.OptionalTable("radius_accounting") is { } radius ? ReadRadius(radius) : null,
            Flows = t.OptionalTable("flows") is { } flows ? ReadFlows(flows) : null,
            IntegrationCommon = t.OptionalTable("integration_common") is { } ic ? ReadIntegrationCommon(ic) : defaults.IntegrationCommon,
            Topology = t.OptionalTable("topology") is { } topo ? ReadTopology(topo) : defaults.Topology,
            MikrotikIpv6 = t.OptionalTable("mikrotik_ipv6") is { } mk
                ? new MikrotikIpv6Config { ConfigPath = mk.String("config_path", defaults.MikrotikIpv6.ConfigPath) }
                : defaults.MikrotikIpv6,
            Splynx = t.OptionalTable("splynx_integration") is { } splynx ? ReadSplynx(splynx) : defaults.Splynx,
            Uisp = t.OptionalTable("uisp_integration") is { } uisp ? ReadUisp(uisp) : defaults.Uisp,
            Powercode = t.OptionalTable("powercode_integration") is { } pc ? ReadPowercode(pc) : defaults.Powercode,
            Sonar = t.OptionalTable("sonar_integration") is { } sonar ? ReadSonar(sonar) : defaults.Sonar,
            Netzur = t.OptionalTable("netzur_integration") is { } netzur ? ReadNetzur(netzur) : null,
            Visp = t.OptionalTable("visp_integration") is { } visp ? ReadVisp(visp) : null,
            WispGate = t.OptionalTable("wispgate_integration") is { } wg ? ReadWispGate(wg) : null,
            InfluxDb = t.OptionalTable("influxdb") is { } influx ? ReadInfluxDb(influx) : null,
            DisableWebserver = t.OptionalBool("disable_webserver"),
            WebserverListen = t.String("webserver_listen", defaults.WebserverListen),
            Ssl = t.OptionalTable("ssl") is { } ssl ? ReadSsl(ssl) : null,
            DisplayCobrand = t.Bool("display_cobrand", defaults.DisplayCobrand),
            StormGuard = t.OptionalTable("stormguard") is { } sg ? ReadStormGuard(sg) : null,
            TreeGuard = t.OptionalTable("treeguard") is { } tg ? ReadTreeGuard(tg) : defaults.TreeGuard,
            DisableIcmpPing = t.OptionalBool("disable_icmp_ping"),
            ExcludeEfficiencyCores = t.Bool("exclude_efficiency_cores", defaults.ExcludeEfficiencyCores),
            EnableCircuitHeatmaps = t.Bool("enable_circuit_heatmaps", defaults.EnableCircuitHeatmaps),
            EnableSiteHeatmaps = t.Bool("enable_site_heatmaps", defaults.EnableSiteHeatmaps),
            EnableAsnHeatmaps = t.Bool("enable_asn_heatmaps", defaults.EnableAsnHeatmaps),
            Lqosd = t.OptionalTable("lqosd") is { } lqosd ? ReadLqosd(lqosd) : defaults.Lqosd,
            Scheduler = t.OptionalTable("scheduler") is { } scheduler ? ReadScheduler(scheduler) : defaults.Scheduler,
        };
    }

    private static SchedulerConfig ReadScheduler(TomlSection t)
    {
        var d = new SchedulerConfig();
        return new SchedulerConfig
        {
            PythonLibrary = t.OptionalString("python_library"),
            PythonExecutable = t.OptionalString("python_executable"),
            IntegrationTimeoutSeconds = t.Integer("integration_timeout_seconds", d.IntegrationTimeoutSeconds, min: 1),
            RetryDelaySeconds = t.Integer("retry_delay_seconds", d.RetryDelaySeconds, min: 1),
            LogLevel = t.String("log_level", d.LogLevel),
            Jobs = t.TableArray("jobs").Select(j => new SchedulerJobConfig(j.RequiredString("name"),
                j.OptionalInteger("interval_mins", min: 1), j.OptionalInteger("timeout_seconds", min: 1), j.OptionalInteger("retry_delay_seconds", min: 1))).ToList(),
        };
    }

    private static LqosdConfig ReadLqosd(TomlSection t)
    {
        var d = new LqosdConfig();
        return new LqosdConfig
        {
            BusSocket = t.String("bus_socket", d.BusSocket),
            BusGroup = t.String("bus_group", d.BusGroup),
            BusMaxFrameBytes = t.Integer("bus_max_frame_bytes", d.BusMaxFrameBytes, min: 1024, max: int.MaxValue),
            LogLevel = t.String("log_level", d.LogLevel),
            BpfPinDirectory = t.String("bpf_pin_directory", d.BpfPinDirectory),
        };
    }

    private static TuningConfig ReadTuning(TomlSection t) => new()
    {
        StopIrqBalance = t.RequiredBool("stop_irq_balance"),
        NetdevBudgetUsecs = t.RequiredInteger("netdev_budget_usecs"),
        NetdevBudgetPackets = t.RequiredInteger("netdev_budget_packets"),
        RxUsecs = t.RequiredInteger("rx_usecs"),
        TxUsecs = t.RequiredInteger("tx_usecs"),
        DisableRxVlan = t.RequiredBool("disable_rxvlan"),
        DisableTxVlan = t.RequiredBool("disable_txvlan"),
        DisableOffload = t.RequiredStringArray("disable_offload"),
        SetCpuGovernorPerformance = t.Bool("set_cpu_governor_performance", true),
    };

    private static BridgeConfig ReadBridge(TomlSection t) => new(
        t.RequiredBool("use_xdp_bridge"), t.RequiredString("to_internet"), t.RequiredString("to_network"), t.OptionalInteger("mtu"));

    private static SingleInterfaceConfig ReadSingleInterface(TomlSection t) => new(
        t.RequiredString("interface"), t.RequiredInteger("internet_vlan", max: 4094), t.RequiredInteger("network_vlan", max: 4094),
        t.OptionalInteger("mtu"));

    private static QueuesConfig ReadQueues(TomlSection t)
    {
        var d = new QueuesConfig();
        return new QueuesConfig
        {
            DefaultSqm = t.String("default_sqm", d.DefaultSqm),
            MonitorOnly = t.Bool("monitor_only", d.MonitorOnly),
            QueueMode = t.OptionalString("queue_mode"),
            UplinkBandwidthMbps = t.Integer("uplink_bandwidth_mbps", d.UplinkBandwidthMbps, max: long.MaxValue),
            DownlinkBandwidthMbps = t.Integer("downlink_bandwidth_mbps", d.DownlinkBandwidthMbps, max: long.MaxValue),
            GeneratedPnDownloadMbps = t.Integer("generated_pn_download_mbps", d.GeneratedPnDownloadMbps, max: long.MaxValue),
            GeneratedPnUploadMbps = t.Integer("generated_pn_upload_mbps", d.GeneratedPnUploadMbps, max: long.MaxValue),
            DryRun = t.Bool("dry_run", d.DryRun),
            Sudo = t.Bool("sudo", d.Sudo),
            UseBinpacking = t.Bool("use_binpacking", d.UseBinpacking),
            OverrideAvailableQueues = t.OptionalInteger("override_available_queues"),
            LazyQueues = ReadLazyQueues(t),
            LazyExpireSeconds = t.OptionalInteger("lazy_expire_seconds", max: long.MaxValue) ?? d.LazyExpireSeconds,
            LazyThresholdBytes = t.OptionalInteger("lazy_threshold_bytes", max: long.MaxValue),
            FastQueuesFqCodel = t.OptionalFloat("fast_queues_fq_codel"),
            FallbackSqm = t.OptionalString("fallback_sqm"),
        };
    }

    private static LazyQueues? ReadLazyQueues(TomlSection t)
    {
        string? text = t.OptionalString("lazy_queues");
        if (text is null)
            return null;
        if (Enum.TryParse<LazyQueues>(text, ignoreCase: true, out var mode))
            return mode;
        t.Error(t.PositionOfKey("lazy_queues"), "lazy_queues", $"'{text}' is not one of No, Htb, Full");
        return null;
    }

    private static LongTermStatsConfig ReadLongTermStats(TomlSection t) => new()
    {
        GatherStats = t.RequiredBool("gather_stats"),
        CollationPeriodSeconds = t.RequiredInteger("collation_period_seconds"),
        LicenseKey = t.OptionalString("license_key"),
        UispReportingIntervalSeconds = t.OptionalInteger("uisp_reporting_interval_seconds", max: long.MaxValue),
        LtsUrl = t.OptionalString("lts_url"),
        EnableInsightTopology = t.OptionalBool("enable_insight_topology"),
        InsightTopologyRole = t.OptionalString("insight_topology_role"),
    };

    private static LocalApiConfig ReadLocalApi(TomlSection t) => new()
    {
        BearerToken = t.OptionalString("bearer_token"),
        Keys = t.TableArray("keys").Select(k => new LocalApiKey(
            k.RequiredString("id"), k.String("name", ""), k.RequiredString("token_sha256"), k.Integer("created_at_unix", 0, max: long.MaxValue))).ToList(),
    };

    private static IpRangesConfig ReadIpRanges(TomlSection t) => new()
    {
        IgnoreSubnets = t.RequiredStringArray("ignore_subnets"),
        AllowSubnets = t.RequiredStringArray("allow_subnets"),
        UnknownIpHonorsIgnore = t.Bool("unknown_ip_honors_ignore", true),
        UnknownIpHonorsAllow = t.Bool("unknown_ip_honors_allow", true),
    };

    private static DynamicCircuitsConfig ReadDynamicCircuits(TomlSection t) => new()
    {
        Enabled = t.Bool("enabled", false),
        TtlSeconds = t.Integer("ttl_seconds", 300, max: long.MaxValue),
        EnableUnknownIpPromotion = t.Bool("enable_unknown_ip_promotion", false),
        Ranges = t.TableArray("ranges").Select(r => new DynamicCircuitRange(
            r.String("name", ""), r.RequiredString("ip_range"),
            r.RequiredFloat("download_min_mbps"), r.RequiredFloat("upload_min_mbps"),
            r.RequiredFloat("download_max_mbps"), r.RequiredFloat("upload_max_mbps"), r.String("attach_to", ""))).ToList(),
    };

    private static RadiusAccountingConfig ReadRadius(TomlSection t)
    {
        var d = new RadiusAccountingConfig();
        return new RadiusAccountingConfig
        {
            Enabled = t.Bool("enabled", false),
            Listen = t.String("listen", d.Listen),
            DefaultTtlSeconds = t.Integer("default_ttl_seconds", d.DefaultTtlSeconds, max: long.MaxValue),
            StaleGraceSeconds = t.Integer("stale_grace_seconds", d.StaleGraceSeconds, max: long.MaxValue),
            DynamicCircuitApplication = t.OptionalTable("dynamic_circuit_application") is { } app
                ? new RadiusDynamicCircuitApplication
                {
                    Enabled = app.Bool("enabled", false),
                    MatchShapedDevicesByMac = app.Bool("match_shaped_devices_by_mac", false),
                    MatchShapedDevicesByUsername = app.Bool("match_shaped_devices_by_username", false),
                    FallbackParentNode = app.OptionalString("fallback_parent_node"),
                }
                : d.DynamicCircuitApplication,
            FallbackSpeedProfile = t.OptionalTable("fallback_speed_profile") is { } p
                ? new RadiusFallbackSpeedProfile(p.RequiredFloat("download_min_mbps"), p.RequiredFloat("upload_min_mbps"),
                    p.RequiredFloat("download_max_mbps"), p.RequiredFloat("upload_max_mbps"))
                : null,
            Clients = t.TableArray("clients").Select(c => new RadiusClient(
                c.RequiredString("name"), c.RequiredString("source"), c.RequiredString("secret_file"))).ToList(),
        };
    }

    private static FlowsConfig ReadFlows(TomlSection t) => new()
    {
        Enabled = t.Bool("enabled", true),
        MaxFlows = t.Integer("max_flows", new FlowsConfig().MaxFlows, max: long.MaxValue),
        FlowTimeoutSeconds = t.RequiredInteger("flow_timeout_seconds", max: long.MaxValue),
        NetflowEnabled = t.RequiredBool("netflow_enabled"),
        NetflowPort = t.OptionalInteger("netflow_port", max: ushort.MaxValue),
        NetflowIp = t.OptionalString("netflow_ip"),
        NetflowVersion = t.OptionalInteger("netflow_version", max: byte.MaxValue),
        DoNotTrackSubnets = t.OptionalStringArray("do_not_track_subnets"),
    };

    private static IntegrationCommonConfig ReadIntegrationCommon(TomlSection t)
    {
        var d = new IntegrationCommonConfig();
        return new IntegrationCommonConfig
        {
            CircuitNameAsAddress = t.Bool("circuit_name_as_address", d.CircuitNameAsAddress),
            QueueRefreshIntervalMins = t.Integer("queue_refresh_interval_mins", d.QueueRefreshIntervalMins),
            UseMikrotikIpv6 = t.Bool("use_mikrotik_ipv6", false),
            PromoteToRoot = t.OptionalStringArray("promote_to_root"),
            ClientBandwidthMultiplier = t.OptionalFloat("client_bandwidth_multiplier"),
            AlwaysOverwriteNetworkJson = t.OptionalBool("always_overwrite_network_json"),
            EthernetPortLimitsEnabled = t.Bool("ethernet_port_limits_enabled", d.EthernetPortLimitsEnabled),
            EthernetPortLimitMultiplier = t.OptionalFloat("ethernet_port_limit_multiplier"),
            TopologyAttachmentHealth = t.OptionalTable("topology_attachment_health") is { } h
                ? new TopologyAttachmentHealth
                {
                    Enabled = h.Bool("enabled", true),
                    ProbeIntervalSeconds = h.Integer("probe_interval_seconds", 1),
                    FailAfterMissed = h.Integer("fail_after_missed", 5),
                    HoldDownSeconds = h.Integer("hold_down_seconds", 30),
                    ClearAfterSuccesses = h.Integer("clear_after_successes", 3),
                    RefreshDebounceSeconds = h.Integer("refresh_debounce_seconds", 3),
                }
                : d.TopologyAttachmentHealth,
        };
    }

    private static TopologyConfig ReadTopology(TomlSection t) => new()
    {
        CompileMode = t.String("compile_mode", ""),
        QueueAutoVirtualizeThresholdMbps = t.Integer("queue_auto_virtualize_threshold_mbps", 5001, max: long.MaxValue),
    };

    private static SplynxConfig ReadSplynx(TomlSection t)
    {
        var d = new SplynxConfig();
        return new SplynxConfig
        {
            EnableSplynx = t.Bool("enable_splynx", false),
            ApiKey = t.String("api_key", ""),
            ApiSecret = t.String("api_secret", ""),
            Url = t.String("url", ""),
            Strategy = t.String("strategy", d.Strategy),
        };
    }

    private static UispConfig ReadUisp(TomlSection t)
    {
        var d = new UispConfig();
        return new UispConfig
        {
            EnableUisp = t.Bool("enable_uisp", false),
            Token = t.String("token", ""),
            Url = t.String("url", ""),
            Site = t.String("site", ""),
            Strategy = t.String("strategy", d.Strategy),
            SuspendedStrategy = t.String("suspended_strategy", d.SuspendedStrategy),
            AirmaxCapacity = t.Float("airmax_capacity", d.AirmaxCapacity),
            LtuCapacity = t.Float("ltu_capacity", d.LtuCapacity),
            ExcludeSites = t.StringArray("exclude_sites", []),
            IpV6WithMikrotik = t.OptionalBool("ipv6_with_mikrotik"),
            BandwidthOverheadFactor = t.Float("bandwidth_overhead_factor", d.BandwidthOverheadFactor),
            CommitBandwidthMultiplier = t.Float("commit_bandwidth_multiplier", d.CommitBandwidthMultiplier),
            ExceptionCpes = t.TableArray("exception_cpes").Select(e => new ExceptionCpe(e.RequiredString("cpe"), e.RequiredString("parent"))).ToList(),
            UsePtmpAsParent = t.OptionalBool("use_ptmp_as_parent"),
            SquashSites = t.OptionalStringArray("squash_sites"),
            InsecureSsl = t.OptionalBool("insecure_ssl"),
            EnableSquashing = t.OptionalBool("enable_squashing"),
            DoNotSquashSites = t.OptionalStringArray("do_not_squash_sites"),
            IgnoreCalculatedCapacity = t.Bool("ignore_calculated_capacity", false),
            AirmaxFlexibleFrameDownloadRatio = t.Float("airmax_flexible_frame_download_ratio", d.AirmaxFlexibleFrameDownloadRatio),
            InfrastructureTransportCapsEnabled = t.Bool("infrastructure_transport_caps_enabled", true),
        };
    }

    private static PowercodeConfig ReadPowercode(TomlSection t) => new()
    {
        EnablePowercode = t.Bool("enable_powercode", false),
        PowercodeApiKey = t.String("powercode_api_key", ""),
        PowercodeApiUrl = t.String("powercode_api_url", ""),
    };

    private static SonarConfig ReadSonar(TomlSection t) => new()
    {
        EnableSonar = t.Bool("enable_sonar", false),
        SonarApiUrl = t.String("sonar_api_url", ""),
        SonarApiKey = t.String("sonar_api_key", ""),
        SnmpCommunity = t.String("snmp_community", new SonarConfig().SnmpCommunity),
        AirmaxModelIds = t.ScalarArrayAsStrings("airmax_model_ids"),
        LtuModelIds = t.ScalarArrayAsStrings("ltu_model_ids"),
        ActiveStatusIds = t.ScalarArrayAsStrings("active_status_ids"),
        RecurringServiceRates = t.TableArray("recurring_service_rates").Select(r => new SonarRecurringServiceRate(
            r.Bool("enabled", true), r.RequiredString("service_name"), r.RequiredFloat("download_mbps"), r.RequiredFloat("upload_mbps"))).ToList(),
        RecurringExcludedServiceNames = t.StringArray("recurring_excluded_service_names", []),
    };

    private static NetzurConfig ReadNetzur(TomlSection t) => new()
    {
        EnableNetzur = t.Bool("enable_netzur", false),
        ApiKey = t.String("api_key", ""),
        ApiUrl = t.String("api_url", ""),
        TimeoutSecs = t.Integer("timeout_secs", new NetzurConfig().TimeoutSecs),
    };

    private static VispConfig ReadVisp(TomlSection t)
    {
        var d = new VispConfig();
        return new VispConfig
        {
            EnableVisp = t.Bool("enable_visp", false),
            ClientId = t.String("client_id", ""),
            ClientSecret = t.String("client_secret", ""),
            Username = t.String("username", ""),
            Password = t.String("password", ""),
            TokenUrl = t.String("token_url", d.TokenUrl),
            GraphqlUrl = t.String("graphql_url", d.GraphqlUrl),
            IspId = t.OptionalInteger("isp_id", max: long.MaxValue),
            TenantId = t.OptionalString("tenant_id"),
            OnlineUsersDomain = t.OptionalString("online_users_domain"),
            Strategy = t.String("strategy", d.Strategy),
            TimeoutSecs = t.Integer("timeout_secs", d.TimeoutSecs),
            VerifyTls = t.Bool("verify_tls", d.VerifyTls),
            ServiceTypeAllowlist = t.StringArray("service_type_allowlist", []),
        };
    }

    private static WispGateConfig ReadWispGate(TomlSection t) => new()
    {
        EnableWispgate = t.Bool("enable_wispgate", false),
        WispgateApiToken = t.String("wispgate_api_token", ""),
        WispgateApiUrl = t.String("wispgate_api_url", ""),
    };

    private static InfluxDbConfig ReadInfluxDb(TomlSection t)
    {
        var d = new InfluxDbConfig();
        return new InfluxDbConfig
        {
            EnableInfluxdb = t.Bool("enable_influxdb", false),
            Url = t.String("url", d.Url),
            Bucket = t.String("bucket", d.Bucket),
            Org = t.String("org", d.Org),
            Token = t.String("token", ""),
        };
    }

    private static SslConfig ReadSsl(TomlSection t) => new()
    {
        Enabled = t.Bool("enabled", false),
        ExternalHostname = t.OptionalString("external_hostname"),
        ManagedByLibreqos = t.Bool("managed_by_libreqos", false),
        PreviousWebserverListen = t.OptionalString("previous_webserver_listen"),
    };

    private static StormGuardConfig ReadStormGuard(TomlSection t)
    {
        var d = new StormGuardConfig();
        return new StormGuardConfig
        {
            Enabled = t.Bool("enabled", d.Enabled),
            AllSites = t.Bool("all_sites", d.AllSites),
            Targets = t.StringArray("targets", d.Targets),
            ExcludeSites = t.StringArray("exclude_sites", d.ExcludeSites),
            DryRun = t.Bool("dry_run", d.DryRun),
            LogFile = t.OptionalString("log_file"),
            Strategy = t.String("strategy", d.Strategy),
            MinimumDownloadPercentage = t.Float("minimum_download_percentage", d.MinimumDownloadPercentage),
            MinimumUploadPercentage = t.Float("minimum_upload_percentage", d.MinimumUploadPercentage),
            IncreaseFastMultiplier = t.Float("increase_fast_multiplier", d.IncreaseFastMultiplier),
            IncreaseMultiplier = t.Float("increase_multiplier", d.IncreaseMultiplier),
            DecreaseMultiplier = t.Float("decrease_multiplier", d.DecreaseMultiplier),
            DecreaseFastMultiplier = t.Float("decrease_fast_multiplier", d.DecreaseFastMultiplier),
            IncreaseCooldownSeconds = t.Float("increase_cooldown_seconds", d.IncreaseCooldownSeconds),
            DecreaseCooldownSeconds = t.Float("decrease_cooldown_seconds", d.DecreaseCooldownSeconds),
            IncreaseFastCooldownSeconds = t.Float("increase_fast_cooldown_seconds", d.IncreaseFastCooldownSeconds),
            DecreaseFastCooldownSeconds = t.Float("decrease_fast_cooldown_seconds", d.DecreaseFastCooldownSeconds),
            CircuitFallbackEnabled = t.Bool("circuit_fallback_enabled", d.CircuitFallbackEnabled),
            CircuitFallbackPersist = t.Bool("circuit_fallback_persist", d.CircuitFallbackPersist),
            CircuitFallbackSqm = t.String("circuit_fallback_sqm", d.CircuitFallbackSqm),
            DelayThresholdMs = t.Float("delay_threshold_ms", d.DelayThresholdMs),
            DelayThresholdRatio = t.Float("delay_threshold_ratio", d.DelayThresholdRatio),
            BaselineAlphaUp = t.Float("baseline_alpha_up", d.BaselineAlphaUp),
            BaselineAlphaDown = t.Float("baseline_alpha_down", d.BaselineAlphaDown),
            ProbeIntervalSeconds = t.Float("probe_interval_seconds", d.ProbeIntervalSeconds),
            MinThroughputMbpsForRtt = t.Float("min_throughput_mbps_for_rtt", d.MinThroughputMbpsForRtt),
            ActivePingTarget = t.String("active_ping_target", d.ActivePingTarget),
            ActivePingIntervalSeconds = t.Float("active_ping_interval_seconds", d.ActivePingIntervalSeconds),
            ActivePingWeight = t.Float("active_ping_weight", d.ActivePingWeight),
            ActivePingTimeoutSeconds = t.Float("active_ping_timeout_seconds", d.ActivePingTimeoutSeconds),
        };
    }

    private static TreeGuardConfig ReadTreeGuard(TomlSection t)
    {
        var d = new TreeGuardConfig();
        return new TreeGuardConfig
        {
            Enabled = t.Bool("enabled", d.Enabled),
            DryRun = t.Bool("dry_run", d.DryRun),
            TickSeconds = t.Integer("tick_seconds", d.TickSeconds),
            Cpu = t.OptionalTable("cpu") is { } cpu ? ReadTreeGuardCpu(cpu) : d.Cpu,
            Links = t.OptionalTable("links") is { } links ? ReadTreeGuardLinks(links) : d.Links,
            Circuits = t.OptionalTable("circuits") is { } circuits ? ReadTreeGuardCircuits(circuits) : d.Circuits,
            Qoo = t.OptionalTable("qoo") is { } qoo
                ? new TreeGuardQooConfig { Enabled = qoo.Bool("enabled", true), MinScore = qoo.Float("min_score", d.Qoo.MinScore) }
                : d.Qoo,
        };
    }

    private static TreeGuardCpuConfig ReadTreeGuardCpu(TomlSection t)
    {
        var d = new TreeGuardCpuConfig();
        return new TreeGuardCpuConfig
        {
            Mode = t.String("mode", d.Mode),
            CpuHighPct = t.Float("cpu_high_pct", d.CpuHighPct),
            CpuLowPct = t.Float("cpu_low_pct", d.CpuLowPct),
        };
    }

    private static TreeGuardLinksConfig ReadTreeGuardLinks(TomlSection t)
    {
        var d = new TreeGuardLinksConfig();
        return new TreeGuardLinksConfig
        {
            Enabled = t.Bool("enabled", d.Enabled),
            AllNodes = t.Bool("all_nodes", d.AllNodes),
            Nodes = t.StringArray("nodes", d.Nodes),
            IdleUtilPct = t.Float("idle_util_pct", d.IdleUtilPct),
            IdleMinMinutes = t.Integer("idle_min_minutes", d.IdleMinMinutes),
            RttMissingSeconds = t.Integer("rtt_missing_seconds", d.RttMissingSeconds),
            UnvirtualizeUtilPct = t.Float("unvirtualize_util_pct", d.UnvirtualizeUtilPct),
            MinStateDwellMinutes = t.Integer("min_state_dwell_minutes", d.MinStateDwellMinutes),
            MaxLinkChangesPerHour = t.Integer("max_link_changes_per_hour", d.MaxLinkChangesPerHour),
            ReloadCooldownMinutes = t.Integer("reload_cooldown_minutes", d.ReloadCooldownMinutes),
            TopLevelAutoVirtualize = t.Bool("top_level_auto_virtualize", d.TopLevelAutoVirtualize),
            TopLevelSafeUtilPct = t.Float("top_level_safe_util_pct", d.TopLevelSafeUtilPct),
        };
    }

    private static TreeGuardCircuitsConfig ReadTreeGuardCircuits(TomlSection t)
    {
        var d = new TreeGuardCircuitsConfig();
        return new TreeGuardCircuitsConfig
        {
            Enabled = t.Bool("enabled", d.Enabled),
            AllCircuits = t.Bool("all_circuits", d.AllCircuits),
            Circuits = t.StringArray("circuits", d.Circuits),
            SwitchingEnabled = t.Bool("switching_enabled", d.SwitchingEnabled),
            IndependentDirections = t.Bool("independent_directions", d.IndependentDirections),
            IdleUtilPct = t.Float("idle_util_pct", d.IdleUtilPct),
            IdleMinMinutes = t.Integer("idle_min_minutes", d.IdleMinMinutes),
            RttMissingSeconds = t.Integer("rtt_missing_seconds", d.RttMissingSeconds),
            UpgradeUtilPct = t.Float("upgrade_util_pct", d.UpgradeUtilPct),
            MinSwitchDwellMinutes = t.Integer("min_switch_dwell_minutes", d.MinSwitchDwellMinutes),
            MaxSwitchesPerHour = t.Integer("max_switches_per_hour", d.MaxSwitchesPerHour),
            PersistSqmOverrides = t.Bool("persist_sqm_overrides", d.PersistSqmOverrides),
        };
    }
}
