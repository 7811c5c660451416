namespace LibreQoS.Toml.Tests.Conformance;

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
        Assert.Empty(TomlParser.Parse(toml));
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
        var root = TomlParser.Parse(toml);

        Assert.Equal(["a"], root.Keys);
        Assert.Equal(1, TomlAssert.Integer(root["a"]));
    }

    [Fact]
    public void Parse_CrlfDocument_ReadsEveryLine()
    {
        var root = TomlParser.Parse("a = 1\r\n[t]\r\nb = \"x\" # c\r\nc = [\r\n  1,\r\n]\r\n");

        var t = TomlAssert.Table(root["t"]);
        Assert.Equal(["b", "c"], t.Keys);
        Assert.Equal(new TomlPosition(4, 1), t["c"]!.Position);
    }

    [Fact]
    public void Parse_ByteOrderMark_DoesNotCountAsAColumn()
    {
        var root = TomlParser.Parse("\uFEFFa = 1");

        Assert.Equal(new TomlPosition(1, 1), root["a"]!.Position);
    }

    [Theory]
    [InlineData("a = 1\rb = 2", 1, 6, "carriage return must be followed by a line feed")]
    [InlineData("a = 1\r", 1, 6, "carriage return")]
    [InlineData("\r", 1, 1, "carriage return")]
    [InlineData("# comment\rb = 2", 1, 10, "carriage return")]
    [InlineData("# a\u0001", 1, 4, "control character U+0001 is not allowed in comments")]
    [InlineData("# \u007F", 1, 3, "control character U+007F")]
    [InlineData("a = 1 # \u0000", 1, 9, "control character U+0000")]
    [InlineData("# ok\n# bad \u001B[0m", 2, 7, "control character U+001B")]
    [InlineData("a = 1\u000B", 1, 6, "unexpected U+000B after the value")]
    [InlineData("a = 1\u000C", 1, 6, "unexpected U+000C")]
    [InlineData("\u000Ca = 1", 1, 1, "expected a key but found U+000C")]
    [InlineData("!", 1, 1, "expected a key but found '!'")]
    [InlineData("a = 1\n\uFEFFb = 2", 2, 1, "expected a key but found U+FEFF")]
    [InlineData("\uFEFF= 1", 1, 1, "expected a key")]
    [InlineData("\uFEFFa = 1\nb = ?", 2, 5, "expected a value but found '?'")]
    [InlineData("a = 1 // comment", 1, 7, "unexpected '/' after the value")]
    [InlineData("a = 1 ; comment", 1, 7, "unexpected ';' after the value")]
    public void Parse_InvalidWhitespaceOrComment_ThrowsAtOffendingCharacter(string toml, int line, int column, string reason)
    {
        TomlAssert.Fails(toml, line, column, reason);
    }
}
