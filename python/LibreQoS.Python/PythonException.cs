namespace LibreQoS.Python;

/// <summary>
/// A Python exception that reached the host: its type, message and formatted traceback, as strings only, so it can
/// cross threads and outlive the interpreter (no live Python object is kept).
/// </summary>
public class PythonException : Exception
{
    public PythonException(string pythonType, string pythonMessage, string pythonTraceback)
        : this($"{pythonType}: {pythonMessage}", pythonType, pythonMessage, pythonTraceback)
    {
    }

    protected PythonException(string message, string pythonType, string pythonMessage, string pythonTraceback)
        : base(message)
    {
        PythonType = pythonType;
        PythonMessage = pythonMessage;
        PythonTraceback = pythonTraceback;
    }

    /// <summary>The exception's class, qualified by module unless it is a builtin (<c>ValueError</c>, <c>requests.exceptions.HTTPError</c>).</summary>
    public string PythonType { get; }

    /// <summary><c>str(exception)</c>.</summary>
    public string PythonMessage { get; }

    /// <summary>
    /// The traceback as Python prints it, from <c>Traceback (most recent call last):</c> to the final
    /// <c>Type: message</c> line, including chained exceptions; empty if none was available.
    /// </summary>
    public string PythonTraceback { get; }

    public override string ToString() =>
        PythonTraceback.Length == 0 ? base.ToString() : $"{base.ToString()}{Environment.NewLine}Python traceback:{Environment.NewLine}{PythonTraceback}";
}
