namespace LibreQoS.TestKit;

/// <summary>Why a privileged test cannot run here, or null when it can.</summary>
public static class Privileges
{
    /// <summary>Null when the effective uid is 0 (read from /proc, so no native call is needed).</summary>
    public static string? WhyNotRoot()
    {
        var uidLine = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = uidLine?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 2 } && fields[2] == "0" ? null : "needs root (BPF, network namespaces, tc)";
    }

    public static string? WhyMissing(KernelFeatures features)
    {
        if (features.HasFlag(KernelFeatures.Bpf) && !File.Exists("/proc/sys/kernel/unprivileged_bpf_disabled"))
            return "the kernel has no BPF syscall";
        if (features.HasFlag(KernelFeatures.NetworkNamespaces) && !File.Exists("/proc/self/ns/net"))
            return "the kernel has no network namespaces";
        return null;
    }

    /// <summary>The first of <paramref name="tools"/> not found on PATH, as a skip reason.</summary>
    public static string? WhyMissing(IEnumerable<string> tools)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"]);
        var missing = tools.FirstOrDefault(tool => !path.Any(dir => File.Exists(Path.Combine(dir, tool))));
        return missing is null ? null : $"needs {missing} (apt-get install {missing})";
    }
}

[Flags]
public enum KernelFeatures
{
    None = 0,
    Bpf = 1,
    NetworkNamespaces = 2,
}
