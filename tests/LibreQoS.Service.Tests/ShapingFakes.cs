using LibreQoS.Shaping;

namespace LibreQoS.Service.Tests;

/// <summary>Four TX queues on every interface and four CPUs, so plans do not depend on the test machine.</summary>
internal sealed class FourQueues : IQueueCounter
{
    public int? TxQueues(string device) => 4;

    public int CpuCount => 4;
}

/// <summary>Booted long ago: the last run always counts as since boot, so update-only refreshes stay update-only.</summary>
internal sealed class LongAgo : IBootClock
{
    public DateTime BootTimeUtc => DateTime.MinValue;
}
