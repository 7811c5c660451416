using LibreQoS.Core.Shaping;
using LibreQoS.Service.State;
using LibreQoS.WebUi.Circuits;
using LibreQoS.WebUi.Dashboard;

namespace LibreQoS.Service.WebUi;

/// <summary>Circuits of the applied plan, searched, sorted and paged in memory, with the data plane's live rates.</summary>
public sealed class LqosdCircuitQueries(AppliedPlanCache plan, IThroughputSource throughput) : ICircuitQueries
{
    private const int IpsPerRow = 3;

    public CircuitPage Page(CircuitQuery query)
    {
        var index = plan.Current;
        var circuits = index.Plan.Circuits;
        IEnumerable<int> ordered = query.Sort == CircuitSort.Traffic
            ? Enumerable.Range(0, circuits.Count).OrderBy(i => Traffic(circuits[i])).ThenBy(i => i)
            : index.Order(query.Sort);
        if (query.Descending)
            ordered = query.Sort == CircuitSort.Traffic
                ? Enumerable.Range(0, circuits.Count).OrderByDescending(i => Traffic(circuits[i])).ThenBy(i => i)
                : ordered.Reverse();
        if (query.Search is { } search)
        {
            string needle = search.ToLowerInvariant();
            ordered = ordered.Where(i => index.SearchText[i].Contains(needle, StringComparison.Ordinal));
        }

        var matching = ordered as int[] ?? ordered.ToArray();
        var rows = matching.Skip(query.Offset).Take(query.Limit).Select(i => Row(circuits[i])).ToList();
        return new CircuitPage(matching.Length, query.Offset, rows);
    }

    public CircuitDetail? Find(string circuitId)
    {
        var index = plan.Current;
        if (!index.CircuitIndex.TryGetValue(circuitId, out int at))
            return null;
        var c = index.Plan.Circuits[at];
        var stats = throughput.Circuit(circuitId);
        return new CircuitDetail(c.CircuitId, c.CircuitName, c.ParentPath, c.Queue, $"{TcHandle.DownloadMajorOf(c.Queue):x}:{c.Minor:x}",
            c.Download.RateMbps, c.Download.CeilMbps, c.Upload.RateMbps, c.Upload.CeilMbps, c.DownloadLeaf?.ToString(), c.UploadLeaf?.ToString(),
            [.. c.Devices.Select(d => new DeviceView(d.DeviceId, [.. d.Addresses.Select(a => a.ToString())]))],
            stats is null ? default : LiveRates.From(stats.Circuit.BitsPerSecond),
            stats is null ? default : LiveRates.From(stats.Circuit.PacketsPerSecond),
            stats is null ? default : LiveRates.From(stats.Bytes));
    }

    private long Traffic(PlannedCircuit circuit) =>
        throughput.Circuit(circuit.CircuitId) is { } s ? s.Circuit.BitsPerSecond.Down + s.Circuit.BitsPerSecond.Up : 0;

    private CircuitRow Row(PlannedCircuit c)
    {
        var stats = throughput.Circuit(c.CircuitId);
        return new CircuitRow(c.CircuitId, c.CircuitName, c.ParentPath, c.Download.CeilMbps, c.Upload.CeilMbps,
            [.. c.Devices.SelectMany(d => d.Addresses).Take(IpsPerRow).Select(a => a.ToString())], c.Devices.Count,
            stats is null ? default(DownUpRate) : LiveRates.From(stats.Circuit.BitsPerSecond));
    }
}
