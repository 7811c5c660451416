namespace LibreQoS.Planner;

/// <summary>The inputs cannot be shaped as asked; the message names the queue or node and what to change. Nothing was applied.</summary>
public sealed class PlanningException(string message) : Exception(message);
