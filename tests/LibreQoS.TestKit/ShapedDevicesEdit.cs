namespace LibreQoS.TestKit;

/// <summary>Edits of a generated ShapedDevices.csv (13-column layout, as gen_network.py writes it).</summary>
public static class ShapedDevicesEdit
{
    public const int DownloadMaxColumn = 10;

    /// <summary>Sets one cell of the first data row (line 2).</summary>
    public static void SetFirstRowCell(string csv, int column, string value)
    {
        var lines = File.ReadAllLines(csv);
        var cells = lines[1].Split(',');
        cells[column] = value;
        lines[1] = string.Join(',', cells);
        File.WriteAllLines(csv, lines);
    }
}
