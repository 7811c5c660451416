namespace LibreQoS.Core.Shaping;

/// <summary>
/// The per-circuit <c>sqm</c> column: empty (use the default), <c>cake</c>, <c>fq_codel</c>, <c>none</c>,
/// or <c>down/up</c> where either side may be empty.
/// </summary>
public static class SqmOverride
{
    private static readonly string[] Tokens = ["cake", "fq_codel", "none"];

    public static bool IsValid(string text)
    {
        var value = text.AsSpan().Trim();
        if (value.IsEmpty)
            return true;
        int slash = value.IndexOf('/');
        return slash < 0
            ? IsToken(value)
            : IsTokenOrEmpty(value[..slash]) && IsTokenOrEmpty(value[(slash + 1)..]);
    }

    private static bool IsTokenOrEmpty(ReadOnlySpan<char> token) => token.Trim().IsEmpty || IsToken(token);

    private static bool IsToken(ReadOnlySpan<char> token)
    {
        token = token.Trim();
        foreach (var known in Tokens)
        {
            if (token.Equals(known, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
