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
    private sealed record Editable(string Section, string Key, string JsonPath, string Label, SettingKind Kind);

    private static readonly Editable[] Settings =
    [
        new("General", "node_name", "node_name", "Node name", SettingKind.Text),
        new("Queues", "queues.downlink_bandwidth_mbps", "queues.downlink_bandwidth_mbps", "Downlink (Mbps)", SettingKind.Number),
        new("Queues", "queues.uplink_bandwidth_mbps", "queues.uplink_bandwidth_mbps", "Uplink (Mbps)", SettingKind.Number),
        new("Queues", "queues.default_sqm", "queues.default_sqm", "Default SQM", SettingKind.Text),
        new("Queues", "queues.monitor_only", "queues.monitor_only", "Monitor only", SettingKind.Boolean),
        new("Integrations", "integration_common.circuit_name_as_address", "integration_common.circuit_name_as_address", "Circuit name as address", SettingKind.Boolean),
        new("Integrations", "integration_common.queue_refresh_interval_mins", "integration_common.queue_refresh_interval_mins", "Import every (minutes)", SettingKind.Number),
        new("UISP", "uisp_integration.enable_uisp", "uisp.enable_uisp", "Enable UISP", SettingKind.Boolean),
        new("UISP", "uisp_integration.token", "uisp.token", "UISP API token", SettingKind.Text),
        new("Splynx", "splynx_integration.api_key", "splynx.api_key", "Splynx API key", SettingKind.Text),
        new("Long-term stats", "long_term_stats.license_key", "long_term_stats.license_key", "LTS license key", SettingKind.Text),
    ];

    public ConfigView Read()
    {
        var json = LqosConfigJson.ToElement(config.Current);
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
        string? text = value is { ValueKind: not JsonValueKind.Null } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
        bool secret = SecretKeys.IsSecret(setting.Key);
        return new ConfigSetting(setting.Section, setting.Key, setting.Label, setting.Kind, secret ? null : text, secret, !string.IsNullOrEmpty(text));
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
