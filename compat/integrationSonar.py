"""integrationSonar: accounts, data services and network sites from Sonar (GraphQL API) into network.json and
ShapedDevices.csv.

Run by lqos_scheduler when `sonar_integration.enable_sonar` is true, or by hand: `python3 integrationSonar.py`.
Sonar answers GraphQL at `sonar_api_url` (https://<instance>.sonar.software/api/graphql) with
`Authorization: Bearer <sonar_api_key>` (a personal access token that may read accounts, network sites and inventory).
Listings page with `paginator: {page, records_per_page}` until `page_info.total_pages`.

One circuit per account whose status is active (its `account_status_id` is in `active_status_ids`, or, when that list
is empty, its status `activates_account`); Circuit ID = the account id. Its rate is the sum of its data services'
`data_service_detail` speeds (kbit/s in Sonar), plus the speed `recurring_service_rates` gives each of its recurring
services by name (`recurring_excluded_service_names` never count). Its devices are the inventory items at its
addresses with IP assignments.

Access points are the inventory items of network sites whose model is in `airmax_model_ids` or `ltu_model_ids`.
Sonar keeps no record of which AP a CPE talks to (upstream asked each AP over SNMP); here a circuit hangs from the AP
whose own IP assignments include a subnet holding the circuit's address (the AP's routed customer subnet). Where
nodes go depends on `sonar_strategy()` (`topology.compile_mode`, else full):

- flat: no network nodes; every circuit goes to a generated parent node.
- ap_only: the access points at the top.
- ap_site, full: network sites at the top, their access points below them.
"""
from __future__ import annotations

import ipaddress
from typing import Any, Optional

from integrationCommon import NetworkGraph, NetworkNode, NodeType
from integrationUtils import (AddressRegistry, IntegrationFailed, JsonApi, ProblemReport, UniqueNames, chosen_strategy, graphql,
                              require_some_imported, write_graph_files)
from liblqos_python import (allowed_subnets, sonar_active_status_ids, sonar_airmax_ap_model_ids, sonar_api_key, sonar_api_url,
                            sonar_ltu_ap_model_ids, sonar_recurring_excluded_service_names, sonar_recurring_service_rates,
                            sonar_strategy)

SOURCE = "Sonar"
STRATEGIES = ("flat", "ap_only", "ap_site", "full")
DEFAULT_NODE_MBPS = 10_000
PAGE_SIZE = 100

IP_ASSIGNMENTS = "ip_assignments { entities { subnet } }"
INVENTORY = f"inventory_items {{ entities {{ id inventory_model_id inventory_model {{ name }} {IP_ASSIGNMENTS} }} }}"
PAGE_INFO = "page_info { page records_per_page total_count total_pages }"

ACCOUNTS_QUERY = f"""query accounts($paginator: Paginator) {{
  accounts(paginator: $paginator) {{
    {PAGE_INFO}
    entities {{
      id name account_status_id account_status {{ id name activates_account }}
      account_services {{ entities {{ id quantity service {{ id name type
        data_service_detail {{ download_speed_kilobits_per_second upload_speed_kilobits_per_second }} }} }} }}
      addresses {{ entities {{ id line1 city subdivision zip latitude longitude {INVENTORY} }} }}
    }}
  }}
}}"""

NETWORK_SITES_QUERY = f"""query network_sites($paginator: Paginator) {{
  network_sites(paginator: $paginator) {{
    {PAGE_INFO}
    entities {{ id name latitude longitude {INVENTORY} }}
  }}
}}"""


# -- API ----------------------------------------------------------------------------------------------------------

def sonar_api() -> JsonApi:
    """Sonar's GraphQL endpoint (the configured URL itself), Bearer-authenticated."""
    return JsonApi(SOURCE, sonar_api_url(), {"Authorization": f"Bearer {sonar_api_key()}"}, timeout_seconds=120)


def fetch_paged(api: JsonApi, query: str, root: str) -> list:
    """Every entity of the `root` listing, PAGE_SIZE a page, up to page_info.total_pages."""
    entities: list = []
    page = 1
    while True:
        listing = graphql(api, "", query, {"paginator": {"page": page, "records_per_page": PAGE_SIZE}}).get(root)
        if not isinstance(listing, dict) or not isinstance(listing.get("entities"), list):
            raise IntegrationFailed(f"{SOURCE}: the answer for {root} (page {page}) has no 'entities' list; "
                                    "check the API key's permissions and Sonar's version")
        entities.extend(listing["entities"])
        try:
            total_pages = int((listing.get("page_info") or {})["total_pages"])
        except (KeyError, TypeError, ValueError):
            raise IntegrationFailed(f"{SOURCE}: the answer for {root} (page {page}) has no page_info.total_pages") from None
        if page >= total_pages or not listing["entities"]:
            return entities
        page += 1


# -- records ------------------------------------------------------------------------------------------------------

def text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def entities(record: Any, relation: str) -> list:
    """record[relation].entities, [] where missing."""
    listing = record.get(relation) if isinstance(record, dict) else None
    found = listing.get("entities") if isinstance(listing, dict) else None
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def subnets(item: dict) -> list[str]:
    return [text(a.get("subnet")) for a in entities(item, "ip_assignments") if text(a.get("subnet"))]


def is_active(account: dict, active_ids: set[str]) -> bool:
    if active_ids:
        return text(account.get("account_status_id")) in active_ids
    return bool((account.get("account_status") or {}).get("activates_account"))


class RateRules:
    """What each of an account's services adds to its rate."""

    def __init__(self) -> None:
        self.recurring = {name.lower(): (down, up) for enabled, name, down, up in sonar_recurring_service_rates() if enabled}
        self.excluded = {name.lower() for name in sonar_recurring_excluded_service_names()}

    def account_rates(self, account: dict) -> Optional[tuple[float, float]]:
        """(download, upload) Mbps of the data services plus configured recurring services; None without a data service."""
        down = up = 0.0
        has_data_service = False
        for account_service in entities(account, "account_services"):
            service = account_service.get("service") or {}
            name = text(service.get("name")).lower()
            detail = service.get("data_service_detail")
            if text(service.get("type")).upper() == "DATA" and isinstance(detail, dict):
                try:
                    service_down = float(detail["download_speed_kilobits_per_second"]) / 1000
                    service_up = float(detail["upload_speed_kilobits_per_second"]) / 1000
                except (KeyError, TypeError, ValueError):
                    continue
                if service_down > 0 and service_up > 0:
                    has_data_service = True
                    down, up = down + service_down, up + service_up
            elif name in self.recurring and name not in self.excluded:
                down, up = down + self.recurring[name][0], up + self.recurring[name][1]
        return (round(down, 3), round(up, 3)) if has_data_service else None


# -- topology -----------------------------------------------------------------------------------------------------

class Topology:
    """Site and AP nodes for one strategy, and which AP serves an address."""

    def __init__(self, net: NetworkGraph, report: ProblemReport) -> None:
        self.net = net
        self.report = report
        self.names = UniqueNames(report)
        self.served: list[tuple[Any, str]] = []  # (customer subnet, AP node id)

    def add(self, node_id: str, name: str, node_type: NodeType, parent: str, kind: str, record_id: str, record: dict) -> None:
        self.net.addRawNode(NetworkNode(id=node_id, displayName=self.names.claim(name, record_id, kind), parentId=parent,
                                        type=node_type, download=DEFAULT_NODE_MBPS, upload=DEFAULT_NODE_MBPS,
                                        networkJsonId=f"sonar:{node_id}", latitude=_float(record.get("latitude")),
                                        longitude=_float(record.get("longitude"))))

    def add_sites(self, sites: list, ap_models: set[str], with_sites: bool) -> None:
        for site in sites:
            site_id = text(site.get("id")) if isinstance(site, dict) else ""
            if not site_id:
                self.report.skip("network site", "?", None, "the record has no id", "missing field")
                continue
            if with_sites:
                self.add(f"site-{site_id}", text(site.get("name")) or f"Site {site_id}", NodeType.site, "", "network site", site_id, site)
            for item in entities(site, "inventory_items"):
                if text(item.get("inventory_model_id")) in ap_models and text(item.get("id")):
                    self.add_access_point(item, f"site-{site_id}" if with_sites else "", text(site.get("name")))

    def add_access_point(self, item: dict, parent: str, site_name: str) -> None:
        item_id = text(item.get("id"))
        model = text((item.get("inventory_model") or {}).get("name")) or "AP"
        node_id = f"ap-{item_id}"
        self.add(node_id, f"{site_name} {model} {item_id}".strip(), NodeType.ap, parent, "access point", item_id, item)
        for subnet in subnets(item):
            try:
                network = ipaddress.ip_network(subnet, strict=False)
            except ValueError:
                self.report.note(f"access point {item_id}: IP assignment '{subnet}' is not a subnet; ignored")
                continue
            if network.prefixlen < network.max_prefixlen:
                self.served.append((network, node_id))

    def parent_of(self, addresses: list[str]) -> str:
        """The AP whose customer subnet holds one of the addresses ("" when none does)."""
        for address in addresses:
            network = ipaddress.ip_network(address, strict=False)
            for served, node_id in self.served:
                if network.version == served.version and network.subnet_of(served):
                    return node_id
        return ""


def _float(value: Any) -> Optional[float]:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# -- import -------------------------------------------------------------------------------------------------------

def add_accounts(net: NetworkGraph, accounts: list, topology: Topology, report: ProblemReport) -> tuple[int, int]:
    """One client per usable active account, one device per addressed inventory item; returns (active, added)."""
    active_ids = set(sonar_active_status_ids())
    rules = RateRules()
    addresses = AddressRegistry(report, allowed_subnets())
    seen: set[str] = set()
    active = added = 0
    for account in accounts:
        if not isinstance(account, dict):
            report.skip("account", "?", None, f"the record is a {type(account).__name__}, not an object", "malformed record")
            continue
        if not is_active(account, active_ids):
            continue
        active += 1
        account_id, name = text(account.get("id")), text(account.get("name"))
        rates = rules.account_rates(account)
        if not account_id:
            report.skip("account", "?", name, "the record has no id", "missing field")
        elif account_id in seen:
            report.skip("account", account_id, name, "listed twice; the first record is used", "duplicate account")
        elif rates is None:
            report.skip("account", account_id, name, "no data service with download and upload speeds; add a data service "
                        "to the account in Sonar", "no plan")
        else:
            seen.add(account_id)
            added += add_account(net, account, account_id, name or f"Account {account_id}", rates, topology, addresses, report)
    return active, added


def add_account(net: NetworkGraph, account: dict, account_id: str, name: str, rates: tuple[float, float], topology: Topology,
                addresses: AddressRegistry, report: ProblemReport) -> int:
    circuit = f"account {account_id} ({name})"
    devices: list[NetworkNode] = []
    street = ""
    for address in entities(account, "addresses"):
        street = street or ", ".join(p for p in (text(address.get("line1")), text(address.get("city"))) if p)
        for item in entities(address, "inventory_items"):
            accepted = addresses.accept(subnets(item), circuit)
            if accepted:
                model = text((item.get("inventory_model") or {}).get("name")) or "device"
                devices.append(NetworkNode(id=f"{account_id}-{text(item.get('id'))}", displayName=f"{model} {text(item.get('id'))}",
                                           parentId=account_id, type=NodeType.device,
                                           ipv4=[a for a in accepted if ":" not in a], ipv6=[a for a in accepted if ":" in a]))
    if not devices:
        report.skip("account", account_id, name, "no inventory item with a usable IP assignment at its addresses; assign the "
                    "CPE an IP in Sonar", "no IP address")
        return 0
    parent = topology.parent_of([ip for d in devices for ip in d.ipv4 + d.ipv6])
    net.addRawNode(NetworkNode(id=account_id, displayName=name, parentId=parent, type=NodeType.client, download=rates[0],
                               upload=rates[1], customerName=name, address=street or name))
    for device in devices:
        net.addRawNode(device)
    return 1


def build_graph(api: JsonApi, strategy: str, report: ProblemReport) -> NetworkGraph:
    print(f"{SOURCE}: strategy {strategy}; fetching accounts")
    accounts = fetch_paged(api, ACCOUNTS_QUERY, "accounts")
    net = NetworkGraph()
    topology = Topology(net, report)
    if strategy != "flat":
        ap_models = set(sonar_airmax_ap_model_ids()) | set(sonar_ltu_ap_model_ids())
        topology.add_sites(fetch_paged(api, NETWORK_SITES_QUERY, "network_sites"), ap_models, with_sites=strategy != "ap_only")
    active, added = add_accounts(net, accounts, topology, report)
    print(f"{SOURCE}: {len(accounts)} accounts, {active} active, {added} circuits, {len(topology.names.taken)} network nodes")
    require_some_imported(SOURCE, active, added, "active accounts")
    return net


def importFromSonar(api: Optional[JsonApi] = None) -> int:
    """Imports from Sonar and writes network.json and ShapedDevices.csv; returns the number of circuits. Raises
    `IntegrationFailed` (files untouched) when the data cannot be trusted."""
    report = ProblemReport(SOURCE)
    strategy = chosen_strategy(SOURCE, sonar_strategy(), STRATEGIES, "full", "topology.compile_mode")
    net = build_graph(api or sonar_api(), strategy, report)
    net.prepareTree()
    return write_graph_files(net, report)


if __name__ == "__main__":
    importFromSonar()
