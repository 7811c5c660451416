using LibreQoS.Config.LqosConf;

namespace LibreQoS.Shaping;

/// <summary>Upstream HEAD's layout of the state directory, where a refresh reads and writes its files.</summary>
public sealed class ShapingPaths(LqosConfig config)
{
    public string LqosDirectory { get; } = config.LqosDirectory;
    public string Shaping { get; } = Path.Combine(config.StateDirectory, "shaping");
    public string Stats { get; } = Path.Combine(config.StateDirectory, "stats");
    public string Debug { get; } = Path.Combine(config.StateDirectory, "debug");

    public string PlannerState => Path.Combine(Shaping, Planner.PlannerState.FileName);
    /// <summary>Ours: the plan the kernel is shaping with, so the next refresh can change only what differs.</summary>
    public string AppliedPlan => Path.Combine(Shaping, "applied_plan.json");
    /// <summary>Present while the kernel may shape with a plan that applied_plan.json does not hold yet.</summary>
    public string AppliedPlanUnrecorded => Path.Combine(Shaping, "applied_plan.unrecorded");
    public string LastGoodCsv => Path.Combine(Shaping, "lastGoodConfig.csv");
    public string LastGoodJson => Path.Combine(Shaping, "lastGoodConfig.json");
    public string LastLoadedCsv => Path.Combine(Shaping, "ShapedDevices.lastLoaded.csv");
    public string QueuingStructure => Path.Combine(Shaping, "queuingStructure.json");
    public string StatsByCircuit => Path.Combine(Stats, "statsByCircuit.json");
    public string StatsByParentNode => Path.Combine(Stats, "statsByParentNode.json");
    public string LastRun => Path.Combine(Stats, "lastRun.txt");
    public string LinuxTc => Path.Combine(Debug, "linux_tc.txt");

    public void CreateDirectories()
    {
        Directory.CreateDirectory(Shaping);
        Directory.CreateDirectory(Stats);
        Directory.CreateDirectory(Debug);
    }
}
