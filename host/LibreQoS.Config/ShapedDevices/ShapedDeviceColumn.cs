namespace LibreQoS.Config.ShapedDevices;

public enum ShapedDeviceColumn
{
    CircuitId,
    CircuitName,
    DeviceId,
    DeviceName,
    ParentNode,
    ParentNodeId,
    AnchorNodeId,
    Mac,
    Ipv4,
    Ipv6,
    DownloadMin,
    UploadMin,
    DownloadMax,
    UploadMax,
    Comment,
    Sqm,
}

/// <summary>Which cell holds which field: by header name (upstream HEAD) or by legacy position (v1.4/v2.0).</summary>
public sealed class ShapedDeviceColumnMap
{
    /// <summary>The upstream header text of each column, used in messages so operators recognise it.</summary>
    public static readonly IReadOnlyDictionary<ShapedDeviceColumn, string> HeaderNames = new Dictionary<ShapedDeviceColumn, string>
    {
        [ShapedDeviceColumn.CircuitId] = "Circuit ID",
        [ShapedDeviceColumn.CircuitName] = "Circuit Name",
        [ShapedDeviceColumn.DeviceId] = "Device ID",
        [ShapedDeviceColumn.DeviceName] = "Device Name",
        [ShapedDeviceColumn.ParentNode] = "Parent Node",
        [ShapedDeviceColumn.ParentNodeId] = "Parent Node ID",
        [ShapedDeviceColumn.AnchorNodeId] = "Anchor Node ID",
        [ShapedDeviceColumn.Mac] = "MAC",
        [ShapedDeviceColumn.Ipv4] = "IPv4",
        [ShapedDeviceColumn.Ipv6] = "IPv6",
        [ShapedDeviceColumn.DownloadMin] = "Download Min Mbps",
        [ShapedDeviceColumn.UploadMin] = "Upload Min Mbps",
        [ShapedDeviceColumn.DownloadMax] = "Download Max Mbps",
        [ShapedDeviceColumn.UploadMax] = "Upload Max Mbps",
        [ShapedDeviceColumn.Comment] = "Comment",
        [ShapedDeviceColumn.Sqm] = "sqm",
    };

    /// <summary>Header cells are compared lower-cased with only letters and digits kept, as upstream does.</summary>
    private static readonly Dictionary<string, ShapedDeviceColumn> NormalizedHeaders = new(StringComparer.Ordinal)
    {
        ["circuitid"] = ShapedDeviceColumn.CircuitId,
        ["circuitname"] = ShapedDeviceColumn.CircuitName,
        ["deviceid"] = ShapedDeviceColumn.DeviceId,
        ["devicename"] = ShapedDeviceColumn.DeviceName,
        ["parentnode"] = ShapedDeviceColumn.ParentNode,
        ["parentnodeid"] = ShapedDeviceColumn.ParentNodeId,
        ["anchornodeid"] = ShapedDeviceColumn.AnchorNodeId,
        ["id"] = ShapedDeviceColumn.AnchorNodeId,
        ["mac"] = ShapedDeviceColumn.Mac,
        ["ipv4"] = ShapedDeviceColumn.Ipv4,
        ["ipv6"] = ShapedDeviceColumn.Ipv6,
        ["downloadmin"] = ShapedDeviceColumn.DownloadMin,
        ["downloadminmbps"] = ShapedDeviceColumn.DownloadMin,
        ["uploadmin"] = ShapedDeviceColumn.UploadMin,
        ["uploadminmbps"] = ShapedDeviceColumn.UploadMin,
        ["downloadmax"] = ShapedDeviceColumn.DownloadMax,
        ["downloadmaxmbps"] = ShapedDeviceColumn.DownloadMax,
        ["uploadmax"] = ShapedDeviceColumn.UploadMax,
        ["uploadmaxmbps"] = ShapedDeviceColumn.UploadMax,
        ["comment"] = ShapedDeviceColumn.Comment,
        ["sqm"] = ShapedDeviceColumn.Sqm,
    };

    /// <summary>RADIUS deployments put the user name where the MAC would be.</summary>
    private static readonly HashSet<string> MacFallbackHeaders = new(StringComparer.Ordinal) { "radiususername", "username" };

    private static readonly ShapedDeviceColumn[] LegacyOrder =
    [
        ShapedDeviceColumn.CircuitId, ShapedDeviceColumn.CircuitName, ShapedDeviceColumn.DeviceId, ShapedDeviceColumn.DeviceName,
        ShapedDeviceColumn.ParentNode, ShapedDeviceColumn.Mac, ShapedDeviceColumn.Ipv4, ShapedDeviceColumn.Ipv6,
        ShapedDeviceColumn.DownloadMin, ShapedDeviceColumn.UploadMin, ShapedDeviceColumn.DownloadMax, ShapedDeviceColumn.UploadMax,
        ShapedDeviceColumn.Comment, ShapedDeviceColumn.Sqm,
    ];

    private static readonly ShapedDeviceColumn[] Required =
    [
        ShapedDeviceColumn.CircuitId, ShapedDeviceColumn.DownloadMin, ShapedDeviceColumn.UploadMin,
        ShapedDeviceColumn.DownloadMax, ShapedDeviceColumn.UploadMax,
    ];

    private readonly int[] _indexOf;

    private ShapedDeviceColumnMap(int[] indexOf, int headerWidth)
    {
        _indexOf = indexOf;
        HeaderWidth = headerWidth;
    }

    /// <summary>The v1.4/v2.0 positional layout: 13 columns, 14 with sqm.</summary>
    public static ShapedDeviceColumnMap Legacy { get; } = FromOrder(LegacyOrder);

    /// <summary>Number of cells in the header row; 0 for the positional layout.</summary>
    public int HeaderWidth { get; }

    public int IndexOf(ShapedDeviceColumn column) => _indexOf[(int)column];

    public bool Has(ShapedDeviceColumn column) => _indexOf[(int)column] >= 0;

    public static bool LooksLikeHeader(string[] cells) => cells.Any(c => Normalize(c) == "circuitid");

    /// <summary>Maps a header row; unknown headers are reported and ignored, and a repeated header's last cell wins.</summary>
    public static ShapedDeviceColumnMap FromHeader(string[] cells, Action<string> warn, Action<string> error)
    {
        var indexOf = Enumerable.Repeat(-1, Enum.GetValues<ShapedDeviceColumn>().Length).ToArray();
        int macFallback = -1;
        for (int i = 0; i < cells.Length; i++)
        {
            string normalized = Normalize(cells[i]);
            if (NormalizedHeaders.TryGetValue(normalized, out var column))
            {
                if (indexOf[(int)column] >= 0)
                    warn($"column '{cells[i]}' appears more than once; the last one is used");
                indexOf[(int)column] = i;
            }
            else if (MacFallbackHeaders.Contains(normalized))
            {
                macFallback = i;
            }
            else if (normalized.Length > 0)
            {
                warn($"unknown column '{cells[i]}' is ignored");
            }
        }
        if (indexOf[(int)ShapedDeviceColumn.Mac] < 0)
            indexOf[(int)ShapedDeviceColumn.Mac] = macFallback;

        foreach (var column in Required.Where(c => indexOf[(int)c] < 0))
            error($"the header has no '{HeaderNames[column]}' column");
        return new ShapedDeviceColumnMap(indexOf, cells.Length);
    }

    private static ShapedDeviceColumnMap FromOrder(ShapedDeviceColumn[] order)
    {
        var indexOf = Enumerable.Repeat(-1, Enum.GetValues<ShapedDeviceColumn>().Length).ToArray();
        for (int i = 0; i < order.Length; i++)
            indexOf[(int)order[i]] = i;
        return new ShapedDeviceColumnMap(indexOf, 0);
    }

    private static string Normalize(string header)
    {
        Span<char> buffer = stackalloc char[Math.Min(header.Length, 64)];
        int n = 0;
        foreach (char c in header)
        {
            if (char.IsAsciiLetterOrDigit(c) && n < buffer.Length)
                buffer[n++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..n]);
    }
}
