using LibreQoS.Core.Shaping;

namespace LibreQoS.Service.State;

/// <summary>
/// Circuit names and id hashes from the applied plan, to label the data plane's counters. Built on first use after
/// each plan, so a refresh does not wait for it.
/// </summary>
public sealed class CircuitDirectory
{
    private sealed record Lookups(IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<ulong, string> ByHash, IReadOnlyDictionary<string, string> ParentPaths);

    private Lazy<Lookups> _lookups = new(new Lookups(new Dictionary<string, string>(), new Dictionary<ulong, string>(), new Dictionary<string, string>()));

    /// <summary>The plan the kernel shapes with; null until the first one is applied.</summary>
    public ShapingPlan? Plan { get; private set; }

    public void Load(ShapingPlan plan)
    {
        Plan = plan;
        _lookups = new Lazy<Lookups>(() => new Lookups(
            plan.Circuits.ToDictionary(c => c.CircuitId, c => c.CircuitName, StringComparer.Ordinal),
            plan.Circuits.Select(c => c.CircuitId).Distinct().ToDictionary(IdentityHash.ForKernel, id => id),
            plan.Circuits.ToDictionary(c => c.CircuitId, c => c.ParentPath, StringComparer.Ordinal)));
    }

    /// <summary>Every planned circuit and the path of its parent node ("" at the top).</summary>
    public IReadOnlyDictionary<string, string> ParentPaths => _lookups.Value.ParentPaths;

    /// <summary>The circuit id of a kernel hash; null when the plan has no such circuit.</summary>
    public string? FindId(ulong hash) => _lookups.Value.ByHash.GetValueOrDefault(hash);

    public string NameOf(string circuitId) => _lookups.Value.Names.GetValueOrDefault(circuitId, circuitId);

    /// <summary>The circuit id the kernel's hash stands for, or the hash in hex when the plan does not know it.</summary>
    public string IdOf(ulong hash) => _lookups.Value.ByHash.TryGetValue(hash, out var id) ? id : $"#{hash:x16}";
}
