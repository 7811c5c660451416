"""Scheduler status, blackboard and urgent issues (bus requests; transport problems answer False)."""
from __future__ import annotations

from typing import Optional

from ._bus import _acked, _request


def scheduler_alive() -> bool:
    """Bus `scheduler_ready` (the scheduler's heartbeat)."""
    return _acked({"type": "scheduler_ready"})


def scheduler_error(error: str) -> bool:
    """Bus `scheduler_error`; "" clears the error shown to operators."""
    return _acked({"type": "scheduler_error", "message": str(error)})


def scheduler_output(output: str) -> bool:
    """Bus `scheduler_output`; "" clears it."""
    return _acked({"type": "scheduler_output", "message": str(output)})


def scheduler_progress(active: bool, phase: str, phase_label: str, step_index: int, step_count: int, percent: int) -> bool:
    """Bus `scheduler_progress`: the phase (upstream's name), the label operators read, the step and the percent."""
    if not 0 <= int(percent) <= 255:
        raise OverflowError(f"percent {percent} does not fit in 0..255")
    return _acked({"type": "scheduler_progress", "phase": str(phase), "phase_label": str(phase_label), "percent": int(percent),
                   "active": bool(active), "step_index": int(step_index), "step_count": int(step_count)})


def blackboard_finish() -> None:
    """Bus `blackboard_finish`; errors are ignored."""
    _acked({"type": "blackboard_finish"})


def blackboard_submit(subsystem: str, key: str, value: str) -> None:
    """Bus `blackboard_data`; `subsystem` must be system, site or circuit (else OSError)."""
    if subsystem not in ("system", "site", "circuit"):
        raise OSError(f"blackboard subsystem '{subsystem}' is not system, site or circuit")
    _acked({"type": "blackboard_data", "subsystem": subsystem, "key": str(key), "value": str(value)})


def submit_urgent_issue(source: str, severity: str, code: str, message: str, context: Optional[str],
                        dedupe_key: Optional[str]) -> bool:
    """Bus `submit_urgent_issue`. Source scheduler/libreqos/api (else System); severity warning (else Error)."""
    sources = {"scheduler": "Scheduler", "libreqos": "LibreQoS", "api": "API"}
    request = {"type": "submit_urgent_issue", "source": sources.get(str(source).lower(), "System"),
               "severity": "Warning" if str(severity).lower() == "warning" else "Error", "code": str(code), "message": str(message)}
    if context is not None:
        request["context"] = str(context)
    if dedupe_key is not None:
        request["dedupe_key"] = str(dedupe_key)
    return _acked(request)


def clear_urgent_issue_by_identity(code: str, dedupe_key: str) -> bool:
    """Bus `clear_urgent_issue_by_identity`; without an ack, clears each matching issue by id."""
    if _acked({"type": "clear_urgent_issue_by_identity", "code": code, "dedupe_key": dedupe_key}):
        return True
    try:
        issues = _request({"type": "get_urgent_issues"}).get("issues", [])
        return all(_acked({"type": "clear_urgent_issue", "id": i["id"]}) for i in issues
                   if i.get("code") == code and i.get("dedupe_key") == dedupe_key)
    except OSError:
        return False


def log_info(message: str) -> bool:
    """Bus `log_info`: the message appears in lqosd's log."""
    return _acked({"type": "log_info", "message": str(message)})
