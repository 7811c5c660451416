"""A custom integration written against integrationCommon's documented API produces the files lqosd shapes from."""
from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import write_config

HEADER = ["Circuit ID", "Circuit Name", "Device ID", "Device Name", "Parent Node", "Parent Node ID", "Anchor Node ID", "MAC",
          "IPv4", "IPv6", "Download Min Mbps", "Upload Min Mbps", "Download Max Mbps", "Upload Max Mbps", "Comment"]


@pytest.fixture
def src(tmp_path, lqos, monkeypatch) -> Path:
    """lqos_directory of a config with a 2000/1000 Mbps link; the integration runs from another directory."""
    directory = tmp_path / "src"
    directory.mkdir()
    config = write_config(tmp_path, directory, replace={"[queues]\n": "[queues]\ndownlink_bandwidth_mbps = 2000\nuplink_bandwidth_mbps = 1000\n"
                                                        "generated_pn_download_mbps = 900\ngenerated_pn_upload_mbps = 400\n",
                                                        'ignore_subnets = []': 'ignore_subnets = ["100.64.99.0/24"]'},
                          extra="[integration_common]\npromote_to_root = [\"Promoted\"]\n"
                                "[uisp_integration]\nexclude_sites = [\"Lab\"]\n")
    monkeypatch.setenv("LQOS_CONFIG", str(config))
    monkeypatch.chdir(tmp_path)
    lq._reset_config_cache()
    return directory


def howto_integration():
    """The example of upstream's INTEGRATION_HOWTO, plus the cases integrations meet."""
    from integrationCommon import NetworkGraph, NetworkNode, NodeType

    net = NetworkGraph()
    net.addRawNode(NetworkNode(id="Site_1", displayName="Site_1", parentId="", type=NodeType.site, download=1000, upload=1000,
                               networkJsonId="site-1", latitude=40.1, longitude=-105.2))
    net.addRawNode(NetworkNode(id="AP_A", displayName="AP_A", parentId="Site_1", type=NodeType.ap, download=500, upload=1500))
    net.addRawNode(NetworkNode(id="Site_2", displayName="Site_2", parentId="", type=NodeType.site, download=3000, upload=3000))
    net.addRawNode(NetworkNode(id="Lab", displayName="Lab", parentId="", type=NodeType.site))  # excluded by lqos.conf
    # A customer with one device, as the HOWTO shows (devices are added before their client: order does not matter).
    net.addRawNode(NetworkNode(id="dev-1", displayName="Device 1", parentId="cust-1", type=NodeType.device,
                               ipv4=["100.64.1.5"], ipv6=["fdd7:b724:0:100::/56"], mac="00:00:5e:00:53:af"))
    net.addRawNode(NetworkNode(id="cust-1", displayName="The Doe Family", parentId="AP_A", type=NodeType.client,
                               download=100, upload=20, address="1 Main St"))
    net.addRawNode(NetworkNode(id="dev-2", displayName="Device 2", parentId="cust-1", type=NodeType.device, ipv4=["100.64.1.6", "100.64.1.7"]))
    # A customer whose parent is unknown hangs from the root (its Parent Node is empty).
    net.addRawNode(NetworkNode(id="cust-2", displayName="Orphan Co", parentId="nowhere", type=NodeType.client, download=50.5, upload=10))
    net.addRawNode(NetworkNode(id="dev-3", displayName="Orphan router", parentId="cust-2", type=NodeType.device, ipv4=["100.64.2.1"]))
    # A customer with only ignored addresses is dropped.
    net.addRawNode(NetworkNode(id="cust-3", displayName="Ignored", parentId="Site_2", type=NodeType.client, download=10, upload=10))
    net.addRawNode(NetworkNode(id="dev-4", displayName="Ignored router", parentId="cust-3", type=NodeType.device, ipv4=["100.64.99.7"]))
    # A reseller: a client with a client below it becomes a generated site.
    net.addRawNode(NetworkNode(id="res-1", displayName="Reseller", parentId="Site_2", type=NodeType.client, download=200, upload=200))
    net.addRawNode(NetworkNode(id="dev-5", displayName="Reseller router", parentId="res-1", type=NodeType.device, ipv4=["100.64.3.1"]))
    net.addRawNode(NetworkNode(id="sub-1", displayName="Sub customer", parentId="res-1", type=NodeType.client, download=0.5, upload=0.5))
    net.addRawNode(NetworkNode(id="dev-6", displayName="Sub router", parentId="sub-1", type=NodeType.device, ipv4=["100.64.3.2/32"]))
    # promote_to_root moves a site to the top.
    net.addRawNode(NetworkNode(id="Promoted", displayName="Promoted", parentId="Site_2", type=NodeType.site, download=100, upload=100))
    net.prepareTree()
    if not net.doesNetworkJsonExist():
        net.createNetworkJson()
    net.createShapedDevices()
    return net


def test_custom_integration_writes_network_json(src):
    howto_integration()

    network = json.loads((src / "network.json").read_text())

    assert network == {
        "Site_1": {"downloadBandwidthMbps": 1000, "uploadBandwidthMbps": 1000, "type": "site", "id": "site-1", "latitude": 40.1,
                   "longitude": -105.2,
                   "children": {"AP_A": {"downloadBandwidthMbps": 500, "uploadBandwidthMbps": 1000, "type": "ap"}}},
        "Site_2": {"downloadBandwidthMbps": 2000, "uploadBandwidthMbps": 1000, "type": "site",
                   "children": {"(Generated Site) Reseller": {"downloadBandwidthMbps": 900, "uploadBandwidthMbps": 400, "type": "site",
                                                              "id": "libreqos:generated:graph:site:reseller"}}},
        "Promoted": {"downloadBandwidthMbps": 100, "uploadBandwidthMbps": 100, "type": "site"},
    }


def test_custom_integration_writes_shaped_devices(src):
    howto_integration()

    with open(src / "ShapedDevices.csv", newline="") as f:
        rows = list(csv.reader(f))

    assert rows[0] == HEADER
    assert rows[1:] == [
        ["cust-1", "The Doe Family", "dev-1", "Device 1", "AP_A", "", "", "00:00:5e:00:53:af", "100.64.1.5", "fdd7:b724:0:100::/56", "98", "19.6", "100", "20", ""],
        ["cust-1", "The Doe Family", "dev-2", "Device 2", "AP_A", "", "", "", "100.64.1.6, 100.64.1.7", "", "98", "19.6", "100", "20", ""],
        ["cust-2", "Orphan Co", "dev-3", "Orphan router", "", "", "", "", "100.64.2.1", "", "49.49", "9.8", "50.5", "10", ""],
        ["res-1", "Reseller", "dev-5", "Reseller router", "(Generated Site) Reseller", "libreqos:generated:graph:site:reseller", "", "",
         "100.64.3.1", "", "196", "196", "200", "200", ""],
        ["sub-1", "Sub customer", "dev-6", "Sub router", "(Generated Site) Reseller", "libreqos:generated:graph:site:reseller", "", "",
         "100.64.3.2/32", "", "1", "1", "1", "1", ""],
    ]


def test_outputs_pass_the_csharp_validator(src, lqos, tmp_path):
    howto_integration()

    done = subprocess.run(lqos + ["validate", "--config", str(tmp_path / "lqos.conf"), "--dir", str(src)], capture_output=True, text=True)

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("OK: 4 circuits, 5 devices, 5 nodes")


def test_files_are_written_atomically_into_lqos_directory_only(src, tmp_path):
    (src / "network.json").write_text("{}")  # an existing network.json is kept by the HOWTO's guard

    howto_integration()

    assert json.loads((src / "network.json").read_text()) == {}
    assert sorted(p.name for p in src.iterdir()) == ["ShapedDevices.csv", "network.json"]  # no temp files left
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["lqos.conf"]  # nothing in the working directory
    assert (tmp_path / "state" / "topology" / "circuit_anchors.json").exists()


def test_circuit_name_as_address_and_append_file(tmp_path, lqos, monkeypatch):
    from integrationCommon import NetworkGraph, NetworkNode, NodeType
    directory = tmp_path / "src"
    directory.mkdir()
    monkeypatch.setenv("LQOS_CONFIG", str(write_config(tmp_path, directory, extra="[integration_common]\ncircuit_name_as_address = true\n")))
    lq._reset_config_cache()
    (directory / "appendToShapedDevices.csv").write_text('Circuit ID,Circuit Name\n"X1","Extra","XD1","Extra dev","","","","","100.64.9.9","","1","1","5","5",""\n')
    net = NetworkGraph()
    net.addRawNode(NetworkNode(id="c", displayName="Carol", type=NodeType.client, address="7 Oak Rd", download=10, upload=10))
    net.addRawNode(NetworkNode(id="d", displayName="Carol router", parentId="c", type=NodeType.device, ipv4=["100.64.5.5"]))
    net.prepareTree()

    net.createShapedDevices()

    rows = list(csv.reader(open(directory / "ShapedDevices.csv", newline="")))
    assert rows[1][1] == "7 Oak Rd"
    assert rows[2][:2] == ["X1", "Extra"]


def test_materialize_compiled_topology_writes_both_files(src):
    from integrationCommon import NetworkGraph, NetworkNode, NodeType
    net = NetworkGraph()
    net.addRawNode(NetworkNode(id="s", displayName="S", type=NodeType.site, download=100, upload=100))
    net.addRawNode(NetworkNode(id="c", displayName="C", parentId="s", type=NodeType.client, download=10, upload=10))
    net.addRawNode(NetworkNode(id="d", displayName="D", parentId="c", type=NodeType.device, ipv4=["100.64.0.1"]))
    net.prepareTree()

    assert net.materializeCompiledTopology("python/custom", "full") is True

    assert json.loads((src / "network.json").read_text())["S"]["downloadBandwidthMbps"] == 100
    assert "100.64.0.1" in (src / "ShapedDevices.csv").read_text()
    with pytest.raises(OSError, match="compile_mode"):
        net.materializeCompiledTopology("python/custom", "bogus")


def test_module_functions(src):
    import integrationCommon as ic

    assert ic.isInAllowedSubnets("100.64.1.1/32") and not ic.isInAllowedSubnets("8.8.8.8")
    assert ic.isInIgnoredSubnets("100.64.99.1")
    assert ic.isIpv4Permitted("100.64.1.1") and not ic.isIpv4Permitted("100.64.99.1") and not ic.isIpPermitted("8.8.8.8")
    assert ic.isIntegrationOutputIpAllowed("8.8.8.8")
    assert ic.fixSubnet("192.168.1.5/24") == "192.168.1.5/32"
    assert ic.fixSubnet("192.168.1.0/24") == "192.168.1.0/24"
    assert ic.apply_client_bandwidth_multiplier(100) == 100.0 and ic.apply_client_bandwidth_multiplier(-1) == 0.0
    assert ic.nodeTypeToString(ic.NodeType.clientWithChildren) == "clientWithChildren"
    assert ic.syntheticNetworkJsonId("graph", "site", "  My Site #2 ") == "libreqos:generated:graph:site:my-site-2"


def test_node_defaults_are_read_when_made_and_lists_are_not_shared(src):
    from integrationCommon import NetworkNode
    a, b = NetworkNode("a"), NetworkNode("b")
    a.ipv4.append("100.64.0.1")

    assert b.ipv4 == []
    assert (a.downloadMbps, a.uploadMbps, a.displayName) == (900, 400, "a")


def test_graph_lookups(src):
    from integrationCommon import NetworkGraph, NetworkNode, NodeType
    net = NetworkGraph()
    net.addRawNode(NetworkNode(id="s", displayName="Site S", type=NodeType.site))
    net.addNodeAsChild("s", NetworkNode(id="ap", displayName="AP", type=NodeType.ap))

    assert net.findNodeIndexById("s") == 1 and net.findNodeIndexByName("AP") == 2 and net.findNodeIndexById("x") == -1
    assert net.findChildIndices(1) == [2]
    assert net.getErrors() == []
    net.plotNetworkGraph(False)  # no graphviz here: nothing happens
