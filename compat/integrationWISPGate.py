"""integrationWISPGate: circuits and devices from WISPGate into network.json and ShapedDevices.csv.

Run by lqos_scheduler when `wispgate_integration.enable_wispgate` is true, or by hand: `python3 integrationWISPGate.py`.
WISPGate serves LibreQoS's rows itself: `POST <wispgate_api_url>/api/libreqos/shaped-devices` with the form field
`api_token` answers with a JSON array of objects keyed by ShapedDevices.csv's column names ("Circuit ID",
"Circuit Name", "Device Name", "Parent Node", "MAC", "IPv4", "IPv6", "Download Min Mbps", "Upload Min Mbps",
"Download Max Mbps", "Upload Max Mbps").

One circuit per Circuit ID at the rates of its first row (the maximum, or the minimum when no maximum is given), named
by "Circuit Name" (else the id); each row with an address is a device. Each distinct "Parent Node" becomes an access
point node at the top of network.json, at the rates given for it in `integrationWISPGateBandwidths.csv` in
lqos_directory (`name,download,upload`, header row first), else 10 Gbps (capped in network.json).
"""
from __future__ import annotations

from typing import Any, Optional

from integrationCommon import NetworkGraph, NetworkNode, NodeType
from integrationUtils import (AddressRegistry, FormPostApi, IntegrationFailed, ProblemReport, UniqueNames, node_bandwidths,
                              require_some_imported, write_graph_files)
from liblqos_python import allowed_subnets, wispgate_api_token, wispgate_api_url

SOURCE = "WISPGate"
DEFAULT_NODE_MBPS = 10_000
BANDWIDTHS_CSV = "integrationWISPGateBandwidths.csv"


def wispgate_api() -> FormPostApi:
    """WISPGate's LibreQoS API at `<url>/api/libreqos/`."""
    return FormPostApi(SOURCE, (wispgate_api_url() or "").strip().rstrip("/") + "/api/libreqos/", timeout_seconds=120)


def fetch_shaped_devices(api: FormPostApi) -> list:
    """POST api/libreqos/shaped-devices (api_token=<token>): one object per device, keyed by ShapedDevices.csv's columns."""
    return api.post_form_list("shaped-devices", {"api_token": wispgate_api_token()})


def text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def circuit_rate(row: dict) -> Optional[tuple[float, float]]:
    """(download, upload) Mbps: the maximum, else the minimum; None when missing, not a number or not positive."""
    try:
        down = float(row["Download Max Mbps"] if text(row.get("Download Max Mbps")) else row["Download Min Mbps"])
        up = float(row["Upload Max Mbps"] if text(row.get("Upload Max Mbps")) else row["Upload Min Mbps"])
    except (KeyError, TypeError, ValueError):
        return None
    return (down, up) if down > 0 and up > 0 else None


def group_rows(rows: list, report: ProblemReport) -> dict[str, list[dict]]:
    """{Circuit ID: its rows}, in the order the circuits first appear."""
    circuits: dict[str, list[dict]] = {}
    for row in rows:
        if not isinstance(row, dict):
            report.skip("row", "?", None, f"the record is a {type(row).__name__}, not an object", "malformed record")
        elif not text(row.get("Circuit ID")):
            report.skip("device", "?", text(row.get("Device Name")), "the row has no Circuit ID", "missing field")
        else:
            circuits.setdefault(text(row["Circuit ID"]), []).append(row)
    return circuits


def build_graph(api: FormPostApi, report: ProblemReport) -> NetworkGraph:
    print(f"{SOURCE}: fetching shaped devices")
    rows = fetch_shaped_devices(api)
    circuits = group_rows(rows, report)
    net = NetworkGraph()
    names = UniqueNames(report)
    bandwidths = node_bandwidths(SOURCE, BANDWIDTHS_CSV)
    parent_nodes: dict[str, str] = {}
    addresses = AddressRegistry(report, allowed_subnets())
    added = 0
    for circuit_id, circuit_rows in circuits.items():
        first = circuit_rows[0]
        name = text(first.get("Circuit Name")) or circuit_id
        rate = circuit_rate(first)
        if rate is None:
            report.skip("circuit", circuit_id, name, "no usable Download/Upload Max (or Min) Mbps; assign a plan in WISPGate", "no plan")
            continue
        label = f"circuit {circuit_id} ({name})"
        devices = []
        for n, row in enumerate(circuit_rows, start=1):
            ipv4 = addresses.accept(text(row.get("IPv4")).split(","), label)
            ipv6 = addresses.accept(text(row.get("IPv6")).split(","), label)
            device_name = text(row.get("Device Name")) or f"{name} device {n}"
            if not ipv4 and not ipv6:
                report.note(f"{label}: device '{device_name}' has no usable IP address; left out")
                continue
            devices.append(NetworkNode(id=f"{circuit_id}-d{n}", displayName=device_name, parentId=circuit_id, type=NodeType.device,
                                       mac=text(row.get("MAC")), ipv4=ipv4, ipv6=ipv6))
        if not devices:
            report.skip("circuit", circuit_id, name, "no device with a usable IP address", "no IP address")
            continue
        parent = text(first.get("Parent Node"))
        if parent and parent not in parent_nodes:
            node_name = names.claim(parent, parent, "parent node")
            down, up = bandwidths.get(node_name, (DEFAULT_NODE_MBPS, DEFAULT_NODE_MBPS))
            parent_nodes[parent] = f"ap:{parent}"
            net.addRawNode(NetworkNode(id=f"ap:{parent}", displayName=node_name, type=NodeType.ap, download=down, upload=up,
                                       networkJsonId=f"wispgate:{parent}"))
        net.addRawNode(NetworkNode(id=circuit_id, displayName=name, parentId=parent_nodes.get(parent, ""), type=NodeType.client,
                                   download=rate[0], upload=rate[1], customerName=name, address=name))
        for device in devices:
            net.addRawNode(device)
        added += 1
    print(f"{SOURCE}: {len(rows)} rows, {len(circuits)} circuits listed, {added} imported, {len(parent_nodes)} parent nodes")
    require_some_imported(SOURCE, len(circuits), added, "circuits")
    return net


def importFromWISPGate(api: Optional[FormPostApi] = None) -> int:
    """Imports from WISPGate and writes network.json and ShapedDevices.csv; returns the number of circuits. Raises
    `IntegrationFailed` (files untouched) when the data cannot be trusted."""
    report = ProblemReport(SOURCE)
    net = build_graph(api or wispgate_api(), report)
    net.prepareTree()
    return write_graph_files(net, report)


if __name__ == "__main__":
    importFromWISPGate()
