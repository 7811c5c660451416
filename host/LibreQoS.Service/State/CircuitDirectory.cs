using LibreQoS.Core.Shaping;

namespace LibreQoS.Service.State;

/// <summary>Circuit names and id hashes from the applied plan, to label the data plane's counters.</summary>
public sealed class CircuitDirectory
{
    private IReadOnlyDictionary<string, string> _names = new Dictionary<string, string>();
    private IReadOnlyDictionary<ulong, string> _byHash = new Dictionary<ulong, string>();

    public void Load(ShapingPlan plan)
    {
        _names = plan.Circuits.ToDictionary(c => c.CircuitId, c => c.CircuitName, StringComparer.Ordinal);
        _byHash = plan.Circuits.Select(c => c.CircuitId).Distinct().ToDictionary(IdentityHash.ForKernel, id => id);
    }

    public string NameOf(string circuitId) => _names.GetValueOrDefault(circuitId, circuitId);

    /// <summary>The circuit id the kernel's hash stands for, or the hash in hex when the plan does not know it.</summary>
    public string IdOf(ulong hash) => _byHash.TryGetValue(hash, out var id) ? id : $"#{hash:x16}";
}
