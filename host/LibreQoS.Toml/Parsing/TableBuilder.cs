namespace LibreQoS.Toml;

/// <summary>Builds the table tree and enforces TOML's rules on defining and extending tables.</summary>
internal sealed class TableBuilder
{
    private readonly SourceText _source;

    public TableBuilder(SourceText source)
    {
        _source = source;
        Root = new TomlTable(TableOrigin.Root) { Position = new TomlPosition(1, 1), Span = new TomlSpan(0, source.Text.Length) };
    }

    public TomlTable Root { get; }

    /// <summary>Adds <c>key = value</c> to <paramref name="target"/>, creating tables for the parts of a dotted key.</summary>
    public void AddKeyValue(TomlTable target, IReadOnlyList<KeySegment> key, int keyStart, TomlNode value)
    {
        var table = target;
        for (var i = 0; i < key.Count - 1; i++)
        {
            table = EnterDottedKeyTable(table, key[i], keyStart);
        }

        var last = key[^1];
        if (table.TryGetValue(last.Name, out var existing))
        {
            throw _source.Error(last.Offset, $"duplicate key '{last.Name}' (first defined at {existing.Position})");
        }

        table.Add(last.Name, value);
    }

    /// <summary>Opens the table of a [header].</summary>
    public TomlTable OpenTable(IReadOnlyList<KeySegment> key, TomlSpan header)
    {
        var parent = WalkHeaderPath(key, header);
        var last = key[^1];
        if (!parent.TryGetValue(last.Name, out var existing))
        {
            var table = Locate(new TomlTable(TableOrigin.Header), header.Start, header);
            parent.Add(last.Name, table);
            return table;
        }

        if (existing is TomlTable { Origin: TableOrigin.Implicit } implicitTable)
        {
            implicitTable.Origin = TableOrigin.Header;
            return Locate(implicitTable, header.Start, header);
        }

        var name = FormatPath(key);
        throw _source.Error(header.Start, existing switch
        {
            TomlTable { Origin: TableOrigin.Header } => $"table [{name}] is defined twice (first at {existing.Position})",
            TomlTable { Origin: TableOrigin.Dotted } => $"table [{name}] was already defined with dotted keys at {existing.Position} and cannot be re-opened with a header",
            TomlTable { IsInline: true } => $"table [{name}] was already defined as an inline table at {existing.Position}",
            TomlArray { IsArrayOfTables: true } => $"[{name}] is already an array of tables (first at {existing.Position}); use [[{name}]] to add an element",
            _ => $"cannot define table [{name}]: key '{last.Name}' already holds {existing.TypeNameWithArticle} (defined at {existing.Position})",
        });
    }

    /// <summary>Appends a new element table for an [[array]] header.</summary>
    public TomlTable AppendArrayTable(IReadOnlyList<KeySegment> key, TomlSpan header)
    {
        var parent = WalkHeaderPath(key, header);
        var last = key[^1];
        TomlArray array;
        if (!parent.TryGetValue(last.Name, out var existing))
        {
            array = Locate(new TomlArray(isArrayOfTables: true), header.Start, header);
            parent.Add(last.Name, array);
        }
        else
        {
            var name = FormatPath(key);
            array = existing is TomlArray { IsArrayOfTables: true } arrayOfTables
                ? arrayOfTables
                : throw _source.Error(header.Start, existing switch
                {
                    TomlArray => $"cannot append to static array '{name}' (defined at {existing.Position}) with [[{name}]]",
                    TomlTable => $"cannot define array of tables [[{name}]]: '{name}' is already a table (defined at {existing.Position})",
                    _ => $"cannot define array of tables [[{name}]]: key '{last.Name}' already holds {existing.TypeNameWithArticle} (defined at {existing.Position})",
                });
        }

        var element = Locate(new TomlTable(TableOrigin.ArrayElement), header.Start, header);
        array.Add(element);
        return element;
    }

    /// <summary>Walks the parents of a header, creating implicit tables; array-of-tables parents resolve to their last element.</summary>
    private TomlTable WalkHeaderPath(IReadOnlyList<KeySegment> key, TomlSpan header)
    {
        var table = Root;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var segment = key[i];
            if (!table.TryGetValue(segment.Name, out var existing))
            {
                var created = Locate(new TomlTable(TableOrigin.Implicit), header.Start, header);
                table.Add(segment.Name, created);
                table = created;
                continue;
            }

            table = existing switch
            {
                TomlTable { IsInline: false } child => child,
                TomlArray { IsArrayOfTables: true } array => (TomlTable)array[^1],
                TomlTable => throw _source.Error(segment.Offset, $"cannot extend inline table '{segment.Name}' (defined at {existing.Position}); inline tables are complete once written"),
                TomlArray => throw _source.Error(segment.Offset, $"cannot extend static array '{segment.Name}' (defined at {existing.Position}) with a table header"),
                _ => throw _source.Error(segment.Offset, $"key '{segment.Name}' already holds {existing.TypeNameWithArticle} (defined at {existing.Position}), so it cannot contain a table"),
            };
        }

        return table;
    }

    private TomlTable EnterDottedKeyTable(TomlTable parent, KeySegment segment, int keyStart)
    {
        var span = new TomlSpan(segment.Offset, segment.Length);
        if (!parent.TryGetValue(segment.Name, out var existing))
        {
            var created = Locate(new TomlTable(TableOrigin.Dotted), keyStart, span);
            parent.Add(segment.Name, created);
            return created;
        }

        // A table only created as the parent of a header may be filled in by dotted keys; from then on it counts as defined by them.
        if (existing is TomlTable { Origin: TableOrigin.Dotted or TableOrigin.Implicit } table)
        {
            if (table.Origin == TableOrigin.Implicit)
            {
                table.Origin = TableOrigin.Dotted;
                Locate(table, keyStart, span);
            }

            return table;
        }

        throw _source.Error(segment.Offset, existing switch
        {
            TomlTable { IsInline: true } => $"cannot add keys to inline table '{segment.Name}' (defined at {existing.Position}); inline tables are complete once written",
            TomlTable => $"cannot add keys to table '{segment.Name}' with dotted keys: it was defined by a header at {existing.Position}",
            TomlArray { IsArrayOfTables: true } => $"cannot add keys to array of tables '{segment.Name}' (defined at {existing.Position}) with dotted keys",
            _ => $"duplicate key '{segment.Name}' (first defined at {existing.Position})",
        });
    }

    private T Locate<T>(T node, int definitionOffset, TomlSpan span)
        where T : TomlNode
    {
        node.Position = _source.PositionOf(definitionOffset);
        node.DefinitionOffset = definitionOffset;
        node.Span = span;
        return node;
    }

    private static string FormatPath(IEnumerable<KeySegment> key) => string.Join('.', key.Select(segment => TomlFormatter.FormatKey(segment.Name)));
}
