"""LibreQoS.py as a module and as the command operators type, against a fake lqosd."""
from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

import LibreQoS
import liblqos_python as lq
from conftest import ACK, COMPAT

STICK = {'[bridge]\nuse_xdp_bridge = false\nto_internet = "eth0"\nto_network = "eth1"':
         '[single_interface]\ninterface = "eth2"\ninternet_vlan = 2\nnetwork_vlan = 3'}


@pytest.fixture(autouse=True)
def _restore_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def lqosd(refresh_reply=None, lines=(), validation=None):
    """A handler answering ping, refresh (streaming `lines` first) and validation."""
    def handle(request):
        if request["type"] == "refresh":
            return [*lines, refresh_reply or {"type": "refresh_result", "succeeded": True, "summary": "Rebuilt the tc trees (10 commands, 3 ms)."}]
        if request["type"] == "validate_shaped_devices":
            return validation or {"type": "validation", "ok": True, "summary": "OK: 3 circuits, 3 devices, 2 nodes", "errors": [], "warnings": []}
        return ACK
    return handle


def refreshes(server):
    return [r for r in server.requests if r["type"] == "refresh"]


def test_main_without_lqosd_refuses(fake_lqosd, capsys):
    fake_lqosd().close()

    assert LibreQoS.main([]) == -1
    assert "ERROR: lqosd is not running. Aborting" in capsys.readouterr().out


def test_main_debug_refreshes_and_prints_the_streamed_log(fake_lqosd, capsys):
    server = fake_lqosd(lqosd(lines=[{"level": "debug", "message": "DEBUG  1.0 ms  plan: 3.1 ms"},
                                     {"level": "info", "message": "INFO   2.0 ms  plan: 4 queues"},
                                     {"level": "warning", "message": "WARNING 3.0 ms  kernel has no cake"}]))

    assert LibreQoS.main(["--debug"]) == 0

    out = capsys.readouterr()
    assert "plan: 3.1 ms" in out.out and "plan: 4 queues" in out.out
    assert "kernel has no cake" in out.err
    assert refreshes(server) == [{"type": "refresh", "update_only": False, "clear_rules": False, "planner_reset": False, "validate_only": False}]
    assert not os.path.exists(lq.LOCK_FILE)


def test_main_quiet_prints_only_warnings_and_the_summary(fake_lqosd, capsys):
    fake_lqosd(lqosd(lines=[{"level": "info", "message": "INFO plan: 4 queues"}]))

    assert LibreQoS.main([]) == 0

    out = capsys.readouterr().out
    assert "plan: 4 queues" not in out
    assert "Rebuilt the tc trees" in out


def test_main_failed_refresh_exits_1(fake_lqosd, capsys):
    fake_lqosd(lqosd(refresh_reply={"type": "refresh_result", "succeeded": False, "summary": "Refused before touching the kernel: x"}))

    assert LibreQoS.main(["-v"]) == 1
    assert "ERROR: Refused before touching the kernel" in capsys.readouterr().err
    assert not os.path.exists(lq.LOCK_FILE)


def test_refresh_shapers_raises_validation_failure(fake_lqosd):
    fake_lqosd(lqosd(refresh_reply={"type": "refresh_result", "succeeded": False, "summary": "Validation failed; the current shaping stays as it is."}))

    with pytest.raises(LibreQoS.ValidationFailure, match="Validation failed"):
        LibreQoS.refreshShapers()


def test_refresh_shapers_raises_refresh_failure_on_fail_or_no_lqosd(fake_lqosd):
    server = fake_lqosd(lambda r: {"type": "fail", "message": "busy"})
    with pytest.raises(LibreQoS.RefreshFailure, match="busy"):
        LibreQoS.refreshShapers()
    server.close()
    with pytest.raises(LibreQoS.RefreshFailure, match="Is lqosd running"):
        LibreQoS.refreshShapers()


def test_update_only_sends_update_only(fake_lqosd):
    server = fake_lqosd(lqosd())

    LibreQoS.refreshShapersUpdateOnly()

    assert refreshes(server)[0]["update_only"] is True


def test_main_updateonly_on_a_stick_is_refused(fake_lqosd, capsys):
    server = fake_lqosd(lqosd(), replace=STICK)

    assert LibreQoS.main(["--updateonly"]) == -1
    assert "--updateonly is not supported for single-interface configurations" in capsys.readouterr().out
    assert refreshes(server) == []
    assert not os.path.exists(lq.LOCK_FILE)


def test_main_clearrules_and_validate(fake_lqosd, capsys):
    server = fake_lqosd(lqosd())

    assert LibreQoS.main(["--clearrules"]) == 0
    assert LibreQoS.main(["--validate", "-v"]) == 0

    assert refreshes(server)[0]["clear_rules"] is True
    assert server.requests[-1] == {"type": "validate_shaped_devices"}
    assert "OK: 3 circuits" in capsys.readouterr().out


def test_main_validate_with_errors_prints_them_and_exits_1(fake_lqosd, capsys):
    fake_lqosd(lqosd(validation={"type": "validation", "ok": False, "summary": "FAILED: 1 error(s)",
                                 "errors": ["/x/ShapedDevices.csv:4: IPv4: '1.2.3.999' is not a valid IPv4 address"], "warnings": ["w"]}))

    assert LibreQoS.main(["--validate"]) == 1
    err = capsys.readouterr().err
    assert "ShapedDevices.csv:4: IPv4" in err and "FAILED" in err


def test_main_planner_reset_removes_the_state_and_tells_lqosd(fake_lqosd, tmp_path):
    server = fake_lqosd(lqosd())
    state = tmp_path / "state" / "shaping" / "planner_state.json"  # lqos_directory is tmp_path/src
    state.parent.mkdir(parents=True)
    state.write_text("{}")

    assert LibreQoS.main(["--planner-reset"]) == 0

    assert not state.exists()
    assert refreshes(server)[0]["planner_reset"] is True


def test_main_another_libreqos_running_is_refused(fake_lqosd, capsys):
    fake_lqosd(lqosd())
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        os.makedirs(os.path.dirname(lq.LOCK_FILE), exist_ok=True)
        with open(lq.LOCK_FILE, "w") as f:
            f.write(str(other.pid))
        assert LibreQoS.main([]) == -1
        assert "LibreQoS.py is already running in another process. Aborting." in capsys.readouterr().out
    finally:
        other.kill()
        other.wait()


def test_executable_from_another_directory(fake_lqosd, tmp_path):
    server = fake_lqosd(lqosd(lines=[{"level": "info", "message": "INFO plan: 4 queues"}]))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    done = subprocess.run([str(COMPAT / "LibreQoS.py"), "--verbose"], cwd=elsewhere, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))

    assert done.returncode == 0, done.stderr
    assert "plan: 4 queues" in done.stdout
    assert len(refreshes(server)) == 1
    assert list(elsewhere.iterdir()) == []  # nothing written relative to the working directory


def test_executable_without_lqosd_exits_255(fake_lqosd, tmp_path):
    fake_lqosd().close()

    done = subprocess.run([str(COMPAT / "LibreQoS.py")], cwd=tmp_path, capture_output=True, text=True, timeout=60)

    assert done.returncode == 255
    assert "ERROR: lqosd is not running. Aborting" in done.stdout


def test_helpers_with_defined_signatures(tmp_path):
    assert LibreQoS.format_rate_for_tc(2500) == "2.5gbit"
    assert LibreQoS.format_rate_for_tc(2.25) == "2.2mbit"
    assert LibreQoS.format_rate_for_tc(0.5) == "500kbit"
    assert LibreQoS.calculateR2q(1000) == 2084
    assert LibreQoS.quantum(1000) == " quantum 59980"
    csv = tmp_path / "ShapedDevices.csv"
    csv.write_text("Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,"
                   "Download Max Mbps,Upload Max Mbps,Comment\n"
                   "C1,Alice,D1,Router,Site_A,,100.64.0.1,,10,2,100,20,\nC1,Alice,D2,Phone,Site_A,,\"100.64.0.2, 100.64.0.3\",,10,2,100,20,\n")
    circuits, by_id = LibreQoS.loadSubscriberCircuits(str(csv))
    assert [c["circuitID"] for c in circuits] == ["C1"]
    assert [d["ipv4s"] for d in by_id["C1"]["devices"]] == [["100.64.0.1"], ["100.64.0.2", "100.64.0.3"]]
    assert by_id["C1"]["maxDownload"] == 100.0
