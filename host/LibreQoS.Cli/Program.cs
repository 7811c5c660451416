using System.CommandLine;
using LibreQoS.Bus.Client;
using LibreQoS.Cli;

BusClient.PreferInlineSocketCompletions();

var root = new RootCommand("lqos: the LibreQoS operator command line");
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(RefreshCommand.Create());
root.Subcommands.Add(TopCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(UsersCommand.Create());
root.Subcommands.Add(TopologyCommand.Create());
foreach (var command in BusCommands.Create())
    root.Subcommands.Add(command);
foreach (var command in FlowCommands.Create())
    root.Subcommands.Add(command);
return root.Parse(args).Invoke();
