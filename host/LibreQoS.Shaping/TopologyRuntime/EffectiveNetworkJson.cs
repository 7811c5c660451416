using System.Text.Json;
using LibreQoS.Core.Network;

namespace LibreQoS.Shaping.TopologyRuntime;

/// <summary><c>network.effective.json</c>: the network after the overrides, in network.json's shape (NetworkJsonReader reads it back).</summary>
public static class EffectiveNetworkJson
{
    public static byte[] ToUtf8(NetworkTree network)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            WriteNodes(writer, network.TopLevel);
        return buffer.ToArray();
    }

    private static void WriteNodes(Utf8JsonWriter writer, IReadOnlyList<NetworkNode> nodes)
    {
        writer.WriteStartObject();
        foreach (var node in nodes)
        {
            writer.WriteStartObject(node.Name);
            WriteOptional(writer, "downloadBandwidthMbps", node.DownloadMax);
            WriteOptional(writer, "uploadBandwidthMbps", node.UploadMax);
            WriteOptional(writer, "downloadBandwidthMbpsMin", node.DownloadMin);
            WriteOptional(writer, "uploadBandwidthMbpsMin", node.UploadMin);
            WriteOptional(writer, "type", node.Type);
            WriteOptional(writer, "id", node.Id);
            WriteOptional(writer, "name", node.DisplayName);
            if (node.IsVirtual)
                writer.WriteBoolean("virtual", true);
            WriteOptional(writer, "latitude", node.Latitude);
            WriteOptional(writer, "longitude", node.Longitude);
            writer.WritePropertyName("children");
            WriteNodes(writer, node.Children);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
            writer.WriteNumber(name, v);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
            writer.WriteString(name, value);
    }
}
