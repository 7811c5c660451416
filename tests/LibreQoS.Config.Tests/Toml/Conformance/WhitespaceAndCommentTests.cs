using LibreQoS.Config.Toml;
using Tomlyn.Model;

namespace LibreQoS.Config.Tests.Toml.Conformance;

public class WhitespaceAndCommentTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("   \t  \n")]
    [InlineData("# only a comment")]
    [InlineData("# one\n# two\r\n   # indented\n")]
    [InlineData("\uFEFF")]
    [InlineData("\uFEFF# comment after a byte order mark\n")]
    public void Parse_DocumentWithoutKeys_ReturnsEmptyRoot(string toml)
    {
        Assert.Empty(TomlAssert.Parse(toml));
    }

    [Theory]
    [InlineData("a = 1")]
    [InlineData("a = 1\n")]
    [InlineData("a = 1\r\n")]
    [InlineData("\r\n\r\na = 1\r\n\r\n")]
    [InlineData("\ta\t=\t1\t# tabbed")]
    [InlineData("a = 1 # comment with ünïcödé, \t tab and emoji 😀")]
    [InlineData("a = 1#no space before the comment")]
    [InlineData("# comment\na = 1 # trailing\n# comment")]
    [InlineData("\uFEFFa = 1")]
    [InlineData("   a = 1   ")]
    public void Parse_WhitespaceAndComments_AreIgnored(string toml)
    {
        var root = TomlAssert.Parse(toml);

        Assert.Equal(["a"], root.Keys);
        Assert.Equal(1, TomlAssert.Integer(root["a"]));
    }

    [Fact]
    public void Parse_CrlfDocument_ReadsEveryLine()
    {
        var source = TomlSource.Parse("a = 1\r\n[t]\r\nb = \"x\" # c\r\nc = [\r\n  1,\r\n]\r\n");

        var t = TomlAssert.Table(source.Root["t"]);
        Assert.Equal(["b", "c"], t.Keys);
        Assert.Equal(new TomlPosition(4, 1), source.PositionOf(t, "c"));
    }

    [Fact]
    public void Parse_ByteOrderMark_DoesNotCountAsAColumn()
    {
        var source = TomlSource.Parse("\uFEFFa = 1");

        Assert.Equal(new TomlPosition(1, 1), source.PositionOf(source.Root, "a"));
    }

    [Theory]
    [InlineData("a = 1\rb = 2", 1, 6, "Invalid \\r not followed by \\n")]
    [InlineData("a = 1\r", 1, 6, "Invalid \\r not followed by \\n")]
    [InlineData("\r", 1, 1, "Invalid \\r not followed by \\n")]
    [InlineData("# comment\rb = 2", 1, 10, "Invalid control character U+000D in comment")]
    [InlineData("# a\u0001", 1, 4, "Invalid control character U+0001 in comment")]
    [InlineData("# \u007F", 1, 3, "Invalid control character U+007F in comment")]
    [InlineData("a = 1 # \u0000", 1, 9, "Invalid control character U+0000 in comment")]
    [InlineData("# ok\n# bad \u001B[0m", 2, 7, "Invalid control character U+001B in comment")]
    [InlineData("a = 1\u000B", 1, 6, "Unexpected token found `\\v` while expecting token `newline`")]
    [InlineData("a = 1\u000C", 1, 6, "Unexpected token found `\\f` while expecting token `newline`")]
    [InlineData("\u000Ca = 1", 1, 1, "Unexpected token [\\f] found")]
    [InlineData("!", 1, 1, "Unexpected token [!] found")]
    [InlineData("a = 1\n\uFEFFb = 2", 2, 1, "Unexpected token [﻿] found")]
    [InlineData("\uFEFF= 1", 1, 1, "Unexpected token [=] found")]
    [InlineData("\uFEFFa = 1\nb = ?", 2, 5, "Unexpected token `?` for a value")]
    [InlineData("a = 1 // comment", 1, 7, "Unexpected token found `/` while expecting token `newline`")]
    [InlineData("a = 1 ; comment", 1, 7, "Unexpected token found `;` while expecting token `newline`")]
    public void Parse_InvalidWhitespaceOrComment_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
