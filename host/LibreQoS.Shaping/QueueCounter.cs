namespace LibreQoS.Shaping;

/// <summary>How many HTB trees the interfaces can carry.</summary>
public interface IQueueCounter
{
    /// <summary>TX queues of an interface, or null when it does not exist.</summary>
    int? TxQueues(string device);

    int CpuCount { get; }
}

/// <summary>Reads /sys/class/net/&lt;dev&gt;/queues/tx-* and the CPUs this process may use.</summary>
public sealed class SysfsQueueCounter(string sysClassNet = "/sys/class/net") : IQueueCounter
{
    public int? TxQueues(string device)
    {
        string queues = Path.Combine(sysClassNet, device, "queues");
        return Directory.Exists(queues) ? Directory.GetDirectories(queues, "tx-*").Length : null;
    }

    public int CpuCount => Environment.ProcessorCount;
}
