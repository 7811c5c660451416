using System.Security.Cryptography;
using System.Text;
using LibreQoS.Config.NetworkJson;
using LibreQoS.Config.Overrides;
using LibreQoS.Config.ShapedDevices;

namespace LibreQoS.Scheduling.Jobs;

/// <summary>
/// A SHA-256 over the shaping inputs in lqos_directory (network.json, ShapedDevices.csv, lqos_overrides.json): equal
/// fingerprints mean lqosd would plan the same shaping, so no refresh is needed. A missing or unreadable file counts
/// as a distinct state of its own.
/// </summary>
public static class InputsFingerprint
{
    public static IReadOnlyList<string> FileNames { get; } = [NetworkJsonReader.FileName, ShapedDevicesReader.FileName, OverridesReader.FileName];

    public static string Compute(string lqosDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string name in FileNames)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            byte[] contents;
            try
            {
                contents = File.ReadAllBytes(Path.Combine(lqosDirectory, name));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"unreadable: {ex.GetType().Name}\n"));
                continue;
            }
            // The length first, so that bytes moving from one file to the next still change the fingerprint.
            hash.AppendData(BitConverter.GetBytes((long)contents.Length));
            hash.AppendData(contents);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
