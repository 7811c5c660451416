using System.CommandLine;
using LibreQoS.Config.LqosConf;

var config = new Option<string?>("--config") { Description = "Path of lqos.conf (default: $LQOS_CONFIG, else /etc/lqos.conf)" };
var root = new RootCommand("lqos_scheduler: runs CRM integrations and refreshes shaping every queue_refresh_interval_mins") { config };
root.SetAction(result =>
{
    if (LqosConfigFile.LoadForStartup(result.GetValue(config), Console.Error) is not { } loaded)
        return 1;
    Console.Error.WriteLine(
        $"lqos_scheduler: configuration is valid (refresh every {loaded.IntegrationCommon.QueueRefreshIntervalMins} min); the embedded Python scheduler is not part of this build yet");
    return 2;
});
return root.Parse(args).Invoke();
