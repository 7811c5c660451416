using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.LqosConf;

namespace LibreQoS.Config.Validation;

/// <summary>The outcome of checking lqos.conf and the shaping inputs together, as <c>lqos validate</c> prints it.</summary>
public sealed class ValidationReport
{
    private ValidationReport(IReadOnlyList<Diagnostic> diagnostics, ShapingInputs? inputs)
    {
        Errors = Ordered(diagnostics.Where(d => d.IsError));
        Warnings = Ordered(diagnostics.Where(d => !d.IsError));
        Inputs = inputs;
    }

    public IReadOnlyList<Diagnostic> Errors { get; }

    public IReadOnlyList<Diagnostic> Warnings { get; }

    public ShapingInputs? Inputs { get; }

    public bool IsValid => Errors.Count == 0 && Inputs is not null;

    /// <summary>
    /// Checks the config at <paramref name="configPath"/> and the inputs in <paramref name="directory"/>
    /// (default: the config's lqos_directory). With an explicit directory a missing config is not an error,
    /// so inputs can be checked on a machine that has no /etc/lqos.conf.
    /// </summary>
    public static ValidationReport Run(string configPath, string? directory)
    {
        var diagnostics = new DiagnosticBag();
        LqosConfig? config = null;
        if (directory is null || File.Exists(configPath))
            config = LqosConfigFile.Load(configPath, diagnostics);

        string? inputsDirectory = directory ?? config?.LqosDirectory;
        var inputs = inputsDirectory is null ? null : ShapingInputs.Load(inputsDirectory, diagnostics);
        return new ValidationReport(diagnostics.All, inputs);
    }

    /// <summary>Warnings first (prefixed), then every error one a line, then the verdict.</summary>
    public IEnumerable<string> Render()
    {
        foreach (var warning in Warnings)
            yield return $"warning: {warning}";
        foreach (var error in Errors)
            yield return error.ToString();
        if (IsValid)
            yield return $"OK: {Inputs!.Circuits.Count} circuits, {Inputs.DeviceCount} devices, {Inputs.NodeCount} nodes";
        else
            yield return $"FAILED: {Errors.Count} error(s); nothing was changed";
    }

    private static List<Diagnostic> Ordered(IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        var fileOrder = list.Select(d => d.File).Distinct().Select((file, i) => (file, i)).ToDictionary(x => x.file, x => x.i);
        return list.OrderBy(d => fileOrder[d.File]).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }
}
