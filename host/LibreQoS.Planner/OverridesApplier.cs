using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;
using LibreQoS.Core.Overrides;

namespace LibreQoS.Planner;

/// <summary>Applies lqos_overrides.json to the CRM-made inputs: extra devices, per-circuit and per-device changes, site speeds.</summary>
public static class OverridesApplier
{
    public static (NetworkTree Network, IReadOnlyList<Circuit> Circuits) Apply(
        NetworkTree network, IReadOnlyList<Circuit> circuits, LqosOverrides overrides, ICollection<string> warnings)
    {
        if (ReferenceEquals(overrides, LqosOverrides.Empty))
            return (network, circuits);

        var devices = circuits.SelectMany(c => c.Devices).Concat(overrides.PersistentDevices).ToList();
        foreach (var adjustment in overrides.CircuitAdjustments)
            devices = ApplyCircuitAdjustment(devices, adjustment, warnings);
        foreach (var unsupported in overrides.NetworkAdjustments.OfType<TopologyParentOverride>())
            warnings.Add($"topology_parent_override for '{unsupported.NodeName}' is not supported yet and was ignored");

        return (ApplyNetworkAdjustments(network, overrides.NetworkAdjustments), Circuit.GroupDevices(devices));
    }

    private static List<ShapedDevice> ApplyCircuitAdjustment(List<ShapedDevice> devices, CircuitAdjustment adjustment, ICollection<string> warnings)
    {
        List<ShapedDevice> Update(Func<ShapedDevice, bool> match, Func<ShapedDevice, ShapedDevice> change, string what)
        {
            if (!devices.Any(match))
                warnings.Add($"override {what} matches no device and was ignored");
            return devices.Select(d => match(d) ? change(d) : d).ToList();
        }

        // Speed and SQM are circuit properties: a device-level override changes the device's whole circuit.
        List<ShapedDevice> UpdateCircuitOfDevice(string deviceId, Func<ShapedDevice, ShapedDevice> change, string what)
        {
            string circuitId = devices.FirstOrDefault(d => d.DeviceId == deviceId)?.CircuitId ?? "";
            return Update(d => circuitId.Length > 0 && d.CircuitId == circuitId, change, what);
        }

        return adjustment switch
        {
            CircuitAdjustSpeed a => Update(d => d.CircuitId == a.CircuitId, d => d with { Limits = Adjust(d.Limits, a.Speed) }, $"circuit_adjust_speed '{a.CircuitId}'"),
            DeviceAdjustSpeed a => UpdateCircuitOfDevice(a.DeviceId, d => d with { Limits = Adjust(d.Limits, a.Speed) }, $"device_adjust_speed '{a.DeviceId}'"),
            DeviceAdjustSqm a => UpdateCircuitOfDevice(a.DeviceId, d => d with { Sqm = a.Sqm }, $"device_adjust_sqm '{a.DeviceId}'"),
            RemoveCircuit a => devices.Where(d => d.CircuitId != a.CircuitId).ToList(),
            RemoveDevice a => devices.Where(d => d.DeviceId != a.DeviceId).ToList(),
            ReparentCircuit a => Update(d => d.CircuitId == a.CircuitId, d => d with { ParentNode = a.ParentNode, ParentNodeId = "" }, $"reparent_circuit '{a.CircuitId}'"),
            _ => devices,
        };
    }

    private static BandwidthLimits Adjust(BandwidthLimits limits, SpeedAdjustment speed) => new(
        speed.MinDownload ?? limits.DownloadMin,
        speed.MinUpload ?? limits.UploadMin,
        speed.MaxDownload ?? limits.DownloadMax,
        speed.MaxUpload ?? limits.UploadMax);

    private static NetworkTree ApplyNetworkAdjustments(NetworkTree network, IReadOnlyList<NetworkAdjustment> adjustments)
    {
        if (adjustments.Count == 0)
            return network;

        NetworkNode Rewrite(NetworkNode node)
        {
            foreach (var adjustment in adjustments)
            {
                node = adjustment switch
                {
                    AdjustSiteSpeed a when Matches(node, a) =>
                        node with { DownloadMax = a.DownloadMbps ?? node.DownloadMax, UploadMax = a.UploadMbps ?? node.UploadMax },
                    SetNodeVirtual a when node.Name == a.NodeName => node with { IsVirtual = a.Virtual },
                    _ => node,
                };
            }
            return node with { Children = node.Children.Select(Rewrite).ToList() };
        }

        return new NetworkTree(network.TopLevel.Select(Rewrite).ToList());
    }

    /// <summary>A HEAD-style adjustment names the node by id; older ones by site name.</summary>
    private static bool Matches(NetworkNode node, AdjustSiteSpeed adjustment) =>
        adjustment.NodeId is { Length: > 0 } id ? node.Id == id : node.Name == adjustment.SiteName;
}
