namespace LibreQoS.Service.Handling;

/// <summary>A Bakery batch that cannot be applied; the message lists every problem, for the client to print.</summary>
public sealed class BakeryException(string message) : Exception(message);
