using LibreQoS.Bpf.Native;

namespace LibreQoS.Bpf.Maps;

/// <summary>The CPUs the kernel may ever bring online: the size of per-CPU values and of CPU-indexed maps.</summary>
internal static class PossibleCpus
{
    private static readonly Lazy<int> Cached = new(() =>
        BpfException.ThrowIfFailed(LibBpf.libbpf_num_possible_cpus(), "Counting the possible CPUs (/sys/devices/system/cpu/possible)"));

    public static int Count => Cached.Value;
}
