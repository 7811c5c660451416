"""Batches for lqosd: BatchedCommands (IP mappings) and Bakery (a tc tree the caller planned), with its qdisc estimate."""
from __future__ import annotations

import sys
from typing import Any, Optional

from ._bus import _Bus, _BusError, _fail_text
from ._ip_mappings import _mapping_request, _parse_hex
from ._lqos_conf import _get
from ._queue_getters import interface_a, interface_b, on_a_stick


def _summarise_failures(messages: list[str]) -> str:
    counts: dict[str, int] = {}
    for message in messages:
        counts[message] = counts.get(message, 0) + 1
    examples = [f"{m} (x{counts[m]})" if counts[m] > 1 else m for m in sorted(counts)[:3]]
    return "; ".join(examples)


class BatchedCommands:
    """IP mappings queued locally and sent to lqosd in one go (`map_ip_to_flow` in frames of 512)."""

    CHUNK = 512

    def __init__(self) -> None:
        self._queue: list[dict] = []

    def add_ip_mapping(self, ip: str, classid: str, cpu: str, upload: bool, circuit_id: Optional[str] = None,
                       device_id: Optional[str] = None) -> None:
        """Queues `map_ip_to_flow`. v1.4 passes 4 arguments; v2.0+ 6 (then empty ids are an OSError).
        `classid` is 'major:minor' in hex ('0x1:0x7'), `cpu` a hex string ('0x3'; '' is 0)."""
        self._queue.append(_mapping_request(ip, classid, cpu, upload, circuit_id, device_id,
                                            require_ids=circuit_id is not None or device_id is not None))

    def finish_ip_mappings(self) -> None:
        """Queues `clear_hot_cache`, upstream's end-of-batch marker."""
        self._queue.append({"type": "clear_hot_cache"})

    def length(self) -> int:
        return len(self._queue)

    def log(self) -> None:
        """Prints each queued request."""
        for request in self._queue:
            print(request)

    def submit(self) -> int:
        """Sends everything queued; returns how many requests were sent. Raises OSError when lqosd cannot be
        reached, or when any request failed (naming up to three distinct reasons)."""
        count = len(self._queue)
        failures: list[str] = []
        try:
            with _Bus() as bus:
                for start in range(0, count, self.CHUNK):
                    for reply in bus.send(self._queue[start:start + self.CHUNK]):
                        if reply.get("type") == "fail":
                            failures.append(_fail_text(reply))
        except _BusError as e:
            raise OSError(f"IP mapping batch transport failed: {e}") from None
        self._queue = []
        if failures:
            raise OSError(f"IP mapping apply failed for {len(failures)} of {count} queued requests. "
                          f"Examples: {_summarise_failures(failures)}")
        return count


def _bakery_handle(text: Any, what: str) -> str:
    """Upstream's TcHandle::from_string forms ('0x1:', '0x1:0x3', bare '0x1', 'root', 'none') as 'maj:min' hex."""
    value = str(text).strip()
    if value in ("root", "none"):
        return value
    if ":" in value:
        major, minor = value.split(":", 1)
        return f"{_parse_hex(major, what):x}:{_parse_hex(minor, what):x}" if minor.strip() else f"{_parse_hex(major, what):x}:"
    return f"{_parse_hex(value, what):x}:"


class Bakery:
    """A tc tree planned by the caller, sent to lqosd to apply (`bakery_*` requests, frames of 1024).

    lqosd checks the whole batch, applies only what differs from the tree it shapes with, and loads the batch's IP
    mappings, before answering the commit (upstream answers first and applies later)."""

    CHUNK = 1024

    def __init__(self) -> None:
        self._queue: list[dict] = []

    def start_batch(self) -> None:
        self._queue = [{"type": "bakery_start"}]

    def setup_mq(self, queues_available: int, stick_offset: int) -> None:
        self._queue.append({"type": "bakery_mq_setup", "queues_available": int(queues_available), "stick_offset": int(stick_offset)})

    def add_site(self, site_name: str, parent_class_id: str, up_parent_class_id: str, class_minor: int,
                 download_bandwidth_min: float, upload_bandwidth_min: float, download_bandwidth_max: float,
                 upload_bandwidth_max: float) -> None:
        self._queue.append({
            "type": "bakery_add_site", "site_name": str(site_name),
            "parent_class_id": _bakery_handle(parent_class_id, "parent_class_id"),
            "up_parent_class_id": _bakery_handle(up_parent_class_id, "up_parent_class_id"),
            "class_minor": _u16(class_minor, "class_minor"),
            "download_bandwidth_min": float(download_bandwidth_min), "upload_bandwidth_min": float(upload_bandwidth_min),
            "download_bandwidth_max": float(download_bandwidth_max), "upload_bandwidth_max": float(upload_bandwidth_max)})

    _V20 = ("circuit_name", "parent_class_id", "up_parent_class_id", "class_minor", "download_bandwidth_min",
            "upload_bandwidth_min", "download_bandwidth_max", "upload_bandwidth_max", "class_major", "up_class_major",
            "ip_addresses", "sqm_override")
    _V22 = ("circuit_name", "site_name") + _V20[1:]

    def add_circuit(self, *args: Any, **kwargs: Any) -> None:
        """Both upstream signatures: v2.0 `add_circuit(circuit_name, parent_class_id, up_parent_class_id,
        class_minor, download_bandwidth_min, upload_bandwidth_min, download_bandwidth_max, upload_bandwidth_max,
        class_major, up_class_major, ip_addresses, sqm_override)` and v2.2, which inserts `site_name` second.
        `circuit_name` is the circuit ID (upstream's LibreQoS.py passes circuitID there)."""
        names = self._V22 if len(args) + len(kwargs) == len(self._V22) or "site_name" in kwargs else self._V20
        if len(args) > len(names):
            raise TypeError(f"add_circuit takes {len(names)} arguments, {len(args)} given")
        values = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in names:
                raise TypeError(f"add_circuit got an unexpected keyword argument '{key}'")
            if key in values:
                raise TypeError(f"add_circuit got multiple values for argument '{key}'")
            values[key] = value
        missing = [n for n in names if n not in values]
        if missing:
            raise TypeError(f"add_circuit missing required argument(s): {', '.join(missing)}")
        ips = values["ip_addresses"]
        if isinstance(ips, (list, tuple)):
            ips = ",".join(str(i) for i in ips)
        request = {
            "type": "bakery_add_circuit", "circuit_id": str(values["circuit_name"]),
            "parent_class_id": _bakery_handle(values["parent_class_id"], "parent_class_id"),
            "up_parent_class_id": _bakery_handle(values["up_parent_class_id"], "up_parent_class_id"),
            "class_minor": _u16(values["class_minor"], "class_minor"),
            "download_bandwidth_min": float(values["download_bandwidth_min"]),
            "upload_bandwidth_min": float(values["upload_bandwidth_min"]),
            "download_bandwidth_max": float(values["download_bandwidth_max"]),
            "upload_bandwidth_max": float(values["upload_bandwidth_max"]),
            "class_major": _parse_hex(values["class_major"], "class_major"),
            "up_class_major": _parse_hex(values["up_class_major"], "up_class_major"),
            "ip_addresses": str(ips or ""),
        }
        if values["sqm_override"] is not None and str(values["sqm_override"]).strip() != "":
            request["sqm_override"] = str(values["sqm_override"]).strip()
        if values.get("site_name") is not None:
            request["site_name"] = str(values["site_name"])
        self._queue.append(request)

    def commit(self) -> bool:
        """Sends the batch and `bakery_commit`. Problems are printed, not raised (as upstream); returns whether
        lqosd applied the batch (upstream returns None)."""
        queue = self._queue + [{"type": "bakery_commit"}]
        self._queue = []
        ok = True

        def on_stream(line: dict) -> None:
            print(f"lqosd: {line.get('message', '')}", file=sys.stderr if line.get("level") in ("warning", "error") else sys.stdout)

        try:
            with _Bus(timeout=None) as bus:
                for start in range(0, len(queue), self.CHUNK):
                    for reply in bus.send(queue[start:start + self.CHUNK], on_stream):
                        if reply.get("type") == "fail":
                            ok = False
                            print(f"Bakery: {_fail_text(reply)}", file=sys.stderr)
        except OSError as e:
            print(f"Bakery: could not send the batch to lqosd: {e}", file=sys.stderr)
            return False
        return ok

    def estimate_qdisc_budget(self) -> dict:
        """A local estimate of the qdiscs the queued batch needs per interface and their memory (upstream HEAD)."""
        return _estimate_qdisc_budget(self._queue)


def _u16(value: Any, what: str) -> int:
    number = _parse_hex(value, what) if isinstance(value, str) else int(value)
    if not 0 <= number <= 0xFFFF:
        raise OverflowError(f"{what} {number} does not fit in 16 bits")
    return number


_SAFE_QDISC_BUDGET = 32000  # our tc applier's limit per interface (kernel-numbered leaf handles)
_HARD_QDISC_LIMIT = 65534
_QDISC_MEMORY = {"infra": 16 * 1024, "fq_codel": 64 * 1024, "cake": 512 * 1024}


def _meminfo() -> tuple[Optional[int], Optional[int]]:
    try:
        values = {}
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                key, _, rest = line.partition(":")
                values[key] = int(rest.split()[0]) * 1024
        return values.get("MemTotal"), values.get("MemAvailable")
    except (OSError, ValueError, IndexError):
        return None, None


def _estimate_qdisc_budget(queue: list[dict]) -> dict:
    try:
        a, b, stick = interface_a(), interface_b(), on_a_stick()
        default_kind = (_get("queues", "default_sqm", default="cake") or "cake").split()[0]
        fast = float(_get("queues", "effective_fast_queues_fq_codel", default=1000.0))
    except OSError:
        a, b, stick, default_kind, fast = "interface_a", "interface_b", False, "cake", 1000.0
    queues = next((r["queues_available"] for r in queue if r["type"] == "bakery_mq_setup"), 0)
    details: dict[str, dict] = {}

    def add(iface: str, kind: str, infra: bool) -> None:
        d = details.setdefault(iface, {"planned_qdiscs": 0, "infra_qdiscs": 0, "cake_qdiscs": 0, "fq_codel_qdiscs": 0,
                                       "estimated_memory_bytes": 0})
        d["planned_qdiscs"] += 1
        if infra:
            d["infra_qdiscs"] += 1
            d["estimated_memory_bytes"] += _QDISC_MEMORY["infra"]
        if kind in ("cake", "fq_codel"):
            d[f"{kind}_qdiscs"] += 1
            d["estimated_memory_bytes"] += _QDISC_MEMORY[kind]

    for iface in ([a] if stick else [a, b]):
        add(iface, "mq", True)
    for direction_iface in (a, b):
        for _ in range(queues):
            add(direction_iface, "htb", True)
            add(direction_iface, default_kind, True)
            add(direction_iface, default_kind, True)
    for r in queue:
        if r["type"] != "bakery_add_circuit":
            continue
        sqm = (r.get("sqm_override") or "").lower()
        for iface, rate, side in ((a, r["download_bandwidth_max"], 0), (b, r["upload_bandwidth_max"], 1)):
            token = sqm.split("/")[side].strip() if "/" in sqm else sqm.strip()
            if token == "none":
                continue
            kind = "fq_codel" if token == "fq_codel" or (token == "" and rate >= fast) else ("cake" if token == "cake" else default_kind)
            add(iface, kind, False)
    total_memory, available = _meminfo()
    needed = sum(d["estimated_memory_bytes"] for d in details.values())
    guard = max(2 << 30, (total_memory or 0) // 8)
    memory_ok = available is None or available - needed >= guard
    counts_ok = all(d["planned_qdiscs"] <= _SAFE_QDISC_BUDGET for d in details.values())
    ok = counts_ok
    summary = (f"{max((d['planned_qdiscs'] for d in details.values()), default=0)} qdiscs on the busiest interface "
               f"(budget {_SAFE_QDISC_BUDGET}), about {needed // (1 << 20)} MiB")
    return {
        "interfaces": {iface: d["planned_qdiscs"] for iface, d in details.items()},
        "interface_details": details,
        "safe_budget": _SAFE_QDISC_BUDGET,
        "hard_limit": _HARD_QDISC_LIMIT,
        "estimated_total_memory_bytes": needed,
        "memory_ok": memory_ok,
        "memory_warning_only": not memory_ok,
        "memory_guard_min_available_bytes": guard,
        "memory_total_bytes": total_memory,
        "memory_available_bytes": available,
        "ok": ok,
        "summary": summary if ok else f"over budget: {summary}",
    }
