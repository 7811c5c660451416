namespace LibreQoS.Python;

/// <summary>Event ids of this assembly's log messages: 4500–4599, a slice of the scheduler's 4000–4999 range.</summary>
internal static class EventIds
{
    internal const int Started = 4500;
    internal const int Stopped = 4501;
    internal const int FinalizeTimedOut = 4502;
    internal const int ScriptFinished = 4503;
    internal const int ScriptCalledOsExit = 4504;
    internal const int ScriptInterrupted = 4505;
    internal const int ScriptStuck = 4506;
    internal const int OutputSinkFailed = 4507;
    internal const int WatchdogTickStillRunning = 4508;
    internal const int FinalizeFlushFailed = 4509;
    internal const int ScriptStdout = 4510;
    internal const int ScriptStderr = 4511;
    internal const int ScriptExited = 4512;
    internal const int WatchdogTickFailed = 4513;
}
