using System.Reflection;

namespace LibreQoS.Architecture.Tests;

/// <summary>Enforces the dependency table in ARCHITECTURE.md: each assembly may reference only the ones listed.</summary>
public class DependencyRulesTests
{
    public static TheoryData<string, string[]> Rules => new()
    {
        { "LibreQoS.Core", [] },
        { "LibreQoS.Config", ["LibreQoS.Core"] },
        { "LibreQoS.Planner", ["LibreQoS.Core", "LibreQoS.Config"] },
        { "LibreQoS.Flows", ["LibreQoS.Core"] },
        { "LibreQoS.Tc", ["LibreQoS.Core"] },
        { "LibreQoS.Shaping", ["LibreQoS.Core", "LibreQoS.Config", "LibreQoS.Planner", "LibreQoS.Tc"] },
        { "LibreQoS.Linux", [] },
        { "LibreQoS.History", [] },
        { "LibreQoS.Python", [] },
        { "LibreQoS.Bpf", ["LibreQoS.Core"] },
        { "LibreQoS.Scheduling", ["LibreQoS.Python", "LibreQoS.Bus", "LibreQoS.Config", "LibreQoS.Linux"] },
        { "LibreQoS.Bus", ["LibreQoS.Core", "LibreQoS.Linux"] },
        { "LibreQoS.WebUi", [] },
        { "LibreQoS.Service", ["LibreQoS.Core", "LibreQoS.Config", "LibreQoS.Bus", "LibreQoS.Shaping", "LibreQoS.Linux", "LibreQoS.Bpf", "LibreQoS.Planner", "LibreQoS.Tc", "LibreQoS.WebUi", "LibreQoS.History", "LibreQoS.Flows"] },
        { "lqos", ["LibreQoS.Config", "LibreQoS.Core", "LibreQoS.Shaping", "LibreQoS.Tc", "LibreQoS.Bus", "LibreQoS.WebUi"] },
        { "lqosd", ["LibreQoS.Service", "LibreQoS.Config", "LibreQoS.Bus", "LibreQoS.Shaping", "LibreQoS.Tc", "LibreQoS.Linux", "LibreQoS.Bpf"] },
        { "lqos_scheduler", ["LibreQoS.Config", "LibreQoS.Scheduling"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void References_OwnAssemblies_OnlyThoseAllowed(string assembly, string[] allowed)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(IsOurs)
            .ToList();

        Assert.Empty(references.Except(allowed));
    }

    [Fact]
    public void Rules_CoverEveryProjectAssembly()
    {
        var built = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => IsOurs(name!) && !name!.EndsWith(".Tests", StringComparison.Ordinal))
            .ToHashSet();

        Assert.Equal(built.Order(), Rules.Select(row => (string)row[0]).Order());
    }

    private static bool IsOurs(string name) => name.StartsWith("LibreQoS.", StringComparison.Ordinal) || name.StartsWith("lqos", StringComparison.Ordinal);
}
