using System.Globalization;
using System.Text.Json;

namespace LibreQoS.TestKit;

/// <summary>What an iperf3 client measured, from its JSON report.</summary>
/// <param name="Retransmits">TCP segments the sender had to send again (lost to a full queue anywhere on the path).</param>
public sealed record Iperf3Result(double ReceivedBitsPerSecond, long ReceivedBytes, long Retransmits)
{
    public double Mbps => ReceivedBitsPerSecond / 1e6;
}

/// <summary>Bounded iperf3 runs between test namespaces.</summary>
public static class Iperf3
{
    /// <summary>
    /// Starts a one-shot server on <paramref name="address"/>:<paramref name="port"/> inside <paramref name="server"/>
    /// (killed with the namespace) and waits until it listens.
    /// </summary>
    public static void StartServer(NetworkNamespace server, string address, int port)
    {
        string portText = port.ToString(CultureInfo.InvariantCulture);
        server.Start("iperf3", "-s", "-1", "-B", address, "-p", portText);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!server.Exec(TimeSpan.FromSeconds(5), "ss", "-Hltn", $"sport = :{portText}").StandardOutput.Contains("LISTEN", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"iperf3 did not start listening on {address}:{port} in {server.Name}");
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Sends TCP from <paramref name="client"/> (from <paramref name="bind"/> if given, paced to
    /// <paramref name="megabitsPerSecond"/> if given, with socket buffers of <paramref name="windowKilobytes"/> if given,
    /// which caps the bytes in flight) to the server for <paramref name="seconds"/> seconds.
    /// </summary>
    public static Iperf3Result Run(NetworkNamespace client, string address, int port, int seconds, string? bind = null, int? megabitsPerSecond = null,
        int? windowKilobytes = null)
    {
        string[] source = bind is null ? [] : ["-B", bind];
        string[] pace = megabitsPerSecond is { } rate ? ["-b", $"{rate}M"] : [];
        string[] window = windowKilobytes is { } kb ? ["-w", $"{kb}K"] : [];
        var result = client.Exec(TimeSpan.FromSeconds(seconds + 15), ["iperf3", "-c", address, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J", .. source, .. pace, .. window]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"iperf3 to {address}:{port} failed: {result.StandardOutput}{result.StandardError}");
        using var report = JsonDocument.Parse(result.StandardOutput);
        var end = report.RootElement.GetProperty("end");
        var received = end.GetProperty("sum_received");
        long retransmits = end.GetProperty("sum_sent").TryGetProperty("retransmits", out var r) ? r.GetInt64() : 0;
        return new Iperf3Result(received.GetProperty("bits_per_second").GetDouble(), received.GetProperty("bytes").GetInt64(), retransmits);
    }
}
