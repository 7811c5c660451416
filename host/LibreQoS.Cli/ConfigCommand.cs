using System.CommandLine;
using System.Text.Json;
using LibreQoS.Config.LqosConf;

namespace LibreQoS.Cli;

/// <summary>
/// <c>lqos config show</c>: the config as lqos reads it, every default filled in. <c>--json</c> prints the typed
/// model in the shape of <see cref="LqosConfigJson"/>; liblqos_python's getters read exactly that, so Python and C#
/// share one reader and one set of defaults.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (snake_case keys, derived values included) instead of key = value lines" };
        var show = new Command("show", "Print the effective lqos.conf: every key with the value in use, defaults included; exit status 1 when the file does not load")
        {
            config,
            json,
        };
        show.SetAction(result =>
        {
            // Findings go to stderr so that stdout stays machine-readable.
            if (LqosConfigFile.LoadForStartup(result.GetValue(config), Console.Error) is not { } loaded)
                return 1;
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(LqosConfigJson.Serialize(loaded));
                return 0;
            }
            foreach (var line in Flatten("", LqosConfigJson.ToElement(loaded)))
                Console.Out.WriteLine(line);
            return 0;
        });
        return new Command("config", "Inspect lqos.conf") { show };
    }

    /// <summary>Dotted keys with JSON values, one a line; tables recurse, arrays are printed whole.</summary>
    private static IEnumerable<string> Flatten(string prefix, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield return $"{prefix} = {element.GetRawText()}";
            yield break;
        }
        foreach (var property in element.EnumerateObject())
        {
            foreach (var line in Flatten(prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", property.Value))
                yield return line;
        }
    }
}
