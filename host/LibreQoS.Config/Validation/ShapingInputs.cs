using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Config.NetworkJson;
using LibreQoS.Config.Overrides;
using LibreQoS.Config.ShapedDevices;
using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;
using LibreQoS.Core.Overrides;

namespace LibreQoS.Config.Validation;

/// <summary>Everything in lqos_directory that decides what gets shaped, read and validated together.</summary>
public sealed record ShapingInputs(NetworkTree Network, IReadOnlyList<Circuit> Circuits, LqosOverrides Overrides)
{
    public int DeviceCount => Circuits.Sum(c => c.Devices.Count);

    public int NodeCount => Network.AllNodes().Count();

    /// <summary>
    /// Reads network.json, ShapedDevices.csv and lqos_overrides.json from <paramref name="directory"/>.
    /// Returns null when a file is unusable; every finding, fatal or not, is in <paramref name="diagnostics"/>.
    /// </summary>
    /// <param name="rows">ShapedDevices.csv's rows as last read, for a caller that reads the same directory again and again.</param>
    public static ShapingInputs? Load(string directory, DiagnosticBag diagnostics, ShapedDevicesRowCache? rows = null)
    {
        string networkPath = Path.Combine(directory, NetworkJsonReader.FileName);
        string devicesPath = Path.Combine(directory, ShapedDevicesReader.FileName);
        string overridesPath = Path.Combine(directory, OverridesReader.FileName);

        NetworkTree? network = ReadOrReport(diagnostics, () =>
            File.Exists(networkPath) ? NetworkJsonReader.Read(networkPath, diagnostics) : MissingNetwork(networkPath, diagnostics));
        IReadOnlyList<ShapedDevice>? devices = ReadOrReport(diagnostics, () =>
            File.Exists(devicesPath) ? ShapedDevicesReader.Read(devicesPath, diagnostics, rows) : Missing<IReadOnlyList<ShapedDevice>>(devicesPath, diagnostics));
        LqosOverrides? overrides = ReadOrReport(diagnostics, () => OverridesReader.Read(overridesPath, diagnostics));
        if (network is null || devices is null || overrides is null)
            return null;

        ShapingInputsValidator.ValidateNetwork(network, networkPath, diagnostics);
        var circuits = Circuit.GroupDevices(devices);
        ShapingInputsValidator.ValidateCircuits(circuits, network, devicesPath, diagnostics);
        return new ShapingInputs(network, circuits, overrides);
    }

    /// <summary>Upstream treats a missing network.json as flat, with a warning; so do we.</summary>
    private static NetworkTree MissingNetwork(string path, DiagnosticBag diagnostics)
    {
        diagnostics.Warning(path, 0, "", "the file does not exist; the network is treated as flat");
        return NetworkTree.Flat;
    }

    private static T? Missing<T>(string path, DiagnosticBag diagnostics) where T : class
    {
        diagnostics.Error(path, 0, "", "the file does not exist; create it or point lqos_directory at the folder that has it");
        return null;
    }

    private static T? ReadOrReport<T>(DiagnosticBag diagnostics, Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (OperatorFileException ex)
        {
            diagnostics.Add(ex.Diagnostic);
            return null;
        }
    }
}
