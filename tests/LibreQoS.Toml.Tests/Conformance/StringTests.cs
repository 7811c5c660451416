namespace LibreQoS.Toml.Tests.Conformance;

public class StringTests
{
    [Theory]
    [InlineData("a = \"hello\"", "hello")]
    [InlineData("a = \"\"", "")]
    [InlineData("a = ''", "")]
    [InlineData("a = \"\\b\\t\\n\\f\\r\\\"\\\\\"", "\b\t\n\f\r\"\\")]
    [InlineData("a = \"Jos\\u00E9\"", "José")]
    [InlineData("a = \"\\U0001F600\"", "😀")]
    [InlineData("a = \"\\U0010FFFF\"", "\U0010FFFF")]
    [InlineData("a = \"tab\there\"", "tab\there")]
    [InlineData("a = \"# not a comment\"", "# not a comment")]
    [InlineData("a = \"ʎǝʞ 😀\"", "ʎǝʞ 😀")]
    [InlineData("a = 'C:\\Users\\nodejs\\templates'", "C:\\Users\\nodejs\\templates")]
    [InlineData("a = 'Tom \"Dubs\" Preston'", "Tom \"Dubs\" Preston")]
    [InlineData("a = '<\\i\\c*\\s*>'", "<\\i\\c*\\s*>")]
    public void Parse_SingleLineString_ReturnsValue(string toml, string expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<TomlString>(toml).Value);
    }

    [Theory]
    [InlineData("a = \"\"\"\nRoses are red\nViolets are blue\"\"\"", "Roses are red\nViolets are blue")]
    [InlineData("a = \"\"\"\r\nfirst\r\nsecond\"\"\"", "first\nsecond")]
    [InlineData("a = \"\"\"\n\nblank first line\"\"\"", "\nblank first line")]
    [InlineData("a = \"\"\"\nThe quick \\\n\n\n  brown \\\n   fox\"\"\"", "The quick brown fox")]
    [InlineData("a = \"\"\"\\\n  trimmed \\   \n  too\"\"\"", "trimmed too")]
    [InlineData("a = \"\"\"ab\\\r\n   cd\"\"\"", "abcd")]
    [InlineData("a = \"\"\"Two quotes: \"\". Fine.\"\"\"", "Two quotes: \"\". Fine.")]
    [InlineData("a = \"\"\"a\"\"\"\"", "a\"")]
    [InlineData("a = \"\"\"a\"\"\"\"\"", "a\"\"")]
    [InlineData("a = \"\"\"\"quoted\"\"\"\"", "\"quoted\"")]
    [InlineData("a = \"\"\"tab\\tand \\u00E9\"\"\"", "tab\tand é")]
    [InlineData("a = \"\"\"contains ''' inside\"\"\"", "contains ''' inside")]
    [InlineData("a = \"\"\"\"\"\"", "")]
    [InlineData("a = \"\"\"\"\"\"\"", "\"")]
    public void Parse_MultilineBasicString_ReturnsValue(string toml, string expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<TomlString>(toml).Value);
    }

    [Theory]
    [InlineData("a = '''\nfirst\n  second'''", "first\n  second")]
    [InlineData("a = '''I [dw]on't need \\d{2} apples'''", "I [dw]on't need \\d{2} apples")]
    [InlineData("a = '''no \\\n  trimming'''", "no \\\n  trimming")]
    [InlineData("a = ''''''", "")]
    [InlineData("a = '''x''''", "x'")]
    [InlineData("a = '''x'''''", "x''")]
    [InlineData("a = '''''quoted'''''", "''quoted''")]
    public void Parse_MultilineLiteralString_ReturnsValue(string toml, string expected)
    {
        Assert.Equal(expected, TomlAssert.ValueOfA<TomlString>(toml).Value);
    }

    [Theory]
    [InlineData("a = \"abc", 1, 9, "unterminated string")]
    [InlineData("a = \"abc\nb = 1", 1, 9, "unterminated string")]
    [InlineData("a = 'abc", 1, 9, "unterminated string")]
    [InlineData("a = 'abc\n'", 1, 9, "unterminated string")]
    [InlineData("a = \"\\q\"", 1, 6, "invalid escape sequence '\\q'")]
    [InlineData("a = \"\\x41\"", 1, 6, "invalid escape sequence '\\x'")]
    [InlineData("a = \"\\e\"", 1, 6, "invalid escape sequence '\\e'")]
    [InlineData("a = \"a\\ b\"", 1, 7, "invalid escape sequence")]
    [InlineData("a = \"ab\\", 1, 8, "incomplete escape sequence")]
    [InlineData("a = \"\\uD800\"", 1, 6, "not a Unicode scalar value")]
    [InlineData("a = \"\\uDFFF\"", 1, 6, "not a Unicode scalar value")]
    [InlineData("a = \"\\U00110000\"", 1, 6, "not a Unicode scalar value")]
    [InlineData("a = \"\\u12\"", 1, 6, "4 hexadecimal digits")]
    [InlineData("a = \"\\U1234567\"", 1, 6, "8 hexadecimal digits")]
    [InlineData("a = \"\\uGHIJ\"", 1, 6, "4 hexadecimal digits")]
    [InlineData("a = \"a\u0001b\"", 1, 7, "control character U+0001")]
    [InlineData("a = 'a\u0000b'", 1, 7, "control character U+0000")]
    [InlineData("a = \"a\u007Fb\"", 1, 7, "control character U+007F")]
    [InlineData("a = \"a\u001Fb\"", 1, 7, "control character U+001F")]
    [InlineData("a = \"a\rb\"", 1, 7, "carriage return")]
    [InlineData("a = \"\"\"abc", 1, 11, "unterminated multi-line string (opened at 1:5)")]
    [InlineData("a = '''abc\n", 2, 1, "unterminated multi-line string")]
    [InlineData("a = \"\"\"a\\ b\"\"\"", 1, 9, "line-ending")]
    [InlineData("a = \"\"\"\nok\n\\q\"\"\"", 3, 1, "invalid escape sequence '\\q'")]
    [InlineData("a = \"\"\"a\"\"\"\"\"\"", 1, 14, "too many quotes")]
    [InlineData("a = '''a''''''", 1, 14, "too many quotes")]
    [InlineData("a = \"\"\"a\u0001\"\"\"", 1, 9, "control character")]
    [InlineData("a = '''a\u0008'''", 1, 9, "control character")]
    [InlineData("a = \"\"\"a\rb\"\"\"", 1, 9, "carriage return")]
    [InlineData("a = \"abc\"def", 1, 10, "unexpected 'd' after the value")]
    public void Parse_InvalidString_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
