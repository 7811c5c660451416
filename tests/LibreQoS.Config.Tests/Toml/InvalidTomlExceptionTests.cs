using LibreQoS.Config.Toml;

namespace LibreQoS.Config.Tests.Toml;

public class InvalidTomlExceptionTests
{
    [Fact]
    public void Message_WithSourceName_StartsWithFileLineAndColumn()
    {
        var error = new InvalidTomlException("expected '=' after key", new TomlPosition(3, 7), "/etc/lqos.conf");

        Assert.Equal("/etc/lqos.conf:3:7: expected '=' after key", error.Message);
    }

    [Fact]
    public void Message_WithoutSourceName_StartsWithLineAndColumn()
    {
        var error = new InvalidTomlException("expected '=' after key", new TomlPosition(3, 7));

        Assert.Equal("3:7: expected '=' after key", error.Message);
    }

    [Fact]
    public void Parse_WithSourceName_ExceptionCarriesIt()
    {
        var error = Assert.Throws<InvalidTomlException>(() => TomlSource.Parse("a = ?", "lqos.conf"));

        Assert.Equal("lqos.conf", error.SourceName);
    }

    [Fact]
    public void Parse_TableDefinedTwice_ReasonHasNoLocationOfItsOwn()
    {
        var error = Assert.Throws<InvalidTomlException>(() => TomlSource.Parse("[bridge]\n[bridge]"));

        Assert.Equal(new TomlPosition(2, 1), error.Position);
        Assert.StartsWith("2:1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("`bridge` is already defined", error.Reason, StringComparison.Ordinal);
    }
}
