using LibreQoS.TestKit;

namespace LibreQoS.Scheduler.Tests;

/// <summary>A temp folder with lqos_directory (src/), a config pointing at it and at a bus socket in the folder.</summary>
public sealed class SchedulerTestDirectory : IDisposable
{
    public SchedulerTestDirectory(string extraConfig = "")
    {
        Directory.CreateDirectory(Src);
        Config = Executables.WriteConfig(Dir, "lqos-minimal.conf", Src);
        File.AppendAllText(Config, $"\n[lqosd]\nbus_socket = \"{BusSocket}\"\n{extraConfig}");
    }

    public TempDirectory Dir { get; } = new();

    public string Src => Dir.File("src");

    public string Config { get; }

    public string BusSocket => Dir.File("bus");

    public void Write(string name, string contents) => File.WriteAllText(Path.Combine(Src, name), contents);

    public ProcessResult RunScheduler(params string[] arguments) =>
        Executables.Run("lqos_scheduler", ["--config", Config, .. arguments], new Dictionary<string, string?> { ["TMPDIR"] = Dir.Path });

    public void Dispose() => Dir.Dispose();
}
