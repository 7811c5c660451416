namespace LibreQoS.WebUi.Auth;

public sealed record Credentials(string Username, string Password);

/// <param name="FirstRun">No user exists yet: the UI offers creating the administrator.</param>
public sealed record SessionView(bool SignedIn, string? Username, string? Role, bool FirstRun);

public sealed record ErrorView(string Error);

/// <summary>Authorization policy names.</summary>
public static class WebUiPolicies
{
    /// <summary>Every write (POST, PUT, DELETE) outside sign-in requires it; read-only users get 403.</summary>
    public const string Admin = "admin";
}
