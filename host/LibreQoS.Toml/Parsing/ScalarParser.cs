namespace LibreQoS.Toml;

/// <summary>Parses the unquoted values: booleans, numbers and date-times.</summary>
internal sealed class ScalarParser(Scanner scanner)
{
    public TomlNode Parse()
    {
        var start = scanner.Offset;
        SkipTokenCharacters();
        if (IsDateFollowedBySpaceAndTime(start))
        {
            scanner.Advance();
            SkipTokenCharacters();
        }

        var token = scanner.Text[start..scanner.Offset];
        if (token.Length == 0)
        {
            throw scanner.Error($"expected a value but found {scanner.DescribeCurrent()}");
        }

        return token switch
        {
            "true" => new TomlBoolean(true),
            "false" => new TomlBoolean(false),
            _ when DateTimeParser.LooksLikeDateTime(token) => new DateTimeParser(scanner.Source, token, start).Parse(),
            _ => new NumberParser(scanner.Source, token, start).Parse(),
        };
    }

    private void SkipTokenCharacters()
    {
        while (!scanner.AtEnd && (char.IsAsciiLetterOrDigit(scanner.Current) || scanner.Current is '_' or '+' or '-' or '.' or ':'))
        {
            scanner.Advance();
        }
    }

    // TOML allows a single space instead of 'T' between date and time: "1979-05-27 07:32:00".
    private bool IsDateFollowedBySpaceAndTime(int start) =>
        scanner.Offset - start == 10
        && DateTimeParser.LooksLikeDate(scanner.Text.AsSpan(start))
        && scanner.Current == ' '
        && char.IsAsciiDigit(scanner.Peek(1))
        && char.IsAsciiDigit(scanner.Peek(2))
        && scanner.Peek(3) == ':';
}
