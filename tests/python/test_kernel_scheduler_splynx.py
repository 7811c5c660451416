"""Root only: lqos_scheduler importing from Splynx into a shaping lqosd, end to end, as in the `make demo` lab.

lqosd runs in the shaper namespace of kernel_lab.Lab; lqos_scheduler runs as the service, outside the namespaces,
where it reaches the local Splynx API on 127.0.0.1 and lqosd through the bus socket. Its first run imports the
account into lqos_directory and has lqosd shape it. Then Splynx starts failing, `lqos scheduler run-once` runs the
job again, and the failure shows in the scheduler status with its log file while the shaping stays as it was.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Callable

import pytest

import liblqos_python as lq
from conftest import install_compat, newest_build
from crm_files import network, rows
from crm_servers import Broken
from crm_servers import splynx as account_data
from kernel_lab import Lab, run, why_not

pytestmark = pytest.mark.root

# Two services of the local account (crm_servers/splynx.py) and their tariffs.
HOME_25 = ("5006", "100.64.0.15", 25, 5)  # Femi Garcia 1006, Home 25
PRO_250 = ("5004", "100.64.0.13", 300, 50)  # Dev Garcia 1004, Pro 250 with a fixed burst of 300 Mbit down
INTERNET = "100.127.255.254"
RUN_SECONDS = 240


def find_scheduler() -> list[str] | None:
    """$LQOS_SCHEDULER (a command line), else the newest build of lqos_scheduler."""
    if os.environ.get("LQOS_SCHEDULER"):
        return shlex.split(os.environ["LQOS_SCHEDULER"])
    builds = newest_build("lqos_scheduler", "LibreQoS.Scheduler", "lqos_scheduler.dll")
    return builds[0] if builds else None


def scheduler_status() -> dict:
    """lqosd's bus answer to `check_scheduler_status`: what the scheduler last reported."""
    reply = lq._request({"type": "check_scheduler_status"})
    assert reply["type"] == "scheduler_status", reply
    return reply


class Scheduler:
    """lqos_scheduler started as systemd starts it: the service, `--config` only (no LQOS_CONFIG), its log in a file."""

    def __init__(self, command: list[str], config: Path, environment: dict[str, str], log: Path):
        self.log = log
        self._output = open(log, "w")
        self.process = subprocess.Popen([*command, "--config", str(config)], env=environment, stdout=self._output,
                                        stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._output.close()

    def wait_for_import(self, lab: Lab) -> dict:
        """The status once a run has imported from Splynx and lqosd has applied the files."""
        return self._wait_for(lab, "an imported and applied run", lambda status, progress:
                              (status.get("last_output") or "").startswith("Splynx completed successfully")
                              and progress.get("phase") == "ready" and not progress.get("active"))

    def wait_for_failure(self, lab: Lab, other_than: Path) -> dict:
        """The status once a run has failed with a log file other than `other_than`."""
        return self._wait_for(lab, "a failed run", lambda status, progress:
                              status.get("error_log_path") not in (None, str(other_than))
                              and progress.get("phase") == "degraded" and not progress.get("active"))

    def _wait_for(self, lab: Lab, what: str, reached: Callable[[dict, dict], bool]) -> dict:
        deadline = time.monotonic() + RUN_SECONDS
        status: dict = {}
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"lqos_scheduler exited {self.process.returncode}:\n{self.log.read_text()}"
            status = scheduler_status()
            if reached(status, status.get("progress") or {}):
                return status
            time.sleep(0.5)
        raise AssertionError(f"no {what} within {RUN_SECONDS} s; status {status}\n"
                             f"lqos_scheduler:\n{self.log.read_text()}\nlqosd:\n{lab.lqosd_log.read_text()}")


@pytest.fixture
def splynx():
    server = account_data.serve(account_data.SplynxAccount())
    yield server
    server.close()


@pytest.fixture
def lab(tmp_path, lqos, monkeypatch, splynx):
    reason = why_not() or (None if find_scheduler() else "no lqos_scheduler built: run 'make build' (or set LQOS_SCHEDULER)")
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("LQOS_CONFIG", "")  # set by Lab.setup; restored afterwards
    the_lab = Lab(tmp_path, [HOME_25[1]], INTERNET, 10)
    try:
        the_lab.setup(extra_config=f'\n[splynx_integration]\nenable_splynx = true\napi_key = "{account_data.API_KEY}"\n'
                                   f'api_secret = "{account_data.API_SECRET}"\nurl = "{splynx.url}"\nstrategy = "ap_site"\n')
        install_compat(the_lab.src)  # lqos_directory holds the integration scripts, as upstream's /opt/libreqos/src
        the_lab.start_lqosd()
        yield the_lab
    finally:
        the_lab.close()


@pytest.fixture
def scheduler_environment(tmp_path) -> dict[str, str]:
    """The environment of the scheduler and of `lqos scheduler run-once`: failure logs in the test's folder (TMPDIR),
    lqos_scheduler's folder first on PATH (run-once looks beside lqos, then on PATH), no LQOS_CONFIG."""
    environment = {name: value for name, value in os.environ.items() if name != "LQOS_CONFIG"}
    environment["TMPDIR"] = str(tmp_path)
    environment["PATH"] = f"{Path(find_scheduler()[-1]).parent}:{environment['PATH']}"
    return environment


@pytest.fixture
def scheduler(lab, tmp_path, scheduler_environment):
    service = Scheduler(find_scheduler(), lab.config, scheduler_environment, tmp_path / "lqos_scheduler.log")
    yield service
    service.stop()


def class_of(lab: Lab, device: str, handle: tuple[int, int]) -> dict:
    """The HTB class with `handle` (major, minor) on `device`, as `tc class show` prints it (hex)."""
    classes = lab.tc_classes(device)
    name = f"{handle[0]:x}:{handle[1]:x}"
    assert name in classes, (device, name, sorted(classes))
    return classes[name]


def shaping_state(lab: Lab) -> tuple:
    """Everything a failed run must leave alone: the files, the classes on both interfaces, the IP mappings."""
    files = tuple((lab.src / name).read_text() for name in ("ShapedDevices.csv", "network.json"))
    classes = tuple(run("tc", "-n", lab.shaper, "class", "show", "dev", device).stdout for device in ("isp0", "inet0"))
    mappings = sorted((m.ip_address, m.tc_handle, m.cpu, m.circuit_id) for m in lq.list_ip_mappings())
    return files, classes, mappings


def test_scheduler_imports_splynx_into_shaped_circuits_and_reports_a_failing_api(lab, scheduler, splynx, lqos,
                                                                                  scheduler_environment, tmp_path):
    status = scheduler.wait_for_import(lab)

    # The first run wrote the account into lqos_directory...
    circuits = rows(lab.src)
    assert len(circuits) == account_data.CUSTOMERS
    assert sorted(network(lab.src)) == sorted(account_data.SITES)
    assert status["running"] is True and status.get("error") is None
    assert " ERR " not in scheduler.log.read_text()  # a first start has nothing to reload yet: no failed refresh
    # ... and lqosd shapes every circuit: each has its addresses mapped, and a class at its plan on both interfaces.
    mappings = lq.list_ip_mappings()
    assert {m.circuit_id for m in mappings} == set(circuits)
    for circuit_id, address, down, up in (HOME_25, PRO_250):
        mapping = next(m for m in mappings if m.ip_address == address)
        assert mapping.circuit_id == circuit_id
        assert class_of(lab, "isp0", mapping.tc_handle)["ceil"] == down * 1_000_000
        assert class_of(lab, "inet0", mapping.tc_handle)["ceil"] == up * 1_000_000
    if shutil.which("iperf3"):
        # Held to the plan; the lower bound leaves room for a busy shared machine, far above the 5 Mbit upload class.
        assert 0.7 * HOME_25[2] <= lab.download_mbps(HOME_25[1], 5331) <= 1.15 * HOME_25[2]
    before = shaping_state(lab)

    # Splynx fails: the job run again by hand reports it, and lqosd keeps the shaping it has.
    splynx.break_route("/api/2.0/admin/customers/customer/0/internet-services", Broken(500))
    done = subprocess.run([*lqos, "scheduler", "run-once", "--config", str(lab.config)], env=scheduler_environment,
                          capture_output=True, text=True, timeout=300)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "the scheduled job failed" in done.stderr
    status = scheduler_status()
    headline = "Splynx exited with code 1. Continuing.\nOutput preview:\n"
    assert status.get("error", "").startswith(headline), status
    log_path = Path(status["error_log_path"])
    assert re.fullmatch(rf"{re.escape(str(tmp_path))}/lqos_scheduler__splynx_\d{{8}}_\d{{6}}\.log", str(log_path))
    full_output = log_path.read_text()
    assert "Traceback (most recent call last):" in full_output
    assert "internet-services?main_attributes%5Bstatus%5D=active&limit=500&offset=0 failed 4 times, last with HTTP 500" in full_output
    preview = status["error"][len(headline):].removesuffix("\n...")
    assert full_output.startswith(preview), (preview, full_output)
    shown = subprocess.run([*lqos, "scheduler", "status", "--config", str(lab.config)], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 1, shown.stdout + shown.stderr
    assert "last run failed" in shown.stdout and "last error: Splynx exited with code 1. Continuing." in shown.stdout
    assert f"full output: {log_path}" in shown.stdout
    assert shaping_state(lab) == before
    for secret in (account_data.API_KEY, account_data.API_SECRET):
        assert secret not in full_output + status["error"] + shown.stdout + done.stdout + done.stderr + scheduler.log.read_text()
    assert scheduler.process.poll() is None and scheduler_status()["running"] is True

    # The service restarted while Splynx is still down: it reapplies the files it has, then reports the failed import.
    scheduler.stop()
    restarted = Scheduler(find_scheduler(), lab.config, scheduler_environment, tmp_path / "lqos_scheduler.restarted.log")
    try:
        status = restarted.wait_for_failure(lab, other_than=log_path)
    finally:
        restarted.stop()
    assert status["error"].startswith(headline)
    assert "failed 4 times, last with HTTP 500" in Path(status["error_log_path"]).read_text()
    assert "Shaping refresh done" in restarted.log.read_text()
    assert shaping_state(lab) == before
