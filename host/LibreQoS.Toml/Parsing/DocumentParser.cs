namespace LibreQoS.Toml;

/// <summary>Parses a whole document: a sequence of key/value lines, table headers, comments and blank lines.</summary>
internal sealed class DocumentParser
{
    private readonly Scanner _scanner;
    private readonly KeyParser _keys;
    private readonly ValueParser _values;
    private readonly TableBuilder _tables;
    private TomlTable _section;

    public DocumentParser(string text, string? sourceName)
    {
        var source = new SourceText(text, sourceName);
        _scanner = new Scanner(source);
        var strings = new StringParser(_scanner);
        _keys = new KeyParser(_scanner, strings);
        _tables = new TableBuilder(source);
        _values = new ValueParser(_scanner, strings, _keys, _tables);
        _section = _tables.Root;
    }

    public TomlTable Parse()
    {
        while (true)
        {
            _scanner.SkipWhitespace();
            if (_scanner.AtEnd)
            {
                return _tables.Root;
            }

            switch (_scanner.Current)
            {
                case '\n' or '\r':
                    _scanner.ConsumeNewline();
                    break;
                case '#':
                    _scanner.SkipComment();
                    break;
                case '[':
                    ParseHeader();
                    _scanner.ExpectLineEnd("the table header");
                    break;
                default:
                    _values.ParseKeyValue(_section);
                    _section.InsertionAnchor = _scanner.Offset;
                    _scanner.ExpectLineEnd("the value");
                    break;
            }
        }
    }

    private void ParseHeader()
    {
        var start = _scanner.Offset;
        var isArrayOfTables = _scanner.IsAt("[[");
        _scanner.Advance(isArrayOfTables ? 2 : 1);
        _scanner.SkipWhitespace();
        var key = _keys.ParseKey();
        if (isArrayOfTables)
        {
            if (!_scanner.IsAt("]]"))
            {
                var offending = _scanner.Offset + (_scanner.Current == ']' ? 1 : 0);
                throw _scanner.ErrorAt(offending, "expected ']]' to close the array-of-tables header");
            }

            _scanner.Advance(2);
        }
        else if (!_scanner.TryConsume(']'))
        {
            throw _scanner.Error("expected ']' to close the table header");
        }

        var header = new TomlSpan(start, _scanner.Offset - start);
        _section = isArrayOfTables ? _tables.AppendArrayTable(key, header) : _tables.OpenTable(key, header);
        _section.InsertionAnchor = _scanner.Offset;
    }
}
