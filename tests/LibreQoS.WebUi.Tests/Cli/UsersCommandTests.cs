using System.Diagnostics;
using LibreQoS.TestKit;
using LibreQoS.WebUi.Auth;

namespace LibreQoS.WebUi.Tests.Cli;

/// <summary><c>lqos users</c> run as a process, the password on standard input as an operator would pipe it.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _config;

    public UsersCommandTests() => _config = Executables.WriteConfig(_dir, "lqos-minimal.conf", _dir.File("src"));

    public void Dispose() => _dir.Dispose();

    private UserStore Users => new(UserStore.PathIn(Path.Combine(_dir.Path, "state")));

    private (int ExitCode, string Output) Lqos(string stdin, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lqos.dll"));
        foreach (string argument in arguments.Append("--config").Append(_config))
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        process.StandardInput.WriteLine(stdin);
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void Add_PasswordOnStdin_UserCanSignInWithThatRole()
    {
        var (exit, _) = Lqos("viewer-password", "users", "add", "noc", "--role", "read-only");

        Assert.Equal(0, exit);
        Assert.Equal(UserRole.ReadOnly, Users.Verify("noc", "viewer-password"));
    }

    [Fact]
    public void Add_ShortPassword_ExitsOneAndSaysWhy()
    {
        var (exit, output) = Lqos("short", "users", "add", "noc", "--role", "admin");

        Assert.Equal(1, exit);
        Assert.Contains("at least 8 characters", output, StringComparison.Ordinal);
        Assert.False(Users.HasUsers);
    }

    [Fact]
    public void Add_UnknownRole_IsRefused()
    {
        var (exit, _) = Lqos("long-password", "users", "add", "noc", "--role", "root");

        Assert.Equal(1, exit);
        Assert.False(Users.HasUsers);
    }

    [Fact]
    public void DelAndList_ShowWhatIsLeft()
    {
        Users.Save("a-admin", "long-password", UserRole.Admin);
        Users.Save("b-viewer", "long-password", UserRole.ReadOnly);

        var (delExit, _) = Lqos("", "users", "del", "b-viewer");
        var (listExit, listed) = Lqos("", "users", "list");
        var (missingExit, _) = Lqos("", "users", "del", "nobody");

        Assert.Equal(0, delExit);
        Assert.Equal(0, listExit);
        Assert.Equal("a-admin\tadmin", listed.Trim());
        Assert.Equal(1, missingExit);
    }
}
