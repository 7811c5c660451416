using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.Json;
using LibreQoS.Core.Network;

namespace LibreQoS.Config.NetworkJson;

/// <summary>
/// Reads network.json: an object of top-level nodes keyed by unique name, each with bandwidths and optional
/// <c>children</c>. Unknown keys (latitude, CRM extras) are kept out of the model without complaint, as upstream does.
/// </summary>
public static class NetworkJsonReader
{
    public const string FileName = "network.json";

    /// <exception cref="OperatorFileException">The file cannot be read or is not JSON.</exception>
    public static NetworkTree Read(string path, DiagnosticBag diagnostics)
    {
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

    public static NetworkTree Parse(byte[] utf8, string path, DiagnosticBag diagnostics)
    {
        var root = LocatedJson.Parse(utf8, path);
        if (root is not JsonObjectAt top)
        {
            diagnostics.Error(path, root.Line, "", $"the top level must be an object of nodes, not {root.KindName}");
            return NetworkTree.Flat;
        }
        return new NetworkTree(new NodeReader(path, diagnostics).ReadChildren(top, parentName: null));
    }

    private sealed class NodeReader(string path, DiagnosticBag diagnostics)
    {
        public IReadOnlyList<NetworkNode> ReadChildren(JsonObjectAt children, string? parentName)
        {
            var nodes = new List<NetworkNode>(children.Properties.Count);
            foreach (var member in children.Properties)
            {
                if (member.Value is not JsonObjectAt body)
                {
                    string where = parentName is null ? "top level" : $"children of '{parentName}'";
                    diagnostics.Error(path, member.Line, member.Name, $"a node must be an object, not {member.Value.KindName} ({where})");
                    continue;
                }
                nodes.Add(ReadNode(member.Name, member.Line, body));
            }
            return nodes;
        }

        private NetworkNode ReadNode(string name, int line, JsonObjectAt body)
        {
            var children = body["children"] switch
            {
                null or JsonNullAt => [],
                JsonObjectAt obj => ReadChildren(obj, name),
                var other => Invalid<IReadOnlyList<NetworkNode>>(other, $"{name}.children", "an object of nodes") ?? [],
            };
            string? type = String(body, name, "type");
            bool isVirtual = Boolean(body, name, "virtual") || string.Equals(type, "virtual", StringComparison.OrdinalIgnoreCase);

            var node = new NetworkNode(
                name,
                String(body, name, "id"),
                String(body, name, "name"),
                type,
                isVirtual,
                Bandwidth(body, name, "downloadBandwidthMbps"),
                Bandwidth(body, name, "uploadBandwidthMbps"),
                Bandwidth(body, name, "downloadBandwidthMbpsMin"),
                Bandwidth(body, name, "uploadBandwidthMbpsMin"),
                Number(body, name, "latitude"),
                Number(body, name, "longitude"),
                children,
                line);
            WarnMinAboveMax(node, "download", node.DownloadMin, node.DownloadMax);
            WarnMinAboveMax(node, "upload", node.UploadMin, node.UploadMax);
            return node;
        }

        private void WarnMinAboveMax(NetworkNode node, string direction, double? min, double? max)
        {
            if (min is > 0 && max is > 0 && min > max)
                diagnostics.Warning(path, node.SourceLine, $"{node.Name}.{direction}BandwidthMbpsMin",
                    $"{min} is above the maximum {max}; it will be lowered below the maximum");
        }

        private double? Bandwidth(JsonObjectAt body, string name, string key)
        {
            double? value = Number(body, name, key);
            if (value is < 0)
            {
                diagnostics.Error(path, body[key]!.Line, $"{name}.{key}", $"{value} is negative; use a rate in Mbps, or 0 to inherit the parent's");
                return null;
            }
            return value;
        }

        private double? Number(JsonObjectAt body, string name, string key) => body[key] switch
        {
            null or JsonNullAt => null,
            JsonNumberAt n => n.Value,
            JsonStringAt s when double.TryParse(s.Value, System.Globalization.CultureInfo.InvariantCulture, out double parsed) => parsed,
            var other => Invalid<double?>(other, $"{name}.{key}", "a number"),
        };

        private string? String(JsonObjectAt body, string name, string key) => body[key] switch
        {
            null or JsonNullAt => null,
            JsonStringAt s => s.Value,
            JsonNumberAt n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            var other => Invalid<string?>(other, $"{name}.{key}", "a string"),
        };

        private bool Boolean(JsonObjectAt body, string name, string key) => body[key] switch
        {
            null or JsonNullAt => false,
            JsonBooleanAt b => b.Value,
            var other => Invalid<bool>(other, $"{name}.{key}", "true or false"),
        };

        private T? Invalid<T>(JsonNodeAt value, string field, string expected)
        {
            diagnostics.Error(path, value.Line, field, $"expected {expected}, found {value.KindName}");
            return default;
        }
    }
}
