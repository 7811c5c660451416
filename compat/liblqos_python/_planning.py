"""ShapedDevices.csv, circuit weights and the planners (CPU bins, HTB class identities)."""
from __future__ import annotations

import math
import os
import time
from typing import Any, Optional

from ._files import _read_json_file
from ._queue_getters import get_libreqos_directory


class DeviceWeightResponse:
    """A circuit's planning weight (`get_weights()`)."""

    __slots__ = ("circuit_id", "weight")

    def __init__(self, circuit_id: str, weight: int):
        self.circuit_id = circuit_id
        self.weight = weight

    def __repr__(self) -> str:
        return f"DeviceWeightResponse(circuit_id={self.circuit_id!r}, weight={self.weight})"


class NetworkNodeWeight:
    """A top-level node's summed circuit weight (`get_tree_weights()`)."""

    __slots__ = ("name", "weight")

    def __init__(self, name: str, weight: int):
        self.name = name
        self.weight = weight

    def __repr__(self) -> str:
        return f"NetworkNodeWeight(name={self.name!r}, weight={self.weight})"


_HEADER_FIELDS = {
    "circuitid": "circuit_id", "circuitname": "circuit_name", "deviceid": "device_id", "devicename": "device_name",
    "parentnode": "parent_node", "parentnodeid": "parent_node_id", "anchornodeid": "anchor_node_id", "id": "anchor_node_id",
    "mac": "mac", "ipv4": "ipv4", "ipv6": "ipv6",
    "downloadmin": "download_min", "downloadminmbps": "download_min", "uploadmin": "upload_min", "uploadminmbps": "upload_min",
    "downloadmax": "download_max", "downloadmaxmbps": "download_max", "uploadmax": "upload_max", "uploadmaxmbps": "upload_max",
    "comment": "comment", "sqm": "sqm",
}
_LEGACY_FIELDS = ["circuit_id", "circuit_name", "device_id", "device_name", "parent_node", "mac", "ipv4", "ipv6",
                  "download_min", "upload_min", "download_max", "upload_max", "comment", "sqm"]


def _normalise_header(cell: str) -> str:
    return "".join(ch for ch in cell.lower() if ch.isalnum())


def _read_shaped_devices(path: str) -> list[dict]:
    """Rows of a ShapedDevices.csv (13/14-column legacy or header-named layouts), `#` comment rows skipped."""
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].strip().startswith("#") and any(c.strip() for c in r)]
    if not rows:
        return []
    header = [_normalise_header(c) for c in rows[0]]
    if "circuitid" in header:
        columns = {i: _HEADER_FIELDS[h] for i, h in enumerate(header) if h in _HEADER_FIELDS}
        rows = rows[1:]
    else:
        columns = dict(enumerate(_LEGACY_FIELDS))
    result = []
    for row in rows:
        entry: dict[str, Any] = {field: "" for field in _LEGACY_FIELDS + ["parent_node_id", "anchor_node_id"]}
        for i, field in columns.items():
            if i < len(row):
                entry[field] = row[i].strip()
        for field in ("ipv4", "ipv6"):
            entry[field] = [p.strip() for p in entry[field].split(",") if p.strip()]
        for field in ("download_min", "upload_min", "download_max", "upload_max"):
            try:
                entry[field] = float(entry[field])
            except ValueError:
                entry[field] = 0.0
        result.append(entry)
    return result


def _shaped_devices_path() -> str:
    return os.path.join(get_libreqos_directory(), "ShapedDevices.csv")


def _circuit_weights() -> dict[str, tuple[int, str]]:
    path = _shaped_devices_path()
    try:
        rows = _read_shaped_devices(path)
    except OSError as e:
        raise OSError(f"cannot read {path}: {e}") from None
    circuits: dict[str, tuple[int, str]] = {}
    for row in rows:
        if row["circuit_id"] and row["circuit_id"] not in circuits:
            circuits[row["circuit_id"]] = (int(math.floor(max(1.0, row["download_max"] / 2.0) + 0.5)), row["parent_node"])
    return circuits


def get_weights() -> list[DeviceWeightResponse]:
    """One weight per circuit of ShapedDevices.csv (sorted by id): round(max(1, download max / 2)). Raises OSError."""
    return [DeviceWeightResponse(cid, weight) for cid, (weight, _) in sorted(_circuit_weights().items())]


def get_tree_weights() -> list[NetworkNodeWeight]:
    """For each top-level node of network.json, the summed weight of the circuits below it, heaviest first."""
    path = os.path.join(get_libreqos_directory(), "network.json")
    try:
        network = _read_json_file(path) if os.path.exists(path) else {}
    except (OSError, ValueError) as e:
        raise OSError(f"cannot read {path}: {e}") from None
    top_of: dict[str, str] = {}

    def walk(nodes: Any, top: Optional[str]) -> None:
        if not isinstance(nodes, dict):
            return
        for name, node in nodes.items():
            owner = top or name
            top_of[name] = owner
            if isinstance(node, dict):
                walk(node.get("children"), owner)

    walk(network, None)
    totals = {name: 0 for name in (network if isinstance(network, dict) else {})}
    for weight, parent in _circuit_weights().values():
        if parent in top_of:
            totals[top_of[parent]] += weight
    return [NetworkNodeWeight(name, weight) for name, weight in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]


def _item_weight(item: dict) -> float:
    try:
        weight = float(item.get("weight", 1.0))
    except (TypeError, ValueError):
        return 1.0
    return weight if weight > 0 and not math.isnan(weight) else 1.0


def plan_top_level_cpu_bins(items: list, queues_available: int, prev_assign: Optional[dict] = None,
                            last_change_ts: Optional[dict] = None, now_ts: Optional[float] = None,
                            mode: Optional[str] = None, move_budget_per_run: Optional[int] = None,
                            cooldown_seconds: Optional[float] = None, hysteresis_threshold: Optional[float] = None) -> dict:
    """Assigns weighted items ({"id", "weight"}) to bins CpueQueue0..N-1.

    Modes: round_robin (ids sorted, index mod N), greedy (heaviest first into the lightest bin) and stable_greedy
    (the default: keeps previous assignments and moves at most `move_budget_per_run` items toward the greedy
    target, each past its cooldown and only when the imbalance improves by more than `hysteresis × total`).
    Returns {"assignment": {id: bin}, "changed": [ids], "planner_used": True}."""
    n = int(queues_available)
    if n < 1:
        raise ValueError("queues_available must be at least 1")
    bins = [f"CpueQueue{i}" for i in range(n)]
    weights = {str(item["id"]): _item_weight(item) for item in items}
    ids = sorted(weights)
    mode = (mode or "stable_greedy").lower()
    prev = {str(k): str(v) for k, v in (prev_assign or {}).items()}

    def greedy(fixed: dict[str, str], todo: list[str]) -> dict[str, str]:
        load = {b: 0.0 for b in bins}
        result = dict(fixed)
        for item, b in fixed.items():
            load[b] += weights[item]
        for item in sorted(todo, key=lambda i: (-weights[i], i)):
            target = min(bins, key=lambda b: (load[b], b))
            result[item] = target
            load[target] += weights[item]
        return result

    if mode == "round_robin":
        assignment = {item: bins[i % n] for i, item in enumerate(ids)}
    elif mode == "greedy":
        assignment = greedy({}, ids)
    else:
        kept = {i: prev[i] for i in ids if prev.get(i) in bins}
        assignment = greedy(kept, [i for i in ids if i not in kept])
        target = greedy({}, ids)
        budget = 1 if move_budget_per_run is None else max(0, int(move_budget_per_run))
        cooldown = 3600.0 if cooldown_seconds is None else float(cooldown_seconds)
        hysteresis = 0.03 if hysteresis_threshold is None else float(hysteresis_threshold)
        now = time.time() if now_ts is None else float(now_ts)
        changes = last_change_ts or {}
        total = sum(weights.values())

        def imbalance(a: dict[str, str]) -> float:
            load = {b: 0.0 for b in bins}
            for item, b in a.items():
                load[b] += weights[item]
            return max(load.values()) - min(load.values())

        for item in sorted(kept, key=lambda i: (-weights[i], i)):
            if budget <= 0:
                break
            if target[item] == assignment[item] or now - float(changes.get(item, 0.0)) < cooldown:
                continue
            moved = dict(assignment)
            moved[item] = target[item]
            if imbalance(assignment) - imbalance(moved) > hysteresis * total:
                assignment = moved
                budget -= 1
    changed = sorted(i for i in ids if prev.get(i) != assignment[i])
    return {"assignment": assignment, "changed": changed, "planner_used": True}


def plan_class_identities(sites: list, circuit_groups: list, site_state: Optional[dict] = None,
                          circuit_state: Optional[dict] = None, stick_offset: int = 0, circuit_padding: int = 8) -> dict:
    """HTB minors for sites and circuits, stable across runs (upstream v2.2's two-phase planner).

    A previous identity is reused while its queue, parent, major and up-major are unchanged; minors of previous
    entries absent from this plan stay reserved. Sites take minors from 3 per queue (one more after a site with
    children); circuits follow per queue, `circuit_padding` free minors after each group."""
    site_state = dict(site_state or {})
    circuit_state = dict(circuit_state or {})
    offset = int(stick_offset)
    used: dict[int, set[int]] = {}

    def taken(queue: int) -> set[int]:
        return used.setdefault(queue, set())

    def reusable(previous: Optional[dict], queue: int, parent_key: str, parent: Any) -> Optional[int]:
        if not isinstance(previous, dict):
            return None
        if (previous.get("queue") == queue and previous.get(parent_key) == parent and previous.get("class_major") == queue
                and previous.get("up_class_major") == queue + offset and 3 <= int(previous.get("class_minor", 0)) < 0xFFFF):
            return int(previous["class_minor"])
        return None

    current_sites = {str(s["site_key"]) for s in sites}
    current_circuits = {str(c) for g in circuit_groups for c in g.get("circuit_ids", [])}
    highest_reserved: dict[int, int] = {}
    for key, previous in list(site_state.items()) + list(circuit_state.items()):
        if key in current_sites or key in current_circuits or not isinstance(previous, dict):
            continue
        queue, minor = int(previous.get("queue", 0)), int(previous.get("class_minor", 0))
        taken(queue).add(minor)
        highest_reserved[queue] = max(highest_reserved.get(queue, 0), minor)

    site_minor: dict[str, int] = {}
    for s in sites:
        key, queue = str(s["site_key"]), int(s["queue"])
        minor = reusable(site_state.get(key), queue, "parent_path", s.get("parent_path"))
        if minor is not None and minor not in taken(queue):
            site_minor[key] = minor
            taken(queue).add(minor)
    circuit_minor: dict[str, int] = {}
    for g in circuit_groups:
        queue = int(g["queue"])
        for cid in g.get("circuit_ids", []):
            minor = reusable(circuit_state.get(str(cid)), queue, "parent_node", g.get("parent_node"))
            if minor is not None and minor not in taken(queue):
                circuit_minor[str(cid)] = minor
                taken(queue).add(minor)

    def next_free(queue: int, start: int) -> int:
        minor = start
        while minor in taken(queue):
            minor += 1
        if minor >= 0xFFFF:
            raise ValueError(f"TC_U16_OVERFLOW: queue {queue} needs a class minor past 0xfffe")
        return minor

    site_next: dict[int, int] = {}
    out_sites = []
    for s in sites:
        key, queue = str(s["site_key"]), int(s["queue"])
        if key not in site_minor:
            minor = next_free(queue, site_next.get(queue, 3))
            site_minor[key] = minor
            taken(queue).add(minor)
        # A reused minor moves the cursor too, so new classes follow the ones kept, as on a first run.
        site_next[queue] = max(site_next.get(queue, 3), site_minor[key] + 1 + (1 if s.get("has_children") else 0))
        out_sites.append({"site_key": key, "queue": queue, "class_minor": site_minor[key], "class_major": queue,
                          "up_class_major": queue + offset, "parent_path": s.get("parent_path")})
        site_state[key] = {"class_minor": site_minor[key], "queue": queue, "parent_path": s.get("parent_path"),
                           "class_major": queue, "up_class_major": queue + offset}

    circuit_next: dict[int, int] = {}
    out_circuits = []
    for g in circuit_groups:
        queue = int(g["queue"])
        cursor = circuit_next.get(queue, site_next.get(queue, 3))
        for cid in g.get("circuit_ids", []):
            cid = str(cid)
            if cid not in circuit_minor:
                minor = next_free(queue, cursor)
                circuit_minor[cid] = minor
                taken(queue).add(minor)
            cursor = max(cursor, circuit_minor[cid] + 1)
            out_circuits.append({"circuit_id": cid, "parent_node": g.get("parent_node"), "queue": queue,
                                 "class_minor": circuit_minor[cid], "class_major": queue, "up_class_major": queue + offset})
            circuit_state[cid] = {"class_minor": circuit_minor[cid], "queue": queue, "parent_node": g.get("parent_node"),
                                  "class_major": queue, "up_class_major": queue + offset}
        circuit_next[queue] = cursor + int(circuit_padding)

    queues = set(site_next) | set(circuit_next) | set(highest_reserved) | {int(s["queue"]) for s in sites}
    last_used = {q: max(site_next.get(q, 3), circuit_next.get(q, 3), highest_reserved.get(q, 2) + 1) for q in sorted(queues)}
    return {"sites": out_sites, "circuits": out_circuits, "site_state": site_state, "circuit_state": circuit_state,
            "last_used_minor_by_queue": last_used}
