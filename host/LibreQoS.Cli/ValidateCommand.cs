using System.CommandLine;
using LibreQoS.Config.LqosConf;
using LibreQoS.Config.Validation;

namespace LibreQoS.Cli;

/// <summary><c>lqos validate</c>: checks lqos.conf, network.json, ShapedDevices.csv and lqos_overrides.json without touching the network.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var dir = new Option<string?>("--dir")
        {
            Description = "Folder holding network.json and ShapedDevices.csv (default: lqos_directory from the config)",
        };
        var command = new Command("validate", "Check the configuration and shaping inputs; exit status 0 when they are valid, 1 when not")
        {
            config,
            dir,
        };
        command.SetAction(result =>
        {
            var report = ValidationReport.Run(LqosConfigFile.ResolvePath(result.GetValue(config)), result.GetValue(dir));
            foreach (var line in report.Render())
                Console.Out.WriteLine(line);
            return report.IsValid ? 0 : 1;
        });
        return command;
    }
}
