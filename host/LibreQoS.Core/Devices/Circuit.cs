namespace LibreQoS.Core.Devices;

/// <summary>
/// A subscriber circuit: the devices sharing one Circuit ID, shaped by one HTB class.
/// Plan, parent and SQM come from the circuit's first row.
/// </summary>
public sealed record Circuit(
    string CircuitId,
    string CircuitName,
    string ParentNode,
    string ParentNodeId,
    string AnchorNodeId,
    BandwidthLimits Limits,
    string Sqm,
    string Comment,
    IReadOnlyList<ShapedDevice> Devices)
{
    public int SourceLine => Devices.Count > 0 ? Devices[0].SourceLine : 0;

    /// <summary>Unparented circuits go to generated parent nodes when shaped.</summary>
    public bool HasParent => IsParentName(ParentNode);

    /// <summary>False for an empty Parent Node and for upstream's "none".</summary>
    public static bool IsParentName(string parentNode) =>
        parentNode.Length > 0 && !parentNode.Equals("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>Groups rows by Circuit ID in file order; the first row of each circuit defines its plan.</summary>
    public static IReadOnlyList<Circuit> GroupDevices(IEnumerable<ShapedDevice> devices)
    {
        var order = new List<string>();
        var byId = new Dictionary<string, List<ShapedDevice>>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            if (!byId.TryGetValue(device.CircuitId, out var rows))
            {
                rows = [];
                byId.Add(device.CircuitId, rows);
                order.Add(device.CircuitId);
            }
            rows.Add(device);
        }

        var circuits = new List<Circuit>(order.Count);
        foreach (var id in order)
        {
            var rows = byId[id];
            var first = rows[0];
            circuits.Add(new Circuit(id, first.CircuitName, first.ParentNode, first.ParentNodeId, first.AnchorNodeId,
                first.Limits, first.Sqm, first.Comment, rows));
        }
        return circuits;
    }
}
