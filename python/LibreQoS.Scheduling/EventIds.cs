namespace LibreQoS.Scheduling;

/// <summary>Event ids of this assembly's log messages: 4000–4499 (LibreQoS.Python has 4500–4599).</summary>
internal static class EventIds
{
    internal const int BusWaiting = 4000;
    internal const int BusReady = 4001;
    internal const int StatusNotDelivered = 4002;
    internal const int RefreshRequested = 4003;
    internal const int RefreshSucceeded = 4004;
    internal const int RefreshFailed = 4005;
    internal const int RefreshLine = 4006;
    internal const int InputsUnchanged = 4007;
    internal const int NothingToReload = 4008;
    internal const int IntegrationStarting = 4010;
    internal const int IntegrationSucceeded = 4011;
    internal const int IntegrationFailed = 4012;
    internal const int InterpreterStuck = 4013;
    internal const int IntegrationSelected = 4014;
    internal const int IntegrationsIgnored = 4015;
    internal const int NoIntegrationEnabled = 4016;
    internal const int IntegrationScriptMissing = 4017;
    internal const int JobThrew = 4020;
    internal const int JobsScheduled = 4021;
    internal const int OperatorScriptStarting = 4030;
    internal const int OperatorScriptEnded = 4031;
    internal const int OperatorScriptFailed = 4032;
    internal const int ScriptTraceback = 4033;
    internal const int PythonUnavailable = 4040;
    internal const int Notified = 4041;
    internal const int WatchdogWithheld = 4042;
    internal const int Stopping = 4043;
}
