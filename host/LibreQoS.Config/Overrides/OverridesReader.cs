using System.Globalization;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.Json;
using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;
using LibreQoS.Core.Overrides;

namespace LibreQoS.Config.Overrides;

/// <summary>Reads lqos_overrides.json (every documented override kind); a missing file means no overrides.</summary>
public static class OverridesReader
{
    public const string FileName = "lqos_overrides.json";

    public static LqosOverrides Read(string path, DiagnosticBag diagnostics)
    {
        if (!File.Exists(path))
            return LqosOverrides.Empty;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OperatorFileException(path, 0, $"cannot read the file: {ex.Message}");
        }
        return Parse(bytes, path, diagnostics);
    }

    public static LqosOverrides Parse(byte[] utf8, string path, DiagnosticBag diagnostics)
    {
        if (utf8.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            return LqosOverrides.Empty;
        var root = LocatedJson.Parse(utf8, path);
        if (root is not JsonObjectAt top)
        {
            diagnostics.Error(path, root.Line, "", $"the top level must be an object, not {root.KindName}");
            return LqosOverrides.Empty;
        }

        var fields = new Fields(path, diagnostics);
        var devices = fields.Array(top, "persistent_devices") ?? fields.Array(top, "devices_to_append") ?? [];
        return new LqosOverrides(
            devices.Select(fields.PersistentDevice).OfType<ShapedDevice>().ToList(),
            (fields.Array(top, "circuit_adjustments") ?? []).Select(fields.CircuitAdjustment).OfType<CircuitAdjustment>().ToList(),
            (fields.Array(top, "network_adjustments") ?? []).Select(fields.NetworkAdjustment).OfType<NetworkAdjustment>().ToList(),
            fields.StringList(top, "rtt_excluded_circuits"),
            top["uisp"] is JsonObjectAt uisp ? fields.Uisp(uisp) : UispOverrides.Empty);
    }

    private sealed class Fields(string path, DiagnosticBag diagnostics)
    {
        public IReadOnlyList<JsonNodeAt>? Array(JsonObjectAt obj, string key) => obj[key] switch
        {
            null or JsonNullAt => null,
            JsonArrayAt array => array.Items,
            var other => Invalid<IReadOnlyList<JsonNodeAt>>(other, key, "an array"),
        };

        public IReadOnlyList<string> StringList(JsonObjectAt obj, string key) =>
            (Array(obj, key) ?? []).Select(item => item is JsonStringAt s ? s.Value : Invalid<string>(item, key, "a string"))
                .OfType<string>().ToList();

        public ShapedDevice? PersistentDevice(JsonNodeAt node)
        {
            if (node is not JsonObjectAt d)
                return Invalid<ShapedDevice>(node, "persistent_devices", "an object");
            int errors = diagnostics.ErrorCount;
            var device = new ShapedDevice(
                RequiredString(d, "circuit_id"), String(d, "circuit_name"), String(d, "device_id"), String(d, "device_name"),
                String(d, "parent_node"), String(d, "parent_node_id"), String(d, "anchor_node_id"), String(d, "mac"),
                Prefixes(d, "ipv4"), Prefixes(d, "ipv6"),
                new BandwidthLimits(Rate(d, "download_min_mbps"), Rate(d, "upload_min_mbps"), Rate(d, "download_max_mbps"), Rate(d, "upload_max_mbps")),
                String(d, "comment"), String(d, "sqm_override"), d.Line);
            return diagnostics.ErrorCount == errors ? device : null;
        }

        public CircuitAdjustment? CircuitAdjustment(JsonNodeAt node)
        {
            if (node is not JsonObjectAt a)
                return Invalid<CircuitAdjustment>(node, "circuit_adjustments", "an object");
            return String(a, "type") switch
            {
                "circuit_adjust_speed" => new CircuitAdjustSpeed(RequiredString(a, "circuit_id"), Speed(a)),
                "device_adjust_speed" => new DeviceAdjustSpeed(RequiredString(a, "device_id"), Speed(a)),
                "device_adjust_sqm" => new DeviceAdjustSqm(RequiredString(a, "device_id"), String(a, "sqm_override")),
                "remove_circuit" => new RemoveCircuit(RequiredString(a, "circuit_id")),
                "remove_device" => new RemoveDevice(RequiredString(a, "device_id")),
                "reparent_circuit" => new ReparentCircuit(RequiredString(a, "circuit_id"), RequiredString(a, "parent_node")),
                var type => UnknownType<CircuitAdjustment>(a, type,
                    "circuit_adjust_speed, device_adjust_speed, device_adjust_sqm, remove_circuit, remove_device or reparent_circuit"),
            };
        }

        public NetworkAdjustment? NetworkAdjustment(JsonNodeAt node)
        {
            if (node is not JsonObjectAt a)
                return Invalid<NetworkAdjustment>(node, "network_adjustments", "an object");
            return String(a, "type") switch
            {
                "adjust_site_speed" => new AdjustSiteSpeed(OptionalString(a, "node_id"), RequiredString(a, "site_name"),
                    OptionalNumber(a, "download_bandwidth_mbps"), OptionalNumber(a, "upload_bandwidth_mbps")),
                "set_node_virtual" => new SetNodeVirtual(RequiredString(a, "node_name"), a["virtual"] is JsonBooleanAt { Value: true }),
                "topology_parent_override" => new TopologyParentOverride(String(a, "node_id"), String(a, "node_name"),
                    String(a, "mode") is { Length: > 0 } mode ? mode : "pinned", StringList(a, "parent_node_ids"), StringList(a, "parent_node_names")),
                var type => UnknownType<NetworkAdjustment>(a, type, "adjust_site_speed, set_node_virtual or topology_parent_override"),
            };
        }

        public UispOverrides Uisp(JsonObjectAt uisp)
        {
            var bandwidth = new Dictionary<string, UispBandwidthOverride>(StringComparer.Ordinal);
            if (uisp["bandwidth_overrides"] is JsonObjectAt overrides)
            {
                foreach (var site in overrides.Properties)
                {
                    if (site.Value is JsonArrayAt { Items: [JsonNumberAt down, JsonNumberAt up] })
                        bandwidth[site.Name] = new UispBandwidthOverride(down.Value, up.Value);
                    else
                        Invalid<object>(site.Value, $"uisp.bandwidth_overrides.{site.Name}", "[download, upload]");
                }
            }
            var routes = (Array(uisp, "route_overrides") ?? [])
                .Select(r => r is JsonObjectAt o
                    ? new UispRouteOverride(String(o, "from_site"), String(o, "to_site"), (int)(OptionalNumber(o, "cost") ?? 0))
                    : Invalid<UispRouteOverride>(r, "uisp.route_overrides", "an object"))
                .OfType<UispRouteOverride>().ToList();
            return new UispOverrides(bandwidth, routes);
        }

        private SpeedAdjustment Speed(JsonObjectAt a) => new(
            OptionalNumber(a, "min_download_bandwidth"), OptionalNumber(a, "max_download_bandwidth"),
            OptionalNumber(a, "min_upload_bandwidth"), OptionalNumber(a, "max_upload_bandwidth"));

        private IReadOnlyList<IpPrefix> Prefixes(JsonObjectAt d, string key)
        {
            var result = new List<IpPrefix>();
            foreach (var item in Array(d, key) ?? [])
            {
                string? text = item switch
                {
                    JsonArrayAt { Items: [JsonStringAt address, JsonNumberAt length] } =>
                        string.Create(CultureInfo.InvariantCulture, $"{address.Value}/{length.Value}"),
                    JsonStringAt s => s.Value,
                    _ => Invalid<string>(item, key, "[\"address\", prefix length]"),
                };
                if (text is null)
                    continue;
                if (IpPrefix.TryParse(text, out var prefix, out string error))
                    result.Add(prefix);
                else
                    diagnostics.Error(path, item.Line, key, error);
            }
            return result;
        }

        private double Rate(JsonObjectAt d, string key)
        {
            double? value = OptionalNumber(d, key);
            if (value is null)
                diagnostics.Error(path, d.Line, key, "is missing; a rate in Mbps is required");
            else if (value <= 0)
                diagnostics.Error(path, d[key]!.Line, key, $"{value} must be greater than zero");
            return value ?? 0;
        }

        private double? OptionalNumber(JsonObjectAt obj, string key) => obj[key] switch
        {
            null or JsonNullAt => null,
            JsonNumberAt n => n.Value,
            var other => Invalid<double?>(other, key, "a number"),
        };

        private string String(JsonObjectAt obj, string key) => OptionalString(obj, key) ?? "";

        private string? OptionalString(JsonObjectAt obj, string key) => obj[key] switch
        {
            null or JsonNullAt => null,
            JsonStringAt s => s.Value,
            var other => Invalid<string>(other, key, "a string"),
        };

        private string RequiredString(JsonObjectAt obj, string key)
        {
            string value = String(obj, key);
            if (value.Length == 0 && obj[key] is null or JsonNullAt)
                diagnostics.Error(path, obj.Line, key, "is missing");
            return value;
        }

        private T? UnknownType<T>(JsonObjectAt obj, string type, string expected)
        {
            diagnostics.Error(path, obj.Line, "type", type.Length == 0 ? $"is missing; expected {expected}" : $"'{type}' is not one of {expected}");
            return default;
        }

        private T? Invalid<T>(JsonNodeAt value, string field, string expected)
        {
            diagnostics.Error(path, value.Line, field, $"expected {expected}, found {value.KindName}");
            return default;
        }
    }
}
