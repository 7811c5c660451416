using LibreQoS.Core.Network;

namespace LibreQoS.Core.Devices;

/// <summary>One row of ShapedDevices.csv: a device (CPE, router) belonging to a circuit.</summary>
/// <param name="SourceLine">1-based line in the file the row came from; 0 when not read from a file.</param>
public sealed record ShapedDevice(
    string CircuitId,
    string CircuitName,
    string DeviceId,
    string DeviceName,
    string ParentNode,
    string ParentNodeId,
    string AnchorNodeId,
    string Mac,
    IReadOnlyList<IpPrefix> Ipv4,
    IReadOnlyList<IpPrefix> Ipv6,
    BandwidthLimits Limits,
    string Comment,
    string Sqm,
    int SourceLine)
{
    public IEnumerable<IpPrefix> Addresses => Ipv4.Concat(Ipv6);
}
