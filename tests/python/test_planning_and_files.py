"""Pure functions of liblqos_python: hashes, planners, weights, overrides, planner state files, topology payloads."""
from __future__ import annotations

import hashlib
import json

import pytest

import liblqos_python as lq
from conftest import write_config


# Rust: DefaultHasher::new(); write(bytes); finish() as i64 (printed by a 5-line rustc program).
@pytest.mark.parametrize("text,expected", [
    ("", -3315872660926475476), ("a", 4644417185603328019), ("Site_1", 1615072225601113687),
    ("circuit-0001", -7902157297047068436), ("0123456789abcdef", 2108444454683020324),
    ("héllo wörld, a longer string of text > 16 bytes", 6266935591400290240),
])
def test_hash_to_i64_matches_rust(text, expected):
    assert lq.hash_to_i64(text) == expected


def test_siphash_reference_vector():
    # SipHash-2-4 paper, key 00..0f, message 00..0e: the same code with 1-3 rounds is Rust's DefaultHasher.
    key0, key1 = int.from_bytes(bytes(range(8)), "little"), int.from_bytes(bytes(range(8, 16)), "little")
    assert lq._siphash(bytes(range(15)), key0, key1, 2, 4) == 0xA129CA6149BE45E5


ITEMS = [{"id": "A", "weight": 10}, {"id": "B", "weight": 7}, {"id": "C", "weight": 5}, {"id": "D", "weight": 0}, {"id": "E", "weight": float("nan")}]


def test_cpu_bins_round_robin_and_greedy():
    rr = lq.plan_top_level_cpu_bins(ITEMS, 2, mode="round_robin")
    greedy = lq.plan_top_level_cpu_bins(ITEMS, 2, mode="greedy")

    assert rr["assignment"] == {"A": "CpueQueue0", "B": "CpueQueue1", "C": "CpueQueue0", "D": "CpueQueue1", "E": "CpueQueue0"}
    # A → Q0 (10), B → Q1 (7), C → Q1 (12), D (weight 0 counts as 1) → Q0 (11), E (NaN counts as 1) → Q0 (12).
    assert greedy["assignment"] == {"A": "CpueQueue0", "B": "CpueQueue1", "C": "CpueQueue1", "D": "CpueQueue0", "E": "CpueQueue0"}
    assert rr["planner_used"] is True and rr["changed"] == ["A", "B", "C", "D", "E"]


def test_cpu_bins_stable_greedy_keeps_placements_and_moves_within_budget():
    prev = {"A": "CpueQueue0", "B": "CpueQueue0", "C": "CpueQueue0"}
    items = [{"id": "A", "weight": 10}, {"id": "B", "weight": 7}, {"id": "C", "weight": 5}]

    cooling = lq.plan_top_level_cpu_bins(items, 2, prev_assign=prev, last_change_ts={"A": 1000, "B": 1000, "C": 1000}, now_ts=1500)
    moved = lq.plan_top_level_cpu_bins(items, 2, prev_assign=prev, now_ts=10_000, move_budget_per_run=1)
    unlimited = lq.plan_top_level_cpu_bins(items, 2, prev_assign=prev, now_ts=10_000, move_budget_per_run=5)

    assert cooling["assignment"] == prev and cooling["changed"] == []
    assert len(moved["changed"]) == 1
    assert unlimited["assignment"] == lq.plan_top_level_cpu_bins(items, 2, mode="greedy")["assignment"]


def test_cpu_bins_new_items_go_to_the_lightest_bin():
    result = lq.plan_top_level_cpu_bins([{"id": "A", "weight": 10}, {"id": "N", "weight": 1}], 2, prev_assign={"A": "CpueQueue0"}, now_ts=0)

    assert result["assignment"] == {"A": "CpueQueue0", "N": "CpueQueue1"}
    assert result["changed"] == ["N"]


def test_class_identities_two_phases_padding_and_reuse():
    sites = [{"site_key": "S1", "parent_path": "", "queue": 1, "has_children": True},
             {"site_key": "S1/AP", "parent_path": "S1", "queue": 1, "has_children": False},
             {"site_key": "S2", "parent_path": "", "queue": 2, "has_children": False}]
    groups = [{"parent_node": "S1/AP", "queue": 1, "circuit_ids": ["c1", "c2"]}, {"parent_node": "S2", "queue": 2, "circuit_ids": ["c3"]}]

    first = lq.plan_class_identities(sites, groups, stick_offset=2)

    assert [(s["site_key"], s["class_minor"], s["up_class_major"]) for s in first["sites"]] == [("S1", 3, 3), ("S1/AP", 5, 3), ("S2", 3, 4)]
    assert [(c["circuit_id"], c["class_minor"]) for c in first["circuits"]] == [("c1", 6), ("c2", 7), ("c3", 4)]
    assert first["last_used_minor_by_queue"] == {1: 16, 2: 13}

    # c0 joins before c1; c1 and c2 keep their minors, c0 takes the next free one.
    groups[0]["circuit_ids"] = ["c0", "c1", "c2"]
    second = lq.plan_class_identities(sites, groups, first["site_state"], first["circuit_state"], stick_offset=2)
    assert {c["circuit_id"]: c["class_minor"] for c in second["circuits"]} == {"c0": 8, "c1": 6, "c2": 7, "c3": 4}

    # c2 moves to another queue: a fresh minor there; its old minor stays reserved on queue 1 only while known.
    groups[0]["circuit_ids"] = ["c0", "c1"]
    groups[1]["circuit_ids"] = ["c3", "c2"]
    third = lq.plan_class_identities(sites, groups, second["site_state"], second["circuit_state"], stick_offset=2)
    assert {c["circuit_id"]: (c["queue"], c["class_minor"]) for c in third["circuits"]}["c2"] == (2, 5)


def test_class_identities_overflow_is_a_value_error():
    sites = [{"site_key": f"S{i}", "parent_path": "", "queue": 1, "has_children": True} for i in range(40000)]
    with pytest.raises(ValueError, match="TC_U16_OVERFLOW"):
        lq.plan_class_identities(sites, [])


def test_planner_cbor_round_trip(tmp_path):
    state = {"salt": "x", "assignments": {"A": "CpueQueue0"}, "last_change_ts": {"A": 1.5}, "n": -3, "big": 1 << 40,
             "flag": True, "none": None, "list": [1, "two", 3.25]}
    path = tmp_path / "planner_state.cbor"

    assert lq.write_planner_cbor(str(path), state) is True
    assert lq.read_planner_cbor(str(path)) == state
    assert lq.read_planner_cbor(str(tmp_path / "missing")) is None


def test_features_we_do_not_have_answer_not_enabled():
    assert lq.fetch_planner_remote(4, False, 10) is None
    assert lq.store_planner_remote({}) is False
    assert lq.treeguard_set_node_virtual_live("S", True) is False
    assert lq.treeguard_get_node_virtual_status("S") is None
    assert lq.treeguard_get_node_virtual_branch_state("S") is None


@pytest.fixture
def src(tmp_path, lqos, monkeypatch):
    directory = tmp_path / "src"
    directory.mkdir()
    monkeypatch.setenv("LQOS_CONFIG", str(write_config(tmp_path, directory, extra="[stormguard]\nenabled = true\ndry_run = false\nall_sites = true\n")))
    lq._reset_config_cache()
    return directory


SHAPED = ("Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,"
          "Download Max Mbps,Upload Max Mbps,Comment\n"
          "# a comment row\n"
          "C2,Bob,D2,r,AP_1,,100.64.0.2,,1,1,25,5,\n"
          "C1,Alice,D1,r,Site_B,,100.64.0.1,,1,1,100,20,\n"
          "C1,Alice,D3,r,Site_B,,100.64.0.3,,1,1,100,20,\n"
          "C3,Carol,D4,r,,,100.64.0.4,,1,1,1,1,\n")
NETWORK = {"Site_A": {"downloadBandwidthMbps": 100, "uploadBandwidthMbps": 100,
                      "children": {"AP_1": {"downloadBandwidthMbps": 50, "uploadBandwidthMbps": 50}}},
           "Site_B": {"downloadBandwidthMbps": 100, "uploadBandwidthMbps": 100}}


def test_weights_and_tree_weights(src):
    (src / "ShapedDevices.csv").write_text(SHAPED)
    (src / "network.json").write_text(json.dumps(NETWORK))

    assert [(w.circuit_id, w.weight) for w in lq.get_weights()] == [("C1", 50), ("C2", 13), ("C3", 1)]
    assert [(w.name, w.weight) for w in lq.get_tree_weights()] == [("Site_B", 50), ("Site_A", 13)]
    assert lq.is_network_flat() is False


def test_weights_without_csv_raise(src):
    with pytest.raises(OSError, match="ShapedDevices.csv"):
        lq.get_weights()
    assert lq.is_network_flat() is True


def test_hashes_and_generations(src):
    (src / "ShapedDevices.csv").write_text(SHAPED)
    assert lq.calculate_hash() == 0  # network.json missing
    (src / "network.json").write_text(json.dumps(NETWORK))

    assert lq.calculate_hash() == lq.hash_to_i64(json.dumps(NETWORK) + "\n" + SHAPED)
    assert lq.calculate_shaping_runtime_hash() == lq.hash_to_i64(json.dumps(NETWORK) + "\n" + SHAPED + "\n")
    generation = lq.calculate_topology_source_generation()
    assert generation.startswith("sha256:") and generation == lq.calculate_topology_source_generation()
    (src / "network.json").write_text("{}")
    assert lq.calculate_topology_source_generation() != generation
    (src / "shaping_inputs.json").write_text('{"circuits": []}')
    assert lq.calculate_shaping_inputs_generation(str(src / "shaping_inputs.json")) == "sha256:" + hashlib.sha256(b'{"circuits": []}').hexdigest()
    assert lq.calculate_effective_network_generation(str(src / "network.json")).startswith("sha256:")
    with pytest.raises(OSError):
        lq.calculate_effective_network_generation(str(src / "missing.json"))


OVERRIDES = {
    "persistent_devices": [{"circuit_id": "P1", "circuit_name": "Pinned", "device_id": "PD1", "device_name": "r", "parent_node": "Site_A",
                            "mac": "", "ipv4": [["100.64.7.1", 32]], "ipv6": [["2001:db8::", 64]], "download_min_mbps": 1.0,
                            "upload_min_mbps": 1.0, "download_max_mbps": 100.0, "upload_max_mbps": 20.0, "comment": "", "sqm_override": None}],
    "circuit_adjustments": [{"type": "circuit_adjust_speed", "circuit_id": "C1", "min_download_bandwidth": None, "max_download_bandwidth": 50.0,
                             "min_upload_bandwidth": None, "max_upload_bandwidth": None},
                            {"type": "device_adjust_sqm", "device_id": "D1", "sqm_override": "cake/none"}],
    "network_adjustments": [{"type": "adjust_site_speed", "site_name": "Site_A", "download_bandwidth_mbps": 100.0, "upload_bandwidth_mbps": None}],
}


def test_overrides_in_upstream_dict_form(src):
    (src / "lqos_overrides.json").write_text(json.dumps(OVERRIDES))
    (src / "lqos_overrides.stormguard.json").write_text(json.dumps({"circuit_adjustments": [{"type": "device_adjust_sqm", "device_id": "D9", "sqm_override": "fq_codel"}]}))

    device = lq.overrides_persistent_devices()[0]
    assert device == {"circuitID": "P1", "circuitName": "Pinned", "deviceID": "PD1", "deviceName": "r", "ParentNode": "Site_A",
                      "ParentNodeID": None, "AnchorNodeID": None, "mac": "", "ipv4s": ["100.64.7.1/32"], "ipv6s": ["2001:db8::/64"],
                      "minDownload": 1.0, "minUpload": 1.0, "maxDownload": 100.0, "maxUpload": 20.0, "comment": "", "sqm": ""}
    assert lq.overrides_circuit_adjustments()[0] == {"type": "circuit_adjust_speed", "circuit_id": "C1", "max_download_bandwidth": 50.0}
    assert lq.overrides_network_adjustments_materialized() == [{"type": "adjust_site_speed", "site_name": "Site_A", "download_bandwidth_mbps": 100.0}]
    assert [a.get("device_id") for a in lq.overrides_circuit_adjustments_effective()] == [None, "D1", "D9"]
    assert set(lq.overrides_materialized()) == {"persistent_devices", "circuit_adjustments", "network_adjustments"}
    assert len(lq.overrides_materialized()["circuit_adjustments"]) == 2


def test_migrate_legacy_site_bandwidth_csv(src):
    (src / "lqos_overrides.json").write_text(json.dumps(OVERRIDES))
    (src / "integrationSplynxBandwidths.csv").write_text("ParentNode,Download Mbps,Upload Mbps\nSite_A,1,1\nSite_C,300,100\n")

    assert lq.migrate_legacy_site_bandwidth_csv("integrationSplynxBandwidths.csv") is True

    adjustments = json.loads((src / "lqos_overrides.json").read_text())["network_adjustments"]
    assert [a["site_name"] for a in adjustments] == ["Site_A", "Site_C"]
    assert (src / "integrationSplynxBandwidths.csv.backup").exists()
    assert lq.migrate_legacy_site_bandwidth_csv("integrationSplynxBandwidths.csv") is False


def test_write_compiled_topology_payload(src, tmp_path):
    assert lq.write_compiled_topology_from_python_graph_payload("python/x", "full", json.dumps(NETWORK), SHAPED, '{"anchors": []}', "{}", "{}")

    assert json.loads((src / "network.json").read_text()) == NETWORK
    assert (src / "ShapedDevices.csv").read_text() == SHAPED
    assert (tmp_path / "state" / "topology" / "topology_import.json").exists()
    assert lq.write_compiled_topology_from_legacy_artifacts("python/x", "flat") is True
    assert lq.write_compiled_topology_from_network_json_payload("python/x", "ap_site", "{}")
    assert json.loads((src / "network.json").read_text()) == {}
    with pytest.raises(OSError, match="compile_mode"):
        lq.write_compiled_topology_from_network_json_payload("python/x", "nope", "{}")


def test_mikrotik_routers_from_toml(src, tmp_path, monkeypatch):
    (tmp_path / "mikrotik.toml").write_text('[[router]]\nname = "core"\nhost = "10.0.0.1"\nusername = "api"\npassword = "pw"\n')
    config = tmp_path / "lqos.conf"
    config.write_text(config.read_text() + f'\n[mikrotik_ipv6]\nconfig_path = "{tmp_path / "mikrotik.toml"}"\n')
    lq._reset_config_cache()

    assert json.loads(lq.load_mikrotik_ipv6_routers_json()) == [
        {"name": "core", "host": "10.0.0.1", "port": 8728, "username": "api", "password": "pw", "use_ssl": False, "plaintext_login": True}]


def test_mikrotik_routers_missing_everywhere_raise(src):
    with pytest.raises(OSError, match="mikrotik_ipv6.toml"):
        lq.load_mikrotik_ipv6_routers_json()


def test_efficiency_cores_of_a_hybrid_cpu(tmp_path):
    (tmp_path / "cpu_atom").mkdir()
    (tmp_path / "cpu_core").mkdir()
    (tmp_path / "cpu_atom" / "cpus").write_text("8-11,14\n")
    (tmp_path / "cpu_core" / "cpus").write_text("0-7\n")

    assert lq._hybrid_efficiency_cores(str(tmp_path)) == [8, 9, 10, 11, 14]
    assert lq._hybrid_efficiency_cores(str(tmp_path / "none")) == []
