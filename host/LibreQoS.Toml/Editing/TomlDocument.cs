using System.Text;

namespace LibreQoS.Toml;

/// <summary>A TOML document that can be edited while keeping its comments, layout and key order.</summary>
public sealed class TomlDocument
{
    private readonly string? _sourceName;
    private string _text;

    private TomlDocument(string text, string? sourceName, TomlTable root)
    {
        _text = text;
        _sourceName = sourceName;
        Root = root;
    }

    public TomlTable Root { get; private set; }

    private string Newline => _text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private int ContentStart => _text.StartsWith('\uFEFF') ? 1 : 0;

    public static TomlDocument Parse(string text, string? sourceName = null) => new(text, sourceName, TomlParser.Parse(text, sourceName));

    /// <summary>Sets the value at <paramref name="dottedPath"/> (e.g. "bridge.to_internet"), or removes the key when <paramref name="value"/> is null.
    /// See <see cref="TomlFormatter.FormatValue"/> for the supported value types.</summary>
    /// <exception cref="NotSupportedException">The key lives in an inline table or an array of tables, or names a table.</exception>
    /// <exception cref="InvalidOperationException">A parent in the path is not a table.</exception>
    public void Set(string dottedPath, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(dottedPath);
        var path = dottedPath.Split('.');
        if (path.Any(segment => segment.Length == 0))
        {
            throw new ArgumentException($"'{dottedPath}' is not a valid key path", nameof(dottedPath));
        }

        var edited = Edit(path, value is null ? null : TomlFormatter.FormatValue(value));
        if (edited is null)
        {
            return;
        }

        // Re-parsing keeps Root and every span consistent with the new text.
        Root = TomlParser.Parse(edited, _sourceName);
        _text = edited;
    }

    /// <summary>The document text, including all edits.</summary>
    public override string ToString() => _text;

    /// <summary>Returns the edited text, or null when nothing changes.</summary>
    private string? Edit(string[] path, string? formattedValue)
    {
        var table = Root;
        var section = Root;
        var sectionDepth = 0;
        for (var depth = 0; depth < path.Length - 1; depth++)
        {
            var node = table[path[depth]];
            if (node is null)
            {
                return formattedValue is null ? null : AppendSection(path[..^1], path[^1], formattedValue);
            }

            var name = string.Join('.', path[..(depth + 1)]);
            table = node switch
            {
                TomlTable { IsInline: true } => throw new NotSupportedException($"'{name}' is an inline table; editing keys inside inline tables is not supported"),
                TomlTable child => child,
                TomlArray { IsArrayOfTables: true } => throw new NotSupportedException($"'{name}' is an array of tables; editing keys inside arrays of tables is not supported"),
                _ => throw new InvalidOperationException($"'{name}' is {node.TypeNameWithArticle}, not a table"),
            };
            if (table.Origin == TableOrigin.Header)
            {
                (section, sectionDepth) = (table, depth + 1);
            }
        }

        var key = path[^1];
        var existing = table[key];
        if (existing is TomlTable { IsInline: false } or TomlArray { IsArrayOfTables: true })
        {
            throw new NotSupportedException($"'{string.Join('.', path)}' is a table; only values can be set or removed");
        }

        return (existing, formattedValue) switch
        {
            (null, null) => null,
            (null, _) when table.Origin == TableOrigin.Implicit => AppendSection(path[..^1], key, formattedValue),
            (null, _) => InsertIntoSection(section, path[sectionDepth..], formattedValue),
            (_, null) => RemoveLines(existing),
            _ => _text[..existing.Span.Start] + formattedValue + _text[existing.Span.End..],
        };
    }

    // After the last key/value line of the section, so comments and blank lines before the next header stay with it.
    private string InsertIntoSection(TomlTable section, string[] relativeKey, string formattedValue)
    {
        var line = $"{FormatKeyPath(relativeKey)} = {formattedValue}";
        if (section.InsertionAnchor is not int anchor)
        {
            return _text.Insert(ContentStart, line + Newline);
        }

        var lineEnd = _text.IndexOf('\n', anchor);
        lineEnd = lineEnd < 0 ? _text.Length : lineEnd - (_text[lineEnd - 1] == '\r' ? 1 : 0);
        return _text.Insert(lineEnd, Newline + line);
    }

    private string AppendSection(string[] tablePath, string key, string formattedValue)
    {
        var newline = Newline;
        var builder = new StringBuilder(_text);
        if (_text.Length > ContentStart)
        {
            if (!_text.EndsWith('\n'))
            {
                builder.Append(newline);
            }

            builder.Append(newline);
        }

        return builder.Append('[').Append(FormatKeyPath(tablePath)).Append(']').Append(newline)
            .Append(TomlFormatter.FormatKey(key)).Append(" = ").Append(formattedValue).Append(newline)
            .ToString();
    }

    // Deletes the whole lines from the key to the end of its value, trailing comment included.
    private string RemoveLines(TomlNode node)
    {
        var start = node.DefinitionOffset == 0 ? 0 : _text.LastIndexOf('\n', node.DefinitionOffset - 1) + 1;
        start = Math.Max(start, ContentStart);
        var end = _text.IndexOf('\n', node.Span.End);
        end = end < 0 ? _text.Length : end + 1;
        return _text.Remove(start, end - start);
    }

    private static string FormatKeyPath(IEnumerable<string> path) => string.Join('.', path.Select(TomlFormatter.FormatKey));
}
