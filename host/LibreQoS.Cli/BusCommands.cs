using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LibreQoS.Bus.Client;
using LibreQoS.Bus.Protocol;

namespace LibreQoS.Cli;

/// <summary>
/// <c>lqos status</c>, <c>lqos mappings …</c>, <c>lqos urgent …</c>, <c>lqos scheduler status</c>: questions for lqosd over its
/// bus; and <c>lqos scheduler run-once</c>, which hands over to the lqos_scheduler binary (so lqos needs no Python).
/// </summary>
internal static partial class BusCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Status();
        yield return Mappings();
        yield return Urgent();
        yield return Scheduler();
        yield return Queues();
        yield return HistoryCommand();
    }

    private static Command Status() => BusCommand("status", "Show whether lqosd is up, current throughput, scheduler health and urgent issues", [], async (bus, _, ct) =>
    {
        var replies = await bus.SendAsync([new GetCurrentThroughput(), new CheckSchedulerStatus(), new GetUrgentIssues(), new ListIpFlow()], cancellationToken: ct);
        var throughput = (ThroughputReply)replies[0];
        var scheduler = (SchedulerStatusReply)replies[1];
        Console.WriteLine("lqosd: running");
        Console.WriteLine(FormattableString.Invariant($"throughput: {Mbps(throughput.BitsPerSecond.Down)} down / {Mbps(throughput.BitsPerSecond.Up)} up, shaped {Mbps(throughput.ShapedBitsPerSecond.Down)} / {Mbps(throughput.ShapedBitsPerSecond.Up)}"));
        Console.WriteLine($"ip mappings: {((MappedIps)replies[3]).Mappings.Count}");
        Console.WriteLine($"scheduler: {SchedulerLine(scheduler)}");
        Console.WriteLine($"urgent issues: {((UrgentIssues)replies[2]).Issues.Count}");
        return 0;
    });

    private static Command Mappings()
    {
        var command = new Command("mappings", "List and change the IP → class mappings lqosd feeds the XDP classifier");
        command.Subcommands.Add(BusCommand("list", "List every mapping", [], async (bus, _, ct) =>
        {
            var mapped = (MappedIps)await bus.SendAsync(new ListIpFlow(), cancellationToken: ct);
            foreach (var m in mapped.Mappings.OrderBy(m => m.TcHandle, StringComparer.Ordinal))
                Console.WriteLine($"{m.IpAddress,-42} {m.TcHandle,-10} cpu {m.Cpu,-3} {(m.Upload ? "upload" : "download"),-8} {m.CircuitId} {m.DeviceId}");
            Console.WriteLine($"{mapped.Mappings.Count} mapping(s)");
            return 0;
        }));

        var ip = new Argument<string>("ip") { Description = "Address or prefix, e.g. 100.64.0.1 or 2001:db8::/64" };
        var handle = new Argument<string>("handle") { Description = "tc class, e.g. 1:5" };
        var cpu = new Argument<int>("cpu") { Description = "CPU (0-based) whose queue holds the class" };
        var upload = new Option<bool>("--upload") { Description = "The upload-direction mapping (on a stick)" };
        var circuit = new Option<string>("--circuit-id") { Description = "Circuit the address belongs to", DefaultValueFactory = _ => "" };
        var device = new Option<string>("--device-id") { Description = "Device the address belongs to", DefaultValueFactory = _ => "" };
        command.Subcommands.Add(BusCommand("add", "Map an address to a class", [ip, handle, cpu, upload, circuit, device], async (bus, r, ct) =>
            Report(await bus.SendAsync([new MapIpToFlow(r.GetValue(ip)!, r.GetValue(handle)!, r.GetValue(cpu), r.GetValue(upload), r.GetValue(circuit)!, r.GetValue(device)!), new ClearHotCache()], cancellationToken: ct))));
        command.Subcommands.Add(BusCommand("del", "Remove a mapping", [ip, upload], async (bus, r, ct) =>
            Report(await bus.SendAsync([new DelIpFlow(r.GetValue(ip)!, r.GetValue(upload))], cancellationToken: ct))));
        command.Subcommands.Add(BusCommand("clear", "Remove every mapping (traffic passes unshaped until the next refresh)", [], async (bus, _, ct) =>
            Report(await bus.SendAsync([new ClearIpFlow()], cancellationToken: ct))));
        return command;
    }

    private static Command Urgent()
    {
        var command = new Command("urgent", "Review and acknowledge urgent issues");
        command.Subcommands.Add(BusCommand("list", "List open urgent issues", [], async (bus, _, ct) =>
        {
            var issues = (UrgentIssues)await bus.SendAsync(new GetUrgentIssues(), cancellationToken: ct);
            foreach (var i in issues.Issues)
                Console.WriteLine($"#{i.Id} {DateTimeOffset.FromUnixTimeSeconds(i.TimestampUnix):u} {i.Severity} {i.Source} {i.Code}: {i.Message}");
            Console.WriteLine($"{issues.Issues.Count} urgent issue(s)");
            return 0;
        }));
        var id = new Argument<long>("id") { Description = "Issue number from 'lqos urgent list'" };
        command.Subcommands.Add(BusCommand("ack", "Acknowledge (remove) an urgent issue", [id], async (bus, r, ct) =>
            Report(await bus.SendAsync([new ClearUrgentIssue(r.GetValue(id))], cancellationToken: ct))));
        return command;
    }

    private static Command Scheduler()
    {
        var command = new Command("scheduler", "The scheduler's state as lqosd last heard it");
        command.Subcommands.Add(BusCommand("status", "Heartbeat, current phase and the last error with its log file", [], async (bus, _, ct) =>
        {
            var status = (SchedulerStatusReply)await bus.SendAsync(new CheckSchedulerStatus(), cancellationToken: ct);
            Console.WriteLine(SchedulerLine(status));
            if (status.Progress is { } p)
                Console.WriteLine($"phase: {p.Phase}{(p.PhaseLabel is { } label ? $" ({label})" : "")} " +
                    $"({p.Percent}%{(p.StepCount > 0 ? $", step {p.StepIndex}/{p.StepCount}" : "")}{(p.Active ? ", running" : "")})");
            if (status.Error is { } error)
                Console.WriteLine($"last error: {error}{(status.ErrorLogPath is { } log ? $"\nfull output: {log}" : "")}");
            return status.Error is null ? 0 : 1;
        }));
        command.Subcommands.Add(SchedulerRunOnce());
        return command;
    }

    private static Command SchedulerRunOnce()
    {
        var config = CommonOptions.Config();
        var integration = new Option<string?>("--integration") { Description = "Run only this integration (e.g. splynx), enabled or not; lqosd is not needed" };
        var debug = new Option<bool>("--debug") { Description = "Print debug messages too" };
        var command = new Command("run-once",
            "Run the scheduler's job once by hand, printing everything: the integration, then a refresh if the inputs changed (needs lqosd unless --integration is given)")
        {
            config, integration, debug,
        };
        command.SetAction(async (result, _) =>
        {
            List<string> arguments = ["--run-once"];
            if (result.GetValue(config) is { } path)
                arguments.AddRange(["--config", path]);
            if (result.GetValue(integration) is { } name)
                arguments.AddRange(["--integration", name]);
            if (result.GetValue(debug))
                arguments.Add("--debug");
            return await RunSchedulerAsync(arguments);
        });
        return command;
    }

    /// <summary>Runs lqos_scheduler from lqos's own folder, else from PATH, on this terminal; returns its exit code.</summary>
    private static async Task<int> RunSchedulerAsync(IReadOnlyList<string> arguments)
    {
        const string name = "lqos_scheduler";
        string beside = Path.Combine(AppContext.BaseDirectory, name);
        string? executable = File.Exists(beside) ? beside
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
        if (executable is null)
        {
            await Console.Error.WriteLineAsync($"{name} was found neither in {AppContext.BaseDirectory} nor on PATH; install it beside lqos (make install).");
            return 1;
        }
        var start = new ProcessStartInfo(executable) { UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        // Ctrl+C reaches the scheduler too (same terminal): it stops its script and exits, and lqos reports how.
        await process.WaitForExitAsync(CancellationToken.None);
        return process.ExitCode;
    }

    internal static Command BusCommand(string name, string description, Symbol[] symbols, Func<BusClient, ParseResult, CancellationToken, Task<int>> run)
    {
        var config = CommonOptions.Config();
        var busPath = CommonOptions.Bus();
        var command = new Command(name, description) { config, busPath };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }
        command.SetAction(async (result, ct) =>
        {
            await using var bus = await CommonOptions.ConnectAsync(CommonOptions.BusPath(result.GetValue(busPath), result.GetValue(config)), ct);
            if (bus is null)
                return 1;
            try
            {
                return await run(bus, result, ct);
            }
            catch (Exception ex) when (ex is BusProtocolException or IOException or InvalidCastException)
            {
                await Console.Error.WriteLineAsync($"lqosd did not answer as expected: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static int Report(IReadOnlyList<BusResponse> replies)
    {
        var failures = replies.OfType<Fail>().ToList();
        foreach (var fail in failures)
            Console.Error.WriteLine($"lqosd: {fail.Message}");
        if (failures.Count == 0)
            Console.WriteLine("ok");
        return failures.Count == 0 ? 0 : 1;
    }

    private static string SchedulerLine(SchedulerStatusReply s) =>
        (s.Running ? "running" : "not running (no heartbeat in the last 5 minutes)")
        + (s.LastHeartbeatUnix is { } beat ? $", last heartbeat {DateTimeOffset.FromUnixTimeSeconds(beat):u}" : "")
        + (s.Error is not null ? ", last run failed" : "");

    private static string Mbps(long bitsPerSecond) => (bitsPerSecond / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " Mbps";
}
