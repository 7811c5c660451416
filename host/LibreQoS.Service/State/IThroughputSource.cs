using LibreQoS.Bus.Protocol;

namespace LibreQoS.Service.State;

/// <summary>Live rates, fed by the data plane's counters once a second.</summary>
public interface IThroughputSource
{
    ThroughputReply Totals();

    IReadOnlyList<CircuitRate> TopCircuits(int count);

    CircuitStatsReply? Circuit(string circuitId);
}

/// <summary>Used while no data plane is attached: every rate is zero and no circuit has stats.</summary>
public sealed class NoThroughput : IThroughputSource
{
    public ThroughputReply Totals() => new(default, default, default, 0);

    public IReadOnlyList<CircuitRate> TopCircuits(int count) => [];

    public CircuitStatsReply? Circuit(string circuitId) => null;
}
