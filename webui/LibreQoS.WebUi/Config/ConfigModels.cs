using System.Text.Json;

namespace LibreQoS.WebUi.Config;

/// <summary>The kinds of value the editor knows how to show and parse.</summary>
public enum SettingKind
{
    Text,
    Number,
    Boolean,

    /// <summary>A decimal number, e.g. a capacity factor.</summary>
    Fraction,

    /// <summary>Empty, or an absolute http(s) address.</summary>
    Url,

    /// <summary>One of <see cref="ConfigSetting.Choices"/>.</summary>
    Choice,

    /// <summary>Text items (e.g. site names), saved as a TOML array of strings.</summary>
    List,

    /// <summary>Numeric ids kept as strings (e.g. Sonar's model ids), saved as a TOML array of strings.</summary>
    IdList,
}

/// <param name="Key">The dotted lqos.conf key, e.g. <c>queues.default_sqm</c>.</param>
/// <param name="Value">The current value as text; always null for a secret.</param>
/// <param name="Configured">For a secret: whether it has a value (the value itself is never sent).</param>
/// <param name="Choices">For <see cref="SettingKind.Choice"/>: the values allowed.</param>
/// <param name="Items">For <see cref="SettingKind.List"/> and <see cref="SettingKind.IdList"/>: the current items (<paramref name="Value"/> is null).</param>
public sealed record ConfigSetting(string Section, string Key, string Label, SettingKind Kind, string? Value, bool Secret, bool Configured,
    IReadOnlyList<string>? Choices = null, IReadOnlyList<string>? Items = null)
{
    public bool IsList => Kind is SettingKind.List or SettingKind.IdList;
}

public sealed record ConfigView(string Path, IReadOnlyList<ConfigSetting> Settings);

/// <param name="Changes">
/// Dotted key → new value: text for a single value (a secret sent empty keeps its current value), an array of text
/// for a list setting.
/// </param>
public sealed record ConfigChange(IReadOnlyDictionary<string, JsonElement> Changes);

/// <param name="Errors">Each problem as <c>file:line:column: field: message</c>, all of them at once.</param>
public sealed record ConfigSaveResult(bool Saved, IReadOnlyList<string> Errors);

/// <summary>lqos.conf for the editors: read with secrets hidden, saved only through the validating, backing-up writer.</summary>
public interface IConfigQueries
{
    ConfigView Read();

    /// <param name="changes">Keys already checked to be editable, values parsed to their kind.</param>
    ConfigSaveResult Save(IReadOnlyDictionary<string, object> changes);
}

/// <summary>Which keys hold secrets: they are never sent to the browser, whatever the section.</summary>
public static class SecretKeys
{
    private static readonly string[] Markers = ["api_key", "token", "password", "secret", "license_key", "community"];

    /// <summary>A key naming a credential is secret; an address (<c>*_url</c>, e.g. VISP's <c>token_url</c>) never is.</summary>
    public static bool IsSecret(string dottedKey)
    {
        string name = dottedKey[(dottedKey.LastIndexOf('.') + 1)..];
        if (name.EndsWith("_url", StringComparison.OrdinalIgnoreCase) || name.Equals("url", StringComparison.OrdinalIgnoreCase))
            return false;
        return Markers.Any(marker => name.Contains(marker, StringComparison.OrdinalIgnoreCase));
    }
}
