using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

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
        Assert.Equal(expected, TomlAssert.ValueOfA<string>(toml));
    }

    [Theory]
    [InlineData("a = \"\"\"\nRoses are red\nViolets are blue\"\"\"", "Roses are red\nViolets are blue")]
    [InlineData("a = \"\"\"\r\nfirst\r\nsecond\"\"\"", "first\r\nsecond")]
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
        Assert.Equal(expected, TomlAssert.ValueOfA<string>(toml));
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
        Assert.Equal(expected, TomlAssert.ValueOfA<string>(toml));
    }

    [Theory]
    [InlineData("a = \"abc", 1, 8, "Invalid End-Of-File found on string literal")]
    [InlineData("a = \"abc\nb = 1", 1, 9, "Invalid newline in a string")]
    [InlineData("a = 'abc", 1, 8, "Invalid End-Of-File found on string literal")]
    [InlineData("a = 'abc\n'", 1, 9, "Invalid newline in a string")]
    [InlineData("a = \"\\q\"", 1, 7, "Unexpected escape character [q] in string. Only b t n f r e \\ \" xHH u0000-uFFFF U00000000-UFFFFFFFF are allowed")]
    [InlineData("a = \"a\\ b\"", 1, 8, "Invalid escape `\\`. It must skip at least one line.")]
    [InlineData("a = \"ab\\", 0, 0, "escape sequence")]
    [InlineData("a = \"\\uD800\"", 1, 7, "Invalid Unicode scalar value [D800]")]
    [InlineData("a = \"\\uDFFF\"", 1, 7, "Invalid Unicode scalar value [DFFF]")]
    [InlineData("a = \"\\U00110000\"", 1, 7, "Invalid Unicode scalar value [110000]")]
    [InlineData("a = \"\\u12\"", 1, 10, "Unexpected escape character [\"] in string. Only b t n f r e \\ \" xHH u0000-uFFFF U00000000-UFFFFFFFF are allowed")]
    [InlineData("a = \"\\U1234567\"", 1, 15, "Unexpected escape character [\"] in string. Only b t n f r e \\ \" xHH u0000-uFFFF U00000000-UFFFFFFFF are allowed")]
    [InlineData("a = \"\\uGHIJ\"", 1, 8, "Unexpected escape character [G] in string. Only b t n f r e \\ \" xHH u0000-uFFFF U00000000-UFFFFFFFF are allowed")]
    [InlineData("a = \"a\u0001b\"", 1, 5, "Invalid control character found \\u1;")]
    [InlineData("a = 'a\u0000b'", 1, 5, "Invalid control character found \\u0;")]
    [InlineData("a = \"a\u007Fb\"", 1, 5, "Invalid control character found ")]
    [InlineData("a = \"a\u001Fb\"", 1, 5, "Invalid control character found \\u1F;")]
    [InlineData("a = \"a\rb\"", 1, 7, "Invalid \\r not followed by \\n")]
    [InlineData("a = \"\"\"abc", 1, 10, "Invalid End-Of-File found for multi-line string")]
    [InlineData("a = '''abc\n", 1, 11, "Invalid End-Of-File found for multi-line literal string")]
    [InlineData("a = \"\"\"a\\ b\"\"\"", 1, 10, "Invalid escape `\\`. It must skip at least one line.")]
    [InlineData("a = \"\"\"\nok\n\\q\"\"\"", 3, 2, "Unexpected escape character [q] in string. Only b t n f r e \\ \" xHH u0000-uFFFF U00000000-UFFFFFFFF are allowed")]
    [InlineData("a = \"\"\"a\"\"\"\"\"\"", 1, 14, "Unexpected token found `\"` (token: `string`) while expecting token `newline`")]
    [InlineData("a = '''a''''''", 1, 14, "Unexpected token found `'` (token: `stringliteral`) while expecting token `newline`")]
    [InlineData("a = \"\"\"a\u0001\"\"\"", 1, 5, "Invalid control character found \\u1;")]
    [InlineData("a = '''a\u0008'''", 1, 5, "Invalid control character found \\b")]
    [InlineData("a = \"\"\"a\rb\"\"\"", 1, 9, "Invalid \\r not followed by \\n")]
    [InlineData("a = \"abc\"def", 1, 10, "Unexpected token found `def` while expecting token `newline`")]
    public void Parse_InvalidString_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
