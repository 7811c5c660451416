using LibreQoS.Config.LqosConf;

namespace LibreQoS.Scheduling.Integrations;

/// <summary>
/// A CRM integration: the Python function upstream calls (<c>from Module import Function; Function()</c>), run from
/// lqos_directory, and the lqos.conf flag that enables it.
/// </summary>
/// <param name="Name">The job name in [[scheduler.jobs]] and for <c>--integration</c>.</param>
/// <param name="Label">How messages and the failure log file name it (upstream's label).</param>
/// <param name="EnableKey">The lqos.conf key that turns it on, for messages.</param>
public sealed record Integration(string Name, string Label, string Module, string Function, string EnableKey, Func<LqosConfig, bool> IsEnabled)
{
    public string ScriptFile => Module + ".py";
}
