using System.CommandLine;
using LibreQoS.Config.LqosConf;

var config = new Option<string?>("--config") { Description = "Path of lqos.conf (default: $LQOS_CONFIG, else /etc/lqos.conf)" };
var root = new RootCommand("lqosd: the LibreQoS shaping daemon (XDP/TC classifier, tc trees, local bus, web UI)") { config };
root.SetAction(result =>
{
    if (LqosConfigFile.LoadForStartup(result.GetValue(config), Console.Error) is null)
        return 1;
    Console.Error.WriteLine("lqosd: configuration is valid; the shaping runtime (XDP, tc, bus, web UI) is not part of this build yet");
    return 2;
});
return root.Parse(args).Invoke();
