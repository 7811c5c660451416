using LibreQoS.Core.Shaping;

namespace LibreQoS.Planner;

/// <summary>
/// Chooses each leaf qdisc as upstream's Bakery does: the circuit's <c>sqm</c> override if any (<c>cake</c>,
/// <c>fq_codel</c>, <c>none</c>, per direction as <c>down/up</c>); else fq_codel at or above
/// <c>fast_queues_fq_codel</c>; else <c>default_sqm</c>. Cake on slow plans gets a longer <c>rtt</c>. When the
/// kernel lacks the chosen kind, <c>fallback_sqm</c> replaces it, and without one the plan is refused.
/// </summary>
public sealed class LeafQdiscPolicy
{
    private static readonly string[] DefaultCake = ["cake", "diffserv4"];
    private static readonly (double UpToMbps, string Rtt)[] CakeRttForSlowPlans = [(1, "300ms"), (2, "180ms"), (3, "140ms"), (4, "120ms")];

    private readonly string[] _defaultTokens;
    private readonly double _fastThresholdMbps;
    private readonly Func<string, bool>? _kernelHas;
    private readonly string[]? _fallbackTokens;
    private readonly HashSet<string> _reportedMissing = new(StringComparer.Ordinal);
    private readonly ICollection<string> _warnings;

    /// <param name="kernelHas">Whether the kernel has a qdisc kind; null skips the check (dry runs, golden tests).</param>
    internal LeafQdiscPolicy(string defaultSqm, double fastThresholdMbps, string? fallbackSqm, Func<string, bool>? kernelHas, ICollection<string> warnings)
    {
        _defaultTokens = Tokens(defaultSqm);
        _fastThresholdMbps = fastThresholdMbps;
        _fallbackTokens = fallbackSqm is null ? null : Tokens(fallbackSqm);
        _kernelHas = kernelHas;
        _warnings = warnings;
    }

    /// <summary>The policy of a <c>[queues]</c> section (lqosd's Bakery uses the same rules as the planner).</summary>
    public LeafQdiscPolicy(Config.LqosConf.QueuesConfig queues, Func<string, bool>? kernelHas, ICollection<string> warnings)
        : this(queues.DefaultSqm, queues.EffectiveFastQueuesFqCodel, queues.FallbackSqm, kernelHas, warnings)
    {
    }

    /// <summary>The leaf of the per-queue root and default classes: plain default_sqm.</summary>
    public LeafQdisc? Infrastructure() => Available(_defaultTokens);

    public LeafQdisc? ForCircuit(string sqmOverride, bool download, double ceilMbps)
    {
        string token = DirectionToken(sqmOverride, download);
        string[] tokens = token switch
        {
            "none" => [],
            "fq_codel" => ["fq_codel"],
            "cake" => WithCakeRtt(_defaultTokens[0] == "cake" ? _defaultTokens : DefaultCake, ceilMbps),
            _ when ceilMbps >= _fastThresholdMbps => ["fq_codel"],
            _ => WithCakeRtt(_defaultTokens, ceilMbps),
        };
        return Available(tokens);
    }

    private LeafQdisc? Available(string[] tokens)
    {
        if (tokens.Length == 0 || tokens[0] == "none")
            return null;
        if (_kernelHas is null || _kernelHas(tokens[0]))
            return new LeafQdisc(tokens);
        if (_fallbackTokens is null)
        {
            throw new PlanningException(
                $"this kernel has no '{tokens[0]}' qdisc, which the leaf queues need (queues.default_sqm = '{string.Join(' ', _defaultTokens)}'); " +
                "load its module, or set queues.fallback_sqm (for example \"fq_codel\", \"pfifo\" or \"none\") in /etc/lqos.conf");
        }
        if (_reportedMissing.Add(tokens[0]))
            _warnings.Add($"this kernel has no '{tokens[0]}' qdisc; using the configured fallback_sqm '{string.Join(' ', _fallbackTokens)}' instead");
        if (_fallbackTokens.Length == 0 || _fallbackTokens[0] == "none")
            return null;
        if (_kernelHas(_fallbackTokens[0]))
            return new LeafQdisc(_fallbackTokens);
        throw new PlanningException($"this kernel has neither '{tokens[0]}' nor the fallback_sqm '{_fallbackTokens[0]}' qdisc; choose a fallback_sqm the kernel has");
    }

    private static string DirectionToken(string sqmOverride, bool download)
    {
        string value = sqmOverride.Trim().ToLowerInvariant();
        int slash = value.IndexOf('/');
        if (slash >= 0)
            value = download ? value[..slash] : value[(slash + 1)..];
        return value.Trim();
    }

    private static string[] WithCakeRtt(string[] tokens, double ceilMbps)
    {
        if (tokens.Length == 0 || tokens[0] != "cake" || tokens.Contains("rtt"))
            return tokens;
        foreach (var (upTo, rtt) in CakeRttForSlowPlans)
        {
            if (ceilMbps <= upTo)
                return [.. tokens, "rtt", rtt];
        }
        return tokens;
    }

    private static string[] Tokens(string sqm) => sqm.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
