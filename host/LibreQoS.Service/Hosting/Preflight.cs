using LibreQoS.Config.LqosConf;
using LibreQoS.Linux;

namespace LibreQoS.Service.Hosting;

/// <summary>
/// lqosd's start-up checks. Each failure is one sentence naming the interface and what to do; any failure stops
/// lqosd before it touches the network (these are what <c>journalctl -u lqosd -b</c> shows).
/// </summary>
public static class Preflight
{
    /// <summary>mq needs a multi-queue device: at least two TX queues, on a stick two per direction.</summary>
    public const int MinTxQueues = 2;

    public static IReadOnlyList<string> Check(LqosConfig config, INetworkInterfaces interfaces)
    {
        var failures = new List<string>();
        var names = config.OnAStick ? [config.InterfaceA] : new[] { config.InterfaceA, config.InterfaceB };
        string keys = config.OnAStick ? "single_interface.interface" : "bridge.to_network / bridge.to_internet";
        int minTx = config.OnAStick ? 2 * MinTxQueues : MinTxQueues;
        foreach (var name in names.Distinct())
        {
            if (interfaces.Find(name) is not { } info)
            {
                failures.Add($"Interface {name} does not exist; fix {keys} in {LqosConfig.DefaultPath} or bring the NIC up under that name.");
                continue;
            }
            if (!info.IsUp)
                failures.Add($"Interface {name} is down; bring it up (ip link set {name} up) or make it start at boot.");
            if (info.TxQueues < minTx)
                failures.Add($"Interface {name} has {info.TxQueues} TX queue(s) but LibreQoS needs at least {minTx} for its per-CPU trees; use a multi-queue NIC (check ethtool -l {name}).");
            if (info.RxQueues < 1)
                failures.Add($"Interface {name} reports no RX queues; check its driver (ethtool -l {name}).");
        }
        return failures;
    }
}
