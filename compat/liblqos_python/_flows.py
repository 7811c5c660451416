"""Flow insight (ours: upstream's module has no such functions; scripts reach these through the bus). Each returns
the reply's JSON as dicts (field names as in docs/bus.md) and raises OSError when lqosd is down or refuses."""
from __future__ import annotations

from ._bus import _fail_text, _request


def _flow_reply(request: dict, expected: str) -> dict:
    reply = _request(request)
    if reply.get("type") != expected:
        raise OSError(f"lqosd did not answer {request['type']}: {_fail_text(reply)}")
    return reply


def worst_rtt_circuits(count: int = 10) -> list[dict]:
    """Bus `get_worst_rtt` → circuits by customer-side median RTT, worst first."""
    return _flow_reply({"type": "get_worst_rtt", "count": int(count)}, "circuit_insights")["circuits"]


def worst_retransmit_circuits(count: int = 10) -> list[dict]:
    """Bus `get_worst_retransmits` → circuits by TCP retransmits in the last second, then since start."""
    return _flow_reply({"type": "get_worst_retransmits", "count": int(count)}, "circuit_insights")["circuits"]


def top_flows(by: str = "rate", count: int = 10) -> list[dict]:
    """Bus `top_flows` → the busiest live flows by `rate` or `bytes`."""
    return _flow_reply({"type": "top_flows", "by": by, "count": int(count)}, "flows")["flows"]


def rtt_histogram() -> list[int]:
    """Bus `rtt_histogram` → circuit counts in 50 buckets of 10 ms of customer-side median RTT."""
    return _flow_reply({"type": "rtt_histogram"}, "rtt_histogram")["buckets"]


def circuit_flows(circuit_id: str) -> dict:
    """Bus `get_circuit_flows` → {"circuit": figures or None, "flows": [...]} of one circuit."""
    reply = _flow_reply({"type": "get_circuit_flows", "circuit_id": str(circuit_id)}, "circuit_flows")
    return {"circuit": reply.get("circuit"), "flows": reply.get("flows", [])}


def site_insights() -> list[dict]:
    """Bus `get_site_insights` → every network.json node's throughput, RTT and retransmits, rolled up."""
    return _flow_reply({"type": "get_site_insights"}, "site_insights")["sites"]


def unknown_ips() -> list[dict]:
    """Bus `all_unknown_ips` → hosts seen in the last 5 minutes with no mapping, filtered by [ip_ranges]."""
    return _flow_reply({"type": "all_unknown_ips"}, "unknown_ips")["ips"]


def clear_unknown_ips() -> None:
    """Bus `clear_unknown_ips`."""
    _flow_reply({"type": "clear_unknown_ips"}, "ack")
