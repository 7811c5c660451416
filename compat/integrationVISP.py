"""integrationVISP: subscribers, services and equipment from VISP (OAuth2 + GraphQL) into network.json and
ShapedDevices.csv.

Run by lqos_scheduler when `visp_integration.enable_visp` is true, or by hand: `python3 integrationVISP.py`.
VISP hands out a bearer token at `token_url` (an OAuth2 password grant: `grant_type=password` with client_id,
client_secret, username and password of an app user) and answers GraphQL at `graphql_url` with
`Authorization: Bearer <token>` (and `X-Tenant-Id` when `tenant_id` is set). `isp_id` picks the ISP; 0 (or unset)
takes the first of the token answer's `isp_ids`. The query names and fields are our reading of VISP's integration
API; docs/compat.md says so.

One circuit per active service (Circuit ID = the service id) whose type is in `service_type_allowlist` (every type
when the list is empty), named after its subscriber, at its package's speeds (kbit/s in VISP); its equipment with an
address are its devices. A service without addressed equipment takes the addresses of its online session when
`online_users_domain` is set. Where circuits hang depends on `visp_strategy()` (`topology.compile_mode`, else
`visp_integration.strategy`):

- flat: no network nodes; every circuit goes to a generated parent node.
- ap_only: one node per access point some equipment connects through; circuits under it.
- ap_site, full: the access points' sites at the top, their access points below them (VISP has no site nesting).
"""
from __future__ import annotations

import time
from typing import Any, Callable, Optional

from integrationCommon import NetworkGraph, NetworkNode, NodeType
from integrationUtils import (AddressRegistry, IntegrationFailed, JsonApi, ProblemReport, UniqueNames, chosen_strategy, graphql,
                              require_some_imported, write_graph_files)
from liblqos_python import (allowed_subnets, visp_client_id, visp_client_secret, visp_graphql_url, visp_isp_id, visp_online_users_domain,
                            visp_password, visp_service_type_allowlist, visp_strategy, visp_tenant_id, visp_timeout_secs,
                            visp_token_url, visp_username, visp_verify_tls)

SOURCE = "VISP"
STRATEGIES = ("flat", "ap_only", "ap_site", "full")
DEFAULT_NODE_MBPS = 10_000
PAGE_SIZE = 100

SUBSCRIBERS_QUERY = """query subscribers($ispId: Int!, $page: Int!, $pageSize: Int!) {
  subscribers(ispId: $ispId, page: $page, pageSize: $pageSize) {
    totalCount
    items {
      subscriberId firstName lastName companyName status
      serviceAddress { line1 city }
      services {
        serviceId serviceType status username
        package { packageId name downloadKbps uploadKbps }
        equipment { equipmentId name macAddress ipAddress ipv6Prefix
                    accessPoint { equipmentId name site { siteId name } } }
      }
    }
  }
}"""

ONLINE_USERS_QUERY = """query onlineUsers($ispId: Int!, $domain: String!) {
  onlineUsers(ispId: $ispId, domain: $domain) { username ipAddress ipv6Prefix macAddress }
}"""


# -- API ----------------------------------------------------------------------------------------------------------

class VispClient:
    """A token from `token_url`, then GraphQL at `graphql_url`, both with the configured timeout and TLS check."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep, backoff_seconds: float = 1.0) -> None:
        self.sleep = sleep
        self.backoff_seconds = backoff_seconds
        self.isp_id = visp_isp_id()
        self.api: Optional[JsonApi] = None

    def _api(self, url: str, headers: Optional[dict[str, str]] = None) -> JsonApi:
        return JsonApi(SOURCE, url, headers, timeout_seconds=visp_timeout_secs(), verify_tls=visp_verify_tls(),
                       sleep=self.sleep, backoff_seconds=self.backoff_seconds)

    def sign_in(self) -> None:
        """Gets a bearer token (password grant) and the ISP id; IntegrationFailed when VISP refuses."""
        answer = self._api(visp_token_url()).post_form("", {"grant_type": "password", "client_id": visp_client_id(),
                                                             "client_secret": visp_client_secret(), "username": visp_username(),
                                                             "password": visp_password()})
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not token:
            error = answer.get("error_description") or answer.get("error") if isinstance(answer, dict) else None
            raise IntegrationFailed(f"{SOURCE}: {visp_token_url()} gave no access_token ({error or 'no reason given'}). "
                                    "Check client_id, client_secret, username and password in /etc/lqos.conf.")
        if not self.isp_id:
            isp_ids = answer.get("isp_ids") or []
            if not isp_ids:
                raise IntegrationFailed(f"{SOURCE}: isp_id is not set and the token answer lists no isp_ids; "
                                        "set visp_integration.isp_id in /etc/lqos.conf")
            self.isp_id = int(isp_ids[0])
        headers = {"Authorization": f"Bearer {token}"}
        if visp_tenant_id():
            headers["X-Tenant-Id"] = visp_tenant_id()
        self.api = self._api(visp_graphql_url(), headers)

    def query(self, text: str, variables: dict[str, Any]) -> dict:
        if self.api is None:
            self.sign_in()
        return graphql(self.api, "", text, {"ispId": self.isp_id, **variables})

    def subscribers(self) -> list:
        """Every subscriber, PAGE_SIZE a page, until a short page or totalCount."""
        records: list = []
        page = 1
        while True:
            listing = self.query(SUBSCRIBERS_QUERY, {"page": page, "pageSize": PAGE_SIZE}).get("subscribers")
            if not isinstance(listing, dict) or not isinstance(listing.get("items"), list):
                raise IntegrationFailed(f"{SOURCE}: the answer for subscribers (page {page}) has no 'items' list; "
                                        "check the app user's permissions and VISP's version")
            records.extend(listing["items"])
            total = listing.get("totalCount")
            if len(listing["items"]) < PAGE_SIZE or (isinstance(total, int) and len(records) >= total):
                return records
            page += 1

    def online_users(self, domain: str, report: ProblemReport) -> list:
        """Online sessions of `domain`. They only fill in addresses, so a failure is reported and the import goes on."""
        try:
            users = self.query(ONLINE_USERS_QUERY, {"domain": domain}).get("onlineUsers")
        except IntegrationFailed as e:
            report.note(f"online users not used: {e}")
            return []
        return [u for u in users if isinstance(u, dict)] if isinstance(users, list) else []


def visp_client(sleep: Callable[[float], None] = time.sleep, backoff_seconds: float = 1.0) -> VispClient:
    return VispClient(sleep, backoff_seconds)


# -- records ------------------------------------------------------------------------------------------------------

def text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def subscriber_name(subscriber: dict) -> str:
    person = " ".join(p for p in (text(subscriber.get("firstName")), text(subscriber.get("lastName"))) if p)
    return text(subscriber.get("companyName")) or person or f"Subscriber {text(subscriber.get('subscriberId'))}"


def package_rates(service: dict) -> Optional[tuple[float, float]]:
    package = service.get("package")
    if not isinstance(package, dict):
        return None
    try:
        down, up = float(package["downloadKbps"]) / 1000, float(package["uploadKbps"]) / 1000
    except (KeyError, TypeError, ValueError):
        return None
    return (round(down, 3), round(up, 3)) if down > 0 and up > 0 else None


def is_active(record: dict) -> bool:
    return text(record.get("status")).lower() in ("active", "")


class Topology:
    """AP (and site) nodes, made as equipment names them."""

    def __init__(self, net: NetworkGraph, strategy: str, report: ProblemReport) -> None:
        self.net = net
        self.strategy = strategy
        self.names = UniqueNames(report)
        self.nodes: set[str] = set()

    def _add(self, node_id: str, name: str, node_type: NodeType, parent: str, record_id: str, kind: str) -> None:
        if node_id not in self.nodes:
            self.nodes.add(node_id)
            self.net.addRawNode(NetworkNode(id=node_id, displayName=self.names.claim(name, record_id, kind), parentId=parent,
                                            type=node_type, download=DEFAULT_NODE_MBPS, upload=DEFAULT_NODE_MBPS,
                                            networkJsonId=f"visp:{node_id}"))

    def parent_of(self, equipment: list[dict]) -> str:
        """The node of the first access point the service's equipment connects through ("" for flat or none)."""
        if self.strategy == "flat":
            return ""
        for item in equipment:
            ap = item.get("accessPoint")
            ap_id = text(ap.get("equipmentId")) if isinstance(ap, dict) else ""
            if not ap_id:
                continue
            site = ap.get("site") if isinstance(ap.get("site"), dict) else {}
            site_parent = ""
            if self.strategy != "ap_only" and text(site.get("siteId")):
                site_parent = f"site-{text(site['siteId'])}"
                self._add(site_parent, text(site.get("name")) or f"Site {text(site['siteId'])}", NodeType.site, "",
                          text(site["siteId"]), "site")
            self._add(f"ap-{ap_id}", text(ap.get("name")) or f"AP {ap_id}", NodeType.ap, site_parent, ap_id, "access point")
            return f"ap-{ap_id}"
        return ""


# -- import -------------------------------------------------------------------------------------------------------

def online_addresses(users: list) -> dict[str, tuple[list[str], str]]:
    """{username (lower case): ([addresses], mac)} of the online sessions."""
    return {text(u.get("username")).lower(): ([a for a in (text(u.get("ipAddress")), text(u.get("ipv6Prefix"))) if a],
                                             text(u.get("macAddress")))
            for u in users if text(u.get("username"))}


def add_subscribers(net: NetworkGraph, subscribers: list, online: dict[str, tuple[list[str], str]], topology: Topology,
                    report: ProblemReport) -> tuple[int, int]:
    """One client per usable active service; returns (services considered, circuits added)."""
    allowed_types = {t.strip().lower() for t in visp_service_type_allowlist() if t.strip()}
    addresses = AddressRegistry(report, allowed_subnets())
    seen: set[str] = set()
    considered = added = 0
    for subscriber in subscribers:
        if not isinstance(subscriber, dict):
            report.skip("subscriber", "?", None, f"the record is a {type(subscriber).__name__}, not an object", "malformed record")
            continue
        if not is_active(subscriber):
            continue
        name = subscriber_name(subscriber)
        for service in subscriber.get("services") or []:
            if not isinstance(service, dict) or not is_active(service):
                continue
            if allowed_types and text(service.get("serviceType")).lower() not in allowed_types:
                continue
            considered += 1
            service_id = text(service.get("serviceId"))
            rates = package_rates(service)
            if not service_id:
                report.skip("service", "?", name, "the record has no serviceId", "missing field")
            elif service_id in seen:
                report.skip("service", service_id, name, "listed twice; the first record is used", "duplicate service")
            elif rates is None:
                report.skip("service", service_id, name, "no package with downloadKbps and uploadKbps above zero; assign a "
                            "package in VISP", "no plan")
            else:
                seen.add(service_id)
                added += add_service(net, subscriber, service, service_id, name, rates, online, topology, addresses, report)
    return considered, added


def add_service(net: NetworkGraph, subscriber: dict, service: dict, service_id: str, name: str, rates: tuple[float, float],
                online: dict[str, tuple[list[str], str]], topology: Topology, addresses: AddressRegistry, report: ProblemReport) -> int:
    circuit = f"service {service_id} ({name})"
    equipment = [e for e in service.get("equipment") or [] if isinstance(e, dict)]
    devices: list[NetworkNode] = []
    for n, item in enumerate(equipment, start=1):
        accepted = addresses.accept([item.get("ipAddress"), item.get("ipv6Prefix")], circuit)
        if accepted:
            devices.append(NetworkNode(id=f"{service_id}-{text(item.get('equipmentId')) or n}", parentId=service_id,
                                       displayName=text(item.get("name")) or f"{name} device {n}", type=NodeType.device,
                                       mac=text(item.get("macAddress")), ipv4=[a for a in accepted if ":" not in a],
                                       ipv6=[a for a in accepted if ":" in a]))
    session = online.get(text(service.get("username")).lower())
    if not devices and session:
        accepted = addresses.accept(session[0], circuit)
        if accepted:
            devices.append(NetworkNode(id=f"{service_id}-online", displayName=text(service.get("username")), parentId=service_id,
                                       type=NodeType.device, mac=session[1],
                                       ipv4=[a for a in accepted if ":" not in a], ipv6=[a for a in accepted if ":" in a]))
    if not devices:
        report.skip("service", service_id, name, "no equipment with a usable IP address and no online session; set the "
                    "equipment's IP in VISP", "no IP address")
        return 0
    address = subscriber.get("serviceAddress") if isinstance(subscriber.get("serviceAddress"), dict) else {}
    street = ", ".join(p for p in (text(address.get("line1")), text(address.get("city"))) if p)
    net.addRawNode(NetworkNode(id=service_id, displayName=name, parentId=topology.parent_of(equipment), type=NodeType.client,
                               download=rates[0], upload=rates[1], customerName=name, address=street or name))
    for device in devices:
        net.addRawNode(device)
    return 1


def build_graph(client: VispClient, strategy: str, report: ProblemReport) -> NetworkGraph:
    print(f"{SOURCE}: strategy {strategy}; signing in and fetching subscribers")
    subscribers = client.subscribers()
    domain = visp_online_users_domain()
    online = online_addresses(client.online_users(domain, report)) if domain else {}
    net = NetworkGraph()
    topology = Topology(net, strategy, report)
    considered, added = add_subscribers(net, subscribers, online, topology, report)
    print(f"{SOURCE}: {len(subscribers)} subscribers, {considered} active services, {added} circuits, {len(topology.nodes)} network nodes")
    require_some_imported(SOURCE, considered, added, "active services")
    return net


def importFromVISP(client: Optional[VispClient] = None) -> int:
    """Imports from VISP and writes network.json and ShapedDevices.csv; returns the number of circuits. Raises
    `IntegrationFailed` (files untouched) when the data cannot be trusted."""
    report = ProblemReport(SOURCE)
    strategy = chosen_strategy(SOURCE, visp_strategy(), STRATEGIES, "flat", "visp_integration.strategy")
    net = build_graph(client or visp_client(), strategy, report)
    net.prepareTree()
    return write_graph_files(net, report)


if __name__ == "__main__":
    importFromVISP()
