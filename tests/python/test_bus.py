"""liblqos_python's bus functions against a fake lqosd: the requests they send and upstream's error semantics."""
from __future__ import annotations

import os
import time

import pytest

import liblqos_python as lq
from conftest import ACK


def fail(message: str) -> dict:
    return {"type": "fail", "message": message}


def test_is_lqosd_alive_pings(fake_lqosd):
    server = fake_lqosd()

    assert lq.is_lqosd_alive() is True
    assert server.requests == [{"type": "ping"}]


def test_bus_down_swallowing_functions_return_false_or_empty(fake_lqosd):
    fake_lqosd().close()

    assert lq.is_lqosd_alive() is False
    assert lq.scheduler_alive() is False
    assert lq.log_info("x") is False
    assert lq.list_ip_mappings() == []
    lq.blackboard_finish()


@pytest.mark.parametrize("call", [lq.clear_ip_mappings, lambda: lq.delete_ip_mapping("100.64.0.1"),
                                  lambda: lq.add_ip_mapping("100.64.0.1", "0x1:0x3", "0x0", False, "C1", "D1")])
def test_bus_down_where_upstream_panics_raises_oserror_saying_what_to_check(fake_lqosd, call):
    fake_lqosd().close()

    with pytest.raises(OSError, match="Is lqosd running"):
        call()


def test_add_ip_mapping_six_and_four_arguments(fake_lqosd):
    server = fake_lqosd()

    lq.add_ip_mapping("100.64.0.1/32", "0x2:0x1f", "0x1", True, "C1", "D1")
    lq.add_ip_mapping("100.64.0.2", "0x1:0x3", "", False)

    assert server.requests == [
        {"type": "map_ip_to_flow", "ip_address": "100.64.0.1/32", "tc_handle": "2:1f", "cpu": 1, "upload": True, "circuit_id": "C1", "device_id": "D1"},
        {"type": "map_ip_to_flow", "ip_address": "100.64.0.2", "tc_handle": "1:3", "cpu": 0, "upload": False, "circuit_id": "", "device_id": ""},
    ]


@pytest.mark.parametrize("args,reason", [
    (("100.64.0.1", "0x1", "0x0", False, "C1", "D1"), "classid"),
    (("100.64.0.1", "0x1:0x3", "0x0", False, "  ", "D1"), "circuit_id is empty"),
    (("100.64.0.1", "0x1:0x3", "0x0", False, "C1", ""), "device_id is empty"),
    (("100.64.0.1", "0x1:0x3", "0xZZ", False, "C1", "D1"), "cpu"),
])
def test_add_ip_mapping_bad_arguments_raise_oserror(fake_lqosd, args, reason):
    server = fake_lqosd()

    with pytest.raises(OSError, match=reason):
        lq.add_ip_mapping(*args)
    assert server.requests == []


def test_add_ip_mapping_fail_reply_raises(fake_lqosd):
    fake_lqosd(lambda r: fail("'100.64.0.999' is not a valid IPv4 address"))

    with pytest.raises(OSError, match="not a valid IPv4"):
        lq.add_ip_mapping("100.64.0.999", "0x1:0x3", "0x0", False, "C1", "D1")


def test_batched_commands_sends_chunks_of_512_and_returns_the_count(fake_lqosd):
    server = fake_lqosd()
    batch = lq.BatchedCommands()
    for i in range(1100):
        batch.add_ip_mapping(f"100.64.{i // 256}.{i % 256}", "0x1:0x5", "0x0", False, f"C{i}", f"D{i}")
    batch.finish_ip_mappings()

    assert batch.length() == 1101
    assert batch.submit() == 1101
    assert [len(f) for f in server.frames] == [512, 512, 77]
    assert server.requests[-1] == {"type": "clear_hot_cache"}
    assert batch.length() == 0


def test_batched_commands_v14_four_arguments(fake_lqosd):
    server = fake_lqosd()
    batch = lq.BatchedCommands()

    batch.add_ip_mapping("100.64.0.1", "0x1:0x3", "0x0", False)
    batch.submit()

    assert server.requests[0]["circuit_id"] == ""


def test_batched_commands_failures_are_summarised(fake_lqosd):
    fake_lqosd(lambda r: fail("no room") if r["ip_address"].endswith((".1", ".2")) else fail("bad cpu") if r["ip_address"].endswith(".3") else ACK)
    batch = lq.BatchedCommands()
    for i in range(1, 6):
        batch.add_ip_mapping(f"100.64.0.{i}", "0x1:0x3", "0x0", False, "C", "D")

    with pytest.raises(OSError) as raised:
        batch.submit()

    assert str(raised.value) == "IP mapping apply failed for 3 of 5 queued requests. Examples: bad cpu; no room (x2)"


def test_batched_commands_transport_failure(fake_lqosd):
    fake_lqosd().close()
    batch = lq.BatchedCommands()
    batch.add_ip_mapping("100.64.0.1", "0x1:0x3", "0x0", False, "C", "D")

    with pytest.raises(OSError, match="^IP mapping batch transport failed: .*Is lqosd running"):
        batch.submit()


def test_batched_commands_bad_classid_raises_at_add():
    with pytest.raises(OSError, match="classid"):
        lq.BatchedCommands().add_ip_mapping("100.64.0.1", "13", "0x0", False, "C", "D")


def test_list_ip_mappings_converts_to_py_ip_mapping(fake_lqosd):
    fake_lqosd(lambda r: {"type": "mapped_ips", "mappings": [
        {"ip_address": "100.64.0.1", "tc_handle": "1:1f", "cpu": 0, "upload": False, "circuit_id": "C1", "device_id": "D1"},
        {"ip_address": "2001:db8::/64", "tc_handle": "3:5", "cpu": 2, "upload": True, "circuit_id": "C2", "device_id": ""}]})

    mappings = lq.list_ip_mappings()

    assert [(m.ip_address, m.prefix_length, m.tc_handle, m.cpu) for m in mappings] == [
        ("100.64.0.1", 32, (1, 0x1F), 0), ("2001:db8::", 64, (3, 5), 2)]
    with pytest.raises(AttributeError):
        mappings[0].cpu = 3  # type: ignore[misc]


def test_delete_ip_mapping_removes_both_directions(fake_lqosd):
    server = fake_lqosd(lambda r: fail("not mapped") if r["upload"] else ACK)

    lq.delete_ip_mapping("100.64.0.1")

    assert [(r["type"], r["upload"]) for r in server.requests] == [("del_ip_flow", False), ("del_ip_flow", True)]


def test_validate_shaped_devices_ok_and_errors(fake_lqosd):
    replies = iter([{"type": "validation", "ok": True, "summary": "OK: 1 circuits", "errors": [], "warnings": []},
                    {"type": "validation", "ok": False, "summary": "FAILED", "errors": ["a.csv:2: IPv4: bad", "a.csv:3: IPv4: bad"], "warnings": []}])
    fake_lqosd(lambda r: next(replies))

    assert lq.validate_shaped_devices() == "OK"
    assert lq.validate_shaped_devices() == "a.csv:2: IPv4: bad\na.csv:3: IPv4: bad"


def test_validate_shaped_devices_retries_then_raises(fake_lqosd, monkeypatch):
    fake_lqosd().close()
    monkeypatch.setattr(time, "sleep", lambda s: None)

    with pytest.raises(OSError, match="cannot validate through lqosd"):
        lq.validate_shaped_devices()


def test_wait_for_bus_ready(fake_lqosd):
    server = fake_lqosd()
    assert lq.wait_for_bus_ready() is True
    server.close()

    with pytest.raises(OSError, match="^Timed out waiting for lqosd bus readiness"):
        lq.wait_for_bus_ready(timeout_ms=200)


def test_scheduler_and_urgent_requests(fake_lqosd):
    server = fake_lqosd()

    assert lq.scheduler_alive() and lq.scheduler_error("boom") and lq.scheduler_output("")
    assert lq.scheduler_progress(True, "uisp", "Importing UISP", 1, 3, 40)
    assert lq.submit_urgent_issue("libreqos", "warning", "X", "msg", None, None)
    assert lq.submit_urgent_issue("somewhere", "fatal", "Y", "msg", '{"a":1}', "k")
    assert lq.clear_urgent_issue_by_identity("X", "k")
    lq.blackboard_submit("site", "k", "v")
    lq.blackboard_finish()

    assert server.requests == [
        {"type": "scheduler_ready"}, {"type": "scheduler_error", "message": "boom"}, {"type": "scheduler_output", "message": ""},
        {"type": "scheduler_progress", "phase": "uisp", "phase_label": "Importing UISP", "percent": 40, "active": True, "step_index": 1, "step_count": 3},
        {"type": "submit_urgent_issue", "source": "LibreQoS", "severity": "Warning", "code": "X", "message": "msg"},
        {"type": "submit_urgent_issue", "source": "System", "severity": "Error", "code": "Y", "message": "msg", "context": '{"a":1}', "dedupe_key": "k"},
        {"type": "clear_urgent_issue_by_identity", "code": "X", "dedupe_key": "k"},
        {"type": "blackboard_data", "subsystem": "site", "key": "k", "value": "v"},
        {"type": "blackboard_finish"},
    ]


def test_argument_checks_of_scheduler_functions():
    with pytest.raises(OverflowError):
        lq.scheduler_progress(True, "p", "", 0, 1, 300)
    with pytest.raises(OSError, match="subsystem"):
        lq.blackboard_submit("device", "k", "v")
    with pytest.raises(TypeError):
        lq.submit_urgent_issue("api", "error", "C", "m")  # context and dedupe_key are required (they accept None)


def test_sync_lqosd_config_from_disk_rereads_and_reloads(fake_lqosd, tmp_path):
    server = fake_lqosd()
    assert lq.sqm() == "cake diffserv4"
    config = tmp_path / "lqos.conf"
    config.write_text(config.read_text().replace("[queues]\n", '[queues]\ndefault_sqm = "fq_codel"\n'))

    lq.sync_lqosd_config_from_disk()

    assert lq.sqm() == "fq_codel"
    assert server.requests == [{"type": "reload_config"}]


def test_sync_lqosd_config_from_disk_fail_reply_raises(fake_lqosd):
    fake_lqosd(lambda r: fail("the running config was kept: x"))

    with pytest.raises(OSError, match="running config was kept"):
        lq.sync_lqosd_config_from_disk()


SITE = ("Site_A", "0x1:", "0x1:", 3, 99.0, 49.0, 100.0, 50.0)
V20 = ("C-1", "0x1:0x3", "0x1:0x3", 4, 9.0, 4.0, 10.0, 5.0, "0x1", "0x1", "100.64.0.1,100.64.0.2", None)
V22 = V20[:1] + ("Site_A",) + V20[1:]


def test_bakery_v20_and_v22_add_circuit_send_the_same_circuit(fake_lqosd):
    server = fake_lqosd(lambda r: {"type": "refresh_result", "succeeded": True, "summary": "ok"} if r["type"] == "bakery_commit" else ACK)
    for args in (V20, V22):
        bakery = lq.Bakery()
        bakery.start_batch()
        bakery.setup_mq(2, 0)
        bakery.add_site(*SITE)
        bakery.add_circuit(*args)
        assert bakery.commit() is True

    first, second = server.frames
    assert first[0] == {"type": "bakery_start"}
    assert first[1] == {"type": "bakery_mq_setup", "queues_available": 2, "stick_offset": 0}
    assert first[2] == {"type": "bakery_add_site", "site_name": "Site_A", "parent_class_id": "1:", "up_parent_class_id": "1:",
                        "class_minor": 3, "download_bandwidth_min": 99.0, "upload_bandwidth_min": 49.0,
                        "download_bandwidth_max": 100.0, "upload_bandwidth_max": 50.0}
    assert first[3] == {"type": "bakery_add_circuit", "circuit_id": "C-1", "parent_class_id": "1:3", "up_parent_class_id": "1:3",
                        "class_minor": 4, "download_bandwidth_min": 9.0, "upload_bandwidth_min": 4.0, "download_bandwidth_max": 10.0,
                        "upload_bandwidth_max": 5.0, "class_major": 1, "up_class_major": 1, "ip_addresses": "100.64.0.1,100.64.0.2"}
    assert first[4] == {"type": "bakery_commit"}
    assert second[3] == dict(first[3], site_name="Site_A")


def test_bakery_add_circuit_keywords_and_sqm_override(fake_lqosd):
    bakery = lq.Bakery()
    bakery.start_batch()
    names = lq.Bakery._V22
    bakery.add_circuit(**dict(zip(names, V22[:-1] + ("fq_codel/none",))))
    bakery.add_circuit(*V20[:-1], sqm_override="cake")

    assert bakery._queue[1]["sqm_override"] == "fq_codel/none" and bakery._queue[1]["site_name"] == "Site_A"
    assert bakery._queue[2]["sqm_override"] == "cake" and "site_name" not in bakery._queue[2]
    with pytest.raises(TypeError):
        bakery.add_circuit(*V20[:-2])


def test_bakery_commit_prints_failures_instead_of_raising(fake_lqosd, capsys):
    fake_lqosd(lambda r: fail("Bakery batch refused, nothing changed: 1 problem(s)") if r["type"] == "bakery_commit" else ACK)
    bakery = lq.Bakery()
    bakery.start_batch()
    bakery.setup_mq(1, 0)

    assert bakery.commit() is False
    assert "Bakery batch refused" in capsys.readouterr().err


def test_bakery_commit_with_lqosd_down_prints(fake_lqosd, capsys):
    fake_lqosd().close()
    bakery = lq.Bakery()
    bakery.start_batch()

    assert bakery.commit() is False
    assert "Is lqosd running" in capsys.readouterr().err


def test_bakery_chunks_of_1024(fake_lqosd):
    server = fake_lqosd(lambda r: {"type": "refresh_result", "succeeded": True, "summary": "ok"} if r["type"] == "bakery_commit" else ACK)
    bakery = lq.Bakery()
    bakery.start_batch()
    bakery.setup_mq(1, 0)
    for i in range(2000):
        bakery.add_site(f"S{i}", "0x1:", "0x1:", 3 + i, 1, 1, 2, 2)

    bakery.commit()

    assert [len(f) for f in server.frames] == [1024, 979]


def test_bakery_estimate_qdisc_budget_counts_per_interface(fake_lqosd):
    fake_lqosd()
    bakery = lq.Bakery()
    bakery.start_batch()
    bakery.setup_mq(2, 0)
    bakery.add_circuit(*V20)
    bakery.add_circuit(*(V20[:4] + (9.0, 4.0, 10.0, 5.0, "0x1", "0x1", "100.64.0.3", "none/fq_codel")))

    budget = bakery.estimate_qdisc_budget()

    # eth1 (download): mq + 2 × (htb + 2 leaves) + 1 circuit leaf; eth0 (upload): the same + 2 circuit leaves.
    assert budget["interfaces"] == {"eth1": 8, "eth0": 9}
    assert budget["ok"] is True
    assert set(budget) >= {"interface_details", "safe_budget", "hard_limit", "estimated_total_memory_bytes", "memory_ok",
                           "memory_warning_only", "memory_guard_min_available_bytes", "memory_total_bytes", "memory_available_bytes", "summary"}


def test_xdp_mapping_helpers_without_a_data_plane(fake_lqosd):
    fake_lqosd()

    assert lq.xdp_ip_mapping_ready() is True  # lqosd answers, and it owns the mapping table
    assert lq.xdp_ip_mapping_capacity() == 128000


def test_lock_file(tmp_path):
    assert lq.is_libre_already_running() is False
    lq.create_lock_file()
    with open(lq.LOCK_FILE) as f:
        assert f.read() == str(os.getpid())
    assert lq.is_libre_already_running() is False  # our own PID does not count
    with open(lq.LOCK_FILE, "w") as f:
        f.write("1")  # init: alive, not python
    assert lq.is_libre_already_running() is False
    lq.free_lock_file()
    lq.free_lock_file()
    assert not (tmp_path / "run" / "libreqos.lock").exists()


def test_lock_file_held_by_another_python(tmp_path):
    import subprocess
    import sys
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lq.create_lock_file()
        with open(lq.LOCK_FILE, "w") as f:
            f.write(str(other.pid))
        assert lq.is_libre_already_running() is True
    finally:
        other.kill()
        other.wait()


def test_flow_insight_functions_send_their_requests_and_return_the_reply_lists(fake_lqosd):
    circuit = {"circuit_id": "C1", "circuit_name": "Alice", "rtt_download": {"p50_ms": 50.0, "p95_ms": 80.0, "samples": 9},
               "rtt_upload": None, "retransmits": {"down": 1, "up": 0}, "retransmits_total": {"down": 4, "up": 0},
               "packets": {"down": 100, "up": 50}, "active_flows": 2}
    flow = {"local_address": "100.64.0.1", "local_port": 5201, "remote_address": "203.0.113.9", "remote_port": 443, "protocol": 6}
    replies = {
        "get_worst_rtt": {"type": "circuit_insights", "circuits": [circuit]},
        "get_worst_retransmits": {"type": "circuit_insights", "circuits": []},
        "top_flows": {"type": "flows", "flows": [flow]},
        "rtt_histogram": {"type": "rtt_histogram", "bucket_ms": 10, "buckets": [0, 1] + [0] * 48},
        "get_circuit_flows": {"type": "circuit_flows", "circuit": circuit, "flows": [flow]},
        "get_site_insights": {"type": "site_insights", "sites": [{"path": "Site", "circuits": 1}]},
        "all_unknown_ips": {"type": "unknown_ips", "ips": [{"ip_address": "100.64.9.9", "last_seen_unix": 1, "download_bytes": 2, "upload_bytes": 3}]},
        "clear_unknown_ips": ACK,
    }
    server = fake_lqosd(lambda r: replies[r["type"]])

    assert lq.worst_rtt_circuits(5)[0]["rtt_download"]["p50_ms"] == 50.0
    assert lq.worst_retransmit_circuits() == []
    assert lq.top_flows("bytes", 3) == [flow]
    assert lq.rtt_histogram()[1] == 1
    assert lq.circuit_flows("C1") == {"circuit": circuit, "flows": [flow]}
    assert lq.site_insights()[0]["path"] == "Site"
    assert lq.unknown_ips()[0]["ip_address"] == "100.64.9.9"
    lq.clear_unknown_ips()

    assert [r["type"] for r in server.requests] == list(replies)
    assert (server.requests[0]["count"], server.requests[2]["by"], server.requests[4]["circuit_id"]) == (5, "bytes", "C1")


def test_flow_insight_functions_raise_oserror_on_a_fail_reply(fake_lqosd):
    fake_lqosd(lambda r: fail("circuit nope has no flows"))

    with pytest.raises(OSError, match="has no flows"):
        lq.circuit_flows("nope")
