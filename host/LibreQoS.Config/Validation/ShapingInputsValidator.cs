using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.ShapedDevices;
using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;

namespace LibreQoS.Config.Validation;

/// <summary>
/// Checks that span rows and files: unique node names and IDs, unique Device IDs, no address in two circuits,
/// rows of one circuit agreeing, and every parent present in network.json. Upstream's rules, plus the
/// obvious ones it lets through (see docs/compat.md).
/// </summary>
public static class ShapingInputsValidator
{
    public static void ValidateNetwork(NetworkTree network, string path, DiagnosticBag diagnostics)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new Dictionary<string, (string Name, int Line)>(StringComparer.Ordinal);
        foreach (var node in network.AllNodes())
        {
            if (!names.TryAdd(node.Name, node.SourceLine))
                diagnostics.Error(path, node.SourceLine, node.Name, $"the node name is also used at line {names[node.Name]}; node names must be unique");
            if (node.Id is { Length: > 0 } id && !ids.TryAdd(id, (node.Name, node.SourceLine)))
                diagnostics.Error(path, node.SourceLine, $"{node.Name}.id", $"'{id}' is also the id of '{ids[id].Name}' (line {ids[id].Line}); ids must be unique");
        }
    }

    public static void ValidateCircuits(IReadOnlyList<Circuit> circuits, NetworkTree network, string path, DiagnosticBag diagnostics)
    {
        int devices = circuits.Sum(c => c.Devices.Count);
        var deviceIds = new Dictionary<string, int>(devices, StringComparer.Ordinal);
        var addresses = new Dictionary<IpPrefix, (string CircuitId, int Line)>(devices * 3 / 2);
        int parentedInFlatNetwork = 0;
        foreach (var circuit in circuits)
        {
            var first = circuit.Devices[0];
            foreach (var device in circuit.Devices)
            {
                if (device.DeviceId.Length > 0 && !deviceIds.TryAdd(device.DeviceId, device.SourceLine))
                    diagnostics.Error(path, device.SourceLine, "Device ID", $"'{device.DeviceId}' is also used at line {deviceIds[device.DeviceId]}; Device IDs must be unique");
                CheckAddresses(device, addresses, path, diagnostics);
                if (!ReferenceEquals(device, first))
                    CheckAgreesWithFirstRow(device, first, path, diagnostics);
            }

            if (network.IsFlat)
                parentedInFlatNetwork += circuit.HasParent ? 1 : 0;
            else
                CheckParentExists(circuit, network, path, diagnostics);
        }

        if (parentedInFlatNetwork > 0)
            diagnostics.Warning(path, 0, "Parent Node",
                $"network.json is flat ({{}}), so the parent node of {parentedInFlatNetwork} circuit(s) is ignored and they are spread over generated parent nodes");
    }

    private static void CheckAddresses(ShapedDevice device, Dictionary<IpPrefix, (string CircuitId, int Line)> seen, string path, DiagnosticBag diagnostics)
    {
        foreach (var prefix in device.Addresses)
        {
            if (seen.TryAdd(prefix, (device.CircuitId, device.SourceLine)))
                continue;
            var (owner, line) = seen[prefix];
            string field = prefix.IsIPv4 ? "IPv4" : "IPv6";
            if (owner == device.CircuitId)
                diagnostics.Warning(path, device.SourceLine, field, $"{prefix} is listed again for the same circuit (line {line})");
            else
                diagnostics.Error(path, device.SourceLine, field, $"{prefix} is already used by circuit '{owner}' (line {line}); an address can belong to one circuit only");
        }
    }

    private static void CheckAgreesWithFirstRow(ShapedDevice device, ShapedDevice first, string path, DiagnosticBag diagnostics)
    {
        void Disagree(string field, string value, string firstValue) =>
            diagnostics.Error(path, device.SourceLine, field,
                $"'{value}' differs from '{firstValue}' on line {first.SourceLine}; every row of circuit '{device.CircuitId}' must have the same {field}");

        if (device.ParentNode != first.ParentNode)
            Disagree("Parent Node", device.ParentNode, first.ParentNode);
        if (device.ParentNodeId != first.ParentNodeId)
            Disagree("Parent Node ID", device.ParentNodeId, first.ParentNodeId);
        if (device.AnchorNodeId != first.AnchorNodeId)
            Disagree("Anchor Node ID", device.AnchorNodeId, first.AnchorNodeId);
        if (device.Limits != first.Limits)
        {
            var (a, b) = (device.Limits, first.Limits);
            diagnostics.Error(path, device.SourceLine, "rates",
                $"{a.DownloadMin}/{a.UploadMin}/{a.DownloadMax}/{a.UploadMax} differ from {b.DownloadMin}/{b.UploadMin}/{b.DownloadMax}/{b.UploadMax} " +
                $"on line {first.SourceLine}; every row of circuit '{device.CircuitId}' must have the same min/max rates");
        }
        if (!string.Equals(device.Sqm.Trim(), first.Sqm.Trim(), StringComparison.OrdinalIgnoreCase))
            diagnostics.Warning(path, device.SourceLine, "sqm", $"'{device.Sqm}' differs from '{first.Sqm}' on line {first.SourceLine}; the first row's value is used");
    }

    /// <summary>Every row is checked, so a typo on the second device of a circuit is named too.</summary>
    private static void CheckParentExists(Circuit circuit, NetworkTree network, string path, DiagnosticBag diagnostics)
    {
        foreach (var device in circuit.Devices)
        {
            if (!ReferenceEquals(device, circuit.Devices[0]) && device.ParentNode == circuit.ParentNode && device.ParentNodeId == circuit.ParentNodeId)
                continue;
            if (device.ParentNodeId.Length > 0)
            {
                if (network.FindById(device.ParentNodeId) is null && network.FindByName(device.ParentNode) is null)
                    diagnostics.Error(path, device.SourceLine, "Parent Node ID", $"'{device.ParentNodeId}' is not the id of any node in network.json");
            }
            else if (Circuit.IsParentName(device.ParentNode) && network.FindByName(device.ParentNode) is null)
            {
                diagnostics.Error(path, device.SourceLine, "Parent Node", $"'{device.ParentNode}' is not a node in network.json");
            }
        }
    }
}
