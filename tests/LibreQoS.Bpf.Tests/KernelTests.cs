namespace LibreQoS.Bpf.Tests;

/// <summary>
/// Tests that load programs or push traffic run one at a time: they share two CPUs, and a rate measured while
/// another test floods a veth would be meaningless.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelTests
{
    public const string Name = "Kernel";
}
