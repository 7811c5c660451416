namespace LibreQoS.Toml;

/// <summary>Parses bare, quoted and dotted keys.</summary>
internal sealed class KeyParser(Scanner scanner, StringParser strings)
{
    /// <summary>Parses a (dotted) key and the whitespace after it.</summary>
    public List<KeySegment> ParseKey()
    {
        var segments = new List<KeySegment> { ParseSegment() };
        while (true)
        {
            scanner.SkipWhitespace();
            if (!scanner.TryConsume('.'))
            {
                return segments;
            }

            scanner.SkipWhitespace();
            segments.Add(ParseSegment());
        }
    }

    private KeySegment ParseSegment()
    {
        var start = scanner.Offset;
        if (scanner.IsAt("\"\"\"") || scanner.IsAt("'''"))
        {
            throw scanner.Error("multi-line strings cannot be used as keys");
        }

        var name = scanner.Current switch
        {
            '"' => strings.ParseBasic(),
            '\'' => strings.ParseLiteral(),
            _ when Characters.IsBareKeyChar(scanner.Current) => ReadBareKey(),
            _ => throw scanner.Error($"expected a key but found {scanner.DescribeCurrent()}"),
        };
        return new KeySegment(name, start, scanner.Offset - start);
    }

    private string ReadBareKey()
    {
        var start = scanner.Offset;
        while (!scanner.AtEnd && Characters.IsBareKeyChar(scanner.Current))
        {
            scanner.Advance();
        }

        if (!scanner.AtEnd && scanner.Current is not (' ' or '\t' or '.' or '=' or ']' or '\r' or '\n'))
        {
            throw scanner.Error($"invalid character {scanner.DescribeCurrent()} in bare key (bare keys allow A-Z a-z 0-9 _ -; quote other keys)");
        }

        return scanner.Text[start..scanner.Offset];
    }
}
