namespace LibreQoS.Python;

/// <summary>The libpython to load and the python3 it belongs to, with how they were found (for the log).</summary>
public sealed record PythonInstallation(string LibraryPath, string Executable, string FoundBy);
