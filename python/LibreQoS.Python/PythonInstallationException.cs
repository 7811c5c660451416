namespace LibreQoS.Python;

/// <summary>No usable libpython or python3 was found or loaded. The message is one sentence naming what to set.</summary>
public sealed class PythonInstallationException : Exception
{
    public PythonInstallationException(string message)
        : base(message)
    {
    }
}
