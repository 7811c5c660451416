using System.Security.Cryptography;
using System.Text;

namespace LibreQoS.Shaping.TopologyRuntime;

/// <summary>
/// The opaque generation strings of the topology runtime, <c>sha256:&lt;hex&gt;</c>. liblqos_python computes the
/// same ones (<c>calculate_topology_source_generation</c>, <c>calculate_shaping_inputs_generation</c>,
/// <c>calculate_effective_network_generation</c>); a change here must be made there too.
/// </summary>
public static class TopologyGeneration
{
    private const string Prefix = "sha256:";

    /// <summary>
    /// The generation of the sources as they are now: for each file that exists, in <see cref="TopologyRuntimePaths.SourceNames"/>'s
    /// order, its name, a NUL, its length in decimal, a NUL and its bytes.
    /// </summary>
    public static string OfSources(TopologyRuntimePaths paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string name in TopologyRuntimePaths.SourceNames)
        {
            string path = Path.Combine(paths.LqosDirectory, name);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}\0{bytes.Length}\0"));
            hash.AppendData(bytes);
        }
        return Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The generation of one output file: the digest of its bytes.</summary>
    public static string OfBytes(byte[] bytes) => Prefix + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string OfFile(string path) => OfBytes(File.ReadAllBytes(path));
}
