using System.Globalization;

namespace LibreQoS.Linux;

/// <summary>What sysfs says about a network interface.</summary>
public sealed record InterfaceInfo(string Name, bool IsUp, int TxQueues, int RxQueues);

public interface INetworkInterfaces
{
    /// <summary>Null when the interface does not exist (in this network namespace).</summary>
    InterfaceInfo? Find(string name);
}

/// <summary>Reads /sys/class/net/&lt;name&gt;: <c>flags</c> (IFF_UP) and <c>queues/tx-*</c>, <c>queues/rx-*</c>.</summary>
public sealed class SysfsNetworkInterfaces(string root = "/sys/class/net") : INetworkInterfaces
{
    private const int IFF_UP = 0x1;

    public InterfaceInfo? Find(string name)
    {
        string dir = Path.Combine(root, name);
        if (name.Length == 0 || name.Contains('/') || !Directory.Exists(dir))
            return null;
        string flags = File.ReadAllText(Path.Combine(dir, "flags")).Trim();
        bool up = int.TryParse(flags.AsSpan(flags.StartsWith("0x", StringComparison.Ordinal) ? 2 : 0), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int value)
            && (value & IFF_UP) != 0;
        string queues = Path.Combine(dir, "queues");
        int Count(string prefix) => Directory.Exists(queues) ? Directory.GetDirectories(queues, prefix + "*").Length : 0;
        return new InterfaceInfo(name, up, Count("tx-"), Count("rx-"));
    }
}
