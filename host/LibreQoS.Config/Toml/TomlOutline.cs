using Tomlyn.Syntax;

namespace LibreQoS.Config.Toml;

/// <summary>
/// What each dotted key of a TOML document names (a value, an inline table, a [header] section, a table only implied
/// by a longer header or dotted key, an array of tables) and where it is written, read from Tomlyn's syntax tree.
/// </summary>
internal sealed class TomlOutline
{
    private const char Separator = '\u001F';
    private readonly Dictionary<string, Definition> _definitions = new(StringComparer.Ordinal);

    private TomlOutline()
    {
    }

    /// <summary>The root table: key/values before the first header.</summary>
    public Section Root { get; private set; } = null!;

    public static TomlOutline Of(DocumentSyntax syntax)
    {
        var outline = new TomlOutline();
        outline.Root = outline.AddSection([], header: null, syntax.KeyValues);
        foreach (var table in syntax.Tables)
        {
            var names = KeyNames(table.Name!);
            // Keys inside arrays of tables are not editable, so they are not outlined.
            if (Enumerable.Range(1, names.Length - 1).Any(length => outline.Find(names[..length]) is TableArray))
                continue;
            outline.AddImpliedTables([], names, byHeader: true);
            if (table is TableArraySyntax)
                outline._definitions.TryAdd(Join(names), new TableArray());
            else
                outline._definitions[Join(names)] = outline.AddSection(names, table, table.Items);
        }
        return outline;
    }

    public Definition? Find(string[] path) => _definitions.GetValueOrDefault(Join(path));

    private Section AddSection(string[] path, TableSyntaxBase? header, SyntaxList<KeyValueSyntax> items)
    {
        int? anchor = header is null ? null : header.CloseBracket!.Span.Offset;
        foreach (var keyValue in items)
        {
            var names = KeyNames(keyValue.Key!);
            AddImpliedTables(path, names, byHeader: false);
            var value = keyValue.Value!;
            _definitions[Join([.. path, .. names])] = value is InlineTableSyntax ? new InlineTable(keyValue) : new Value(keyValue);
            anchor = value.Span.Offset + value.Span.Length - 1;
        }
        return new Section(anchor);
    }

    private void AddImpliedTables(string[] path, string[] names, bool byHeader)
    {
        for (int length = 1; length < names.Length; length++)
            _definitions.TryAdd(Join([.. path, .. names[..length]]), new ImpliedTable(byHeader));
    }

    private static string Join(string[] path) => string.Join(Separator, path);

    internal static string[] KeyNames(KeySyntax key) => [KeyName(key.Key), .. key.DotKeys.Select(dotted => KeyName(dotted.Key))];

    private static string KeyName(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value!,
        _ => "",
    };

    internal abstract record Definition;

    /// <summary>A [header] table or the root; new keys go after <see cref="InsertionAnchor"/>'s line (null: top of the file).</summary>
    internal sealed record Section(int? InsertionAnchor) : Definition;

    /// <summary>A table that exists only because a longer [header] (or a dotted key) names it.</summary>
    internal sealed record ImpliedTable(bool ByHeader) : Definition;

    internal sealed record TableArray : Definition;

    internal abstract record KeyValue(KeyValueSyntax Syntax) : Definition;

    internal sealed record InlineTable(KeyValueSyntax Syntax) : KeyValue(Syntax);

    internal sealed record Value(KeyValueSyntax Syntax) : KeyValue(Syntax)
    {
        public string TypeNameWithArticle => Syntax.Value switch
        {
            StringValueSyntax => "a string",
            IntegerValueSyntax => "an integer",
            FloatValueSyntax => "a float",
            BooleanValueSyntax => "a boolean",
            DateTimeValueSyntax => "a datetime",
            _ => "an array",
        };
    }
}
