using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.LqosConf;

/// <summary>Upstream's <c>Config::validate</c> rules (v2.0 and HEAD), each reported with the key it is about.</summary>
public static class LqosConfigValidator
{
    public static void Validate(LqosConfig config, string path, DiagnosticBag diagnostics, TomlSource? source = null)
    {
        void Error(string key, string message)
        {
            var at = source is null ? default : Locate(source, key);
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, path, at.Line, at.Column, key, message));
        }

        if (config.Version != LqosConfig.SupportedVersion)
            Error("version", $"Configuration file is at version [{config.Version}], but this version of lqos only supports version 1.5.0");
        if (config.Bridge is not null && config.SingleInterface is not null)
            Error("single_interface", "Configuration file may not contain both a bridge and a single-interface section.");
        if (config.Bridge is null && config.SingleInterface is null)
            Error("bridge", "the file needs a [bridge] section (two interfaces) or a [single_interface] section (one interface, two VLANs)");
        if (config.Bridge?.Mtu is < 576 or > 9216)
            Error("bridge.mtu", "bridge.mtu must be between 576 and 9216");
        if (config.SingleInterface?.Mtu is < 576 or > 9216)
            Error("single_interface.mtu", "single_interface.mtu must be between 576 and 9216");
        if (config.SingleInterface is { } single && single.InternetVlan == single.NetworkVlan)
            Error("single_interface.network_vlan", "internet_vlan and network_vlan must differ");
        if (config.Bridge is { } bridge && bridge.ToInternet == bridge.ToNetwork)
            Error("bridge.to_network", "to_internet and to_network must be different interfaces");
        if (string.IsNullOrWhiteSpace(config.NodeId))
            Error("node_id", "Node ID must be set");
        if (config.StateDirectoryOverride is { } state && state.Trim().Length == 0)
            Error("state_directory", "state_directory must not be empty when configured");
        if (config.MikrotikIpv6.ConfigPath.Trim().Length == 0)
            Error("mikrotik_ipv6.config_path", "mikrotik_ipv6.config_path must not be empty");
        if (config.RttThresholds is { } rtt)
        {
            if (rtt.RedMs <= 0)
                Error("rtt_thresholds.red_ms", "rtt_thresholds.red_ms must be > 0");
            if (!(rtt.GreenMs <= rtt.YellowMs && rtt.YellowMs <= rtt.RedMs))
                Error("rtt_thresholds", "rtt_thresholds must satisfy green_ms <= yellow_ms <= red_ms");
        }
        if (config.Ssl is { ExternalHostname: { } host } && !IsHostname(host))
            Error("ssl.external_hostname", "ssl.external_hostname must be a host name only (no IP address, scheme, path or port)");
        if (config.IntegrationCommon.EthernetPortLimitMultiplier is { } multiplier && !(multiplier > 0 && multiplier <= 1))
            Error("integration_common.ethernet_port_limit_multiplier", "integration_common.ethernet_port_limit_multiplier must satisfy 0 < value <= 1");
        if (config.Topology.CompileMode.Length > 0 && !TopologyConfig.CompileModes.Contains(config.Topology.CompileMode))
            Error("topology.compile_mode", "topology.compile_mode must be one of flat, ap_only, ap_site, or full");
        if (config.Uisp.AirmaxFlexibleFrameDownloadRatio is <= 0 or >= 1)
            Error("uisp_integration.airmax_flexible_frame_download_ratio", "uisp_integration.airmax_flexible_frame_download_ratio must satisfy 0 < value < 1");
        if (config.Queues.DefaultSqm.Trim().Length == 0)
            Error("queues.default_sqm", "default_sqm cannot be empty. Please specify a qdisc type (e.g., 'cake diffserv4' or 'fq_codel')");
        if (config.Queues.QueueMode is { } mode && mode is not ("shape" or "observe"))
            Error("queues.queue_mode", $"'{mode}' is not one of shape, observe");
        if (config.LocalApi.Keys.Count > LocalApiConfig.MaxKeys)
            Error("local_api.keys", $"at most {LocalApiConfig.MaxKeys} keys are allowed");
        if (config.IntegrationCommon.QueueRefreshIntervalMins == 0)
            Error("integration_common.queue_refresh_interval_mins", "must be at least 1 minute");

        if (!LqosdConfig.LogLevels.Contains(config.Lqosd.LogLevel))
            Error("lqosd.log_level", $"'{config.Lqosd.LogLevel}' is not one of {string.Join(", ", LqosdConfig.LogLevels)}");
        if (!Path.IsPathRooted(config.Lqosd.BusSocket))
            Error("lqosd.bus_socket", "must be an absolute path");

        ValidateScheduler(config.Scheduler, Error);
        if (config.StormGuard is { } stormGuard)
            ValidateStormGuard(stormGuard, Error);
        ValidateTreeGuard(config.TreeGuard, Error);
        if (config.DynamicCircuits is { } dynamic)
            ValidateDynamicCircuits(dynamic, Error);
        if (config.Flows is { } flows)
            ValidateFlows(flows, Error);
    }

    private static void ValidateFlows(FlowsConfig f, Action<string, string> error)
    {
        if (f.MaxFlows is < FlowsConfig.MinMaxFlows or > FlowsConfig.MaxMaxFlows)
            error("flows.max_flows", $"must be between {FlowsConfig.MinMaxFlows} and {FlowsConfig.MaxMaxFlows}");
        if (f.FlowTimeoutSeconds < 1)
            error("flows.flow_timeout_seconds", "must be at least 1");
        if (f.NetflowEnabled && f.NetflowVersion is not (null or 5 or 9))
            error("flows.netflow_version", $"NetFlow version {f.NetflowVersion} is not supported; use 5 or 9");
        if (f.NetflowEnabled && (f.NetflowIp is null || !System.Net.IPAddress.TryParse(f.NetflowIp, out _)))
            error("flows.netflow_ip", "netflow_enabled needs netflow_ip, the collector's IP address");
    }

    private static void ValidateScheduler(SchedulerConfig s, Action<string, string> error)
    {
        if (!LqosdConfig.LogLevels.Contains(s.LogLevel))
            error("scheduler.log_level", $"'{s.LogLevel}' is not one of {string.Join(", ", LqosdConfig.LogLevels)}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < s.Jobs.Count; i++)
        {
            string name = s.Jobs[i].Name;
            if (!SchedulerConfig.JobNames.Contains(name))
                error($"scheduler.jobs[{i}].name", $"'{name}' is not a job; use one of {string.Join(", ", SchedulerConfig.JobNames)}");
            else if (!seen.Add(name))
                error($"scheduler.jobs[{i}].name", $"'{name}' is configured twice; merge the two [[scheduler.jobs]] entries");
        }
    }

    private static void ValidateStormGuard(StormGuardConfig s, Action<string, string> error)
    {
        const string p = "stormguard.";
        if (s.Enabled && !s.AllSites && s.Targets.Count == 0)
            error(p + "targets", "targets must not be empty when StormGuard is enabled and all_sites is false");
        if (!StormGuardConfig.Strategies.Contains(s.Strategy))
            error(p + "strategy", $"'{s.Strategy}' is not one of {string.Join(", ", StormGuardConfig.Strategies)}");
        foreach (var (key, value) in new[] { ("minimum_download_percentage", s.MinimumDownloadPercentage), ("minimum_upload_percentage", s.MinimumUploadPercentage) })
        {
            if (value is <= 0 or > 1)
                error(p + key, "must be in (0, 1]");
        }
        foreach (var (key, value) in new[] { ("increase_multiplier", s.IncreaseMultiplier), ("increase_fast_multiplier", s.IncreaseFastMultiplier) })
        {
            if (value <= 1)
                error(p + key, "must be greater than 1");
        }
        foreach (var (key, value) in new[] { ("decrease_multiplier", s.DecreaseMultiplier), ("decrease_fast_multiplier", s.DecreaseFastMultiplier) })
        {
            if (value is <= 0 or >= 1)
                error(p + key, "must be in (0, 1)");
        }
        foreach (var (key, value) in new[]
        {
            ("increase_cooldown_seconds", s.IncreaseCooldownSeconds), ("decrease_cooldown_seconds", s.DecreaseCooldownSeconds),
            ("increase_fast_cooldown_seconds", s.IncreaseFastCooldownSeconds), ("decrease_fast_cooldown_seconds", s.DecreaseFastCooldownSeconds),
        })
        {
            if (value <= 0)
                error(p + key, "must be greater than 0");
        }
        if (s.CircuitFallbackSqm is not ("fq_codel" or "cake"))
            error(p + "circuit_fallback_sqm", "circuit_fallback_sqm must be fq_codel or cake");
        foreach (var (key, value) in new[] { ("baseline_alpha_up", s.BaselineAlphaUp), ("baseline_alpha_down", s.BaselineAlphaDown) })
        {
            if (value is <= 0 or > 1)
                error(p + key, "must be in (0, 1]");
        }
        if (s.ActivePingWeight > 1)
            error(p + "active_ping_weight", "active_ping_weight must be <= 1");
        if (s.Strategy == "delay_probe_active" && s.ActivePingTarget.Trim().Length == 0)
            error(p + "active_ping_target", "active_ping_target must not be empty for the delay_probe_active strategy");
    }

    private static void ValidateTreeGuard(TreeGuardConfig t, Action<string, string> error)
    {
        void Percent(string key, double value)
        {
            if (value is < 0 or > 100)
                error("treeguard." + key, "must be between 0 and 100");
        }

        Percent("cpu.cpu_high_pct", t.Cpu.CpuHighPct);
        Percent("cpu.cpu_low_pct", t.Cpu.CpuLowPct);
        Percent("links.idle_util_pct", t.Links.IdleUtilPct);
        Percent("links.unvirtualize_util_pct", t.Links.UnvirtualizeUtilPct);
        Percent("links.top_level_safe_util_pct", t.Links.TopLevelSafeUtilPct);
        Percent("circuits.idle_util_pct", t.Circuits.IdleUtilPct);
        Percent("circuits.upgrade_util_pct", t.Circuits.UpgradeUtilPct);
        Percent("qoo.min_score", t.Qoo.MinScore);
        if (t.Cpu.CpuLowPct > t.Cpu.CpuHighPct)
            error("treeguard.cpu.cpu_low_pct", "cpu_low_pct must be <= cpu_high_pct");
        if (t.Circuits.UpgradeUtilPct < t.Circuits.IdleUtilPct)
            error("treeguard.circuits.upgrade_util_pct", "upgrade_util_pct must be >= idle_util_pct");
        if (t.TickSeconds <= 0)
            error("treeguard.tick_seconds", "tick_seconds must be > 0");
    }

    private static void ValidateDynamicCircuits(DynamicCircuitsConfig d, Action<string, string> error)
    {
        if (d.TtlSeconds <= 0)
            error("dynamic_circuits.ttl_seconds", "ttl_seconds must be > 0");
        for (int i = 0; i < d.Ranges.Count; i++)
        {
            var r = d.Ranges[i];
            string p = $"dynamic_circuits.ranges[{i}]";
            if (r.Name.Trim().Length == 0)
                error(p + ".name", "every range needs a name");
            if (r.DownloadMinMbps < 0.1 || r.UploadMinMbps < 0.1)
                error(p, "minimum rates must be at least 0.1 Mbps");
            if (r.DownloadMaxMbps < 0.2 || r.UploadMaxMbps < 0.2)
                error(p, "maximum rates must be at least 0.2 Mbps");
            if (r.DownloadMinMbps > r.DownloadMaxMbps || r.UploadMinMbps > r.UploadMaxMbps)
                error(p, "minimum rates must not exceed maximum rates");
        }
    }

    private static bool IsHostname(string host) =>
        host.Length is > 0 and <= 253
        && !System.Net.IPAddress.TryParse(host, out _)
        && host.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && label[0] != '-' && label[^1] != '-');

    /// <summary>The position of a dotted key (array indices dropped), or of its nearest table that exists.</summary>
    private static TomlPosition Locate(TomlSource source, string dottedKey)
    {
        TomlTable? table = source.Root;
        var position = source.PositionOf(source.Root);
        foreach (var part in dottedKey.Split('.'))
        {
            string key = part.Split('[')[0];
            if (table is null || !table.TryGetValue(key, out var next))
                break;
            position = source.PositionOf(table, key);
            table = next switch
            {
                TomlTableArray { Count: > 0 } tables when part.Contains('[') => tables[0],
                TomlArray { Count: > 0 } array when part.Contains('[') && array[0] is TomlTable first => first,
                TomlTable child => child,
                _ => null,
            };
        }
        return position;
    }
}
