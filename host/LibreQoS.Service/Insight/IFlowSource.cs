using LibreQoS.Bpf.DataPlane;
using LibreQoS.Core.Flows;
using LibreQoS.Core.Network;

namespace LibreQoS.Service.Insight;

/// <summary>Where the flow tick reads flows and RTT samples from: the kernel, or a fake in tests.</summary>
public interface IFlowSource
{
    int DrainRttSamples(List<RttSample> into);

    IReadOnlyList<FlowSample> ReadFlows();

    int RemoveFlows(IEnumerable<FlowTuple> flows);

    /// <summary>Whether a host address has a mapping now.</summary>
    bool IsMapped(IpPrefix host);
}

/// <summary>The attached data plane's flow map, ring buffer and mapping trie.</summary>
public sealed class DataPlaneFlowSource(ShaperDataPlane dataPlane) : IFlowSource
{
    public int DrainRttSamples(List<RttSample> into) => dataPlane.Flows.DrainRttSamples(into);

    public IReadOnlyList<FlowSample> ReadFlows() => dataPlane.Flows.ReadAll();

    public int RemoveFlows(IEnumerable<FlowTuple> flows) => dataPlane.Flows.Remove(flows);

    public bool IsMapped(IpPrefix host) => dataPlane.Mappings.Covers(host);
}
