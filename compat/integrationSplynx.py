"""integrationSplynx: subscribers, plans and topology from Splynx (REST API v2.0) into network.json and ShapedDevices.csv.

Run by lqos_scheduler when `splynx_integration.enable_splynx` is true, or by hand: `python3 integrationSplynx.py`.
Splynx authenticates with an API key and secret (Administration → API keys) sent as HTTP Basic; the key needs
"Unsecure access" (Basic auth) enabled and read permission on Tariff plans → Internet, Customers, Internet services,
Customers online and Networking → Hardware/Network sites.

One circuit per active internet service (Circuit ID = the service id), named after its customer, at its tariff's
speed (kbit/s in Splynx, or the fixed burst limit when higher). Addresses are the service's IPv4 (and IPv4 routes)
and IPv6 (and delegated prefixes), or else those of its online session. Where circuits hang depends on
`splynx_strategy()`:

- flat: no network nodes; every circuit goes to a generated parent node.
- ap_only: one node per access point (hardware with "access device" set), circuits under their service's access device.
- ap_site: network sites, with their access points below them.
- full: network sites, then the hardware tree (parent → child) with access points as leaves.

Node rates come from `integrationSplynxBandwidths.csv` in lqos_directory (`name,download,upload`) when it names the
node, else 10 Gbps (capped by the parent in network.json).
"""
from __future__ import annotations

import base64
from typing import Any, Optional

from integrationCommon import NetworkGraph, NetworkNode, NodeType
from integrationUtils import (AddressRegistry, IntegrationFailed, JsonApi, ProblemReport, UniqueNames, chosen_strategy, node_bandwidths,
                              require_some_imported, write_graph_files)
from liblqos_python import allowed_subnets, splynx_api_key, splynx_api_secret, splynx_api_url, splynx_strategy

SOURCE = "Splynx"
STRATEGIES = ("flat", "ap_only", "ap_site", "full")
DEFAULT_NODE_MBPS = 10_000
BANDWIDTHS_CSV = "integrationSplynxBandwidths.csv"


# -- API ----------------------------------------------------------------------------------------------------------

def splynx_api() -> JsonApi:
    """The Splynx API at `<url>/api/2.0/`, with Basic authentication from api_key:api_secret."""
    credentials = base64.b64encode(f"{splynx_api_key()}:{splynx_api_secret()}".encode()).decode()
    return JsonApi(SOURCE, splynx_api_url().strip().rstrip("/") + "/api/2.0/", {"Authorization": f"Basic {credentials}"},
                   timeout_seconds=120)


def fetch_tariffs(api: JsonApi) -> list:
    """GET admin/tariffs/internet: internet tariff plans with speed_download / speed_upload in kbit/s."""
    return api.get_paged("admin/tariffs/internet")


def fetch_customers(api: JsonApi) -> list:
    """GET admin/customers/customer: every customer (id, name, status, street_1, city, zip_code)."""
    return api.get_paged("admin/customers/customer")


def fetch_internet_services(api: JsonApi) -> list:
    """GET admin/customers/customer/0/internet-services?main_attributes[status]=active: the active internet services
    of every customer (customer 0 means all)."""
    return api.get_paged("admin/customers/customer/0/internet-services", {"main_attributes[status]": "active"})


def fetch_online_sessions(api: JsonApi, report: ProblemReport) -> list:
    """GET admin/customers/customers-online: current sessions (service_id, ipv4, ipv6). Only fills in addresses, so a
    failure is reported and the import goes on with the services' own addresses."""
    try:
        return api.get_paged("admin/customers/customers-online")
    except IntegrationFailed as e:
        report.note(f"online sessions not used: {e}")
        return []


def fetch_hardware(api: JsonApi) -> list:
    """GET admin/networking/monitoring: network hardware (id, title, parent_id, access_device, network_site_id)."""
    return api.get_paged("admin/networking/monitoring")


def fetch_network_sites(api: JsonApi, report: ProblemReport) -> list:
    """GET admin/networking/network-sites (Splynx 4.1+): sites (id, title, address). Older Splynx lacks it; then the
    hardware tree alone gives the topology, which is reported."""
    try:
        return api.get_paged("admin/networking/network-sites")
    except IntegrationFailed as e:
        report.note(f"network sites not used: {e}")
        return []


# -- records ------------------------------------------------------------------------------------------------------

def key(value: Any) -> str:
    """Splynx sends ids as numbers or strings; they are compared as strings."""
    return str(value).strip() if value is not None else ""


def is_set(value: Any) -> bool:
    return key(value) not in ("", "0", "false", "False", "None")


def tariff_rates(tariffs: list, report: ProblemReport) -> dict[str, tuple[float, float]]:
    """{tariff id: (download Mbps, upload Mbps)}: the plan's speed, or its fixed burst limit when higher."""
    rates: dict[str, tuple[float, float]] = {}
    for tariff in tariffs:
        tariff_id = key(tariff.get("id")) if isinstance(tariff, dict) else ""
        if not tariff_id:
            report.skip("tariff", "?", None, "the record has no id", "tariff without id")
            continue
        try:
            down = max(float(tariff["speed_download"]), float(tariff.get("burst_limit_fixed_down") or 0)) / 1000
            up = max(float(tariff["speed_upload"]), float(tariff.get("burst_limit_fixed_up") or 0)) / 1000
        except (KeyError, TypeError, ValueError):
            report.skip("tariff", tariff_id, tariff.get("title"), "speed_download or speed_upload is missing or not a number; "
                        "check the plan's speeds in Splynx", "tariff without speeds")
            continue
        if down <= 0 or up <= 0:
            report.skip("tariff", tariff_id, tariff.get("title"), f"a speed is zero ({down:g}/{up:g} Mbps); set the plan's speeds "
                        "in Splynx", "tariff without speeds")
            continue
        rates[tariff_id] = (round(down, 3), round(up, 3))
    return rates


def customer_names(customers: list, report: ProblemReport) -> dict[str, str]:
    """{customer id: name}."""
    names: dict[str, str] = {}
    for customer in customers:
        customer_id = key(customer.get("id")) if isinstance(customer, dict) else ""
        if not customer_id:
            report.skip("customer", "?", None, "the record has no id", "customer without id")
            continue
        names[customer_id] = str(customer.get("name") or "").strip() or f"Customer {customer_id}"
    return names


def split_list(value: Any) -> list[str]:
    """'a, b' or ['a', 'b'] → ['a', 'b']."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def online_addresses(sessions: list) -> dict[str, tuple[list[str], list[str]]]:
    """{service id: (IPv4s, IPv6s)} of the online sessions."""
    result: dict[str, tuple[list[str], list[str]]] = {}
    for session in sessions:
        if not isinstance(session, dict) or not is_set(session.get("service_id")):
            continue
        v4, v6 = result.setdefault(key(session["service_id"]), ([], []))
        v4.extend(split_list(session.get("ipv4")))
        v6.extend(split_list(session.get("ipv6")))
    return result


# -- topology -----------------------------------------------------------------------------------------------------

def is_access_point(device: dict, referenced: set[str]) -> bool:
    """Hardware flagged "access device", or (older Splynx) of type 5, or named as a service's access device."""
    if "access_device" in device:
        flagged = key(device["access_device"]).lower() in ("1", "true")
    else:
        flagged = key(device.get("type")) == "5"
    return flagged or key(device.get("id")) in referenced


class Topology:
    """Network nodes for one strategy, and which node a service hangs from."""

    def __init__(self, net: NetworkGraph, report: ProblemReport, rates: dict[str, tuple[float, float]]) -> None:
        self.net = net
        self.report = report
        self.rates = rates
        self.names = UniqueNames(report)
        self.node_of_hardware: dict[str, str] = {}

    def add_node(self, node_id: str, name: str, node_type: NodeType, parent_id: str, kind: str, record_id: str) -> str:
        name = self.names.claim(name, record_id, kind)
        down, up = self.rates.get(name, (DEFAULT_NODE_MBPS, DEFAULT_NODE_MBPS))
        self.net.addRawNode(NetworkNode(id=node_id, displayName=name, parentId=parent_id, type=node_type, download=down,
                                        upload=up, networkJsonId=f"splynx:{node_id}"))
        return node_id

    def add_network_sites(self, sites: list) -> dict[str, str]:
        """One site node per network site; {site id: node id}."""
        nodes: dict[str, str] = {}
        for site in sites:
            site_id = key(site.get("id")) if isinstance(site, dict) else ""
            if not site_id:
                self.report.skip("network site", "?", None, "the record has no id", "network site without id")
                continue
            name = str(site.get("title") or "").strip() or f"Site {site_id}"
            nodes[site_id] = self.add_node(f"site-{site_id}", name, NodeType.site, "", "network site", site_id)
        return nodes

    def add_hardware(self, hardware: list, access_points: set[str], site_nodes: dict[str, str], strategy: str) -> None:
        """Access points (ap_only, ap_site) or the whole hardware tree (full) as nodes."""
        by_id = {key(d.get("id")): d for d in hardware if isinstance(d, dict) and is_set(d.get("id"))}
        wanted = set(by_id) if strategy == "full" else access_points & set(by_id)
        for device_id in sorted(wanted, key=_numeric_first):
            device = by_id[device_id]
            name = str(device.get("title") or device.get("name") or device.get("ip") or "").strip() or f"Hardware {device_id}"
            node_type = NodeType.ap if device_id in access_points else NodeType.site
            self.node_of_hardware[device_id] = self.add_node(f"hw-{device_id}", name, node_type,
                                                             self._hardware_parent(device, wanted, site_nodes, strategy),
                                                             "hardware", device_id)

    @staticmethod
    def _hardware_parent(device: dict, wanted: set[str], site_nodes: dict[str, str], strategy: str) -> str:
        if strategy == "ap_only":
            return ""
        parent = key(device.get("parent_id"))
        if strategy == "full" and parent in wanted:
            return f"hw-{parent}"
        return site_nodes.get(key(device.get("network_site_id")), "")

    def parent_of(self, service: dict) -> str:
        """The node of the service's access device, if it is one of ours (else the circuit is unparented)."""
        return self.node_of_hardware.get(key(service.get("access_device")), "")


def _numeric_first(value: str) -> tuple[int, Any]:
    return (0, int(value)) if value.isdigit() else (1, value)


# -- import -------------------------------------------------------------------------------------------------------

def add_services(net: NetworkGraph, services: list, rates: dict[str, tuple[float, float]], names: dict[str, str],
                 online: dict[str, tuple[list[str], list[str]]], topology: Topology, report: ProblemReport) -> int:
    """One client and one device per usable active service; returns how many were added."""
    addresses = AddressRegistry(report, allowed_subnets())
    added = 0
    for service in services:
        if not isinstance(service, dict):
            report.skip("service", "?", None, f"the record is a {type(service).__name__}, not an object", "malformed record")
            continue
        service_id = key(service.get("id"))
        customer_id = key(service.get("customer_id"))
        name = names.get(customer_id)
        if not service_id or not customer_id:
            report.skip("service", service_id or "?", None, "the record has no id or customer_id", "missing field")
        elif key(service.get("status")) not in ("active", ""):
            continue
        elif name is None:
            report.skip("service", service_id, None, f"customer {customer_id} is not in admin/customers/customer", "unknown customer")
        elif key(service.get("tariff_id")) not in rates:
            report.skip("service", service_id, name, f"no usable internet tariff (tariff_id {key(service.get('tariff_id')) or 'empty'}); "
                        "assign a plan with speeds in Splynx", "no plan")
        else:
            added += add_service(net, service, service_id, name, rates[key(service["tariff_id"])], online, topology, addresses, report)
    return added


def add_service(net: NetworkGraph, service: dict, service_id: str, name: str, rate: tuple[float, float],
                online: dict[str, tuple[list[str], list[str]]], topology: Topology, addresses: AddressRegistry,
                report: ProblemReport) -> int:
    circuit = f"service {service_id} ({name})"
    session_v4, session_v6 = online.get(service_id, ([], []))
    ipv4 = addresses.accept(split_list(service.get("ipv4")) + split_list(service.get("ipv4_route")) or session_v4, circuit)
    ipv6 = addresses.accept(split_list(service.get("ipv6")) + split_list(service.get("ipv6_delegated")) or session_v6, circuit)
    if not ipv4 and not ipv6:
        report.skip("service", service_id, name, "no usable IP address (none set on the service, none online); "
                    "set the service's IPv4 in Splynx", "no IP address")
        return 0
    net.addRawNode(NetworkNode(id=service_id, displayName=name, parentId=topology.parent_of(service), type=NodeType.client,
                               download=rate[0], upload=rate[1], customerName=name, address=name))
    net.addRawNode(NetworkNode(id=f"{service_id}-device", displayName=str(service.get("login") or name), parentId=service_id,
                               type=NodeType.device, mac=str(service.get("mac") or ""), ipv4=ipv4, ipv6=ipv6))
    return 1


def build_graph(api: JsonApi, strategy: str, report: ProblemReport) -> NetworkGraph:
    """Fetches what the strategy needs and builds the graph (not yet prepared)."""
    print(f"{SOURCE}: strategy {strategy}; fetching tariffs, customers and internet services")
    rates = tariff_rates(fetch_tariffs(api), report)
    names = customer_names(fetch_customers(api), report)
    services = fetch_internet_services(api)
    online = online_addresses(fetch_online_sessions(api, report))
    net = NetworkGraph()
    topology = Topology(net, report, node_bandwidths(SOURCE, BANDWIDTHS_CSV))
    if strategy != "flat":
        hardware = fetch_hardware(api)
        referenced = {key(s.get("access_device")) for s in services if isinstance(s, dict) and is_set(s.get("access_device"))}
        access_points = {key(d.get("id")) for d in hardware if isinstance(d, dict) and is_access_point(d, referenced)}
        site_nodes = topology.add_network_sites(fetch_network_sites(api, report)) if strategy in ("ap_site", "full") else {}
        topology.add_hardware(hardware, access_points, site_nodes, strategy)
    added = add_services(net, services, rates, names, online, topology, report)
    print(f"{SOURCE}: {len(services)} active services, {added} circuits, {len(topology.names.taken)} network nodes")
    require_some_imported(SOURCE, len(services), added, "services")
    return net


def importFromSplynx(api: Optional[JsonApi] = None) -> int:
    """Imports from Splynx and writes network.json and ShapedDevices.csv; returns the number of circuits. Raises
    `IntegrationFailed` (files untouched) when the data cannot be trusted."""
    report = ProblemReport(SOURCE)
    strategy = chosen_strategy(SOURCE, splynx_strategy(), STRATEGIES, "ap_only", "splynx_integration.strategy")
    net = build_graph(api or splynx_api(), strategy, report)
    net.prepareTree()
    return write_graph_files(net, report)


if __name__ == "__main__":
    importFromSplynx()
