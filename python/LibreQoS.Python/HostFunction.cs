namespace LibreQoS.Python;

/// <summary>
/// A .NET function callable from Python as a member of a host module. It receives the positional arguments
/// converted to plain .NET values (see <see cref="PythonRuntime"/> for the mapping) and returns one, which is
/// converted back. It runs on the calling Python thread with the GIL released, so it may block and may be called
/// concurrently from several Python threads; it must not wait for <see cref="PythonRuntime"/> work.
/// Exceptions become Python exceptions: <see cref="ArgumentException"/> a ValueError,
/// <see cref="NotSupportedException"/> a TypeError, anything else a RuntimeError naming the .NET type.
/// </summary>
public delegate object? HostFunction(IReadOnlyList<object?> arguments);
