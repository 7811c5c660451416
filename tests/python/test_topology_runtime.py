"""liblqos_python's topology runtime functions against the files our runtime wrote (`lqos topology refresh`, which
compiles in-process with the code lqosd runs when lqosd is not up): generations agree, byte-identical sources give
identical generations, a changed source changes them, and LibreQoS.py reads its circuits from shaping_inputs.json."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import LibreQoS
import liblqos_python as lq
from conftest import write_config

SHAPED = ("Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,"
          "Download Max Mbps,Upload Max Mbps,Comment\n"
          "C1,Alice,D1,r,Site_A,,100.64.0.1,,1,1,{rate},20,\n"
          "C2,Bob,D2,r,Site_A,,100.64.0.2,2001:db8::/64,1,1,25,5,\n")
NETWORK = {"Site_A": {"downloadBandwidthMbps": 100, "uploadBandwidthMbps": 100, "id": "site-a"}}


@pytest.fixture
def src(tmp_path, lqos, monkeypatch):
    directory = tmp_path / "src"
    directory.mkdir()
    (directory / "network.json").write_text(json.dumps(NETWORK))
    (directory / "ShapedDevices.csv").write_text(SHAPED.format(rate=100))
    monkeypatch.setenv("LQOS_CONFIG", str(write_config(tmp_path, directory, bus=tmp_path / "no-lqosd" / "bus")))
    lq._reset_config_cache()
    return directory


def publish(lqos: list[str], expect_ready: bool = True) -> dict:
    done = subprocess.run([*lqos, "topology", "refresh"], capture_output=True, text=True, timeout=120)
    assert done.returncode == (0 if expect_ready else 1), done.stdout + done.stderr
    return json.loads(Path(lq.get_libreqos_state_directory(), "topology", "topology_runtime_status.json").read_text())


def test_generations_agree_with_the_published_status(src, lqos):
    status = publish(lqos)

    assert status["ready"] is True and status["error"] is None
    assert status["source_generation"] == lq.calculate_topology_source_generation()
    assert status["shaping_inputs_path"] == str(Path(lq.get_libreqos_state_directory(), "shaping", "shaping_inputs.json"))
    assert status["shaping_generation"] == lq.calculate_shaping_inputs_generation(status["shaping_inputs_path"])
    assert status["effective_generation"] == lq.calculate_effective_network_generation(status["effective_network_path"])
    assert lq.validated_runtime_shaping_inputs_path() == status["shaping_inputs_path"]
    network_text = Path(status["effective_network_path"]).read_text()
    inputs_text = Path(status["shaping_inputs_path"]).read_text()
    assert lq.calculate_shaping_runtime_hash() == lq.hash_to_i64(network_text + "\n" + inputs_text + "\n")


def test_identical_sources_give_identical_generations_and_a_change_changes_them(src, lqos):
    first = publish(lqos)
    hash_before = lq.calculate_shaping_runtime_hash()
    (src / "ShapedDevices.csv").write_bytes((src / "ShapedDevices.csv").read_bytes())  # rewritten, same bytes
    Path(first["effective_state_path"]).parent.joinpath("topology_runtime_status.json").unlink()  # a full compile again

    again = publish(lqos)
    assert [again[k] for k in ("source_generation", "shaping_generation", "effective_generation")] == \
           [first[k] for k in ("source_generation", "shaping_generation", "effective_generation")]
    assert lq.calculate_shaping_runtime_hash() == hash_before

    (src / "ShapedDevices.csv").write_text(SHAPED.format(rate=150))
    assert lq.calculate_topology_source_generation() != first["source_generation"]
    assert lq.validated_runtime_shaping_inputs_path() is None  # stale until republished
    changed = publish(lqos)
    assert changed["source_generation"] == lq.calculate_topology_source_generation() != first["source_generation"]
    assert changed["shaping_generation"] == lq.calculate_shaping_inputs_generation(changed["shaping_inputs_path"]) != first["shaping_generation"]
    assert changed["effective_generation"] == first["effective_generation"]  # network.json did not change
    assert lq.calculate_shaping_runtime_hash() not in (0, hash_before)

    (src / "lqos_overrides.json").write_text('{"network_adjustments": [{"type": "adjust_site_speed", "site_name": "Site_A", "download_bandwidth_mbps": 50}]}')
    overridden = publish(lqos)
    assert overridden["source_generation"] == lq.calculate_topology_source_generation() != changed["source_generation"]
    assert overridden["effective_generation"] == lq.calculate_effective_network_generation(overridden["effective_network_path"]) != changed["effective_generation"]
    assert json.loads(Path(overridden["effective_network_path"]).read_text())["Site_A"]["downloadBandwidthMbps"] == 50


def test_a_broken_source_is_not_ready_and_keeps_the_last_good_outputs(src, lqos):
    good = publish(lqos)
    inputs = Path(good["shaping_inputs_path"]).read_bytes()
    (src / "ShapedDevices.csv").write_text(SHAPED.format(rate="fast"))

    failed = publish(lqos, expect_ready=False)

    assert failed["ready"] is False and failed["source_generation"] == lq.calculate_topology_source_generation()
    assert failed["error"].startswith(f"Validation failed: {src}/ShapedDevices.csv:2: Download Max Mbps")
    assert failed["shaping_generation"] == good["shaping_generation"]
    assert Path(good["shaping_inputs_path"]).read_bytes() == inputs
    assert lq.validated_runtime_shaping_inputs_path() is None
    with pytest.raises(OSError):
        lq.calculate_shaping_inputs_generation(str(src / "missing.json"))


def test_libreqos_reads_its_circuits_from_shaping_inputs(src, lqos):
    publish(lqos)

    circuits, by_id = LibreQoS.loadSubscriberCircuitsForShaping()

    assert [c["circuitID"] for c in circuits] == ["C1", "C2"]
    assert by_id["C1"]["ParentNode"] == "Site_A" and by_id["C1"]["ParentNodeID"] == "site-a" and by_id["C1"]["maxDownload"] == 100
    assert by_id["C2"]["devices"] == [{"deviceID": "D2", "deviceName": "r", "mac": "", "ipv4s": ["100.64.0.2"],
                                       "ipv6s": ["2001:db8::/64"], "comment": ""}]


def test_ingress_mode_without_a_current_runtime_refuses_as_upstream(tmp_path, lqos, monkeypatch):
    directory = tmp_path / "src"
    directory.mkdir()
    (directory / "network.json").write_text(json.dumps(NETWORK))
    (directory / "ShapedDevices.csv").write_text(SHAPED.format(rate=100))
    monkeypatch.setenv("LQOS_CONFIG", str(write_config(tmp_path, directory, extra="[splynx_integration]\nenable_splynx = true\n")))
    lq._reset_config_cache()

    assert lq.topology_import_ingress_enabled() is True
    with pytest.raises(LibreQoS.RefreshFailure, match=r"^Missing or stale shaping_inputs\.json\. Run topology runtime before shaping\.$"):
        LibreQoS.loadSubscriberCircuitsForShaping()
