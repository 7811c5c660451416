"""Root only: the real lqosd in network namespaces, driven from Python as operators' scripts drive it.

    client eth0 ──veth── isp0 ┐ shaper   ┌ inet0 ──veth── eth0 internet
    10.98.0.2 (10 Mbit)       └─ br0 ────┘                  10.98.0.1
    10.98.0.4 (40 Mbit)

An upstream-style script plans the tree itself and sends it with `Bakery` and `BatchedCommands`; our LibreQoS.py asks
lqosd to plan from network.json and ShapedDevices.csv. Either way the HTB classes appear (`tc class show`) and
iperf3 measures each host at its plan. The kernel here lacks cake and fq_codel, so the config uses pfifo leaves.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import liblqos_python as lq
from conftest import COMPAT, FIXTURES, newest_build

pytestmark = pytest.mark.root

SLOW, FAST, INTERNET = "10.98.0.2", "10.98.0.4", "10.98.0.1"


def _find_lqosd() -> list[str] | None:
    """$LQOS_LQOSD (a command line), else the newest build of lqosd."""
    if os.environ.get("LQOS_LQOSD"):
        return shlex.split(os.environ["LQOS_LQOSD"])
    builds = newest_build("lqosd", "LibreQoS.Daemon", "lqosd.dll")
    return builds[0] if builds else None


def _why_not() -> str | None:
    if os.geteuid() != 0:
        return "needs root (network namespaces, BPF, tc)"
    if _find_lqosd() is None:
        return "no lqosd built: run 'make build' (or set LQOS_LQOSD)"
    return None


def _bits(text: str) -> int:
    """tc's rate notation ('10Mbit', '2500Kbit', '1Gbit', '800bit') in bits per second."""
    for unit, factor in (("Gbit", 10**9), ("Mbit", 10**6), ("Kbit", 10**3), ("bit", 1)):
        if text.endswith(unit):
            return round(float(text[: -len(unit)]) * factor)
    raise ValueError(f"not a tc rate: {text}")


def run(*command: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}{done.stdout}")
    return done


class Lab:
    """Three namespaces, a bpffs for lqosd's pins, and lqosd itself; everything is removed by close()."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        tag = uuid.uuid4().hex[:8]
        self.client, self.shaper, self.internet = (f"lqos-py-{tag}-{role}" for role in ("cli", "shp", "inet"))
        self.namespaces: list[str] = []
        self.processes: list[subprocess.Popen] = []
        self.bpffs = tmp / "bpffs"
        self.mounted = False
        self.lqosd: subprocess.Popen | None = None
        self.lqosd_log = tmp / "lqosd.log"
        self.src = tmp / "src"
        self.src.mkdir()
        self.bus = tmp / "run" / "bus"

    def setup(self) -> None:
        for ns in (self.client, self.shaper, self.internet):
            run("ip", "netns", "add", ns)
            self.namespaces.append(ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        for a, a_if, b, b_if in ((self.client, "eth0", self.shaper, "isp0"), (self.internet, "eth0", self.shaper, "inet0")):
            run("ip", "-n", a, "link", "add", a_if, "numtxqueues", "2", "numrxqueues", "2", "type", "veth",
                "peer", "name", b_if, "netns", b, "numtxqueues", "2", "numrxqueues", "2")
            run("ip", "-n", a, "link", "set", a_if, "up")
            run("ip", "-n", b, "link", "set", b_if, "up")
        run("ip", "-n", self.shaper, "link", "add", "br0", "type", "bridge")
        for port in ("isp0", "inet0"):
            run("ip", "-n", self.shaper, "link", "set", port, "master", "br0")
        run("ip", "-n", self.shaper, "link", "set", "br0", "up")
        for address in (SLOW, FAST):
            run("ip", "-n", self.client, "addr", "add", address + "/24", "dev", "eth0", "nodad")
        run("ip", "-n", self.internet, "addr", "add", INTERNET + "/24", "dev", "eth0", "nodad")
        self.bpffs.mkdir()
        run("mount", "-t", "bpf", "bpf", str(self.bpffs))
        self.mounted = True
        text = (FIXTURES / "lqos-minimal.conf").read_text()
        text = text.replace('lqos_directory = "/opt/libreqos/src"', f'lqos_directory = "{self.src}"')
        text = text.replace('to_internet = "eth0"', 'to_internet = "inet0"').replace('to_network = "eth1"', 'to_network = "isp0"')
        text = text.replace("[queues]\n", '[queues]\noverride_available_queues = 2\nfallback_sqm = "pfifo"\n')
        text += f'\n[lqosd]\nbus_socket = "{self.bus}"\nbpf_pin_directory = "{self.bpffs}/lqos"\n'
        self.config = self.tmp / "lqos.conf"
        self.config.write_text(text)
        os.environ["LQOS_CONFIG"] = str(self.config)
        lq._reset_config_cache()

    def start_lqosd(self) -> None:
        log = open(self.lqosd_log, "w")
        self.lqosd = subprocess.Popen(["ip", "netns", "exec", self.shaper, *_find_lqosd(), "--config", str(self.config)],
                                      stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.lqosd.poll() is not None:
                raise AssertionError(f"lqosd exited {self.lqosd.returncode}: {self.lqosd_log.read_text()}")
            if lq.is_lqosd_alive():
                return
            time.sleep(0.2)
        raise AssertionError(f"lqosd did not answer within 60 s: {self.lqosd_log.read_text()}")

    def tc_classes(self, device: str) -> dict[str, dict]:
        """HTB classes of `tc class show` by handle: {"parent": "1:3" or "1:" for a queue's root, "rate"/"ceil": bit/s}."""
        classes = {}
        for line in run("tc", "-n", self.shaper, "class", "show", "dev", device).stdout.splitlines():
            words = line.split()
            if words[:2] != ["class", "htb"]:
                continue
            handle = words[2]
            parent = words[words.index("parent") + 1] if "parent" in words else handle.split(":")[0] + ":"
            classes[handle] = {"parent": parent, "rate": _bits(words[words.index("rate") + 1]), "ceil": _bits(words[words.index("ceil") + 1])}
        return classes

    def download_mbps(self, host: str, port: int, seconds: int = 3) -> float:
        """iperf3 from the internet namespace to `host` in the client namespace."""
        server = subprocess.Popen(["ip", "netns", "exec", self.client, "iperf3", "-s", "-1", "-B", host, "-p", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.append(server)
        deadline = time.monotonic() + 5
        while f":{port}" not in run("ip", "netns", "exec", self.client, "ss", "-Hltn", f"sport = :{port}").stdout:
            assert time.monotonic() < deadline, "iperf3 did not start"
            time.sleep(0.05)
        done = run("ip", "netns", "exec", self.internet, "iperf3", "-c", host, "-p", str(port), "-t", str(seconds), "-J",
                   timeout=seconds + 20)
        return json.loads(done.stdout)["end"]["sum_received"]["bits_per_second"] / 1e6

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
        if self.lqosd is not None and self.lqosd.poll() is None:
            self.lqosd.terminate()
            try:
                self.lqosd.wait(20)
            except subprocess.TimeoutExpired:
                self.lqosd.kill()
                self.lqosd.wait()
        for ns in self.namespaces:
            run("ip", "netns", "del", ns, check=False)
        if self.mounted:
            run("umount", str(self.bpffs), check=False)


@pytest.fixture
def lab(tmp_path, lqos, monkeypatch):
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("LQOS_CONFIG", "")  # set by Lab.setup; restored afterwards
    the_lab = Lab(tmp_path)
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
    shutil.copy(COMPAT / "LibreQoS.py", lab.src / "LibreQoS.py")
    shutil.copy(COMPAT / "liblqos_python.py", lab.src / "liblqos_python.py")

    done = subprocess.run([sys.executable, "./LibreQoS.py", "--debug"], cwd=lab.src, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "plan: " in done.stdout
    ceilings = sorted(c["ceil"] for handle, c in lab.tc_classes("isp0").items() if int(handle.split(":")[1], 16) > 2)
    assert 10_000_000 in ceilings and 40_000_000 in ceilings
    assert {m.ip_address for m in lq.list_ip_mappings()} == {SLOW, FAST}
    if shutil.which("iperf3"):
        assert 8.5 <= lab.download_mbps(SLOW, 5321) <= 11.5
