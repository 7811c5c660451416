namespace LibreQoS.Config.Diagnostics;

/// <summary>Collects every finding so an operator sees all problems at once, not one per run.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> All => _items;

    public IEnumerable<Diagnostic> Errors => _items.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => _items.Where(d => !d.IsError);

    public bool HasErrors => ErrorCount > 0;

    public int ErrorCount { get; private set; }

    public void Error(string file, int line, string field, string message) =>
        Add(new Diagnostic(DiagnosticSeverity.Error, file, line, 0, field, message));

    public void Warning(string file, int line, string field, string message) =>
        Add(new Diagnostic(DiagnosticSeverity.Warning, file, line, 0, field, message));

    public void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.IsError)
            ErrorCount++;
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
            Add(d);
    }
}
