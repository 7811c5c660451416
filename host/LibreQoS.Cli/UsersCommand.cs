using System.CommandLine;
using System.Text;
using LibreQoS.Config.LqosConf;
using LibreQoS.WebUi.Auth;

namespace LibreQoS.Cli;

/// <summary>
/// <c>lqos users add|del|list</c>: the web UI's users, in the file lqosd reads on every request (so a change applies
/// at once, no restart). The password is read from standard input, never from the command line (shell history, ps).
/// </summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var name = new Argument<string>("name") { Description = "User name" };
        var role = new Option<string>("--role") { Description = "admin (may change settings) or read-only", DefaultValueFactory = _ => UserRoles.ReadOnly };
        role.AcceptOnlyFromAmong(UserRoles.Admin, UserRoles.ReadOnly);
        var add = new Command("add", "Add a web UI user, or set a user's password and role; the password is read from standard input") { name, role, config };
        add.SetAction(result =>
        {
            if (Store(result.GetValue(config)) is not { } users)
                return 1;
            string password = ReadPassword();
            if (users.Save(result.GetValue(name)!, password, UserRoles.Parse(result.GetValue(role))!.Value) is { } problem)
            {
                Console.Error.WriteLine($"not saved: {problem}");
                return 1;
            }
            Console.Out.WriteLine($"{result.GetValue(name)} ({result.GetValue(role)}) saved in {users.Path}");
            return 0;
        });

        var delName = new Argument<string>("name") { Description = "User name" };
        var del = new Command("del", "Remove a web UI user; their sessions end at their next request") { delName, config };
        del.SetAction(result =>
        {
            if (Store(result.GetValue(config)) is not { } users)
                return 1;
            if (users.Remove(result.GetValue(delName)!))
                return 0;
            Console.Error.WriteLine($"no user '{result.GetValue(delName)}' in {users.Path} (see lqos users list)");
            return 1;
        });

        var list = new Command("list", "List the web UI's users and their roles") { config };
        list.SetAction(result =>
        {
            if (Store(result.GetValue(config)) is not { } users)
                return 1;
            foreach (var (user, userRole) in users.List())
                Console.Out.WriteLine($"{user}\t{userRole}");
            return 0;
        });
        return new Command("users", "Manage the web UI's users") { add, del, list };
    }

    private static UserStore? Store(string? configOption) =>
        LqosConfigFile.LoadForStartup(configOption, Console.Error) is { } loaded ? new UserStore(UserStore.PathIn(loaded.StateDirectory)) : null;

    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
            return Console.In.ReadLine() ?? "";
        Console.Error.Write("Password: ");
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && password.Length > 0)
                password.Length--;
            else if (!char.IsControl(key.KeyChar))
                password.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return password.ToString();
    }
}
