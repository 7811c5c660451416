"""Root only: the real lqosd in network namespaces, driven from Python as operators' scripts drive it.

    client eth0 ──veth── isp0 ┐ shaper   ┌ inet0 ──veth── eth0 internet
    10.98.0.2 (10 Mbit)       └─ br0 ────┘                  10.98.0.1
    10.98.0.4 (40 Mbit)

An upstream-style script plans the tree itself and sends it with `Bakery` and `BatchedCommands`; our LibreQoS.py asks
lqosd to plan from network.json and ShapedDevices.csv. Either way the HTB classes appear (`tc class show`) and
iperf3 measures each host at its plan. The lab itself is kernel_lab.Lab.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

import liblqos_python as lq
from conftest import install_compat
from kernel_lab import Lab, run, why_not

pytestmark = pytest.mark.root

SLOW, FAST, INTERNET = "10.98.0.2", "10.98.0.4", "10.98.0.1"


@pytest.fixture
def lab(tmp_path, lqos, monkeypatch):
    reason = why_not()
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("LQOS_CONFIG", "")  # set by Lab.setup; restored afterwards
    the_lab = Lab(tmp_path, (SLOW, FAST), INTERNET, 24)
    try:
        the_lab.setup()
        the_lab.start_lqosd()
        yield the_lab
    finally:
        the_lab.close()


def _bakery_batch(slow_ceil: float) -> None:
    """What an upstream-style LibreQoS.py sends: a site per queue, one circuit in each (v2.0 and v2.2 signatures)."""
    bakery = lq.Bakery()
    bakery.start_batch()
    bakery.setup_mq(2, 0)
    bakery.add_site("Site_A", "0x1:", "0x1:", 3, 499, 499, 500, 500)
    bakery.add_site("Site_B", "0x2:", "0x2:", 3, 499, 499, 500, 500)
    bakery.add_circuit("C-slow", "0x1:0x3", "0x1:0x3", 4, 2, 2, slow_ceil, slow_ceil, "0x1", "0x1", SLOW, None)
    bakery.add_circuit("C-fast", "Site_B", "0x2:0x3", "0x2:0x3", 4, 8, 8, 40, 40, "0x2", "0x2", FAST, None)
    assert bakery.commit() is True


def test_bakery_and_batched_commands_build_the_tree_and_shape(lab, capsys):
    _bakery_batch(slow_ceil=10)
    batch = lq.BatchedCommands()
    batch.add_ip_mapping(SLOW, "0x1:0x4", "0x0", False, "C-slow", "D-slow")
    batch.add_ip_mapping(FAST, "0x2:0x4", "0x1", False, "C-fast", "D-fast")
    batch.finish_ip_mappings()
    assert batch.submit() == 3

    for device in ("isp0", "inet0"):
        classes = lab.tc_classes(device)
        assert {"1:1", "1:2", "1:3", "1:4", "2:1", "2:2", "2:3", "2:4"} <= set(classes), (device, sorted(classes))
        assert classes["1:4"]["parent"] == "1:3" and classes["2:3"]["parent"] == "2:"
        assert classes["1:4"]["ceil"] == 10_000_000 and classes["2:4"]["ceil"] == 40_000_000
    mappings = {(m.ip_address, m.tc_handle, m.cpu, m.circuit_id, m.device_id) for m in lq.list_ip_mappings()}
    assert mappings == {(SLOW, (1, 4), 0, "C-slow", "D-slow"), (FAST, (2, 4), 1, "C-fast", "D-fast")}
    assert lq.xdp_ip_mapping_ready() is True
    if shutil.which("iperf3"):
        assert 8.5 <= lab.download_mbps(SLOW, 5311) <= 11.5
        assert 34 <= lab.download_mbps(FAST, 5312) <= 46

    # A second batch with one ceiling changed: only that class changes.
    _bakery_batch(slow_ceil=20)
    assert lab.tc_classes("isp0")["1:4"]["ceil"] == 20_000_000
    assert lab.tc_classes("isp0")["2:4"]["ceil"] == 40_000_000


def test_bakery_inconsistent_batch_is_refused_and_nothing_changes(lab, capsys):
    bakery = lq.Bakery()
    bakery.start_batch()
    bakery.setup_mq(2, 0)
    bakery.add_circuit("C-x", "0x1:0x9", "0x1:0x9", 4, 1, 1, 5, 5, "0x1", "0x1", SLOW, None)

    assert bakery.commit() is False

    assert "is not a site of this batch" in capsys.readouterr().err
    done = run("tc", "-n", lab.shaper, "qdisc", "show", "dev", "isp0")
    assert "htb" not in done.stdout


def test_libreqos_py_debug_from_lqos_directory_applies_shaping(lab):
    (lab.src / "network.json").write_text(json.dumps({"Site_A": {"downloadBandwidthMbps": 500, "uploadBandwidthMbps": 500}}))
    (lab.src / "ShapedDevices.csv").write_text(
        "Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,Download Max Mbps,Upload Max Mbps,Comment\n"
        f"C-slow,Slow Customer,D-slow,cpe,Site_A,,{SLOW},,2,2,10,10,\n"
        f"C-fast,Fast Customer,D-fast,cpe,Site_A,,{FAST},,8,8,40,40,\n")
    install_compat(lab.src)

    done = subprocess.run([sys.executable, "./LibreQoS.py", "--debug"], cwd=lab.src, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "plan: " in done.stdout
    ceilings = sorted(c["ceil"] for handle, c in lab.tc_classes("isp0").items() if int(handle.split(":")[1], 16) > 2)
    assert 10_000_000 in ceilings and 40_000_000 in ceilings
    assert {m.ip_address for m in lq.list_ip_mappings()} == {SLOW, FAST}
    if shutil.which("iperf3"):
        assert 8.5 <= lab.download_mbps(SLOW, 5321) <= 11.5
