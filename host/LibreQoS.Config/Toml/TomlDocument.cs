using System.Text;
using Tomlyn.Helpers;
using Tomlyn.Model;
using Tomlyn.Syntax;

namespace LibreQoS.Config.Toml;

/// <summary>
/// A TOML document edited in place: Tomlyn's syntax tree says where each key, value and table is, and an edit
/// changes only those characters, so comments, layout, key order and line endings stay as the operator wrote them.
/// </summary>
public sealed class TomlDocument
{
    private const char ByteOrderMark = '\uFEFF';
    private readonly string? _sourceName;
    private readonly string _byteOrderMark;
    private string _text;
    private TomlOutline _outline;

    private TomlDocument(string text, string? sourceName)
    {
        _sourceName = sourceName;
        _byteOrderMark = text.StartsWith(ByteOrderMark) ? ByteOrderMark.ToString() : "";
        _text = text[_byteOrderMark.Length..];
        _outline = TomlOutline.Of(TomlSource.ParseSyntax(_text, sourceName));
    }

    private string Newline => _text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    /// <exception cref="InvalidTomlException">The text is not valid TOML.</exception>
    public static TomlDocument Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlDocument(text, sourceName);
    }

    /// <summary>Sets the value at <paramref name="dottedPath"/> (e.g. "bridge.to_internet"), or removes the key when
    /// <paramref name="value"/> is null. Values: string, bool, int, long, double, or a sequence of one of those.</summary>
    /// <exception cref="NotSupportedException">The key lives in an inline table or an array of tables, or names a table.</exception>
    /// <exception cref="InvalidOperationException">A parent in the path is not a table.</exception>
    public void Set(string dottedPath, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(dottedPath);
        var path = dottedPath.Split('.');
        if (path.Any(segment => segment.Length == 0))
            throw new ArgumentException($"'{dottedPath}' is not a valid key path", nameof(dottedPath));

        var edited = Edit(path, value is null ? null : FormatValue(value));
        if (edited is null)
            return;
        _outline = TomlOutline.Of(TomlSource.ParseSyntax(edited, _sourceName));
        _text = edited;
    }

    /// <summary>The document text, including all edits.</summary>
    public override string ToString() => _byteOrderMark + _text;

    /// <summary>Returns the edited text, or null when nothing changes.</summary>
    private string? Edit(string[] path, string? formattedValue)
    {
        var section = _outline.Root;
        var sectionDepth = 0;
        for (var depth = 0; depth < path.Length - 1; depth++)
        {
            var name = path[..(depth + 1)];
            var definition = _outline.Find(name);
            if (definition is null)
                return formattedValue is null ? null : AppendSection(path[..^1], path[^1], formattedValue);
            switch (definition)
            {
                case TomlOutline.InlineTable:
                    throw new NotSupportedException($"'{string.Join('.', name)}' is an inline table; editing keys inside inline tables is not supported");
                case TomlOutline.TableArray:
                    throw new NotSupportedException($"'{string.Join('.', name)}' is an array of tables; editing keys inside arrays of tables is not supported");
                case TomlOutline.Value v:
                    throw new InvalidOperationException($"'{string.Join('.', name)}' is {v.TypeNameWithArticle}, not a table");
                case TomlOutline.Section s:
                    (section, sectionDepth) = (s, depth + 1);
                    break;
            }
        }

        var existing = _outline.Find(path);
        if (existing is TomlOutline.Section or TomlOutline.ImpliedTable or TomlOutline.TableArray)
            throw new NotSupportedException($"'{string.Join('.', path)}' is a table; only values can be set or removed");

        var parent = path.Length == 1 ? null : _outline.Find(path[..^1]);
        return (existing as TomlOutline.KeyValue, formattedValue) switch
        {
            (null, null) => null,
            (null, _) when parent is TomlOutline.ImpliedTable { ByHeader: true } => AppendSection(path[..^1], path[^1], formattedValue),
            (null, _) => InsertIntoSection(section, path[sectionDepth..], formattedValue),
            ({ } keyValue, null) => RemoveLines(keyValue.Syntax),
            ({ } keyValue, _) => Replace(keyValue.Syntax.Value!, formattedValue),
        };
    }

    private string Replace(ValueSyntax value, string formattedValue) =>
        _text[..value.Span.Offset] + formattedValue + _text[(value.Span.Offset + value.Span.Length)..];

    // After the last key/value line of the section, so comments and blank lines before the next header stay with it.
    private string InsertIntoSection(TomlOutline.Section section, string[] relativeKey, string formattedValue)
    {
        var line = $"{FormatKeyPath(relativeKey)} = {formattedValue}";
        if (section.InsertionAnchor is not int anchor)
            return _text.Insert(0, line + Newline);

        var lineEnd = _text.IndexOf('\n', anchor);
        lineEnd = lineEnd < 0 ? _text.Length : lineEnd - (_text[lineEnd - 1] == '\r' ? 1 : 0);
        return _text.Insert(lineEnd, Newline + line);
    }

    private string AppendSection(string[] tablePath, string key, string formattedValue)
    {
        var newline = Newline;
        var builder = new StringBuilder(_text);
        if (_text.Length > 0)
        {
            if (!_text.EndsWith('\n'))
                builder.Append(newline);
            builder.Append(newline);
        }

        return builder.Append('[').Append(FormatKeyPath(tablePath)).Append(']').Append(newline)
            .Append(FormatKey(key)).Append(" = ").Append(formattedValue).Append(newline)
            .ToString();
    }

    // Deletes the whole lines from the key to the end of its value, trailing comment included.
    private string RemoveLines(KeyValueSyntax keyValue)
    {
        var keyStart = keyValue.Key!.Span.Offset;
        var start = keyStart == 0 ? 0 : _text.LastIndexOf('\n', keyStart - 1) + 1;
        var end = _text.IndexOf('\n', keyValue.Value!.Span.Offset + keyValue.Value.Span.Length);
        end = end < 0 ? _text.Length : end + 1;
        return _text.Remove(start, end - start);
    }

    private static string FormatValue(object value) => value switch
    {
        string text => TomlFormatHelper.ToString(text, TomlPropertyDisplayKind.Default),
        bool flag => TomlFormatHelper.ToString(flag),
        int number => TomlFormatHelper.ToString(number, TomlPropertyDisplayKind.Default),
        long number => TomlFormatHelper.ToString(number, TomlPropertyDisplayKind.Default),
        double number => TomlFormatHelper.ToString(number),
        IEnumerable<string> items => FormatArray(items.Cast<object>()),
        IEnumerable<int> items => FormatArray(items.Cast<object>()),
        IEnumerable<long> items => FormatArray(items.Cast<object>()),
        IEnumerable<double> items => FormatArray(items.Cast<object>()),
        IEnumerable<bool> items => FormatArray(items.Cast<object>()),
        _ => throw new ArgumentException($"cannot write a value of type {value.GetType()} as TOML", nameof(value)),
    };

    private static string FormatArray(IEnumerable<object> items) => $"[{string.Join(", ", items.Select(FormatValue))}]";

    private static string FormatKey(string key) =>
        BareKeySyntax.IsBareKey(key) ? key : TomlFormatHelper.ToString(key, TomlPropertyDisplayKind.Default);

    private static string FormatKeyPath(IEnumerable<string> path) => string.Join('.', path.Select(FormatKey));
}
