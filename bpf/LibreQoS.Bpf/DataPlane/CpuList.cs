using System.Globalization;

namespace LibreQoS.Bpf.DataPlane;

/// <summary>CPU id lists as the kernel writes them ("0-3,6") and the checks a shaping CPU list must pass.</summary>
internal static class CpuList
{
    public static IReadOnlyList<int> Online()
    {
        const string online = "/sys/devices/system/cpu/online";
        return File.Exists(online) ? Parse(File.ReadAllText(online)) : Enumerable.Range(0, Environment.ProcessorCount).ToList();
    }

    public static List<int> Parse(string text)
    {
        var cpus = new List<int>();
        foreach (var part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            int first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            int last = bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first;
            for (int cpu = first; cpu <= last; cpu++)
                cpus.Add(cpu);
        }
        return cpus;
    }

    public static void Validate(IReadOnlyList<int> cpus, int possible)
    {
        if (cpus.Count == 0)
            throw new ArgumentException("At least one shaping CPU is needed", nameof(cpus));
        if (cpus.FirstOrDefault(cpu => cpu < 0 || cpu >= possible, -1) is var bad and >= 0)
            throw new ArgumentException($"CPU {bad} is not a possible CPU of this machine (0-{possible - 1})", nameof(cpus));
        if (cpus.Distinct().Count() != cpus.Count)
            throw new ArgumentException($"The shaping CPU list {string.Join(",", cpus)} names a CPU twice", nameof(cpus));
    }
}
