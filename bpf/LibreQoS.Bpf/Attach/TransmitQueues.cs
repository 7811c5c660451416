using System.Globalization;

namespace LibreQoS.Bpf.Attach;

/// <summary>
/// Lets skb->queue_mapping choose the transmit queue. With XPS configured (most multi-queue drivers set it)
/// the kernel picks the queue from the sending CPU instead, and a shaped packet would meet the wrong HTB tree;
/// with XPS off it uses the recorded queue (queue_mapping - 1), which the TC program sets.
/// </summary>
internal static class TransmitQueues
{
    public static void DisableXps(string name, int ifindex, ICollection<string> warnings)
    {
        string device = Path.Combine("/sys/class/net", name);
        string ifindexFile = Path.Combine(device, "ifindex");
        if (!File.Exists(ifindexFile) || File.ReadAllText(ifindexFile).Trim() != ifindex.ToString(CultureInfo.InvariantCulture))
        {
            warnings.Add($"{name}: XPS left as it is, because /sys/class/net shows another network namespace than the one shaped; " +
                         "mount sysfs inside that namespace if its interfaces have several transmit queues.");
            return;
        }

        var queues = Directory.GetDirectories(Path.Combine(device, "queues"), "tx-*");
        if (queues.Length < 2)
            return; // a single queue is used whatever the mapping says
        foreach (var queue in queues)
        {
            string xps = Path.Combine(queue, "xps_cpus");
            try
            {
                if (File.Exists(xps))
                    File.WriteAllText(xps, "0");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"{name}: could not disable XPS in {xps} ({e.Message}); shaped traffic may leave by the wrong queue.");
            }
        }
    }
}
