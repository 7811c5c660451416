using System.CommandLine;
using LibreQoS.Cli;

var root = new RootCommand("lqos: the LibreQoS operator command line");
root.Subcommands.Add(ValidateCommand.Create());
return root.Parse(args).Invoke();
