using System.Globalization;

namespace LibreQoS.Toml;

internal static class Characters
{
    public const string LoneCarriageReturn = "a carriage return must be followed by a line feed";

    /// <summary>Control characters TOML forbids in strings and comments (tab is allowed; callers handle newlines first).</summary>
    public static bool IsForbiddenControl(char c) => (c < ' ' && c != '\t') || c == '\u007F';

    public static bool IsBareKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    /// <summary>A character as a person should read it in a message.</summary>
    public static string Describe(char c) => c switch
    {
        '\n' or '\r' => "end of line",
        _ when IsInvisible(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };

    private static bool IsInvisible(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
        || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned;
}
