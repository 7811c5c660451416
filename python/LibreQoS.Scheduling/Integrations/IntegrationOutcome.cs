namespace LibreQoS.Scheduling.Integrations;

/// <summary>How one integration run ended.</summary>
/// <param name="Message">For the scheduler status: upstream's wording; after a failure it ends with the output preview.</param>
/// <param name="LogPath">The file holding the whole output of a failed run; null on success (or when nothing ran).</param>
/// <param name="InterpreterStuck">It ignored its timeout in native code: Python cannot run anything else until a restart.</param>
public sealed record IntegrationOutcome(bool Succeeded, string Message, string? LogPath, int OutputLines, TimeSpan Elapsed, bool InterpreterStuck = false);
