using System.Globalization;
using System.Text.Json;
using LibreQoS.Config.Files;
using LibreQoS.Core.Shaping;
using LibreQoS.Tc;

namespace LibreQoS.Shaping;

/// <summary>
/// The files upstream's LibreQoS.py leaves after a refresh, which operators' tools and dashboards read:
/// queuingStructure.json, statsByCircuit.json, statsByParentNode.json, linux_tc.txt and lastRun.txt.
/// Written with a streaming JSON writer: they are regenerated on every refresh, for up to 100k circuits.
/// </summary>
internal static class RefreshOutputs
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static void Write(ShapingPaths paths, ShapingPlan plan)
    {
        WriteJson(paths.QueuingStructure, json => QueuingStructure(json, plan));
        WriteJson(paths.StatsByCircuit, json =>
        {
            json.WriteStartArray();
            foreach (var circuit in plan.Circuits)
                Circuit(json, plan, circuit);
            json.WriteEndArray();
        });
        WriteJson(paths.StatsByParentNode, json =>
        {
            json.WriteStartArray();
            foreach (var node in plan.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("parentNodeName", node.Name);
                json.WriteString("classID", ClassId(TcHandle.DownloadMajorOf(node.Queue), node.Minor));
                json.WriteNumber("maxDownload", node.Download.CeilMbps);
                json.WriteNumber("maxUpload", node.Upload.CeilMbps);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
        WriteFile(paths.LinuxTc, TcBatchWriter.Render(TcTree.Of(plan).BuildCommands()));
        WriteFile(paths.LastRun, DateTime.Now.ToString("dd-MMM-yyyy (HH:mm:ss.ffffff)", CultureInfo.InvariantCulture) + "\n");
    }

    private static void WriteFile(string path, string contents) => OperatorFile.WriteAtomically(path, contents, durable: false);

    private static void WriteJson(string path, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
            write(json);
        OperatorFile.WriteAtomically(path, buffer.ToArray(), durable: false);
    }

    /// <summary>Upstream's nested form: <c>{"Network": {name: {..., "circuits": [...], "children": {...}}}}</c>.</summary>
    private static void QueuingStructure(Utf8JsonWriter json, ShapingPlan plan)
    {
        var circuitsByParent = plan.Circuits.ToLookup(c => c.ParentPath, StringComparer.Ordinal);
        var childrenByParent = plan.Nodes.ToLookup(n => ParentPath(n.Path), StringComparer.Ordinal);

        void Nodes(string parentPath)
        {
            foreach (var node in childrenByParent[parentPath])
            {
                ushort down = TcHandle.DownloadMajorOf(node.Queue), up = plan.UploadMajor(node.Queue);
                json.WriteStartObject(node.Name);
                json.WriteNumber("downloadBandwidthMbps", node.Download.CeilMbps);
                json.WriteNumber("uploadBandwidthMbps", node.Upload.CeilMbps);
                json.WriteNumber("downloadBandwidthMbpsMin", node.Download.RateMbps);
                json.WriteNumber("uploadBandwidthMbpsMin", node.Upload.RateMbps);
                json.WriteString("classid", ClassId(down, node.Minor));
                json.WriteString("up_classid", ClassId(up, node.Minor));
                json.WriteString("parentClassID", node.ParentMinor == 0 ? $"0x{down:x}:" : ClassId(down, node.ParentMinor));
                json.WriteString("up_parentClassID", node.ParentMinor == 0 ? $"0x{up:x}:" : ClassId(up, node.ParentMinor));
                json.WriteString("classMajor", $"0x{down:x}");
                json.WriteString("up_classMajor", $"0x{up:x}");
                json.WriteString("classMinor", $"0x{node.Minor:x}");
                json.WriteString("cpuNum", $"0x{node.Queue - 1:x}");
                json.WriteString("up_cpuNum", $"0x{node.Queue - 1 + plan.Interfaces.StickOffset:x}");
                json.WriteStartArray("circuits");
                foreach (var circuit in circuitsByParent[node.Path])
                    Circuit(json, plan, circuit);
                json.WriteEndArray();
                json.WriteStartObject("children");
                Nodes(node.Path);
                json.WriteEndObject();
                json.WriteEndObject();
            }
        }

        json.WriteStartObject();
        json.WriteStartObject("Network");
        Nodes("");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Circuit(Utf8JsonWriter json, ShapingPlan plan, PlannedCircuit circuit)
    {
        ushort down = TcHandle.DownloadMajorOf(circuit.Queue), up = plan.UploadMajor(circuit.Queue);
        json.WriteStartObject();
        json.WriteString("circuitID", circuit.CircuitId);
        json.WriteString("circuitName", circuit.CircuitName);
        json.WriteString("ParentNode", circuit.ParentPath[(circuit.ParentPath.LastIndexOf('/') + 1)..]);
        json.WriteNumber("maxDownload", circuit.Download.CeilMbps);
        json.WriteNumber("maxUpload", circuit.Upload.CeilMbps);
        json.WriteNumber("minDownload", circuit.Download.RateMbps);
        json.WriteNumber("minUpload", circuit.Upload.RateMbps);
        json.WriteString("classid", ClassId(down, circuit.Minor));
        json.WriteString("up_classid", ClassId(up, circuit.Minor));
        json.WriteString("classMajor", $"0x{down:x}");
        json.WriteString("up_classMajor", $"0x{up:x}");
        json.WriteString("classMinor", $"0x{circuit.Minor:x}");
        json.WriteString("sqm", $"{circuit.DownloadLeaf?.ToString() ?? "none"}/{circuit.UploadLeaf?.ToString() ?? "none"}");
        json.WriteStartArray("devices");
        foreach (var device in circuit.Devices)
        {
            json.WriteStartObject();
            json.WriteString("deviceID", device.DeviceId);
            json.WriteStartArray("ipv4s");
            foreach (var address in device.Addresses.Where(a => a.IsIPv4))
                json.WriteStringValue(address.ToString());
            json.WriteEndArray();
            json.WriteStartArray("ipv6s");
            foreach (var address in device.Addresses.Where(a => !a.IsIPv4))
                json.WriteStringValue(address.ToString());
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string ParentPath(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";

    private static string ClassId(ushort major, ushort minor) => $"0x{major:x}:0x{minor:x}";
}
