using System.Text.Json;

namespace LibreQoS.WebUi.Auth;

/// <summary>One web UI user as stored in the users file.</summary>
public sealed record StoredUser(string Username, string Role, PasswordHash Password);

/// <summary>The users file's shape.</summary>
public sealed record UsersFile(IReadOnlyList<StoredUser> Users);

/// <summary>
/// The web UI's users, in a JSON file readable by root only (mode 0600). Every change rewrites the file through a
/// temporary file and a rename, so a crash never leaves half a file.
/// </summary>
public sealed class UserStore(string path)
{
    public const int MinPasswordLength = 8;
    private readonly Lock _lock = new();
    private volatile ParsedFile? _parsed;

    public string Path { get; } = path;

    /// <summary>Where lqosd keeps the users file: <c>&lt;state directory&gt;/webui/users.json</c> (also what <c>lqos users</c> edits).</summary>
    public static string PathIn(string stateDirectory) => System.IO.Path.Combine(stateDirectory, "webui", "users.json");

    public bool HasUsers => Load().Users.Count > 0;

    /// <summary>The role of the user when the password is right; null otherwise (unknown user or wrong password).</summary>
    public UserRole? Verify(string username, string password)
    {
        var user = Load().Users.FirstOrDefault(u => u.Username == username);
        bool ok = PasswordHasher.Verify(password, user?.Password);
        return ok && user is not null ? UserRoles.Parse(user.Role) : null;
    }

    /// <summary>The user's current role, or null once the user was removed: checked on every request, so removing a
    /// user or changing a role takes effect at once, not when the session cookie expires.</summary>
    public UserRole? RoleOf(string username) =>
        Load().Users.FirstOrDefault(u => u.Username == username) is { } user ? UserRoles.Parse(user.Role) : null;

    /// <summary>Adds the user, or replaces the password and role of an existing one. Returns why not, or null.</summary>
    public string? Save(string username, string password, UserRole role)
    {
        if (WhyInvalid(username, password) is { } problem)
            return problem;
        lock (_lock)
        {
            var users = Load().Users.Where(u => u.Username != username).ToList();
            users.Add(new StoredUser(username, UserRoles.Name(role), PasswordHasher.Hash(password)));
            Write(new UsersFile(users));
        }
        return null;
    }

    /// <summary>The first-run admin: created only while there are no users, so the form cannot be replayed later.</summary>
    public string? CreateFirstAdmin(string username, string password)
    {
        lock (_lock)
        {
            if (HasUsers)
                return "an administrator already exists; sign in instead";
            return Save(username, password, UserRole.Admin);
        }
    }

    public bool Remove(string username)
    {
        lock (_lock)
        {
            var users = Load().Users.ToList();
            if (users.RemoveAll(u => u.Username == username) == 0)
                return false;
            Write(new UsersFile(users));
            return true;
        }
    }

    public IReadOnlyList<(string Username, string Role)> List() => [.. Load().Users.Select(u => (u.Username, u.Role))];

    private static string? WhyInvalid(string username, string password)
    {
        if (string.IsNullOrWhiteSpace(username) || username.Length > 64 || username.Any(char.IsControl))
            return "the user name must be 1 to 64 printable characters";
        if (password.Length < MinPasswordLength)
            return $"the password must be at least {MinPasswordLength} characters";
        return null;
    }

    /// <summary>
    /// The file as parsed, re-read only when its modification time or size changed: every request checks the
    /// signed-in user against it, and a stat is far cheaper than reading and parsing the JSON each time.
    /// </summary>
    private UsersFile Load()
    {
        var info = new FileInfo(Path);
        if (!info.Exists)
            return new UsersFile([]);
        if (_parsed is { } parsed && parsed.WrittenUtc == info.LastWriteTimeUtc && parsed.Length == info.Length)
            return parsed.File;
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllText(Path), WebUiJsonContext.Default.UsersFile) ?? new UsersFile([]);
            _parsed = new ParsedFile(info.LastWriteTimeUtc, info.Length, file);
            return file;
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{Path} is not a valid users file ({ex.Message}); fix it or move it away and create the admin again", ex);
        }
    }

    private sealed record ParsedFile(DateTime WrittenUtc, long Length, UsersFile File);

    private void Write(UsersFile file)
    {
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        string temp = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, file, WebUiJsonContext.Default.UsersFile);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path, overwrite: true);
    }
}
