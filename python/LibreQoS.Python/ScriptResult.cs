namespace LibreQoS.Python;

/// <summary>How a script ended without an exception.</summary>
/// <param name="ExitCode">0, or the code given to <c>sys.exit</c> / <c>os._exit</c> (1 for a non-integer one, as python3 does; a process would see it modulo 256).</param>
public sealed record ScriptResult(int ExitCode, TimeSpan Elapsed);
