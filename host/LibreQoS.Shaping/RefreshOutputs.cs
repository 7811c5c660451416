using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LibreQoS.Config.Files;
using LibreQoS.Core.Shaping;
using LibreQoS.Tc;

namespace LibreQoS.Shaping;

/// <summary>
/// The files upstream's LibreQoS.py leaves after a refresh, which operators' tools and dashboards read:
/// queuingStructure.json, statsByCircuit.json, statsByParentNode.json, linux_tc.txt and lastRun.txt.
/// </summary>
internal static class RefreshOutputs
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(ShapingPaths paths, ShapingPlan plan)
    {
        OperatorFile.WriteAtomically(paths.QueuingStructure, QueuingStructure(plan).ToJsonString(Indented));
        OperatorFile.WriteAtomically(paths.StatsByCircuit, new JsonArray([.. plan.Circuits.Select(c => Circuit(plan, c))]).ToJsonString(Indented));
        OperatorFile.WriteAtomically(paths.StatsByParentNode, new JsonArray([.. plan.Nodes.Select(n => (JsonNode)new JsonObject
        {
            ["parentNodeName"] = n.Name,
            ["classID"] = ClassId(TcHandle.DownloadMajorOf(n.Queue), n.Minor),
            ["maxDownload"] = n.Download.CeilMbps,
            ["maxUpload"] = n.Upload.CeilMbps,
        })]).ToJsonString(Indented));
        OperatorFile.WriteAtomically(paths.LinuxTc, TcBatchWriter.Render(TcTree.Of(plan).BuildCommands()));
        OperatorFile.WriteAtomically(paths.LastRun, DateTime.Now.ToString("dd-MMM-yyyy (HH:mm:ss.ffffff)", CultureInfo.InvariantCulture) + "\n");
    }

    /// <summary>Upstream's nested form: <c>{"Network": {name: {..., "circuits": [...], "children": {...}}}}</c>.</summary>
    private static JsonObject QueuingStructure(ShapingPlan plan)
    {
        var byPath = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var network = new JsonObject();
        foreach (var node in plan.Nodes)
        {
            ushort down = TcHandle.DownloadMajorOf(node.Queue), up = plan.UploadMajor(node.Queue);
            var json = new JsonObject
            {
                ["downloadBandwidthMbps"] = node.Download.CeilMbps,
                ["uploadBandwidthMbps"] = node.Upload.CeilMbps,
                ["downloadBandwidthMbpsMin"] = node.Download.RateMbps,
                ["uploadBandwidthMbpsMin"] = node.Upload.RateMbps,
                ["classid"] = ClassId(down, node.Minor),
                ["up_classid"] = ClassId(up, node.Minor),
                ["parentClassID"] = node.ParentMinor == 0 ? $"0x{down:x}:" : ClassId(down, node.ParentMinor),
                ["up_parentClassID"] = node.ParentMinor == 0 ? $"0x{up:x}:" : ClassId(up, node.ParentMinor),
                ["classMajor"] = $"0x{down:x}",
                ["up_classMajor"] = $"0x{up:x}",
                ["classMinor"] = $"0x{node.Minor:x}",
                ["cpuNum"] = $"0x{node.Queue - 1:x}",
                ["up_cpuNum"] = $"0x{node.Queue - 1 + plan.Interfaces.StickOffset:x}",
                ["circuits"] = new JsonArray(),
                ["children"] = new JsonObject(),
            };
            byPath[node.Path] = json;
            int slash = node.Path.LastIndexOf('/');
            var siblings = slash < 0 ? network : (JsonObject)byPath[node.Path[..slash]]["children"]!;
            siblings[node.Name] = json;
        }
        foreach (var circuit in plan.Circuits)
            ((JsonArray)byPath[circuit.ParentPath]["circuits"]!).Add((JsonNode)Circuit(plan, circuit));
        return new JsonObject { ["Network"] = network };
    }

    private static JsonObject Circuit(ShapingPlan plan, PlannedCircuit circuit)
    {
        ushort down = TcHandle.DownloadMajorOf(circuit.Queue), up = plan.UploadMajor(circuit.Queue);
        int slash = circuit.ParentPath.LastIndexOf('/');
        return new JsonObject
        {
            ["circuitID"] = circuit.CircuitId,
            ["circuitName"] = circuit.CircuitName,
            ["ParentNode"] = slash < 0 ? circuit.ParentPath : circuit.ParentPath[(slash + 1)..],
            ["maxDownload"] = circuit.Download.CeilMbps,
            ["maxUpload"] = circuit.Upload.CeilMbps,
            ["minDownload"] = circuit.Download.RateMbps,
            ["minUpload"] = circuit.Upload.RateMbps,
            ["classid"] = ClassId(down, circuit.Minor),
            ["up_classid"] = ClassId(up, circuit.Minor),
            ["classMajor"] = $"0x{down:x}",
            ["up_classMajor"] = $"0x{up:x}",
            ["classMinor"] = $"0x{circuit.Minor:x}",
            ["sqm"] = $"{circuit.DownloadLeaf?.ToString() ?? "none"}/{circuit.UploadLeaf?.ToString() ?? "none"}",
            ["devices"] = new JsonArray([.. circuit.Devices.Select(d => (JsonNode)new JsonObject
            {
                ["deviceID"] = d.DeviceId,
                ["ipv4s"] = new JsonArray([.. d.Addresses.Where(a => a.IsIPv4).Select(a => (JsonNode)a.ToString())]),
                ["ipv6s"] = new JsonArray([.. d.Addresses.Where(a => !a.IsIPv4).Select(a => (JsonNode)a.ToString())]),
            })]),
        };
    }

    private static string ClassId(ushort major, ushort minor) => $"0x{major:x}:0x{minor:x}";
}
