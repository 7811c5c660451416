"""Root only: upstream v2.2's topology runtime contract, end to end. lqosd (in the shaper namespace of
kernel_lab.Lab) publishes topology_runtime_status.json, shaping_inputs.json and network.effective.json; lqos_scheduler
runs a scheduler.py that follows v2.2's startup and 3-second tick (tests/python/v22/scheduler.py, written for these
tests) with our compat modules in lqos_directory, as an upstream v2.2 box has them.

DIY: the first shaping follows the scheduler's start, a rate edited in ShapedDevices.csv reaches its tc class through
the runtime and the tick, and a broken edit keeps the tree while `lqos scheduler status` shows the failure.
Ingress: with Splynx enabled (a local Splynx API) the import reaches the kernel through shaping_inputs.json.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable

import pytest

import liblqos_python as lq
from conftest import install_compat
from crm_servers import splynx as account_data
from kernel_lab import Lab, run, why_not
from test_kernel_scheduler_splynx import Scheduler, class_of, find_scheduler, scheduler_status

pytestmark = pytest.mark.root

SCRIPT = Path(__file__).resolve().parent / "v22" / "scheduler.py"
FIRST_SHAPING_SECONDS = 15  # the acceptance: from the scheduler's start
RATE_EDIT_SECONDS = 6  # the acceptance: from the edit to the class
CLIENT, OTHER, INTERNET = "10.97.0.2", "10.97.0.4", "10.97.0.1"
HEADER = ("Circuit ID,Circuit Name,Device ID,Device Name,Parent Node,MAC,IPv4,IPv6,Download Min Mbps,Upload Min Mbps,"
          "Download Max Mbps,Upload Max Mbps,Comment\n")
NETWORK = {"Site_A": {"downloadBandwidthMbps": 200, "uploadBandwidthMbps": 200, "children": {}}}


def devices(rate: str) -> str:
    return HEADER + f"C1,Client,D1,router,Site_A,,{CLIENT},,1,1,{rate},5,\nC2,Other,D2,router,Site_A,,{OTHER},,1,1,30,5,\n"


def until(what: str, seconds: float, reached: Callable[[], object], lab: Lab, scheduler: Scheduler) -> object:
    deadline = time.monotonic() + seconds
    while True:
        value = reached()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"not within {seconds} s: {what}; scheduler status {scheduler_status()}\n"
                                 f"lqos_scheduler:\n{scheduler.log.read_text()}\nlqosd:\n{lab.lqosd_log.read_text()}")
        assert scheduler.process.poll() is None, f"lqos_scheduler exited:\n{scheduler.log.read_text()}"
        time.sleep(0.1)


def ceil_of(lab: Lab, address: str) -> int | None:
    """The download ceiling (bit/s) of the class `address` is mapped to, None while it is not shaped."""
    mapping = next((m for m in lq.list_ip_mappings() if m.ip_address == address), None)
    if mapping is None:
        return None
    classes = lab.tc_classes("isp0")
    name = f"{mapping.tc_handle[0]:x}:{mapping.tc_handle[1]:x}"
    return classes[name]["ceil"] if name in classes else None


def runtime_status(lab: Lab) -> dict:
    return json.loads((lab.tmp / "state" / "topology" / "topology_runtime_status.json").read_text())


def make_lab(tmp_path, monkeypatch, addresses, prefix, extra_config="") -> Lab:
    reason = why_not() or (None if find_scheduler() else "no lqos_scheduler built: run 'make build' (or set LQOS_SCHEDULER)")
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("LQOS_CONFIG", "")  # set by Lab.setup; restored afterwards
    lab = Lab(tmp_path, addresses, INTERNET if prefix == 24 else "100.127.255.254", prefix)
    lab.setup(extra_config=extra_config)
    install_compat(lab.src)
    shutil.copy(SCRIPT, lab.src / "scheduler.py")
    return lab


@pytest.fixture
def scheduler_environment(tmp_path) -> dict[str, str]:
    import os
    environment = {name: value for name, value in os.environ.items() if name != "LQOS_CONFIG"}
    environment["TMPDIR"] = str(tmp_path)
    return environment


def test_v22_scheduler_shapes_reshapes_on_an_edit_and_reports_a_broken_one(tmp_path, monkeypatch, lqos, scheduler_environment):
    lab = make_lab(tmp_path, monkeypatch, (CLIENT, OTHER), 24)
    scheduler = None
    try:
        (lab.src / "network.json").write_text(json.dumps(NETWORK))
        (lab.src / "ShapedDevices.csv").write_text(devices("20"))
        lab.start_lqosd()
        started = time.monotonic()
        scheduler = Scheduler(find_scheduler(), lab.config, scheduler_environment, tmp_path / "lqos_scheduler.log")

        until("the first shaping", FIRST_SHAPING_SECONDS, lambda: ceil_of(lab, CLIENT) == 20_000_000, lab, scheduler)
        print(f"first shaping {time.monotonic() - started:.1f} s after lqos_scheduler started")
        status = runtime_status(lab)
        assert status["ready"] is True and status["source_generation"] == lq.calculate_topology_source_generation()
        assert status["shaping_generation"] == lq.calculate_shaping_inputs_generation(status["shaping_inputs_path"])
        assert status["effective_generation"] == lq.calculate_effective_network_generation(status["effective_network_path"])
        assert lq.validated_runtime_shaping_inputs_path() == status["shaping_inputs_path"]
        until("the ready phase", FIRST_SHAPING_SECONDS, lambda: (scheduler_status().get("progress") or {}).get("phase") == "ready", lab, scheduler)
        shown = subprocess.run([*lqos, "scheduler", "status", "--config", str(lab.config)], capture_output=True, text=True, timeout=60)
        assert "phase: ready (Scheduler ready) (100%, step 5/5)" in shown.stdout, shown.stdout

        # One circuit's rate edited: lqosd's runtime republishes, the tick reshapes.
        edited = time.monotonic()
        (lab.src / "ShapedDevices.csv").write_text(devices("35"))
        until("the edited rate in tc", RATE_EDIT_SECONDS, lambda: ceil_of(lab, CLIENT) == 35_000_000, lab, scheduler)
        print(f"edit reached tc {time.monotonic() - edited:.1f} s after the file was written")
        assert ceil_of(lab, OTHER) == 30_000_000
        tree = run("tc", "-n", lab.shaper, "class", "show", "dev", "isp0").stdout

        # A broken edit: the runtime fails for these sources, the tree stays, the status says why.
        (lab.src / "ShapedDevices.csv").write_text(devices("fast"))
        expected = (f"Topology runtime failed for the current source generation: Validation failed: "
                    f"{lab.src}/ShapedDevices.csv:2: Download Max Mbps")
        until("the failure in the scheduler status", 30, lambda: expected in (scheduler_status().get("error") or ""), lab, scheduler)
        shown = subprocess.run([*lqos, "scheduler", "status", "--config", str(lab.config)], capture_output=True, text=True, timeout=60)
        assert shown.returncode == 1 and f"last error: Topology runtime refresh blocked: {expected}" in shown.stdout, shown.stdout
        assert "phase: degraded" in shown.stdout
        assert runtime_status(lab)["ready"] is False and lq.validated_runtime_shaping_inputs_path() is None
        assert run("tc", "-n", lab.shaper, "class", "show", "dev", "isp0").stdout == tree
        assert ceil_of(lab, CLIENT) == 35_000_000

        # Fixed again: shaped again, and the error cleared.
        (lab.src / "ShapedDevices.csv").write_text(devices("40"))
        until("the fixed rate in tc", RATE_EDIT_SECONDS, lambda: ceil_of(lab, CLIENT) == 40_000_000, lab, scheduler)
        until("the error cleared", RATE_EDIT_SECONDS, lambda: scheduler_status().get("error") is None, lab, scheduler)
    finally:
        if scheduler is not None:
            scheduler.stop()
        lab.close()


def test_v22_scheduler_with_splynx_enabled_shapes_the_import_through_shaping_inputs(tmp_path, monkeypatch, lqos, scheduler_environment):
    server = account_data.serve(account_data.SplynxAccount())
    home_25 = ("5006", "100.64.0.15", 25)  # crm_servers/splynx.py: Femi Garcia 1006, Home 25
    scheduler = None
    lab = None
    try:
        lab = make_lab(tmp_path, monkeypatch, [home_25[1]], 10,
                       extra_config=f'\n[splynx_integration]\nenable_splynx = true\napi_key = "{account_data.API_KEY}"\n'
                                    f'api_secret = "{account_data.API_SECRET}"\nurl = "{server.url}"\nstrategy = "ap_site"\n')
        assert lq.topology_import_ingress_enabled() is True
        lab.start_lqosd()
        scheduler = Scheduler(find_scheduler(), lab.config, scheduler_environment, tmp_path / "lqos_scheduler.log")

        until("the import shaped", 120, lambda: ceil_of(lab, home_25[1]) == home_25[2] * 1_000_000, lab, scheduler)
        status = runtime_status(lab)
        shaping_inputs = json.loads(Path(status["shaping_inputs_path"]).read_text())
        circuits = {c["circuit_id"]: c for c in shaping_inputs["circuits"]}
        assert len(circuits) == account_data.CUSTOMERS
        assert circuits[home_25[0]]["download_max_mbps"] == home_25[2]
        assert {m.circuit_id for m in lq.list_ip_mappings()} == set(circuits)
        assert f"shaping from {status['shaping_inputs_path']} ({status['shaping_generation']})" in scheduler.log.read_text()
        assert "topology import ingress: True" in scheduler.log.read_text()
        mapping = next(m for m in lq.list_ip_mappings() if m.ip_address == home_25[1])
        assert class_of(lab, "isp0", mapping.tc_handle)["ceil"] == home_25[2] * 1_000_000
    finally:
        if scheduler is not None:
            scheduler.stop()
        if lab is not None:
            lab.close()
        server.close()
