namespace LibreQoS.Toml;

/// <summary>A cursor over the source with the whitespace, newline and comment rules shared by all parsers.</summary>
internal sealed class Scanner(SourceText source)
{
    public SourceText Source { get; } = source;

    public string Text => Source.Text;

    public int Offset { get; private set; } = source.ContentStart;

    public bool AtEnd => Offset >= Text.Length;

    /// <summary>The current character; '\0' at the end, so check <see cref="AtEnd"/> where NUL matters.</summary>
    public char Current => Peek(0);

    public bool AtNewline => !AtEnd && Current is '\n' or '\r';

    public string DescribeCurrent() => AtEnd ? "end of file" : Characters.Describe(Current);

    public char Peek(int ahead)
    {
        var index = Offset + ahead;
        return index < Text.Length ? Text[index] : '\0';
    }

    public bool IsAt(string expected) => Text.AsSpan(Offset).StartsWith(expected, StringComparison.Ordinal);

    public void Advance(int count = 1) => Offset += count;

    public bool TryConsume(char expected)
    {
        if (AtEnd || Current != expected)
        {
            return false;
        }

        Offset++;
        return true;
    }

    public void SkipWhitespace()
    {
        while (!AtEnd && Current is ' ' or '\t')
        {
            Offset++;
        }
    }

    /// <summary>Consumes LF or CRLF at the current position.</summary>
    public void ConsumeNewline()
    {
        if (Current == '\r' && Peek(1) != '\n')
        {
            throw Error(Characters.LoneCarriageReturn);
        }

        Offset += Current == '\r' ? 2 : 1;
    }

    /// <summary>Skips a comment starting at '#', up to (not including) the newline.</summary>
    public void SkipComment()
    {
        Offset++;
        while (!AtEnd && Current != '\n')
        {
            if (Current == '\r')
            {
                if (Peek(1) == '\n')
                {
                    return;
                }

                throw Error(Characters.LoneCarriageReturn);
            }

            if (Characters.IsForbiddenControl(Current))
            {
                throw Error($"control character {Characters.Describe(Current)} is not allowed in comments");
            }

            Offset++;
        }
    }

    /// <summary>Skips whitespace, newlines and comments, as allowed between array elements.</summary>
    public void SkipWhitespaceNewlinesAndComments()
    {
        while (true)
        {
            SkipWhitespace();
            if (AtNewline)
            {
                ConsumeNewline();
            }
            else if (!AtEnd && Current == '#')
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Requires the rest of the line to be whitespace and an optional comment.</summary>
    public void ExpectLineEnd(string after)
    {
        SkipWhitespace();
        if (!AtEnd && Current == '#')
        {
            SkipComment();
        }

        if (AtEnd)
        {
            return;
        }

        if (!AtNewline)
        {
            throw Error($"unexpected {DescribeCurrent()} after {after}; expected a newline or a comment");
        }

        ConsumeNewline();
    }

    public TomlException Error(string reason) => Source.Error(Offset, reason);

    public TomlException ErrorAt(int offset, string reason) => Source.Error(offset, reason);
}
