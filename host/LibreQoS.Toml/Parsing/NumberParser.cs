using System.Globalization;
using System.Text;

namespace LibreQoS.Toml;

/// <summary>Parses one integer or float token.</summary>
internal sealed class NumberParser(SourceText source, string token, int tokenOffset)
{
    private int _index;

    public TomlNode Parse()
    {
        if (token is "inf" or "+inf" or "-inf" or "nan" or "+nan" or "-nan")
        {
            return new TomlFloat(ParseSpecialFloat(token));
        }

        if (char.IsAsciiLetter(token[0]))
        {
            throw Error(0, $"invalid value '{token}' (strings must be quoted; booleans are lowercase true and false)");
        }

        var signed = token[0] is '+' or '-';
        var body = signed ? 1 : 0;
        if (token.Length > body + 1 && token[body] == '0' && token[body + 1] is 'x' or 'o' or 'b')
        {
            if (signed)
            {
                throw Error(0, "hexadecimal, octal and binary integers cannot have a sign");
            }

            return ParsePrefixedInteger();
        }

        return ParseDecimal(signed);
    }

    private static double ParseSpecialFloat(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "-nan" => -double.NaN,
        _ => double.NaN,
    };

    private TomlNode ParseDecimal(bool signed)
    {
        _index = signed ? 1 : 0;
        if (At('.'))
        {
            throw Error(_index, "a float needs at least one digit before the decimal point");
        }

        var integerStart = _index;
        var digits = new StringBuilder(signed ? token[..1] : string.Empty);
        var integerPart = ReadDigits(char.IsAsciiDigit, "a digit");
        if (integerPart.Length > 1 && integerPart[0] == '0')
        {
            throw Error(integerStart, "leading zeros are not allowed");
        }

        digits.Append(integerPart);
        var isFloat = false;
        if (At('.'))
        {
            _index++;
            digits.Append('.').Append(ReadDigits(char.IsAsciiDigit, "a digit after the decimal point"));
            isFloat = true;
        }

        if (At('e') || At('E'))
        {
            _index++;
            digits.Append('e');
            if (At('+') || At('-'))
            {
                digits.Append(token[_index++]);
            }

            digits.Append(ReadDigits(char.IsAsciiDigit, "a digit in the exponent"));
            isFloat = true;
        }

        if (_index < token.Length)
        {
            throw Error(_index, $"invalid character {Characters.Describe(token[_index])} in number");
        }

        return isFloat ? ParseFloat(digits.ToString()) : ParseInteger(digits.ToString());
    }

    private TomlFloat ParseFloat(string digits)
    {
        var value = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsInfinity(value) ? throw Error(0, $"float {token} is out of range") : new TomlFloat(value);
    }

    private TomlInteger ParseInteger(string digits) =>
        long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? new TomlInteger(value)
            : throw Error(0, $"integer {token} is out of range");

    private TomlInteger ParsePrefixedInteger()
    {
        var (radix, name, isDigit) = token[1] switch
        {
            'x' => (16, "hexadecimal", (Func<char, bool>)char.IsAsciiHexDigit),
            'o' => (8, "octal", c => c is >= '0' and <= '7'),
            _ => (2, "binary", c => c is '0' or '1'),
        };
        _index = 2;
        var digits = ReadDigits(isDigit, $"a {name} digit after '0{token[1]}'");
        if (_index < token.Length)
        {
            throw Error(_index, $"invalid character {Characters.Describe(token[_index])} in {name} integer");
        }

        UInt128 value = 0;
        foreach (var digit in digits)
        {
            value = (value * (uint)radix) + (uint)HexValue(digit);
            if (value > long.MaxValue)
            {
                throw Error(0, $"integer {token} is out of range");
            }
        }

        return new TomlInteger((long)value);
    }

    private static int HexValue(char digit) => char.IsAsciiDigit(digit) ? digit - '0' : (digit | 0x20) - 'a' + 10;

    // Reads digits where each '_' must sit between two digits; returns the digits without underscores.
    private string ReadDigits(Func<char, bool> isDigit, string expected)
    {
        if (!At(isDigit))
        {
            throw At('_') ? UnderscoreError() : Error(_index, $"expected {expected}");
        }

        var digits = new StringBuilder();
        while (_index < token.Length)
        {
            var c = token[_index];
            if (isDigit(c))
            {
                digits.Append(c);
            }
            else if (c != '_')
            {
                break;
            }
            else if (_index + 1 >= token.Length || !isDigit(token[_index + 1]))
            {
                throw UnderscoreError();
            }

            _index++;
        }

        return digits.ToString();
    }

    private bool At(char expected) => _index < token.Length && token[_index] == expected;

    private bool At(Func<char, bool> predicate) => _index < token.Length && predicate(token[_index]);

    private TomlException UnderscoreError() => Error(_index, "'_' must be between two digits");

    private TomlException Error(int index, string reason) => source.Error(tokenOffset + index, reason);
}
