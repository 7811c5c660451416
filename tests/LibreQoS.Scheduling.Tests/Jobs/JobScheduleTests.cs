using LibreQoS.Config.LqosConf;
using LibreQoS.Scheduling.Jobs;
using LibreQoS.TestKit;

namespace LibreQoS.Scheduling.Tests.Jobs;

public class JobScheduleTests
{
    private static readonly JobSettings Settings = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5));
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void StartDue_Success_DueAgainOneIntervalAfterItStarted()
    {
        var schedule = new JobSchedule(_clock);
        schedule.Add("splynx", Settings, TimeSpan.Zero);

        Assert.Equal(["splynx"], schedule.StartDue());
        _clock.Advance(TimeSpan.FromMinutes(4));
        schedule.Finished("splynx", succeeded: true);

        _clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Empty(schedule.StartDue());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["splynx"], schedule.StartDue());
    }

    [Fact]
    public void StartDue_Failure_DueAgainAfterTheRetryDelay()
    {
        var schedule = new JobSchedule(_clock);
        schedule.Add("splynx", Settings, TimeSpan.Zero);
        schedule.StartDue();
        _clock.Advance(TimeSpan.FromMinutes(2));

        schedule.Finished("splynx", succeeded: false);

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(5), schedule.NextRunOf("splynx"));
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(schedule.StartDue());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["splynx"], schedule.StartDue());
    }

    [Fact]
    public void StartDue_RunOutlastsItsInterval_DueAsSoonAsItEnds()
    {
        var schedule = new JobSchedule(_clock);
        schedule.Add("splynx", Settings, TimeSpan.Zero);
        schedule.StartDue();

        _clock.Advance(TimeSpan.FromMinutes(45));
        Assert.Empty(schedule.StartDue());
        schedule.Finished("splynx", succeeded: true);

        Assert.Equal(["splynx"], schedule.StartDue());
    }

    [Fact]
    public void NextDue_EveryJobRunning_Null()
    {
        var schedule = new JobSchedule(_clock);
        schedule.Add("a", Settings, TimeSpan.Zero);
        schedule.Add("b", Settings, TimeSpan.FromMinutes(1));
        schedule.StartDue();

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(1), schedule.NextDue);
        _clock.Advance(TimeSpan.FromMinutes(1));
        schedule.StartDue();
        Assert.Null(schedule.NextDue);
    }

    [Fact]
    public void JobSettingsFor_JobEntry_OverridesTheSectionAndRefreshInterval()
    {
        var config = new LqosConfig
        {
            IntegrationCommon = new IntegrationCommonConfig { QueueRefreshIntervalMins = 15 },
            Scheduler = new SchedulerConfig
            {
                IntegrationTimeoutSeconds = 900,
                RetryDelaySeconds = 120,
                Jobs = [new SchedulerJobConfig("splynx", 10, null, 60), new SchedulerJobConfig("sonar", null, 30, null)],
            },
        };

        Assert.Equal(new JobSettings(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(60)), JobSettings.For("splynx", config));
        Assert.Equal(new JobSettings(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120)), JobSettings.For("sonar", config));
        Assert.Equal(new JobSettings(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(120)), JobSettings.For("uisp", config));
    }

    [Fact]
    public void JobSettingsFor_NoSchedulerSection_UpstreamsIntervalAndOurDefaults() =>
        Assert.Equal(new JobSettings(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)), JobSettings.For("splynx", new LqosConfig()));
}
