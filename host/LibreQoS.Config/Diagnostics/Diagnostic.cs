namespace LibreQoS.Config.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One finding about an operator file, printed as <c>file:line: field: message</c>
/// (<c>file:line:column: ...</c> when the column is known).
/// </summary>
/// <param name="Line">1-based; 0 when the finding is about the file as a whole.</param>
/// <param name="Column">1-based; 0 when unknown.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string File, int Line, int Column, string Field, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString()
    {
        string location = (Line, Column) switch
        {
            (0, _) => File,
            (_, 0) => $"{File}:{Line}",
            _ => $"{File}:{Line}:{Column}",
        };
        return Field.Length == 0 ? $"{location}: {Message}" : $"{location}: {Field}: {Message}";
    }
}
