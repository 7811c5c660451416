#!/usr/bin/python3
"""LibreQoS.py: upstream's shaping entry point, as a module and as the command operators type.

The planning and the tc work happen in lqosd (our C# planner, the same one `lqos refresh` runs); this file asks
lqosd for a refresh over the bus and prints the log lqosd streams back. Scripts keep using it as upstream's:
``import LibreQoS; LibreQoS.refreshShapers()`` (the scheduler does exactly that), catching ``RefreshFailure`` and
``ValidationFailure``; operators keep typing ``sudo ./LibreQoS.py --debug``.

Nothing here reads files relative to the working directory: lqosd reads network.json and ShapedDevices.csv from
``lqos_directory`` (with an integration enabled, the topology runtime's ``shaping_inputs.json`` and
``network.effective.json``, as upstream v2.2) and writes its output files under the state directory, wherever this
is run from.
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from typing import Optional

from liblqos_python import (  # noqa: F401  (names upstream's LibreQoS.py imports, kept importable from here too)
    check_config,
    create_lock_file,
    free_lock_file,
    get_libreqos_state_directory,
    interface_a,
    interface_b,
    is_libre_already_running,
    is_lqosd_alive,
    on_a_stick,
    queues_available_override,
    shaping_cpu_count,
    topology_import_ingress_enabled,
    validated_runtime_shaping_inputs_path,
)
import liblqos_python as _lqos

__all__ = [
    "RefreshFailure", "ValidationFailure", "refreshShapers", "refreshShapersUpdateOnly", "validateNetworkAndDevices",
    "loadSubscriberCircuits", "loadSubscriberCircuitsForShaping", "findQueuesAvailable", "tearDown", "format_rate_for_tc", "quantum", "calculateR2q", "main",
]

logger = logging.getLogger("LibreQoS")

# Upstream's padding of free minors after each node's circuits (its ispConfig.CIRCUIT_PADDING); lqosd's planner
# keeps minors stable its own way, so this is informational.
CIRCUIT_PADDING = 8
R2Q = 10


class RefreshFailure(Exception):
    """The refresh did not apply; the shaping lqosd had before stays (the message says why)."""


class ValidationFailure(RefreshFailure):
    """network.json, ShapedDevices.csv or lqos_overrides.json did not validate; nothing was changed."""


_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


def _refresh(update_only: bool = False, clear_rules: bool = False, planner_reset: bool = False, validate_only: bool = False) -> str:
    """Bus `refresh`: lqosd plans and applies, streaming its log (printed through the `LibreQoS` logger)."""
    request = {"type": "refresh", "update_only": update_only, "clear_rules": clear_rules,
               "planner_reset": planner_reset, "validate_only": validate_only}

    def on_stream(line: dict) -> None:
        logger.log(_LEVELS.get(str(line.get("level", "info")).lower(), logging.INFO), line.get("message", ""))

    try:
        reply = _lqos._request(request, timeout=None, on_stream=on_stream)
    except OSError as e:
        raise RefreshFailure(f"lqosd did not complete the refresh: {e}") from None
    if reply.get("type") == "refresh_result":
        summary = str(reply.get("summary", ""))
        if reply.get("succeeded"):
            if not logger.isEnabledFor(logging.INFO):
                print(summary)  # below --verbose the log did not show it
            return summary
        if summary.startswith("Validation failed"):
            raise ValidationFailure(summary)
        raise RefreshFailure(summary or "the refresh failed")
    raise RefreshFailure(f"lqosd: {reply.get('message', reply.get('type'))}")


def refreshShapers() -> None:
    """Validate, plan and apply the whole shaping (bus `refresh`). Raises ValidationFailure when the inputs do not
    validate (the current shaping stays), RefreshFailure when the refresh failed otherwise."""
    _refresh()


def refreshShapersUpdateOnly() -> None:
    """Apply only what changed since the last refresh (bus `refresh` with `update_only`); raises as refreshShapers."""
    _refresh(update_only=True)


def validateNetworkAndDevices() -> bool:
    """Bus `validate_shaped_devices`: logs every warning and error; True when the inputs are valid."""
    try:
        reply = _lqos._request_retrying({"type": "validate_shaped_devices"}, 5000)
    except OSError as e:
        raise RefreshFailure(f"cannot validate through lqosd: {e}") from None
    for warning in reply.get("warnings") or []:
        logger.warning(warning)
    for error in reply.get("errors") or []:
        logger.error(error)
    ok = bool(reply.get("ok"))
    if reply.get("summary"):
        (logger.info if ok else logger.error)(reply["summary"])
    return ok


def tearDown(interfaceA: str, interfaceB: str) -> None:
    """Removes the shaping trees (bus `refresh` with `clear_rules`; lqosd owns the trees and knows the interfaces)."""
    _refresh(clear_rules=True)


def findQueuesAvailable(interfaceName: str) -> int:
    """TX queues of an interface (or `override_available_queues`), capped by the shaping CPUs."""
    override = queues_available_override()
    if override > 0:
        return override
    path = os.path.join("/sys/class/net", interfaceName, "queues")
    if not os.path.isdir(path):
        raise SystemError(f"interface {interfaceName} does not exist")
    queues = sum(1 for name in os.listdir(path) if name.startswith("tx-"))
    return min(queues, shaping_cpu_count())


def format_rate_for_tc(rate_mbps: float) -> str:
    """A rate as upstream writes it in linux_tc.txt: gbit from 1000, mbit from 1, else kbit."""
    if rate_mbps >= 1000:
        return f"{rate_mbps / 1000:.1f}gbit"
    if rate_mbps >= 1:
        return f"{rate_mbps:.1f}mbit"
    return f"{rate_mbps * 1000:.0f}kbit"


def calculateR2q(maxRateInMbps: float) -> int:
    """The smallest r2q from 10 that keeps the fastest link's HTB quantum at or under 60,000 bytes (sets R2Q)."""
    global R2Q
    R2Q = max(10, math.ceil(maxRateInMbps * 125000 / 60000))
    return R2Q


def quantum(rateInMbps: float) -> str:
    """` quantum N` for an HTB class of that ceiling, with the current R2Q."""
    return " quantum " + str(max(1522, int(rateInMbps * 125000 / R2Q)))


def loadSubscriberCircuits(shapedDevicesFile: str) -> tuple[list, dict]:
    """ShapedDevices.csv as upstream's circuits: a list of circuit dicts (devices grouped by Circuit ID, first row's
    rates) and the same circuits by Circuit ID."""
    circuits: list[dict] = []
    by_id: dict[str, dict] = {}
    for row in _lqos._read_shaped_devices(shapedDevicesFile):
        circuit = by_id.get(row["circuit_id"])
        if circuit is None:
            circuit = {
                "circuitID": row["circuit_id"], "circuitName": row["circuit_name"],
                "ParentNode": row["parent_node"] or "none", "ParentNodeID": row["parent_node_id"],
                "AnchorNodeID": row["anchor_node_id"], "devices": [],
                "minDownload": row["download_min"], "minUpload": row["upload_min"],
                "maxDownload": row["download_max"], "maxUpload": row["upload_max"],
                "comment": row["comment"], "sqm": row["sqm"].strip().lower(),
            }
            by_id[row["circuit_id"]] = circuit
            circuits.append(circuit)
        circuit["devices"].append({"deviceID": row["device_id"], "deviceName": row["device_name"], "mac": row["mac"],
                                   "ipv4s": row["ipv4"], "ipv6s": row["ipv6"], "comment": row["comment"]})
    return circuits, by_id


STALE_RUNTIME_INPUTS = "Missing or stale shaping_inputs.json. Run topology runtime before shaping."


def loadSubscriberCircuitsForShaping() -> tuple[list, dict]:
    """The circuits a refresh shapes, as loadSubscriberCircuits returns them: from lqosd's topology runtime
    (shaping_inputs.json) when it is current for the sources, else from ShapedDevices.csv unless an integration is
    enabled, in which case RefreshFailure (upstream's words; the scheduler waits for the runtime and retries)."""
    path = validated_runtime_shaping_inputs_path()
    if path is not None:
        return _circuits_of_shaping_inputs(path)
    if topology_import_ingress_enabled():
        raise RefreshFailure(STALE_RUNTIME_INPUTS)
    return loadSubscriberCircuits(os.path.join(_lqos.get_libreqos_directory(), "ShapedDevices.csv"))


def _circuits_of_shaping_inputs(path: str) -> tuple[list, dict]:
    circuits: list[dict] = []
    for c in _lqos._read_json_file(path).get("circuits") or []:
        circuits.append({
            "circuitID": c["circuit_id"], "circuitName": c["circuit_name"],
            "ParentNode": c.get("effective_parent_node_name") or "none", "ParentNodeID": c.get("effective_parent_node_id") or "",
            "logicalParentNode": c.get("logical_parent_node_name") or "", "AnchorNodeID": c.get("anchor_node_id") or "",
            "minDownload": c["download_min_mbps"], "minUpload": c["upload_min_mbps"],
            "maxDownload": c["download_max_mbps"], "maxUpload": c["upload_max_mbps"],
            "comment": c.get("comment") or "", "sqm": (c.get("sqm_override") or "").strip().lower(),
            "devices": [{"deviceID": d["device_id"], "deviceName": d["device_name"], "mac": d.get("mac") or "",
                         "ipv4s": list(d.get("ipv4") or []), "ipv6s": list(d.get("ipv6") or []), "comment": d.get("comment") or ""}
                        for d in c.get("devices") or []],
        })
    return circuits, {c["circuitID"]: c for c in circuits}


class _BelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING


def _configure_logging(level: int) -> None:
    """Log lines as lqosd formats them: progress to stdout, warnings and errors to stderr."""
    out = logging.StreamHandler(sys.stdout)
    out.addFilter(_BelowWarning())
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.WARNING)
    for handler in (out, err):
        handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [out, err]
    root.setLevel(level)


def _planner_state_path() -> str:
    return os.path.join(get_libreqos_state_directory(), "shaping", "planner_state.json")


def main(argv: Optional[list[str]] = None) -> int:
    """The command line; returns the exit status (upstream's: -1 (255) when refused at start, 1 on a failed
    refresh, 0 otherwise)."""
    parser = argparse.ArgumentParser(prog="LibreQoS.py", description="Validate, plan and apply the shaping through lqosd.")
    parser.add_argument("-d", "--debug", action="store_true", help="print everything lqosd does, with timings")
    parser.add_argument("-v", "--verbose", action="store_true", help="print progress")
    parser.add_argument("--validate", action=argparse.BooleanOptionalAction, default=False, help="only check network.json and ShapedDevices.csv")
    parser.add_argument("--clearrules", action=argparse.BooleanOptionalAction, default=False, help="remove the shaping trees")
    parser.add_argument("--updateonly", action=argparse.BooleanOptionalAction, default=False, help="apply only what changed")
    parser.add_argument("--planner-reset", action=argparse.BooleanOptionalAction, default=False,
                        help="forget remembered CPU placements and class ids first")
    args = parser.parse_args(argv)
    _configure_logging(logging.DEBUG if args.debug else logging.INFO if args.verbose else logging.WARNING)

    if not is_lqosd_alive():
        print("ERROR: lqosd is not running. Aborting")
        return -1
    if not check_config():
        return -1
    if is_libre_already_running():
        print("LibreQoS.py is already running in another process. Aborting.")
        return -1
    create_lock_file()
    try:
        if args.updateonly and on_a_stick():
            print("--updateonly is not supported for single-interface configurations")
            return -1
        if args.planner_reset:
            try:
                os.unlink(_planner_state_path())
            except FileNotFoundError:
                pass
        if args.validate:
            return 0 if validateNetworkAndDevices() else 1
        if args.clearrules:
            _refresh(clear_rules=True)
        elif args.updateonly:
            _refresh(update_only=True, planner_reset=args.planner_reset)
        else:
            _refresh(planner_reset=args.planner_reset)
        return 0
    except RefreshFailure as e:
        print(f"ERROR: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"ERROR: {e}", file=sys.stderr)
        return 1
    finally:
        free_lock_file()


if __name__ == "__main__":
    sys.exit(main())
