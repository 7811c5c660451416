using LibreQoS.TestKit;
using LibreQoS.WebUi.Auth;

namespace LibreQoS.WebUi.Tests.Auth;

public class SignInThrottleTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TenFailures_BlockThatUserFromThatAddress_UntilTheOldestAgesOut()
    {
        var throttle = new SignInThrottle(_clock);
        for (int i = 0; i < 9; i++)
        {
            throttle.Failed("admin", "10.0.0.5");
            _clock.Advance(TimeSpan.FromSeconds(10));
        }
        Assert.Null(throttle.RetryAfter("admin", "10.0.0.5"));

        throttle.Failed("Admin", "10.0.0.5");

        Assert.Equal(TimeSpan.FromSeconds(210), throttle.RetryAfter("admin", "10.0.0.5"));
        Assert.Null(throttle.RetryAfter("admin", "10.0.0.6"));
        Assert.Null(throttle.RetryAfter("viewer", "10.0.0.5"));
        _clock.Advance(TimeSpan.FromSeconds(210));
        Assert.Null(throttle.RetryAfter("admin", "10.0.0.5"));
    }

    [Fact]
    public void Success_ClearsThePairsFailures()
    {
        var throttle = new SignInThrottle(_clock);
        for (int i = 0; i < 9; i++)
            throttle.Failed("admin", "10.0.0.5");

        throttle.Succeeded("admin", "10.0.0.5");
        throttle.Failed("admin", "10.0.0.5");

        Assert.Null(throttle.RetryAfter("admin", "10.0.0.5"));
    }
}
