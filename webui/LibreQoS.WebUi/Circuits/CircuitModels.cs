using LibreQoS.WebUi.Dashboard;

namespace LibreQoS.WebUi.Circuits;

/// <summary>What the Shaped Devices list can sort on.</summary>
public enum CircuitSort
{
    Name,
    Id,
    Parent,
    Download,
    Upload,
    Traffic,
}

/// <param name="Search">Matched, case-insensitively, against circuit id, name, parent node, device ids and IPs.</param>
public sealed record CircuitQuery(string? Search, CircuitSort Sort, bool Descending, int Offset, int Limit);

/// <summary>One row of the Shaped Devices list; the maxima are each direction's ceiling in Mbps.</summary>
public sealed record CircuitRow(string CircuitId, string Name, string Parent, double DownloadMaxMbps, double UploadMaxMbps,
    IReadOnlyList<string> Ips, int Devices, DownUpRate BitsPerSecond);

/// <param name="Total">Rows matching the search, of which <see cref="Rows"/> is one page.</param>
public sealed record CircuitPage(int Total, int Offset, IReadOnlyList<CircuitRow> Rows);

public sealed record DeviceView(string DeviceId, IReadOnlyList<string> Ips);

public sealed record CircuitDetail(string CircuitId, string Name, string Parent, int CpuQueue, string ClassId,
    double DownloadMinMbps, double DownloadMaxMbps, double UploadMinMbps, double UploadMaxMbps, string? DownloadQdisc, string? UploadQdisc,
    IReadOnlyList<DeviceView> Devices, DownUpRate BitsPerSecond, DownUpRate PacketsPerSecond, DownUpRate Bytes);

/// <summary>Circuits of the applied plan with their live rates.</summary>
public interface ICircuitQueries
{
    CircuitPage Page(CircuitQuery query);

    CircuitDetail? Find(string circuitId);
}
