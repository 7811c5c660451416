"""Overrides: lqos_overrides.json and its StormGuard / TreeGuard layers."""
from __future__ import annotations

import json
import os
import time
from typing import Any

from ._files import _atomic_write, _read_json_file
from ._lqos_conf import _get
from ._queue_getters import get_libreqos_directory


def _overrides_file(name: str = "lqos_overrides.json") -> dict:
    path = os.path.join(get_libreqos_directory(), name)
    if not os.path.exists(path):
        return {}
    try:
        data = _read_json_file(path)
    except (OSError, ValueError) as e:
        raise OSError(f"cannot read {path}: {e}") from None
    if not isinstance(data, dict):
        raise OSError(f"{path} is not a JSON object")
    return data


def _prefixes(entries: Any) -> list[str]:
    result = []
    for entry in entries or []:
        if isinstance(entry, (list, tuple)) and len(entry) == 2:
            result.append(f"{entry[0]}/{entry[1]}")
        else:
            result.append(str(entry))
    return result


def _persistent_device(d: dict) -> dict:
    return {
        "circuitID": d.get("circuit_id", ""), "circuitName": d.get("circuit_name", ""),
        "deviceID": d.get("device_id", ""), "deviceName": d.get("device_name", ""),
        "ParentNode": d.get("parent_node", ""), "ParentNodeID": d.get("parent_node_id"),
        "AnchorNodeID": d.get("anchor_node_id"), "mac": d.get("mac", ""),
        "ipv4s": _prefixes(d.get("ipv4")), "ipv6s": _prefixes(d.get("ipv6")),
        "minDownload": d.get("download_min_mbps", 0.0), "minUpload": d.get("upload_min_mbps", 0.0),
        "maxDownload": d.get("download_max_mbps", 0.0), "maxUpload": d.get("upload_max_mbps", 0.0),
        "comment": d.get("comment", ""), "sqm": d.get("sqm_override") or "",
    }


def _without_nulls(entry: Any) -> Any:
    return {k: v for k, v in entry.items() if v is not None} if isinstance(entry, dict) else entry


def _layers(effective: bool) -> list[dict]:
    layers = [_overrides_file()]
    if effective:
        if _get("storm_guard", "enabled", default=False) and not _get("storm_guard", "dry_run", default=True):
            layers.append(_overrides_file("lqos_overrides.stormguard.json"))
        if _get("tree_guard", "enabled", default=False):
            treeguard = _overrides_file("lqos_overrides.treeguard.json")
            layers.append(treeguard or _overrides_file("lqos_overrides.autopilot.json"))
    return layers


def _devices(layers: list[dict]) -> list[dict]:
    return [_persistent_device(d) for layer in layers for d in (layer.get("persistent_devices") or layer.get("devices_to_append") or [])]


def _adjustments(layers: list[dict], key: str) -> list[dict]:
    return [_without_nulls(a) for layer in layers for a in (layer.get(key) or [])]


def overrides_persistent_devices() -> list[dict]:
    """Devices the operator added in lqos_overrides.json, in upstream's dict form."""
    return _devices(_layers(False))


def overrides_circuit_adjustments() -> list[dict]:
    """Circuit adjustments in lqos_overrides.json (operator layer)."""
    return _adjustments(_layers(False), "circuit_adjustments")


def overrides_network_adjustments() -> list[dict]:
    """Network adjustments in lqos_overrides.json (operator layer)."""
    return _adjustments(_layers(False), "network_adjustments")


def overrides_persistent_devices_effective() -> list[dict]:
    """Persistent devices of the operator layer plus the StormGuard and TreeGuard layers when those are active."""
    return _devices(_layers(True))


def overrides_circuit_adjustments_effective() -> list[dict]:
    """Circuit adjustments of every active layer."""
    return _adjustments(_layers(True), "circuit_adjustments")


def overrides_network_adjustments_effective() -> list[dict]:
    """Network adjustments of every active layer."""
    return _adjustments(_layers(True), "network_adjustments")


def overrides_persistent_devices_materialized() -> list[dict]:
    """Operator-layer persistent devices."""
    return overrides_persistent_devices()


def overrides_circuit_adjustments_materialized() -> list[dict]:
    """Operator-layer circuit adjustments."""
    return overrides_circuit_adjustments()


def overrides_network_adjustments_materialized() -> list[dict]:
    """Operator-layer network adjustments."""
    return overrides_network_adjustments()


def overrides_materialized() -> dict:
    """The operator layer: {"persistent_devices", "circuit_adjustments", "network_adjustments"}."""
    layers = _layers(False)
    return {"persistent_devices": _devices(layers), "circuit_adjustments": _adjustments(layers, "circuit_adjustments"),
            "network_adjustments": _adjustments(layers, "network_adjustments")}


def migrate_legacy_site_bandwidth_csv(csv_filename: str) -> bool:
    """Moves a legacy `<lqos_directory>/<csv_filename>` (site, download, upload) into lqos_overrides.json as
    `adjust_site_speed` entries, then renames the CSV to `.backup`. True if anything was migrated."""
    import csv
    directory = get_libreqos_directory()
    source = os.path.join(directory, csv_filename)
    if not os.path.exists(source):
        return False
    target = os.path.join(directory, "lqos_overrides.json")
    overrides = _overrides_file()
    adjustments = overrides.setdefault("network_adjustments", [])
    present = {(a.get("type"), a.get("site_name")) for a in adjustments if isinstance(a, dict)}
    added = 0
    try:
        with open(source, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                if len(row) < 3 or row[0].strip().startswith("#"):
                    continue
                site = row[0].strip()
                try:
                    download, upload = float(row[1]), float(row[2])
                except ValueError:
                    continue  # a header row
                if ("adjust_site_speed", site) in present:
                    continue
                adjustments.append({"type": "adjust_site_speed", "site_name": site,
                                    "download_bandwidth_mbps": download, "upload_bandwidth_mbps": upload})
                present.add(("adjust_site_speed", site))
                added += 1
        if added:
            _atomic_write(target, json.dumps(overrides, indent=2) + "\n")
        backup = source + ".backup"
        if os.path.exists(backup):
            backup = f"{source}.backup-{int(time.time())}"
        os.replace(source, backup)
    except (OSError, csv.Error) as e:
        raise OSError(f"cannot migrate {source}: {e}") from None
    return added > 0
