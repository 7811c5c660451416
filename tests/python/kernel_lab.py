"""A lab for root tests: lqosd bridging a client and an internet namespace, as `make demo` builds it.

    client eth0 ──veth── isp0 ┐ shaper   ┌ inet0 ──veth── eth0 internet
    (subscriber addresses)    └─ br0 ────┘                  (one address)

Every name (namespaces, bpffs, bus socket) is unique to the run, so parallel runs cannot collide. The kernel here
lacks cake and fq_codel, so the config uses pfifo leaves.
"""
from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
import uuid
from pathlib import Path
from typing import Sequence

import liblqos_python as lq
from conftest import FIXTURES, newest_build


def find_lqosd() -> list[str] | None:
    """$LQOS_LQOSD (a command line), else the newest build of lqosd."""
    if os.environ.get("LQOS_LQOSD"):
        return shlex.split(os.environ["LQOS_LQOSD"])
    builds = newest_build("lqosd", "LibreQoS.Daemon", "lqosd.dll")
    return builds[0] if builds else None


def why_not() -> str | None:
    if os.geteuid() != 0:
        return "needs root (network namespaces, BPF, tc)"
    if find_lqosd() is None:
        return "no lqosd built: run 'make build' (or set LQOS_LQOSD)"
    return None


def tc_bits(text: str) -> int:
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

    def __init__(self, tmp: Path, client_addresses: Sequence[str], internet_address: str, prefix_length: int):
        self.tmp = tmp
        self.client_addresses = list(client_addresses)
        self.internet_address = internet_address
        self.prefix_length = prefix_length
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

    def setup(self, extra_config: str = "") -> None:
        """Namespaces, veths, the bridge, the addresses, a bpffs, and lqos.conf (with `extra_config` appended) as LQOS_CONFIG."""
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
        for address in self.client_addresses:
            run("ip", "-n", self.client, "addr", "add", f"{address}/{self.prefix_length}", "dev", "eth0", "nodad")
        run("ip", "-n", self.internet, "addr", "add", f"{self.internet_address}/{self.prefix_length}", "dev", "eth0", "nodad")
        self.bpffs.mkdir()
        run("mount", "-t", "bpf", "bpf", str(self.bpffs))
        self.mounted = True
        text = (FIXTURES / "lqos-minimal.conf").read_text()
        text = text.replace('lqos_directory = "/opt/libreqos/src"', f'lqos_directory = "{self.src}"')
        text = text.replace('to_internet = "eth0"', 'to_internet = "inet0"').replace('to_network = "eth1"', 'to_network = "isp0"')
        text = text.replace("[queues]\n", '[queues]\noverride_available_queues = 2\nfallback_sqm = "pfifo"\n')
        text += f'\n[lqosd]\nbus_socket = "{self.bus}"\nbpf_pin_directory = "{self.bpffs}/lqos"\n' + extra_config
        self.config = self.tmp / "lqos.conf"
        self.config.write_text(text)
        os.environ["LQOS_CONFIG"] = str(self.config)
        lq._reset_config_cache()

    def start_lqosd(self) -> None:
        log = open(self.lqosd_log, "w")
        self.lqosd = subprocess.Popen(["ip", "netns", "exec", self.shaper, *find_lqosd(), "--config", str(self.config)],
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
            classes[handle] = {"parent": parent, "rate": tc_bits(words[words.index("rate") + 1]), "ceil": tc_bits(words[words.index("ceil") + 1])}
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
