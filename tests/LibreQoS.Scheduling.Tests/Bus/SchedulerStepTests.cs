using LibreQoS.Scheduling.Bus;

namespace LibreQoS.Scheduling.Tests.Bus;

public class SchedulerStepTests
{
    [Theory]
    [InlineData(1, 3, true, 0)]
    [InlineData(2, 3, true, 33)]
    [InlineData(3, 3, true, 67)]
    [InlineData(3, 3, false, 100)]
    [InlineData(1, 2, false, 50)]
    public void Percent_UpstreamsRule(int index, int count, bool active, int percent) =>
        Assert.Equal(percent, new SchedulerStep("x", index, count).Percent(active));

    [Fact]
    public void ReadyAndDegraded_KeepTheStepCount()
    {
        Assert.Equal(new SchedulerStep("ready", 3, 3), SchedulerStep.PartialIntegration.Ready);
        Assert.Equal(new SchedulerStep("degraded", 1, 3), SchedulerStep.PartialIntegration.Degraded);
    }
}
