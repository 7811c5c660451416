using System.Text.Json;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;
using LibreQoS.Service.State;
using LibreQoS.WebUi.Config;

namespace LibreQoS.Service.WebUi;

/// <summary>
/// lqos.conf for the editor: the settings in <see cref="Editable"/>, read from the running config and saved with
/// <see cref="LqosConfigFile.TrySave"/> (validated, comments kept, previous file backed up), then reloaded.
/// </summary>
public sealed class LqosdConfigQueries(ConfigHolder config) : IConfigQueries
{
    /// <param name="JsonPath">Where <see cref="LqosConfigJson"/> puts the value (section names differ from the file's for integrations).</param>
    private sealed record Editable(string Section, string Key, string JsonPath, string Label, SettingKind Kind, IReadOnlyList<string>? Choices = null);

    private static readonly string[] TopologyStrategies = ["flat", "ap_only", "ap_site", "full"];

    private static readonly Editable[] Settings =
    [
        new("General", "node_name", "node_name", "Node name", SettingKind.Text),
        new("Queues", "queues.downlink_bandwidth_mbps", "queues.downlink_bandwidth_mbps", "Downlink (Mbps)", SettingKind.Number),
        new("Queues", "queues.uplink_bandwidth_mbps", "queues.uplink_bandwidth_mbps", "Uplink (Mbps)", SettingKind.Number),
        new("Queues", "queues.default_sqm", "queues.default_sqm", "Default SQM", SettingKind.Text),
        new("Queues", "queues.monitor_only", "queues.monitor_only", "Monitor only", SettingKind.Boolean),
        new("Integrations", "integration_common.circuit_name_as_address", "integration_common.circuit_name_as_address", "Circuit name as address", SettingKind.Boolean),
        new("Integrations", "integration_common.queue_refresh_interval_mins", "integration_common.queue_refresh_interval_mins", "Import every (minutes)", SettingKind.Number),
        .. Integration("UISP", "uisp_integration", "uisp",
        [
            ("enable_uisp", "Enable UISP", SettingKind.Boolean, null),
            ("url", "UISP address", SettingKind.Url, null),
            ("token", "UISP API token", SettingKind.Text, null),
            ("site", "Root site", SettingKind.Text, null),
            ("strategy", "Topology strategy", SettingKind.Choice, TopologyStrategies),
            ("suspended_strategy", "Suspended customers", SettingKind.Choice, ["none", "ignore", "slow"]),
            ("airmax_capacity", "airMAX capacity factor", SettingKind.Fraction, null),
            ("ltu_capacity", "LTU capacity factor", SettingKind.Fraction, null),
            ("bandwidth_overhead_factor", "Bandwidth overhead factor", SettingKind.Fraction, null),
            ("commit_bandwidth_multiplier", "Commit bandwidth multiplier", SettingKind.Fraction, null),
            ("ignore_calculated_capacity", "Ignore calculated capacity", SettingKind.Boolean, null),
            ("exclude_sites", "Sites to leave out", SettingKind.List, null),
            ("squash_sites", "Sites to squash", SettingKind.List, null),
            ("do_not_squash_sites", "Sites never squashed", SettingKind.List, null),
        ]),
        .. Integration("Splynx", "splynx_integration", "splynx",
        [
            ("enable_splynx", "Enable Splynx", SettingKind.Boolean, null),
            ("url", "Splynx address", SettingKind.Url, null),
            ("api_key", "Splynx API key", SettingKind.Text, null),
            ("api_secret", "Splynx API secret", SettingKind.Text, null),
            ("strategy", "Topology strategy", SettingKind.Choice, TopologyStrategies),
        ]),
        .. Integration("Netzur", "netzur_integration", "netzur",
        [
            ("enable_netzur", "Enable Netzur", SettingKind.Boolean, null),
            ("api_url", "Netzur API address", SettingKind.Url, null),
            ("api_key", "Netzur API key", SettingKind.Text, null),
            ("timeout_secs", "Timeout (seconds)", SettingKind.Number, null),
        ]),
        .. Integration("VISP", "visp_integration", "visp",
        [
            ("enable_visp", "Enable VISP", SettingKind.Boolean, null),
            ("client_id", "Client id", SettingKind.Text, null),
            ("client_secret", "Client secret", SettingKind.Text, null),
            ("username", "User name", SettingKind.Text, null),
            ("password", "Password", SettingKind.Text, null),
            ("token_url", "Token address", SettingKind.Url, null),
            ("graphql_url", "GraphQL address", SettingKind.Url, null),
            ("isp_id", "ISP id", SettingKind.Number, null),
            ("strategy", "Topology strategy", SettingKind.Text, null),
            ("timeout_secs", "Timeout (seconds)", SettingKind.Number, null),
            ("verify_tls", "Verify TLS", SettingKind.Boolean, null),
            ("service_type_allowlist", "Service types to import", SettingKind.List, null),
        ]),
        .. Integration("Powercode", "powercode_integration", "powercode",
        [
            ("enable_powercode", "Enable Powercode", SettingKind.Boolean, null),
            ("powercode_api_url", "Powercode API address", SettingKind.Url, null),
            ("powercode_api_key", "Powercode API key", SettingKind.Text, null),
        ]),
        .. Integration("Sonar", "sonar_integration", "sonar",
        [
            ("enable_sonar", "Enable Sonar", SettingKind.Boolean, null),
            ("sonar_api_url", "Sonar API address", SettingKind.Url, null),
            ("sonar_api_key", "Sonar API key", SettingKind.Text, null),
            ("snmp_community", "SNMP community", SettingKind.Text, null),
            ("airmax_model_ids", "airMAX AP model ids", SettingKind.IdList, null),
            ("ltu_model_ids", "LTU AP model ids", SettingKind.IdList, null),
            ("active_status_ids", "Active account status ids", SettingKind.IdList, null),
            ("recurring_excluded_service_names", "Recurring services to leave out", SettingKind.List, null),
        ]),
        .. Integration("WISPGate", "wispgate_integration", "wisp_gate",
        [
            ("enable_wispgate", "Enable WISPGate", SettingKind.Boolean, null),
            ("wispgate_api_url", "WISPGate API address", SettingKind.Url, null),
            ("wispgate_api_token", "WISPGate API token", SettingKind.Text, null),
        ]),
        new("Long-term stats", "long_term_stats.license_key", "long_term_stats.license_key", "LTS license key", SettingKind.Text),
    ];

    /// <summary>An integration's editor: its <c>[<paramref name="table"/>]</c> keys, found under <paramref name="jsonSection"/> in the typed config.</summary>
    private static IEnumerable<Editable> Integration(string section, string table, string jsonSection,
        (string Key, string Label, SettingKind Kind, string[]? Choices)[] keys) =>
        keys.Select(k => new Editable(section, $"{table}.{k.Key}", $"{jsonSection}.{k.Key}", k.Label, k.Kind, k.Choices));

    public ConfigView Read()
    {
        // An integration whose section is absent shows its defaults, as the reader would apply them once it is added.
        var current = config.Current;
        var json = LqosConfigJson.ToElement(current with { Netzur = current.Netzur ?? new(), Visp = current.Visp ?? new(), WispGate = current.WispGate ?? new() });
        return new ConfigView(config.Path, [.. Settings.Select(s => View(s, Find(json, s.JsonPath)))]);
    }

    public ConfigSaveResult Save(IReadOnlyDictionary<string, object> changes)
    {
        var diagnostics = new DiagnosticBag();
        var asObjects = changes.ToDictionary(c => c.Key, c => (object?)c.Value, StringComparer.Ordinal);
        if (!LqosConfigFile.TrySave(config.Path, asObjects, diagnostics) || !config.TryReload(diagnostics))
            return new ConfigSaveResult(false, [.. diagnostics.Errors.Select(d => d.ToString())]);
        return new ConfigSaveResult(true, []);
    }

    private static ConfigSetting View(Editable setting, JsonElement? value)
    {
        if (setting.Kind is SettingKind.List or SettingKind.IdList)
        {
            // An optional list that is absent (null) edits as an empty one.
            string[] items = value is { ValueKind: JsonValueKind.Array } array ? [.. array.EnumerateArray().Select(i => i.ToString())] : [];
            return new ConfigSetting(setting.Section, setting.Key, setting.Label, setting.Kind, null, false, items.Length > 0, Items: items);
        }
        string? text = value is { ValueKind: not JsonValueKind.Null } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
        bool secret = SecretKeys.IsSecret(setting.Key);
        return new ConfigSetting(setting.Section, setting.Key, setting.Label, setting.Kind, secret ? null : text, secret, !string.IsNullOrEmpty(text), setting.Choices);
    }

    private static JsonElement? Find(JsonElement root, string dottedPath)
    {
        var at = root;
        foreach (string part in dottedPath.Split('.'))
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(part, out at))
                return null;
        }
        return at;
    }
}
