"""lqosd's liveness, validation and config reload, and the lock file LibreQoS.py holds while it runs."""
from __future__ import annotations

import os
import sys
import time

from ._bus import _acked, _BusError, _fail_text, _request
from ._lqos_conf import _config, _reset_config_cache


def is_lqosd_alive() -> bool:
    """Bus `ping` → True on `ack`; False when lqosd cannot be reached."""
    return _acked({"type": "ping"})


def _request_retrying(request: dict, timeout_ms: int, interval_s: float = 0.1) -> dict:
    deadline = time.monotonic() + timeout_ms / 1000.0
    while True:
        try:
            return _request(request)
        except _BusError as e:
            if time.monotonic() >= deadline:
                raise e
            time.sleep(interval_s)


def validate_shaped_devices() -> str:
    """Bus `validate_shaped_devices`: "OK" when network.json, ShapedDevices.csv and lqos_overrides.json are valid,
    else the errors, one a line. Retries for 5 s while lqosd is not up, then raises OSError."""
    try:
        reply = _request_retrying({"type": "validate_shaped_devices"}, 5000)
    except _BusError as e:
        raise OSError(f"cannot validate through lqosd: {e}") from None
    if reply.get("type") == "validation":
        if reply.get("ok"):
            return "OK"
        return "\n".join(reply.get("errors") or [reply.get("summary", "validation failed")])
    if reply.get("type") == "ack":
        return "OK"
    return ""


def wait_for_bus_ready(timeout_ms: int = 5000) -> bool:
    """Pings lqosd every 100 ms until it answers; True, or OSError after `timeout_ms`."""
    try:
        reply = _request_retrying({"type": "ping"}, timeout_ms)
    except _BusError as e:
        raise OSError(f"Timed out waiting for lqosd bus readiness: {e}") from None
    if reply.get("type") != "ack":
        raise OSError(f"Timed out waiting for lqosd bus readiness: lqosd answered {_fail_text(reply)}")
    return True


def _process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as f:
            return f.read().strip()
    except OSError:
        return ""


def _lock_file() -> str:
    return sys.modules[__package__].LOCK_FILE


def is_libre_already_running() -> bool:
    """Whether another LibreQoS.py holds /run/lqos/libreqos.lock: its PID is alive and is a Python process."""
    try:
        with open(_lock_file(), encoding="ascii") as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return "python" in _process_name(pid).lower()


def create_lock_file() -> None:
    """Writes this process's PID to /run/lqos/libreqos.lock; errors are ignored."""
    try:
        os.makedirs(os.path.dirname(_lock_file()), exist_ok=True)
        with open(_lock_file(), "w", encoding="ascii") as f:
            f.write(str(os.getpid()))
    except OSError:
        pass


def free_lock_file() -> None:
    """Deletes the lock file; errors are ignored."""
    try:
        os.unlink(_lock_file())
    except OSError:
        pass


def check_config() -> bool:
    """Whether lqos.conf loads; on failure prints "Error loading config: …" and returns False."""
    try:
        _config()
        return True
    except OSError as e:
        print(f"Error loading config: {e}")
        return False


def sync_lqosd_config_from_disk() -> None:
    """Forgets the cached config, re-reads lqos.conf and has lqosd do the same (bus `reload_config`). Raises
    OSError if either fails."""
    _reset_config_cache()
    _config()
    try:
        reply = _request({"type": "reload_config"})
    except _BusError as e:
        raise OSError(f"lqosd did not reload its config: {e}") from None
    if reply.get("type") != "ack":
        raise OSError(f"lqosd did not reload its config: {_fail_text(reply)}")
