using LibreQoS.Core.Devices;

namespace LibreQoS.Core.Overrides;

/// <summary>lqos_overrides.json: operator changes applied on top of the CRM-generated inputs.</summary>
public sealed record LqosOverrides(
    IReadOnlyList<ShapedDevice> PersistentDevices,
    IReadOnlyList<CircuitAdjustment> CircuitAdjustments,
    IReadOnlyList<NetworkAdjustment> NetworkAdjustments,
    IReadOnlyList<string> RttExcludedCircuits,
    UispOverrides Uisp)
{
    public static LqosOverrides Empty { get; } = new([], [], [], [], UispOverrides.Empty);
}

/// <summary>Optional speeds in Mbps; null leaves that value as it is.</summary>
public readonly record struct SpeedAdjustment(double? MinDownload, double? MaxDownload, double? MinUpload, double? MaxUpload);

public abstract record CircuitAdjustment;

public sealed record CircuitAdjustSpeed(string CircuitId, SpeedAdjustment Speed) : CircuitAdjustment;

public sealed record DeviceAdjustSpeed(string DeviceId, SpeedAdjustment Speed) : CircuitAdjustment;

public sealed record DeviceAdjustSqm(string DeviceId, string Sqm) : CircuitAdjustment;

public sealed record RemoveCircuit(string CircuitId) : CircuitAdjustment;

public sealed record RemoveDevice(string DeviceId) : CircuitAdjustment;

public sealed record ReparentCircuit(string CircuitId, string ParentNode) : CircuitAdjustment;

public abstract record NetworkAdjustment;

public sealed record AdjustSiteSpeed(string? NodeId, string SiteName, double? DownloadMbps, double? UploadMbps) : NetworkAdjustment;

public sealed record SetNodeVirtual(string NodeName, bool Virtual) : NetworkAdjustment;

/// <param name="Mode">"pinned" or "preferred_order".</param>
public sealed record TopologyParentOverride(
    string NodeId,
    string NodeName,
    string Mode,
    IReadOnlyList<string> ParentNodeIds,
    IReadOnlyList<string> ParentNodeNames) : NetworkAdjustment;

public sealed record UispOverrides(
    IReadOnlyDictionary<string, UispBandwidthOverride> BandwidthOverrides,
    IReadOnlyList<UispRouteOverride> RouteOverrides)
{
    public static UispOverrides Empty { get; } = new(new Dictionary<string, UispBandwidthOverride>(), []);
}

public readonly record struct UispBandwidthOverride(double DownloadMbps, double UploadMbps);

public sealed record UispRouteOverride(string FromSite, string ToSite, int Cost);
