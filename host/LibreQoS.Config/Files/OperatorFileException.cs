using LibreQoS.Config.Diagnostics;

namespace LibreQoS.Config.Files;

/// <summary>An operator file that cannot be used at all (missing, unreadable, not text, not parseable).</summary>
public sealed class OperatorFileException : Exception
{
    public OperatorFileException(string path, int line, string message, int column = 0)
        : base(new Diagnostic(DiagnosticSeverity.Error, path, line, column, "", message).ToString())
    {
        Diagnostic = new Diagnostic(DiagnosticSeverity.Error, path, line, column, "", message);
    }

    public Diagnostic Diagnostic { get; }
}
