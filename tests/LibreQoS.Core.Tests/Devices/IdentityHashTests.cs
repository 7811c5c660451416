using LibreQoS.Core.Shaping;

namespace LibreQoS.Core.Tests.Devices;

public class IdentityHashTests
{
    /// <summary>Expected values printed by Rust's DefaultHasher::new() with hasher.write(text.as_bytes()).</summary>
    [Theory]
    [InlineData("", -3315872660926475476)]
    [InlineData("a", 4644417185603328019)]
    [InlineData("C000001", 4534511783350785369)]
    [InlineData("D0000001", 7192184002209949979)]
    [InlineData("Site_00073", -7409143967234876055)]
    [InlineData("0123456789abcdefghij", -4351671045944449830)]
    public void Of_Text_MatchesRustDefaultHasher(string text, long expected) => Assert.Equal(expected, IdentityHash.Of(text));
}
