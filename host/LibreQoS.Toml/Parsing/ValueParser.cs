namespace LibreQoS.Toml;

/// <summary>Parses key/value pairs and values: strings, scalars, arrays and inline tables.</summary>
internal sealed class ValueParser(Scanner scanner, StringParser strings, KeyParser keys, TableBuilder tables)
{
    /// <summary>Deeper nesting is refused rather than risking a stack overflow on a hostile file.</summary>
    internal const int MaxNestingDepth = 100;

    private readonly ScalarParser _scalars = new(scanner);
    private int _depth;

    /// <summary>Parses <c>key = value</c> into <paramref name="target"/>.</summary>
    public void ParseKeyValue(TomlTable target)
    {
        var keyStart = scanner.Offset;
        var key = keys.ParseKey();
        if (!scanner.TryConsume('='))
        {
            throw scanner.Error("expected '=' after key");
        }

        scanner.SkipWhitespace();
        tables.AddKeyValue(target, key, keyStart, ParseValue(keyStart));
    }

    private TomlNode ParseValue(int definitionOffset)
    {
        var start = scanner.Offset;
        TomlNode node = scanner.AtEnd ? _scalars.Parse() : scanner.Current switch
        {
            '"' or '\'' => new TomlString(strings.ParseAny()),
            '[' => Nested(ParseArray),
            '{' => Nested(ParseInlineTable),
            _ => _scalars.Parse(),
        };
        node.Position = scanner.Source.PositionOf(definitionOffset);
        node.Span = new TomlSpan(start, scanner.Offset - start);
        node.DefinitionOffset = definitionOffset;
        return node;
    }

    private TomlNode Nested(Func<TomlNode> parse)
    {
        if (++_depth > MaxNestingDepth)
        {
            throw scanner.Error($"arrays and inline tables are nested more than {MaxNestingDepth} levels deep");
        }

        try
        {
            return parse();
        }
        finally
        {
            _depth--;
        }
    }

    private TomlArray ParseArray()
    {
        scanner.Advance();
        var array = new TomlArray(isArrayOfTables: false);
        while (true)
        {
            scanner.SkipWhitespaceNewlinesAndComments();
            if (scanner.TryConsume(']'))
            {
                return array;
            }

            RejectUnterminated("array", ']');
            if (scanner.Current == ',')
            {
                throw scanner.Error("expected a value or ']' but found ','");
            }

            array.Add(ParseValue(scanner.Offset));
            scanner.SkipWhitespaceNewlinesAndComments();
            if (scanner.TryConsume(']'))
            {
                return array;
            }

            RejectUnterminated("array", ']');
            if (!scanner.TryConsume(','))
            {
                throw scanner.Error($"expected ',' or ']' after an array element but found {scanner.DescribeCurrent()}");
            }
        }
    }

    private TomlTable ParseInlineTable()
    {
        scanner.Advance();
        var table = new TomlTable(TableOrigin.Inline);
        SkipInlineTableWhitespace();
        if (scanner.TryConsume('}'))
        {
            return table;
        }

        while (true)
        {
            ParseKeyValue(table);
            SkipInlineTableWhitespace();
            if (scanner.TryConsume('}'))
            {
                return table;
            }

            RejectUnterminated("inline table", '}');
            var comma = scanner.Offset;
            if (!scanner.TryConsume(','))
            {
                throw scanner.Error($"expected ',' or '}}' after a value in an inline table but found {scanner.DescribeCurrent()}");
            }

            SkipInlineTableWhitespace();
            if (scanner.Current == '}')
            {
                throw scanner.ErrorAt(comma, "trailing commas are not allowed in inline tables");
            }
        }
    }

    // TOML 1.0 inline tables must stay on one line (values such as arrays may still span lines).
    private void SkipInlineTableWhitespace()
    {
        scanner.SkipWhitespace();
        if (scanner.AtNewline)
        {
            throw scanner.Error("newlines are not allowed in inline tables");
        }

        if (scanner.Current == '#')
        {
            throw scanner.Error("comments are not allowed in inline tables");
        }
    }

    private void RejectUnterminated(string what, char closing)
    {
        if (scanner.AtEnd)
        {
            throw scanner.Error($"unterminated {what}: expected '{closing}' before the end of the file");
        }
    }
}
