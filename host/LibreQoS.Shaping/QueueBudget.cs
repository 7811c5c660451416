using LibreQoS.Config.LqosConf;

namespace LibreQoS.Shaping;

/// <summary>
/// How many TX queues the shaped interfaces offer for HTB trees: the smaller count of the two interfaces, limited
/// to the CPUs unless the operator set <c>override_available_queues</c>, which wins (up to the TX queues there are).
/// </summary>
public sealed record QueueBudget(int Available, int? Override, string? MissingInterface, string Explanation)
{
    public static QueueBudget Of(LqosConfig config, IQueueCounter queues)
    {
        int? @override = config.Queues.OverrideAvailableQueues is > 0 ? (int)config.Queues.OverrideAvailableQueues.Value : null;
        var counts = new[] { config.InterfaceA, config.InterfaceB }.Distinct().Select(d => (Device: d, Queues: queues.TxQueues(d))).ToList();
        if (counts.FirstOrDefault(c => c.Queues is null) is { Device: not null } missing)
            return new QueueBudget(0, @override, missing.Device, $"interface {missing.Device} does not exist");

        int tx = counts.Min(c => c.Queues!.Value);
        int available = @override is { } o ? Math.Min(o, tx) : Math.Min(tx, queues.CpuCount);
        return new QueueBudget(available, @override, null,
            $"TX {string.Join(", ", counts.Select(c => $"{c.Device}={c.Queues}"))}, CPUs {queues.CpuCount}, override {@override?.ToString() ?? "none"} → {available}");
    }
}
