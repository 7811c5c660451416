namespace LibreQoS.Tc;

/// <summary>tc refused a command. Carries the failing line of the batch and the kernel's message.</summary>
public sealed class TcException : Exception
{
    public TcException(string message, int line = 0, string? command = null, string? kernelMessage = null)
        : base(message)
    {
        Line = line;
        Command = command;
        KernelMessage = kernelMessage;
    }

    /// <summary>1-based line of the whole batch; 0 when the failure is not tied to a line.</summary>
    public int Line { get; }

    public string? Command { get; }

    public string? KernelMessage { get; }
}
