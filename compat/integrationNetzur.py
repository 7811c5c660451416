"""integrationNetzur: zones and customers from Netzur into network.json and ShapedDevices.csv.

Run by lqos_scheduler when `netzur_integration.enable_netzur` is true, or by hand: `python3 integrationNetzur.py`.
Netzur serves LibreQoS's inventory at one address (`netzur_integration.api_url`, e.g.
https://netzur.example.com/api/libreqos): `GET` with `Authorization: Bearer <api_key>` answers with a JSON object

    {"zones":     [{"id", "name", "parent_id", "download_mbps", "upload_mbps"}, ...],
     "customers": [{"id", "name", "status", "zone_id", "address", "mac", "device_name",
                    "plan": {"name", "download_mbps", "upload_mbps"}, "ipv4": [...], "ipv6": [...]}, ...]}

(the field names inside zones and customers are our reading of Netzur's export; docs/compat.md says so).

Every zone is a site (nested along `parent_id`) at its own rates, else 10 Gbps (capped by its parent in
network.json). One circuit per active customer (Circuit ID = the customer id) at its plan's speed, below its zone,
with one device holding its addresses. `exclude_sites` leaves zones out; `integration_common.use_mikrotik_ipv6` adds
IPv6 prefixes found on MikroTik routers. The request honours `timeout_secs`.
"""
from __future__ import annotations

from typing import Any, Optional

from integrationCommon import NetworkGraph, NetworkNode, NodeType
from integrationUtils import (AddressRegistry, IntegrationFailed, JsonApi, ProblemReport, UniqueNames, require_some_imported,
                              write_graph_files)
from liblqos_python import allowed_subnets, netzur_api_key, netzur_api_timeout, netzur_api_url

SOURCE = "Netzur"
DEFAULT_NODE_MBPS = 10_000
ACTIVE_STATUSES = ("active", "activo", "")


def netzur_api() -> JsonApi:
    """Netzur's LibreQoS export at `api_url` (the address itself is the listing), Bearer-authenticated."""
    return JsonApi(SOURCE, netzur_api_url(), {"Authorization": f"Bearer {netzur_api_key()}"},
                   timeout_seconds=netzur_api_timeout())


def fetch_inventory(api: JsonApi) -> tuple[list, list]:
    """GET <api_url>: (zones, customers). An answer without both lists cannot be trusted."""
    data = api.get("")
    if not isinstance(data, dict) or not isinstance(data.get("zones"), list) or not isinstance(data.get("customers"), list):
        found = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise IntegrationFailed(f"{SOURCE}: {api.url('')} did not answer with an object holding 'zones' and 'customers' lists "
                                f"(found {found}). Check that api_url is Netzur's LibreQoS export address.")
    return data["zones"], data["customers"]


def text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def positive_rates(record: Any) -> Optional[tuple[float, float]]:
    """(download_mbps, upload_mbps) of a plan or zone; None when missing, not a number or not positive."""
    if not isinstance(record, dict):
        return None
    try:
        down, up = float(record["download_mbps"]), float(record["upload_mbps"])
    except (KeyError, TypeError, ValueError):
        return None
    return (down, up) if down > 0 and up > 0 else None


def as_list(value: Any) -> list:
    """A list of addresses: a list as it is, 'a, b' split, nothing for None."""
    if isinstance(value, list):
        return value
    return [part for part in text(value).split(",") if part.strip()]


def add_zones(net: NetworkGraph, zones: list, report: ProblemReport) -> set[str]:
    """One site node per zone; returns the zone ids that became nodes."""
    names = UniqueNames(report)
    added: set[str] = set()
    known = {text(z.get("id")) for z in zones if isinstance(z, dict)}
    for zone in zones:
        zone_id = text(zone.get("id")) if isinstance(zone, dict) else ""
        if not zone_id:
            report.skip("zone", "?", zone.get("name") if isinstance(zone, dict) else None, "the record has no id", "missing field")
            continue
        if zone_id in added:
            report.skip("zone", zone_id, zone.get("name"), "listed twice; the first record is used", "duplicate zone")
            continue
        name = names.claim(text(zone.get("name")) or f"Zone {zone_id}", zone_id, "zone")
        parent = text(zone.get("parent_id"))
        if parent and parent not in known:
            report.note(f"zone {zone_id} ({name}): parent zone '{parent}' is not in the export; placed at the top")
        down, up = positive_rates(zone) or (DEFAULT_NODE_MBPS, DEFAULT_NODE_MBPS)
        net.addRawNode(NetworkNode(id=f"zone-{zone_id}", displayName=name, parentId=f"zone-{parent}" if parent in known else "",
                                   type=NodeType.site, download=down, upload=up, networkJsonId=f"netzur:zone-{zone_id}"))
        added.add(zone_id)
    return added


def add_customers(net: NetworkGraph, customers: list, zones: set[str], report: ProblemReport) -> tuple[int, int]:
    """One client and one device per usable active customer; returns (active customers, circuits added)."""
    addresses = AddressRegistry(report, allowed_subnets())
    seen: set[str] = set()
    active = added = 0
    for customer in customers:
        if not isinstance(customer, dict):
            report.skip("customer", "?", None, f"the record is a {type(customer).__name__}, not an object", "malformed record")
            continue
        if text(customer.get("status")).lower() not in ACTIVE_STATUSES:
            continue
        active += 1
        customer_id, name = text(customer.get("id")), text(customer.get("name"))
        rates = positive_rates(customer.get("plan"))
        if not customer_id:
            report.skip("customer", "?", name, "the record has no id", "missing field")
        elif customer_id in seen:
            report.skip("customer", customer_id, name, "listed twice; the first record is used", "duplicate customer")
        elif rates is None:
            report.skip("customer", customer_id, name, "no plan with download_mbps and upload_mbps above zero; assign a plan "
                        "in Netzur", "no plan")
        else:
            seen.add(customer_id)
            added += add_customer(net, customer, customer_id, name or customer_id, rates, zones, addresses, report)
    return active, added


def add_customer(net: NetworkGraph, customer: dict, customer_id: str, name: str, rates: tuple[float, float], zones: set[str],
                 addresses: AddressRegistry, report: ProblemReport) -> int:
    circuit = f"customer {customer_id} ({name})"
    ipv4 = addresses.accept(as_list(customer.get("ipv4")), circuit)
    ipv6 = addresses.accept(as_list(customer.get("ipv6")), circuit)
    if not ipv4 and not ipv6:
        report.skip("customer", customer_id, name, "no usable IP address; set the customer's IPv4 in Netzur", "no IP address")
        return 0
    zone = text(customer.get("zone_id"))
    if zone and zone not in zones:
        report.note(f"{circuit}: zone '{zone}' is not in the export; the circuit gets a generated parent node")
    net.addRawNode(NetworkNode(id=customer_id, displayName=name, parentId=f"zone-{zone}" if zone in zones else "",
                               type=NodeType.client, download=rates[0], upload=rates[1], customerName=name,
                               address=text(customer.get("address")) or name))
    net.addRawNode(NetworkNode(id=f"{customer_id}-device", displayName=text(customer.get("device_name")) or name, parentId=customer_id,
                               type=NodeType.device, mac=text(customer.get("mac")), ipv4=ipv4, ipv6=ipv6))
    return 1


def build_graph(api: JsonApi, report: ProblemReport) -> NetworkGraph:
    print(f"{SOURCE}: fetching zones and customers")
    zones, customers = fetch_inventory(api)
    net = NetworkGraph()
    zone_ids = add_zones(net, zones, report)
    active, added = add_customers(net, customers, zone_ids, report)
    print(f"{SOURCE}: {len(zone_ids)} zones, {active} active customers, {added} circuits")
    require_some_imported(SOURCE, active, added, "active customers")
    return net


def importFromNetzur(api: Optional[JsonApi] = None) -> int:
    """Imports from Netzur and writes network.json and ShapedDevices.csv; returns the number of circuits. Raises
    `IntegrationFailed` (files untouched) when the data cannot be trusted."""
    report = ProblemReport(SOURCE)
    net = build_graph(api or netzur_api(), report)
    net.prepareTree()
    return write_graph_files(net, report)


if __name__ == "__main__":
    importFromNetzur()
