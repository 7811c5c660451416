namespace LibreQoS.WebUi.Auth;

/// <summary>What a signed-in user may do: admins change things, read-only users only look.</summary>
public enum UserRole
{
    Admin,
    ReadOnly,
}

/// <summary>The role names used in the users file, on the command line and in the session cookie.</summary>
public static class UserRoles
{
    public const string Admin = "admin";
    public const string ReadOnly = "read-only";

    public static string Name(UserRole role) => role == UserRole.Admin ? Admin : ReadOnly;

    public static UserRole? Parse(string? name) => name switch
    {
        Admin => UserRole.Admin,
        ReadOnly => UserRole.ReadOnly,
        _ => null,
    };
}
