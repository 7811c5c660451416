using System.Globalization;
using System.Text;

namespace LibreQoS.Toml;

/// <summary>Parses the four TOML string forms. Newlines inside multi-line strings are returned as "\n".</summary>
internal sealed class StringParser(Scanner scanner)
{
    private const string MultilineBasicDelimiter = "\"\"\"";
    private const string MultilineLiteralDelimiter = "'''";

    /// <summary>Parses any string form starting at the current quote.</summary>
    public string ParseAny()
    {
        if (scanner.IsAt(MultilineBasicDelimiter))
        {
            return ParseMultiline('"');
        }

        if (scanner.IsAt(MultilineLiteralDelimiter))
        {
            return ParseMultiline('\'');
        }

        return scanner.Current == '"' ? ParseBasic() : ParseLiteral();
    }

    public string ParseBasic()
    {
        scanner.Advance();
        var builder = new StringBuilder();
        while (true)
        {
            RejectUnterminated('"');
            switch (scanner.Current)
            {
                case '"':
                    scanner.Advance();
                    return builder.ToString();
                case '\\':
                    ReadEscape(builder, allowLineContinuation: false);
                    break;
                default:
                    AppendCurrent(builder);
                    break;
            }
        }
    }

    public string ParseLiteral()
    {
        scanner.Advance();
        var start = scanner.Offset;
        while (true)
        {
            RejectUnterminated('\'');
            if (scanner.Current == '\'')
            {
                scanner.Advance();
                return scanner.Text[start..(scanner.Offset - 1)];
            }

            RejectControlCharacter();
            scanner.Advance();
        }
    }

    private string ParseMultiline(char quote)
    {
        var open = scanner.Offset;
        scanner.Advance(3);
        SkipNewlineAfterOpeningDelimiter();
        var builder = new StringBuilder();
        while (true)
        {
            if (scanner.AtEnd)
            {
                throw scanner.Error($"unterminated multi-line string (opened at {scanner.Source.PositionOf(open)}); expected {new string(quote, 3)}");
            }

            var c = scanner.Current;
            if (c == quote)
            {
                if (TryReadClosingQuotes(quote, builder))
                {
                    return builder.ToString();
                }
            }
            else if (c == '\\' && quote == '"')
            {
                ReadEscape(builder, allowLineContinuation: true);
            }
            else if (scanner.AtNewline)
            {
                scanner.ConsumeNewline();
                builder.Append('\n');
            }
            else
            {
                AppendCurrent(builder);
            }
        }
    }

    private void SkipNewlineAfterOpeningDelimiter()
    {
        if (scanner.Current == '\n')
        {
            scanner.Advance();
        }
        else if (scanner.Current == '\r' && scanner.Peek(1) == '\n')
        {
            scanner.Advance(2);
        }
    }

    // Up to two quotes may directly precede the closing delimiter: """a"""" is the string a".
    private bool TryReadClosingQuotes(char quote, StringBuilder builder)
    {
        var run = 0;
        while (scanner.Peek(run) == quote)
        {
            run++;
        }

        if (run < 3)
        {
            builder.Append(quote, run);
            scanner.Advance(run);
            return false;
        }

        if (run > 5)
        {
            throw scanner.ErrorAt(scanner.Offset + 5, $"too many quotes: at most two {quote} may precede the closing {new string(quote, 3)}");
        }

        builder.Append(quote, run - 3);
        scanner.Advance(run);
        return true;
    }

    private void ReadEscape(StringBuilder builder, bool allowLineContinuation)
    {
        var start = scanner.Offset;
        scanner.Advance();
        if (scanner.AtEnd)
        {
            throw scanner.ErrorAt(start, "incomplete escape sequence at end of file");
        }

        var c = scanner.Current;
        var simple = c switch
        {
            'b' => "\b",
            't' => "\t",
            'n' => "\n",
            'f' => "\f",
            'r' => "\r",
            '"' => "\"",
            '\\' => "\\",
            _ => null,
        };
        if (simple is not null)
        {
            builder.Append(simple);
            scanner.Advance();
        }
        else if (c is 'u' or 'U')
        {
            ReadUnicodeEscape(builder, start, c == 'u' ? 4 : 8);
        }
        else if (allowLineContinuation && c is ' ' or '\t' or '\r' or '\n')
        {
            SkipLineContinuation(start);
        }
        else
        {
            var shown = Characters.Describe(c);
            throw scanner.ErrorAt(start, shown[0] == '\''
                ? $"invalid escape sequence '\\{c}'"
                : $"invalid escape sequence: '\\' followed by {shown}");
        }
    }

    private void ReadUnicodeEscape(StringBuilder builder, int start, int digits)
    {
        var letter = scanner.Current;
        scanner.Advance();
        for (var i = 0; i < digits; i++)
        {
            if (!char.IsAsciiHexDigit(scanner.Peek(i)))
            {
                throw scanner.ErrorAt(start, $"invalid escape sequence: '\\{letter}' must be followed by {digits} hexadecimal digits");
            }
        }

        var hex = scanner.Text.Substring(scanner.Offset, digits);
        var codePoint = uint.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (codePoint > 0x10FFFF || codePoint is >= 0xD800 and <= 0xDFFF)
        {
            throw scanner.ErrorAt(start, $"'\\{letter}{hex}' is not a Unicode scalar value");
        }

        builder.Append(char.ConvertFromUtf32((int)codePoint));
        scanner.Advance(digits);
    }

    // A backslash that ends a line (trailing whitespace allowed) removes the newline and all whitespace up to the next text.
    private void SkipLineContinuation(int backslash)
    {
        var ahead = 0;
        while (scanner.Peek(ahead) is ' ' or '\t')
        {
            ahead++;
        }

        if (scanner.Peek(ahead) is not ('\n' or '\r'))
        {
            throw scanner.ErrorAt(backslash, "invalid escape sequence: a line-ending '\\' may only be followed by whitespace up to the end of the line");
        }

        scanner.Advance(ahead);
        while (true)
        {
            scanner.SkipWhitespace();
            if (!scanner.AtNewline)
            {
                return;
            }

            scanner.ConsumeNewline();
        }
    }

    private void RejectUnterminated(char quote)
    {
        if (scanner.Current == '\r' && scanner.Peek(1) != '\n')
        {
            throw scanner.Error(Characters.LoneCarriageReturn);
        }

        if (scanner.AtEnd || scanner.AtNewline)
        {
            var where = scanner.AtEnd ? "file" : "line";
            throw scanner.Error($"unterminated string: expected a closing {quote} before the end of the {where}");
        }
    }

    private void RejectControlCharacter()
    {
        if (Characters.IsForbiddenControl(scanner.Current))
        {
            throw scanner.Error($"control character {Characters.Describe(scanner.Current)} is not allowed in strings");
        }
    }

    private void AppendCurrent(StringBuilder builder)
    {
        RejectControlCharacter();
        builder.Append(scanner.Current);
        scanner.Advance();
    }
}
