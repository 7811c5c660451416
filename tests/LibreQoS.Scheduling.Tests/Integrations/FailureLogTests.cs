using System.Text.RegularExpressions;
using LibreQoS.Scheduling.Integrations;
using LibreQoS.TestKit;

namespace LibreQoS.Scheduling.Tests.Integrations;

public class FailureLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Preview_ManyLines_First30ThenEllipsis()
    {
        var lines = Enumerable.Range(1, 100).Select(i => $"line {i}").ToList();

        string preview = FailureLog.Preview(lines);

        Assert.Equal([.. lines.Take(30), "..."], preview.Split('\n'));
    }

    [Fact]
    public void Preview_LongLines_AtMost4000CharactersEndingInEllipsis()
    {
        var lines = Enumerable.Range(1, 10).Select(i => new string((char)('a' + i), 1000)).ToList();

        string preview = FailureLog.Preview(lines);

        Assert.True(preview.Length <= 4000, $"{preview.Length} characters");
        Assert.EndsWith("\n...", preview, StringComparison.Ordinal);
        Assert.StartsWith(lines[0] + "\n" + lines[1], preview, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_ShortOutput_WholeAndTrimmed()
    {
        string preview = FailureLog.Preview(["", "  Traceback (most recent call last):", "ValueError: bad", "", ""]);

        Assert.Equal("Traceback (most recent call last):\nValueError: bad", preview);
    }

    [Fact]
    public void Preview_Exactly30Lines_NotMarkedAsCut()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $"{i}").ToList();

        Assert.Equal(string.Join('\n', lines), FailureLog.Preview(lines));
    }

    [Theory]
    [InlineData("Splynx", "splynx")]
    [InlineData("UISP integration", "uisp_integration")]
    [InlineData("WISPGate", "wispgate")]
    [InlineData("--", "integration")]
    public void Token_Label_LowerCaseWithUnderscores(string label, string token) => Assert.Equal(token, FailureLog.Token(label));

    [Fact]
    public void Write_WholeOutput_NamedLikeUpstreamInTheGivenFolder()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var log = new FailureLog(clock, _dir.Path);

        string path = log.Write("Splynx", ["first", "second"]);

        string expectedName = $"lqos_scheduler__splynx_{clock.GetLocalNow():yyyyMMdd_HHmmss}.log";
        Assert.Equal(System.IO.Path.Combine(_dir.Path, expectedName), path);
        Assert.Matches(new Regex(@"^lqos_scheduler__splynx_\d{8}_\d{6}\.log$"), System.IO.Path.GetFileName(path));
        Assert.Equal("first\nsecond\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Directory_NoneGiven_IsTheTempFolder() =>
        Assert.Equal(System.IO.Path.GetTempPath(), new FailureLog(TimeProvider.System).Directory);
}
