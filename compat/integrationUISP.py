"""integrationUISP: sites, devices and data links from the UISP NMS API (v2.1) into network.json and ShapedDevices.csv.

Run by lqos_scheduler when `uisp_integration.enable_uisp` is true, or by hand: `python3 integrationUISP.py`.
UISP authenticates with an API token (Settings → Users → API tokens; read-only is enough) sent in the
`x-auth-token` header to `<url>/nms/api/v2.1/...`.

A circuit is a client site (UISP type "endpoint"; Circuit ID = the site id) with its QoS rates (bit/s in UISP) times
`bandwidth_overhead_factor` (or `client_bandwidth_multiplier`, whichever is higher); its devices with an address are
its rows. Suspended client sites follow `suspended_strategy`: "none" shapes them as usual, "ignore" leaves them out,
"slow" gives them 0.1 Mbps. Where circuits hang depends on `uisp_integration.strategy`:

- flat: no network nodes; every circuit goes to a generated parent node.
- ap_only: one node per access point (a device some CPE names as its AP, or whose role is "ap"); circuits under it.
- ap_site: tower sites (all at the top), their access points below them, circuits under their AP or else their site.
- full: as ap_site, with tower sites nested along the data links, starting from `uisp_integration.site` (the site
  LibreQoS sits at, which is not itself a node); a site no link reaches keeps its UISP parent.

Access point rates are the device's reported capacity times `airmax_capacity` (airMAX) or `ltu_capacity` (LTU);
tower sites use their QoS rates; otherwise the generated parent node rates. `exclude_sites` leaves sites out, and
`exception_cpes` (`{cpe = "<device name>", parent = "<node name>"}`) puts a CPE's circuit below the named node.
"""
from __future__ import annotations

from collections import deque
from typing import Any, Optional

from integrationCommon import NetworkGraph, NetworkNode, NodeType, apply_client_bandwidth_multiplier
from integrationUtils import (AddressRegistry, IntegrationFailed, JsonApi, ProblemReport, UniqueNames, chosen_strategy, normalize_mac,
                              require_some_imported, write_graph_files)
from liblqos_python import (airmax_capacity, allowed_subnets, exception_cpes, ltu_capacity, uisp_auth_token, uisp_base_url,
                            uisp_site, uisp_strategy, uisp_suspended_strategy)

SOURCE = "UISP"
STRATEGIES = ("flat", "ap_only", "ap_site", "full")
SUSPENDED_STRATEGIES = ("none", "ignore", "slow")
SLOW_MBPS = 0.1
UCRM_SERVICE_SUSPENDED = 3


# -- API ----------------------------------------------------------------------------------------------------------

def uisp_api() -> JsonApi:
    """The NMS API at `<url>/nms/api/v2.1/` (a url that already ends in /nms/api/v2.1 is used as it is)."""
    base = uisp_base_url().strip().rstrip("/")
    if "/nms/api/" not in base:
        base += "/nms/api/v2.1"
    return JsonApi(SOURCE, base + "/", {"x-auth-token": uisp_auth_token()}, timeout_seconds=120)


def fetch_sites(api: JsonApi) -> list:
    """GET sites: tower sites (identification.type "site") and client sites ("endpoint") with qos and ucrm."""
    return api.get_list("sites")


def fetch_devices(api: JsonApi) -> list:
    """GET devices?withInterfaces=true&authorized=true: authorized devices with their site, AP, address and capacity."""
    return api.get_list("devices", {"withInterfaces": "true", "authorized": "true"})


def fetch_data_links(api: JsonApi) -> list:
    """GET data-links: links between devices, each end with its device and site."""
    return api.get_list("data-links")


# -- record access --------------------------------------------------------------------------------------------------

def dig(record: Any, *path: str) -> Any:
    """record[path[0]][path[1]]…, or None where something along the way is missing."""
    for step in path:
        if not isinstance(record, dict):
            return None
        record = record.get(step)
    return record


def text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def mbps(bits_per_second: Any) -> float:
    """UISP rates are in bit/s; 0 for a missing or unusable value."""
    try:
        return max(0.0, float(bits_per_second) / 1_000_000)
    except (TypeError, ValueError):
        return 0.0


def device_name(device: dict) -> str:
    return text(dig(device, "identification", "name")) or text(dig(device, "identification", "hostname")) or text(dig(device, "identification", "id"))


def device_address(device: dict) -> str:
    """The device's management address without its prefix length (as UISP reports it, e.g. '100.64.1.5/24')."""
    return text(device.get("ipAddress")).split("/", 1)[0]


def is_suspended(site: dict) -> bool:
    return bool(dig(site, "identification", "suspended")) or dig(site, "ucrm", "service", "status") == UCRM_SERVICE_SUSPENDED


# -- the network ----------------------------------------------------------------------------------------------------

class UispNetwork:
    """The fetched records, indexed."""

    def __init__(self, sites: list, devices: list, report: ProblemReport) -> None:
        self.towers: dict[str, dict] = {}
        self.clients: dict[str, dict] = {}
        for site in sites:
            site_id = text(site.get("id")) if isinstance(site, dict) else ""
            kind = text(dig(site, "identification", "type"))
            if not site_id or kind not in ("site", "endpoint"):
                report.skip("site", site_id or "?", text(dig(site, "identification", "name")),
                            "the record has no id or an unknown identification.type", "malformed site")
            elif kind == "site":
                self.towers[site_id] = site
            else:
                self.clients[site_id] = site
        self.devices = [d for d in devices if isinstance(d, dict) and text(dig(d, "identification", "id"))]
        self.devices_at: dict[str, list[dict]] = {}
        for device in self.devices:
            self.devices_at.setdefault(text(dig(device, "identification", "site", "id")), []).append(device)
        referenced = {text(dig(d, "attributes", "apDevice", "id")) for d in self.devices} - {""}
        self.access_points = {text(dig(d, "identification", "id")): d for d in self.devices
                              if text(dig(d, "identification", "id")) in referenced or text(dig(d, "identification", "role")) == "ap"}


def tower_parents_from_links(network: UispNetwork, links: list, root_name: str, report: ProblemReport) -> dict[str, str]:
    """{tower site id: parent tower site id ("" for the top)} by walking the data links out from the root site."""
    root = next((sid for sid, s in network.towers.items() if text(dig(s, "identification", "name")) == root_name), None)
    parents = {sid: _uisp_parent(site, network) for sid, site in network.towers.items()}
    if root is None:
        report.note(f"root site '{root_name}' (uisp_integration.site) is not a tower site in UISP; site nesting follows UISP's own parents")
        return parents
    neighbours: dict[str, set[str]] = {}
    for link in links:
        a, b = text(dig(link, "from", "site", "identification", "id")), text(dig(link, "to", "site", "identification", "id"))
        if a != b and a in network.towers and b in network.towers:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    parents[root] = ""
    seen, queue = {root}, deque([root])
    while queue:
        current = queue.popleft()
        for nxt in sorted(neighbours.get(current, ())):
            if nxt not in seen:
                seen.add(nxt)
                parents[nxt] = "" if current == root else current
                queue.append(nxt)
    for sid in network.towers:
        if parents.get(sid) == root:
            parents[sid] = ""
    return parents


def _uisp_parent(site: dict, network: UispNetwork) -> str:
    parent = text(dig(site, "identification", "parent", "id"))
    return parent if parent in network.towers else ""


class Topology:
    """Site and AP nodes for one strategy, and where each client site hangs."""

    def __init__(self, net: NetworkGraph, network: UispNetwork, report: ProblemReport) -> None:
        self.net = net
        self.network = network
        self.report = report
        self.names = UniqueNames(report)
        self.node_ids: set[str] = set()
        self.id_of_name: dict[str, str] = {}

    def add(self, node_id: str, name: str, node_type: NodeType, parent: str, down: float, up: float, kind: str,
            location: Any = None) -> None:
        name = self.names.claim(name, node_id, kind)
        self.net.addRawNode(NetworkNode(id=node_id, displayName=name, parentId=parent, type=node_type,
                                        download=down or None, upload=up or None, networkJsonId=node_id,
                                        latitude=dig(location, "latitude"), longitude=dig(location, "longitude")))
        self.node_ids.add(node_id)
        self.id_of_name[name] = node_id

    def add_towers(self, parents: dict[str, str], root_name: Optional[str]) -> None:
        for site_id, site in self.network.towers.items():
            name = text(dig(site, "identification", "name")) or site_id
            if name == root_name:
                continue
            self.add(site_id, name, NodeType.site, parents.get(site_id, ""), mbps(dig(site, "qos", "downloadSpeed")),
                     mbps(dig(site, "qos", "uploadSpeed")), "site", dig(site, "description", "location"))

    def add_access_points(self, under_sites: bool) -> None:
        for ap_id, device in self.network.access_points.items():
            factor = ap_capacity_factor(device)
            parent = text(dig(device, "identification", "site", "id")) if under_sites else ""
            self.add(ap_id, device_name(device), NodeType.ap, parent, mbps(dig(device, "overview", "downlinkCapacity")) * factor,
                     mbps(dig(device, "overview", "uplinkCapacity")) * factor, "access point")

    def parent_of(self, site: dict, devices: list[dict], exceptions: dict[str, str]) -> str:
        """An exception CPE's named parent, else the AP of one of the site's devices, else the site's UISP parent."""
        for device in devices:
            named = exceptions.get(device_name(device))
            if named:
                if named in self.id_of_name:
                    return self.id_of_name[named]
                self.report.note(f"exception_cpes: parent '{named}' of CPE '{device_name(device)}' is not a node; ignored")
        for device in devices:
            ap = text(dig(device, "attributes", "apDevice", "id"))
            if ap in self.node_ids:
                return ap
        parent = text(dig(site, "identification", "parent", "id"))
        return parent if parent in self.node_ids else ""


def ap_capacity_factor(device: dict) -> float:
    """airmax_capacity for airMAX devices, ltu_capacity for LTU ones, else 1."""
    kind = (text(dig(device, "identification", "type")) + " " + text(dig(device, "identification", "model"))).lower()
    if "airmax" in kind:
        return airmax_capacity()
    if "ltu" in kind:
        return ltu_capacity()
    return 1.0


def exception_map() -> dict[str, str]:
    """{CPE device name: parent node name} from uisp_integration.exception_cpes."""
    return {text(e.cpe): text(e.parent) for e in exception_cpes() if text(e.cpe)}


# -- circuits -------------------------------------------------------------------------------------------------------

def add_clients(net: NetworkGraph, network: UispNetwork, topology: Topology, suspended_strategy: str, report: ProblemReport) -> int:
    """One client per usable client site, one device per addressed device of it; returns how many clients."""
    addresses = AddressRegistry(report, allowed_subnets())
    exceptions = exception_map()
    added = 0
    for site_id, site in network.clients.items():
        name = text(dig(site, "identification", "name")) or site_id
        rates = client_rates(site, suspended_strategy)
        if rates is None and is_suspended(site):
            report.skip("client site", site_id, name, "suspended (suspended_strategy = \"ignore\")", "suspended")
            continue
        if rates is None:
            report.skip("client site", site_id, name, "no QoS download/upload speed; set the client's service plan "
                        "(or the site's QoS) in UISP", "no plan")
            continue
        devices = network.devices_at.get(site_id, [])
        rows = [(d, addresses.accept([device_address(d)], f"client site {site_id} ({name})")) for d in devices]
        rows = [(d, ips) for d, ips in rows if ips]
        if not rows:
            report.skip("client site", site_id, name, f"none of its {len(devices)} devices has a usable IP address; "
                        "check the CPE is authorized in UISP and reports its address", "no IP address")
            continue
        net.addRawNode(NetworkNode(id=site_id, displayName=name, parentId=topology.parent_of(site, devices, exceptions),
                                   type=NodeType.client, download=rates[0], upload=rates[1], customerName=name,
                                   address=text(dig(site, "description", "address")) or name))
        for device, ips in rows:
            ipv4 = [ip for ip in ips if ":" not in ip]
            net.addRawNode(NetworkNode(id=text(dig(device, "identification", "id")), displayName=device_name(device), parentId=site_id,
                                       type=NodeType.device, mac=normalize_mac_colons(text(dig(device, "identification", "mac"))),
                                       ipv4=ipv4, ipv6=[ip for ip in ips if ":" in ip]))
        added += 1
    return added


def client_rates(site: dict, suspended_strategy: str) -> Optional[tuple[float, float]]:
    """(download, upload) Mbps with the configured headroom; None when the site is left out."""
    if is_suspended(site):
        if suspended_strategy == "ignore":
            return None
        if suspended_strategy == "slow":
            return (SLOW_MBPS, SLOW_MBPS)
    down, up = mbps(dig(site, "qos", "downloadSpeed")), mbps(dig(site, "qos", "uploadSpeed"))
    if down <= 0 or up <= 0:
        return None
    return (round(apply_client_bandwidth_multiplier(down), 3), round(apply_client_bandwidth_multiplier(up), 3))


def normalize_mac_colons(mac: str) -> str:
    """aa:bb:cc:dd:ee:ff in upper case, or '' for something that is not a MAC."""
    bare = normalize_mac(mac)
    if len(bare) != 12:
        return ""
    return ":".join(bare[i:i + 2] for i in range(0, 12, 2))


# -- import -------------------------------------------------------------------------------------------------------


def build_graph(api: JsonApi, strategy: str, suspended_strategy: str, report: ProblemReport) -> NetworkGraph:
    print(f"{SOURCE}: strategy {strategy}; fetching sites and devices")
    network = UispNetwork(fetch_sites(api), fetch_devices(api), report)
    net = NetworkGraph()
    topology = Topology(net, network, report)
    if strategy in ("ap_site", "full"):
        root = uisp_site()
        parents = tower_parents_from_links(network, fetch_data_links(api), root, report) if strategy == "full" else {}
        topology.add_towers(parents, root if strategy == "full" else None)
    if strategy != "flat":
        topology.add_access_points(under_sites=strategy != "ap_only")
    added = add_clients(net, network, topology, suspended_strategy, report)
    print(f"{SOURCE}: {len(network.clients)} client sites, {added} circuits, {len(topology.node_ids)} network nodes")
    require_some_imported(SOURCE, len(network.clients), added, "client sites")
    return net


def importFromUISP(api: Optional[JsonApi] = None) -> int:
    """Imports from UISP and writes network.json and ShapedDevices.csv; returns the number of circuits. Raises
    `IntegrationFailed` (files untouched) when the data cannot be trusted."""
    report = ProblemReport(SOURCE)
    strategy = chosen_strategy(SOURCE, uisp_strategy(), STRATEGIES, "ap_only", "uisp_integration.strategy")
    suspended = chosen_strategy(SOURCE, uisp_suspended_strategy(), SUSPENDED_STRATEGIES, "none",
                                "uisp_integration.suspended_strategy")
    net = build_graph(api or uisp_api(), strategy, suspended, report)
    net.prepareTree()
    return write_graph_files(net, report)


if __name__ == "__main__":
    importFromUISP()
