namespace LibreQoS.Core.Devices;

/// <summary>A circuit's plan in Mbps: min is the HTB rate (guaranteed), max the ceil.</summary>
public readonly record struct BandwidthLimits(double DownloadMin, double UploadMin, double DownloadMax, double UploadMax);
