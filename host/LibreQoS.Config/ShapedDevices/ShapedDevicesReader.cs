using System.Globalization;
using System.Text;
using CsvHelper;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Files;
using LibreQoS.Core.Devices;
using LibreQoS.Core.Network;
using LibreQoS.Core.Shaping;

namespace LibreQoS.Config.ShapedDevices;

/// <summary>
/// Reads ShapedDevices.csv: 13-column (v1.4/v2.0), 14 with <c>sqm</c>, or the header-named layout with
/// Parent Node ID / Anchor Node ID (HEAD). Rows whose first cell starts with '#' and blank rows are skipped.
/// Each row is checked on its own here; checks across rows live in <see cref="Validation.ShapingInputsValidator"/>.
/// </summary>
public static class ShapedDevicesReader
{
    public const string FileName = "ShapedDevices.csv";

    /// <summary>Beyond this many changed lines a re-read parses the whole file rather than line by line.</summary>
    private const int MaxLinesParsedAlone = 500;

    /// <summary>Upstream's Python validation refuses rates below 0.1 Mbps.</summary>
    public const double MinimumRateMbps = 0.1;

    /// <summary>Reads the file; problems go to <paramref name="diagnostics"/> and bad rows are left out.</summary>
    /// <param name="rows">The rows of the last read of this file, to parse only lines that changed since; updated.</param>
    /// <exception cref="OperatorFileException">The file cannot be read or decoded.</exception>
    public static IReadOnlyList<ShapedDevice> Read(string path, DiagnosticBag diagnostics, ShapedDevicesRowCache? rows = null) =>
        Parse(OperatorFile.ReadUtf8(path), path, diagnostics, rows);

    public static IReadOnlyList<ShapedDevice> Parse(string text, string path, DiagnosticBag diagnostics) =>
        Parse(Encoding.UTF8.GetBytes(text), path, diagnostics);

    public static IReadOnlyList<ShapedDevice> Parse(byte[] utf8, string path, DiagnosticBag diagnostics, ShapedDevicesRowCache? rows = null)
    {
        if (rows is null)
            return ParseAll(utf8, path, diagnostics, null);
        if (rows.TryReuse(utf8) is { } unchanged && ParseChangedLines(utf8, path, diagnostics, unchanged) is { } devices)
            return devices;
        return ParseAll(utf8, path, diagnostics, rows);
    }

    private static CsvReaderOptions Options(string path, DiagnosticBag diagnostics) => CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false,
        CommentPrefix = '#',
        SkipEmptyLines = true,
        TrimWhitespace = true,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Skip,
        OnMalformedRecord = record => diagnostics.Error(path, (int)record.LineNumber, "",
            $"malformed CSV ({record.Reason}) in '{Truncate(record.RawRecord)}'; check the quotes on this row"),
    };

    /// <summary>
    /// Reuses the devices of unchanged lines (same bytes, same line number, read cleanly last time) and parses the
    /// others one by one. Null, having reported nothing, when a line that decides the layout (the header or anything
    /// before it) changed or too many lines did.
    /// </summary>
    private static List<ShapedDevice>? ParseChangedLines(byte[] utf8, string path, DiagnosticBag diagnostics, ShapedDevicesRowCache.Previous previous)
    {
        var found = new DiagnosticBag();
        if (ReadChangedLines(utf8, path, found, previous) is not { } devices)
            return null;
        diagnostics.AddRange(found.All);
        return devices;
    }

    private static List<ShapedDevice>? ReadChangedLines(byte[] utf8, string path, DiagnosticBag diagnostics, ShapedDevicesRowCache.Previous previous)
    {
        var devices = new List<ShapedDevice>(previous.Devices.Count);
        var clean = new Dictionary<int, ShapedDevice>(previous.Devices.Count);
        bool warnedShortRows = false;
        int line = 0, parsedAlone = 0;
        foreach (var range in ShapedDevicesRowCache.Lines(utf8))
        {
            line++;
            // Lines shifted (a row inserted or removed near the top): one pass over the whole file is quicker.
            if (parsedAlone > MaxLinesParsedAlone)
                return null;
            if (previous.Reusable(line, utf8.AsSpan(range)) is { } device)
            {
                devices.Add(device);
                clean[line] = device;
                continue;
            }
            if (line <= previous.HeaderLine)
            {
                if (previous.Unchanged(line, utf8.AsSpan(range)))
                    continue;
                return null;
            }

            parsedAlone++;
            using var reader = CsvReader.Create(utf8[range], Options(path, diagnostics));
            while (reader.Read())
            {
                string[] cells = Cells(reader);
                if (IsBlankOrComment(cells))
                    continue;
                if (ShapedDeviceColumnMap.LooksLikeHeader(cells))
                    return null;
                ReadRow(cells, previous.Map, path, line, diagnostics, ref warnedShortRows, devices, clean);
            }
        }
        previous.Cache.Remember(utf8, previous.Map, previous.HeaderLine, clean);
        return devices;
    }

    private static List<ShapedDevice> ParseAll(byte[] utf8, string path, DiagnosticBag diagnostics, ShapedDevicesRowCache? rows)
    {
        var devices = new List<ShapedDevice>();
        var clean = rows is null ? null : new Dictionary<int, ShapedDevice>();
        int headerLine = 0;
        bool headerReported = false;
        var options = Options(path, diagnostics);

        using var reader = CsvReader.Create(utf8, options);
        ShapedDeviceColumnMap? map = null;
        bool warnedShortRows = false;
        while (reader.Read())
        {
            int line = (int)reader.LineNumber;
            string[] cells = Cells(reader);
            if (IsBlankOrComment(cells))
                continue;

            if (map is null)
            {
                if (ShapedDeviceColumnMap.LooksLikeHeader(cells))
                {
                    int beforeHeader = diagnostics.All.Count;
                    map = ShapedDeviceColumnMap.FromHeader(cells,
                        warn => diagnostics.Warning(path, line, "header", warn),
                        error => diagnostics.Error(path, line, "header", error));
                    if (!map.Has(ShapedDeviceColumn.CircuitId))
                    {
                        rows?.Forget();
                        return devices;
                    }
                    headerLine = line;
                    headerReported = diagnostics.All.Count != beforeHeader;
                    continue;
                }
                map = ShapedDeviceColumnMap.Legacy;
                headerLine = line - 1;
            }

            ReadRow(cells, map, path, line, diagnostics, ref warnedShortRows, devices, clean);
        }

        if (map is null)
            diagnostics.Warning(path, 0, "", "the file has no devices");
        // A header with findings is parsed again each time, so they are reported each time.
        if (map is null || headerReported)
            rows?.Forget();
        else
            rows?.Remember(utf8, map, headerLine, clean!);
        return devices;
    }

    /// <summary>Reads one data row; a row read without findings is also kept in <paramref name="clean"/>, by line, for the row cache.</summary>
    private static void ReadRow(string[] cells, ShapedDeviceColumnMap map, string path, int line, DiagnosticBag diagnostics,
        ref bool warnedShortRows, List<ShapedDevice> devices, Dictionary<int, ShapedDevice>? clean)
    {
        int findingsBefore = diagnostics.All.Count;
        var rowMap = ChooseRowMap(map, cells, path, line, diagnostics, ref warnedShortRows);
        if (rowMap is null || !new RowReader(cells, rowMap, path, line, diagnostics).TryRead(out var device))
            return;
        devices.Add(device);
        if (clean is not null && diagnostics.All.Count == findingsBefore)
            clean[line] = device;
    }

    private static bool IsBlankOrComment(string[] cells) => cells.Length == 0 || cells[0].StartsWith('#') || cells.All(c => c.Length == 0);

    private static string[] Cells(CsvReader reader)
    {
        var cells = new string[reader.FieldCount];
        for (int i = 0; i < cells.Length; i++)
            cells[i] = reader.GetString(i) ?? "";
        return cells;
    }

    /// <summary>
    /// Upstream's HEAD example file pairs a 15-column header with 13-column rows; such rows are read by the
    /// legacy positions rather than rejected, since that is what the file's author meant.
    /// </summary>
    private static ShapedDeviceColumnMap? ChooseRowMap(
        ShapedDeviceColumnMap map, string[] cells, string path, int line, DiagnosticBag diagnostics, ref bool warnedShortRows)
    {
        int width = TrimmedWidth(cells);
        if (map.HeaderWidth == 0)
        {
            if (width is 13 or 14 || (width < 13 && cells.Length >= 13))
                return map;
            diagnostics.Error(path, line, "", $"the row has {width} columns; without a header row 13 or 14 are expected");
            return null;
        }

        if (width <= map.HeaderWidth)
        {
            bool legacyShaped = map.Has(ShapedDeviceColumn.ParentNodeId) && cells.Length is 13 or 14 && cells.Length < map.HeaderWidth;
            if (!legacyShaped)
                return map;
            if (!warnedShortRows)
            {
                diagnostics.Warning(path, line, "",
                    $"rows have {cells.Length} columns but the header has {map.HeaderWidth}; such rows are read in the 13-column layout");
                warnedShortRows = true;
            }
            return ShapedDeviceColumnMap.Legacy;
        }

        diagnostics.Error(path, line, "", $"the row has {width} columns but the header has {map.HeaderWidth}");
        return null;
    }

    /// <summary>Trailing empty cells (a spreadsheet's stray commas) do not count.</summary>
    private static int TrimmedWidth(string[] cells)
    {
        int width = cells.Length;
        while (width > 0 && cells[width - 1].Length == 0)
            width--;
        return width;
    }

    private static string Truncate(string text)
    {
        text = text.Trim();
        return text.Length <= 60 ? text : text[..60] + "...";
    }

    private readonly ref struct RowReader(string[] cells, ShapedDeviceColumnMap map, string path, int line, DiagnosticBag diagnostics)
    {
        private readonly string[] _cells = cells;
        private readonly ShapedDeviceColumnMap _map = map;
        private readonly string _path = path;
        private readonly int _line = line;
        private readonly DiagnosticBag _diagnostics = diagnostics;

        public bool TryRead(out ShapedDevice device)
        {
            device = null!;
            int errorsBefore = _diagnostics.ErrorCount;
            string circuitId = Cell(ShapedDeviceColumn.CircuitId);
            if (circuitId.Length == 0)
                Error(ShapedDeviceColumn.CircuitId, "is empty; every row needs the ID of the circuit it belongs to");

            var ipv4 = Addresses(ShapedDeviceColumn.Ipv4, expectV4: true);
            var ipv6 = Addresses(ShapedDeviceColumn.Ipv6, expectV4: false);
            double downMin = Rate(ShapedDeviceColumn.DownloadMin);
            double upMin = Rate(ShapedDeviceColumn.UploadMin);
            double downMax = Rate(ShapedDeviceColumn.DownloadMax);
            double upMax = Rate(ShapedDeviceColumn.UploadMax);
            MinNotAboveMax(ShapedDeviceColumn.DownloadMin, downMin, ShapedDeviceColumn.DownloadMax, downMax);
            MinNotAboveMax(ShapedDeviceColumn.UploadMin, upMin, ShapedDeviceColumn.UploadMax, upMax);
            string sqm = Cell(ShapedDeviceColumn.Sqm);
            if (!SqmOverride.IsValid(sqm))
                Warning(ShapedDeviceColumn.Sqm, $"'{sqm}' is not cake, fq_codel, none or down/up of those; the default SQM is used");

            if (_diagnostics.ErrorCount != errorsBefore)
                return false;

            string deviceId = Cell(ShapedDeviceColumn.DeviceId);
            if (ipv4.Count == 0 && ipv6.Count == 0)
                Warning(ShapedDeviceColumn.Ipv4, "the device has no IPv4 or IPv6 address, so no traffic can be matched to it");

            device = new ShapedDevice(circuitId, Cell(ShapedDeviceColumn.CircuitName), deviceId,
                Cell(ShapedDeviceColumn.DeviceName), Cell(ShapedDeviceColumn.ParentNode), Cell(ShapedDeviceColumn.ParentNodeId),
                Cell(ShapedDeviceColumn.AnchorNodeId), Cell(ShapedDeviceColumn.Mac), ipv4, ipv6,
                new BandwidthLimits(downMin, upMin, downMax, upMax), Cell(ShapedDeviceColumn.Comment), sqm, _line);
            return true;
        }

        private string Cell(ShapedDeviceColumn column)
        {
            int index = _map.IndexOf(column);
            return index >= 0 && index < _cells.Length ? _cells[index] : "";
        }

        private IReadOnlyList<IpPrefix> Addresses(ShapedDeviceColumn column, bool expectV4)
        {
            string cell = Cell(column);
            if (cell.Length == 0)
                return [];

            var result = new List<IpPrefix>(1);
            foreach (var range in cell.AsSpan().Split(','))
            {
                var entry = cell.AsSpan()[range].Trim();
                if (entry.IsEmpty)
                    continue;
                if (!IpPrefix.TryParse(RemoveSpaces(entry), out var prefix, out string error))
                    Error(column, error);
                else if (prefix.IsIPv4 != expectV4)
                    Error(column, $"'{entry}' is an {(prefix.IsIPv4 ? "IPv4" : "IPv6")} address; put it in the {(prefix.IsIPv4 ? "IPv4" : "IPv6")} column");
                else
                    result.Add(prefix);
            }
            return result;
        }

        private static ReadOnlySpan<char> RemoveSpaces(ReadOnlySpan<char> entry) =>
            entry.Contains(' ') ? entry.ToString().Replace(" ", "", StringComparison.Ordinal) : entry;

        private double Rate(ShapedDeviceColumn column)
        {
            string cell = Cell(column);
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                Error(column, cell.Length == 0 ? "is empty; a rate in Mbps is required" : $"'{cell}' is not a number of Mbps");
                return double.NaN;
            }
            if (value < MinimumRateMbps)
                Error(column, $"{cell} is too low; rates must be at least {MinimumRateMbps} Mbps");
            return value;
        }

        private void MinNotAboveMax(ShapedDeviceColumn minColumn, double min, ShapedDeviceColumn maxColumn, double max)
        {
            if (min > max)
                Error(minColumn, $"{Cell(minColumn)} is above {ShapedDeviceColumnMap.HeaderNames[maxColumn]} {Cell(maxColumn)}");
        }

        private void Error(ShapedDeviceColumn column, string message) =>
            _diagnostics.Error(_path, _line, ShapedDeviceColumnMap.HeaderNames[column], message);

        private void Warning(ShapedDeviceColumn column, string message) =>
            _diagnostics.Warning(_path, _line, ShapedDeviceColumnMap.HeaderNames[column], message);
    }
}
