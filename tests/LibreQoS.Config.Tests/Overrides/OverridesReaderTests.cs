using System.Text;
using LibreQoS.Config.Diagnostics;
using LibreQoS.Config.Overrides;
using LibreQoS.Core.Overrides;

namespace LibreQoS.Config.Tests.Overrides;

public class OverridesReaderTests
{
    private const string Path = "/opt/libreqos/src/lqos_overrides.json";

    private static (LqosOverrides Overrides, DiagnosticBag Diagnostics) Parse(string json)
    {
        var diagnostics = new DiagnosticBag();
        return (OverridesReader.Parse(Encoding.UTF8.GetBytes(json), Path, diagnostics), diagnostics);
    }

    [Fact]
    public void Parse_EveryDocumentedKind_IsRead()
    {
        var (o, diagnostics) = Parse("""
            {
              "persistent_devices": [{"circuit_id": "C1", "circuit_name": "Alice", "device_id": "D1", "device_name": "cpe",
                "parent_node": "Site_1", "parent_node_id": "n1", "anchor_node_id": "a1", "mac": "02:00:00:00:00:01",
                "ipv4": [["100.64.0.1", 32]], "ipv6": [["2001:db8::", 64]],
                "download_min_mbps": 1.0, "upload_min_mbps": 1.0, "download_max_mbps": 100.0, "upload_max_mbps": 20.0,
                "comment": "", "sqm_override": "cake"}],
              "circuit_adjustments": [
                {"type": "circuit_adjust_speed", "circuit_id": "C1", "min_download_bandwidth": null, "max_download_bandwidth": 50.0},
                {"type": "device_adjust_speed", "device_id": "D1", "max_upload_bandwidth": 10},
                {"type": "device_adjust_sqm", "device_id": "D1", "sqm_override": "cake/none"},
                {"type": "remove_circuit", "circuit_id": "C9"},
                {"type": "remove_device", "device_id": "D9"},
                {"type": "reparent_circuit", "circuit_id": "C1", "parent_node": "Site_2"}],
              "network_adjustments": [
                {"type": "adjust_site_speed", "node_id": "n1", "site_name": "Site_1", "download_bandwidth_mbps": 100.0, "upload_bandwidth_mbps": null},
                {"type": "set_node_virtual", "node_name": "Cabinet", "virtual": true},
                {"type": "topology_parent_override", "node_id": "n2", "node_name": "AP", "mode": "preferred_order", "parent_node_ids": ["n1"], "parent_node_names": ["Site_1"]}],
              "rtt_excluded_circuits": ["C7"],
              "uisp": {"bandwidth_overrides": {"Site_1": [300, 100]}, "route_overrides": [{"from_site": "A", "to_site": "B", "cost": 5}]}
            }
            """);

        Assert.Empty(diagnostics.All);
        var device = Assert.Single(o.PersistentDevices);
        Assert.Equal(("C1", "100.64.0.1", "2001:db8::/64", 100.0, "cake"), (device.CircuitId, device.Ipv4[0].ToString(), device.Ipv6[0].ToString(), device.Limits.DownloadMax, device.Sqm));
        Assert.Equal(
            [typeof(CircuitAdjustSpeed), typeof(DeviceAdjustSpeed), typeof(DeviceAdjustSqm), typeof(RemoveCircuit), typeof(RemoveDevice), typeof(ReparentCircuit)],
            o.CircuitAdjustments.Select(a => a.GetType()));
        Assert.Equal(new SpeedAdjustment(null, 50, null, null), ((CircuitAdjustSpeed)o.CircuitAdjustments[0]).Speed);
        Assert.Equal(new AdjustSiteSpeed("n1", "Site_1", 100, null), o.NetworkAdjustments[0]);
        Assert.Equal(new SetNodeVirtual("Cabinet", true), o.NetworkAdjustments[1]);
        var pin = Assert.IsType<TopologyParentOverride>(o.NetworkAdjustments[2]);
        Assert.Equal(("preferred_order", "n1"), (pin.Mode, pin.ParentNodeIds[0]));
        Assert.Equal(["C7"], o.RttExcludedCircuits);
        Assert.Equal(new UispBandwidthOverride(300, 100), o.Uisp.BandwidthOverrides["Site_1"]);
        Assert.Equal(new UispRouteOverride("A", "B", 5), Assert.Single(o.Uisp.RouteOverrides));
    }

    [Fact]
    public void Parse_DevicesToAppendAlias_IsRead()
    {
        var (o, diagnostics) = Parse("""{"devices_to_append": [{"circuit_id": "C1", "download_min_mbps": 1, "upload_min_mbps": 1, "download_max_mbps": 2, "upload_max_mbps": 2}]}""");

        Assert.Empty(diagnostics.All);
        Assert.Equal("C1", Assert.Single(o.PersistentDevices).CircuitId);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData("  \n")]
    public void Parse_EmptyFile_MeansNoOverrides(string json)
    {
        var (o, diagnostics) = Parse(json);

        Assert.Empty(diagnostics.All);
        Assert.Equal((0, 0, 0, 0), (o.PersistentDevices.Count, o.CircuitAdjustments.Count, o.NetworkAdjustments.Count, o.RttExcludedCircuits.Count));
    }

    [Theory]
    [InlineData("{\"circuit_adjustments\": [\n{\"type\": \"speed_up\"}]}", 2, "type", "'speed_up' is not one of")]
    [InlineData("{\"circuit_adjustments\": [\n{\"type\": \"remove_circuit\"}]}", 2, "circuit_id", "is missing")]
    [InlineData("{\"persistent_devices\": [{\"circuit_id\": \"C1\", \"ipv4\": [\n[\"100.64.0.5\", 24]], \"download_min_mbps\": 1, \"upload_min_mbps\": 1, \"download_max_mbps\": 2, \"upload_max_mbps\": 2}]}", 2, "ipv4", "host bits")]
    [InlineData("{\"network_adjustments\": [\n{\"type\": \"adjust_site_speed\", \"site_name\": \"S\", \"download_bandwidth_mbps\": \"fast\"}]}", 2, "download_bandwidth_mbps", "expected a number")]
    public void Parse_BadEntry_ReportsLineAndField(string json, int line, string field, string message)
    {
        var (_, diagnostics) = Parse(json);

        var error = Assert.Single(diagnostics.Errors);
        Assert.Equal((line, field), (error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_MeansNoOverrides()
    {
        Assert.Same(LqosOverrides.Empty, OverridesReader.Read("/nonexistent/lqos_overrides.json", new DiagnosticBag()));
    }
}
