using LibreQoS.TestKit;
using LibreQoS.WebUi.Auth;

namespace LibreQoS.WebUi.Tests.Auth;

public sealed class UserStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly UserStore _users;

    public UserStoreTests() => _users = new UserStore(Path.Combine(_dir.Path, "webui", "users.json"));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Save_ThenVerify_GivesTheRole()
    {
        _users.Save("viewer", "viewer-password", UserRole.ReadOnly);

        Assert.Equal(UserRole.ReadOnly, _users.Verify("viewer", "viewer-password"));
        Assert.Null(_users.Verify("viewer", "wrong-password"));
        Assert.Null(_users.Verify("nobody", "viewer-password"));
    }

    [Fact]
    public void ChangeByAnotherWriter_SeenAtTheNextLookUp()
    {
        _users.Save("viewer", "viewer-password", UserRole.ReadOnly);
        Assert.Equal(UserRole.ReadOnly, _users.RoleOf("viewer"));
        var cli = new UserStore(_users.Path); // as `lqos users` edits the file lqosd reads

        cli.Save("viewer", "viewer-password", UserRole.Admin);
        var promoted = _users.RoleOf("viewer");
        cli.Remove("viewer");

        Assert.Equal(UserRole.Admin, promoted);
        Assert.Null(_users.RoleOf("viewer"));
    }

    [Fact]
    public void Save_WritesTheFileReadableByOwnerOnlyWithoutThePassword()
    {
        _users.Save("admin", "admin-password", UserRole.Admin);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_users.Path));
        Assert.DoesNotContain("admin-password", File.ReadAllText(_users.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateFirstAdmin_OnlyWhileNoUserExists()
    {
        Assert.False(_users.HasUsers);

        Assert.Null(_users.CreateFirstAdmin("admin", "admin-password"));
        Assert.NotNull(_users.CreateFirstAdmin("second", "second-password"));

        Assert.Null(_users.Verify("second", "second-password"));
        Assert.Equal(UserRole.Admin, _users.Verify("admin", "admin-password"));
    }

    [Theory]
    [InlineData("", "long-enough")]
    [InlineData("   ", "long-enough")]
    [InlineData("bad\nname", "long-enough")]
    [InlineData("admin", "short")]
    public void Save_InvalidNameOrPassword_IsRefusedWithAReason(string username, string password)
    {
        Assert.NotNull(_users.Save(username, password, UserRole.Admin));
        Assert.False(_users.HasUsers);
    }

    [Fact]
    public void Save_ExistingUser_ReplacesPasswordAndRole()
    {
        _users.Save("ops", "first-password", UserRole.Admin);

        _users.Save("ops", "second-password", UserRole.ReadOnly);

        Assert.Single(_users.List());
        Assert.Null(_users.Verify("ops", "first-password"));
        Assert.Equal(UserRole.ReadOnly, _users.Verify("ops", "second-password"));
    }

    [Fact]
    public void Remove_KnownUser_RemovesIt()
    {
        _users.Save("ops", "first-password", UserRole.Admin);

        Assert.True(_users.Remove("ops"));
        Assert.False(_users.Remove("ops"));
        Assert.False(_users.HasUsers);
    }

    [Fact]
    public void Verify_CorruptFile_SaysWhatToDo()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_users.Path)!);
        File.WriteAllText(_users.Path, "{ not json");

        var error = Assert.Throws<InvalidOperationException>(() => _users.Verify("a", "b"));

        Assert.Contains("move it away", error.Message, StringComparison.Ordinal);
    }
}
