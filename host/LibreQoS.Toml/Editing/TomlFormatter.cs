using System.Globalization;
using System.Text;

namespace LibreQoS.Toml;

/// <summary>Writes .NET values as TOML text.</summary>
public static class TomlFormatter
{
    /// <summary>TOML literal text for a string, bool, int, long, double, or a sequence of strings, ints, longs, doubles or bools.</summary>
    public static string FormatValue(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            string text => FormatString(text),
            bool flag => FormatBoolean(flag),
            int number => FormatInteger(number),
            long number => FormatInteger(number),
            double number => FormatFloat(number),
            IEnumerable<string> items => FormatArray(items.Select(FormatString)),
            IEnumerable<int> items => FormatArray(items.Select(item => FormatInteger(item))),
            IEnumerable<long> items => FormatArray(items.Select(FormatInteger)),
            IEnumerable<double> items => FormatArray(items.Select(FormatFloat)),
            IEnumerable<bool> items => FormatArray(items.Select(FormatBoolean)),
            _ => throw new ArgumentException($"cannot write a value of type {value.GetType()} as TOML", nameof(value)),
        };
    }

    /// <summary>A key as written in TOML: bare when possible, otherwise a basic string.</summary>
    public static string FormatKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length > 0 && key.All(Characters.IsBareKeyChar) ? key : FormatString(key);
    }

    private static string FormatString(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\b' => builder.Append("\\b"),
                '\t' => builder.Append("\\t"),
                '\n' => builder.Append("\\n"),
                '\f' => builder.Append("\\f"),
                '\r' => builder.Append("\\r"),
                _ when Characters.IsForbiddenControl(c) => builder.Append($"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    private static string FormatBoolean(bool value) => value ? "true" : "false";

    private static string FormatInteger(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        // "R" gives the shortest text that round-trips; TOML needs a '.' or an exponent to read it as a float.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static string FormatArray(IEnumerable<string> items) => $"[{string.Join(", ", items)}]";
}
