"""integrationPowercode: active customers, their equipment and internet services from Powercode into ShapedDevices.csv.

Run by lqos_scheduler when `powercode_integration.enable_powercode` is true, or by hand: `python3 integrationPowercode.py`.
Powercode's APIs listen on port 444 of the Powercode server and take the API key (Settings → API keys) as the
`apiKey` form field of a POST; `powercode_api_url` is the server's address (port 444 is added unless the URL names a port).

One circuit per active customer (Circuit ID = the customer id; id 1, Powercode's own company account, is never
imported), named after the customer (or the company, or the id). Its rows are its equipment of type "Router",
"Managed Routers" or "Customer Owned Equipment" whose service is an internet service of the customer; the circuit's
rate is the sum of those services' maxIn / maxOut (kbit/s in Powercode). The APIs carry no topology, so every circuit
goes to a generated parent node and network.json is written empty (flat).
"""
from __future__ import annotations

import urllib.parse
from typing import Any, Optional

from integrationCommon import NetworkGraph, NetworkNode, NodeType
from integrationUtils import AddressRegistry, FormPostApi, IntegrationFailed, ProblemReport, require_some_imported, write_graph_files
from liblqos_python import allowed_subnets, powercode_api_key, powercode_api_url

SOURCE = "Powercode"
POWERCODE_API_PORT = 444
SHAPED_EQUIPMENT_TYPES = ("Router", "Managed Routers", "Customer Owned Equipment")
COMPANY_ACCOUNT_ID = "1"


# -- API ----------------------------------------------------------------------------------------------------------

def api_base(url: str) -> str:
    """The configured address with Powercode's API port 444 added when it names no port."""
    url = url.strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.hostname and parts.port is None:
        url = urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.netloc}:{POWERCODE_API_PORT}"))
    return url


def powercode_api() -> FormPostApi:
    """Powercode's APIs under `<url>:444/api/`. Powercode usually runs with a self-signed certificate, so TLS
    certificates are not verified (as upstream)."""
    return FormPostApi(SOURCE, api_base(powercode_api_url() or "") + "/api/", timeout_seconds=60, verify_tls=False)


def fetch_customers(api: FormPostApi) -> list:
    """POST api/preseem/index.php action=list_customers: every customer (id, name, company_name, status) with its
    equipment (id, name, type, service_id, ip_address, mac_address)."""
    return api.post_form_list("preseem/index.php", {"apiKey": powercode_api_key(), "action": "list_customers"})


def fetch_customer_services(api: FormPostApi, customer_id: str) -> list:
    """POST api/1/index.php action=readCustomerService customerID=<id>: {"services": [...]}; internet services carry
    internetInfo.maxIn / maxOut in kbit/s."""
    data = api.post_form("1/index.php", {"apiKey": powercode_api_key(), "action": "readCustomerService", "customerID": customer_id})
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise IntegrationFailed(f"{SOURCE}: readCustomerService for customer {customer_id} has no 'services' list")
    return data["services"]


# -- records ------------------------------------------------------------------------------------------------------

def key(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def customer_name(customer: dict) -> str:
    return key(customer.get("name")) or key(customer.get("company_name")) or key(customer.get("id"))


def internet_rates(services: list, report: ProblemReport, customer_id: str, name: str) -> dict[str, tuple[float, float]]:
    """{service id: (download Mbps, upload Mbps)} of the customer's internet services (those with internetInfo)."""
    rates: dict[str, tuple[float, float]] = {}
    for service in services:
        if not isinstance(service, dict) or "internetInfo" not in service:
            continue
        service_id = key(service.get("serviceID"))
        info = service.get("internetInfo") or {}
        try:
            down, up = float(info["maxIn"]) / 1000, float(info["maxOut"]) / 1000
        except (KeyError, TypeError, ValueError):
            report.skip("service", service_id or "?", name, f"customer {customer_id}'s internet service has no usable maxIn/maxOut; "
                        "set the service's speeds in Powercode", "service without speeds")
            continue
        if not service_id or down <= 0 or up <= 0:
            report.skip("service", service_id or "?", name, f"customer {customer_id}'s internet service has no id or a zero speed",
                        "service without speeds")
            continue
        rates[service_id] = (round(down, 3), round(up, 3))
    return rates


def active_customers(customers: list, report: ProblemReport) -> list[dict]:
    """Active customers with a usable id, once each."""
    chosen: list[dict] = []
    seen: set[str] = set()
    for customer in customers:
        if not isinstance(customer, dict):
            report.skip("customer", "?", None, f"the record is a {type(customer).__name__}, not an object", "malformed record")
            continue
        customer_id = key(customer.get("id"))
        if key(customer.get("status")) != "Active" or customer_id == COMPANY_ACCOUNT_ID:
            continue
        if not customer_id.isdigit() or customer_id == "0":
            report.skip("customer", customer_id or "?", customer.get("name"), "the record has no usable id", "missing field")
        elif customer_id in seen:
            report.skip("customer", customer_id, customer.get("name"), "listed twice; the first record is used", "duplicate customer")
        else:
            seen.add(customer_id)
            chosen.append(customer)
    return chosen


def add_customer(net: NetworkGraph, api: FormPostApi, customer: dict, addresses: AddressRegistry, report: ProblemReport) -> int:
    """One circuit for the customer with its shaped equipment; returns 1 when added."""
    customer_id, name = key(customer["id"]), customer_name(customer)
    equipment = [e for e in customer.get("equipment") or [] if isinstance(e, dict) and key(e.get("type")) in SHAPED_EQUIPMENT_TYPES]
    if not equipment:
        report.skip("customer", customer_id, name, "no equipment of type Router, Managed Routers or Customer Owned Equipment",
                    "no equipment")
        return 0
    try:
        rates = internet_rates(fetch_customer_services(api, customer_id), report, customer_id, name)
    except IntegrationFailed as e:
        report.skip("customer", customer_id, name, f"its services could not be read ({e})", "services unreadable")
        return 0
    circuit = f"customer {customer_id} ({name})"
    devices: list[NetworkNode] = []
    services_used: set[str] = set()
    for item in equipment:
        equipment_id, service_id = key(item.get("id")), key(item.get("service_id"))
        if service_id not in rates:
            report.note(f"{circuit}: equipment {equipment_id} ({key(item.get('name'))}) is on service '{service_id}', which is not "
                        "one of the customer's internet services with speeds; left out")
            continue
        ipv4 = addresses.accept([item.get("ip_address")], circuit)
        if not ipv4:
            report.note(f"{circuit}: equipment {equipment_id} ({key(item.get('name'))}) has no usable IP address; left out")
            continue
        services_used.add(service_id)
        devices.append(NetworkNode(id=f"c_{customer_id}_d_{equipment_id}", displayName=key(item.get("name")) or equipment_id,
                                   parentId=customer_id, type=NodeType.device, mac=key(item.get("mac_address")), ipv4=ipv4))
    if not devices:
        reason, summary = (("no equipment on an internet service with speeds; assign a plan in Powercode", "no plan")
                           if not any(key(e.get("service_id")) in rates for e in equipment)
                           else ("no equipment with a usable IP address", "no IP address"))
        report.skip("customer", customer_id, name, reason, summary)
        return 0
    down = round(sum(rates[s][0] for s in services_used), 3)
    up = round(sum(rates[s][1] for s in services_used), 3)
    net.addRawNode(NetworkNode(id=customer_id, displayName=name, type=NodeType.client, download=down, upload=up,
                               customerName=name, address=name))
    for device in devices:
        net.addRawNode(device)
    return 1


def build_graph(api: FormPostApi, report: ProblemReport) -> NetworkGraph:
    print(f"{SOURCE}: fetching customers")
    customers = active_customers(fetch_customers(api), report)
    net = NetworkGraph()
    addresses = AddressRegistry(report, allowed_subnets())
    added = sum(add_customer(net, api, customer, addresses, report) for customer in customers)
    print(f"{SOURCE}: {len(customers)} active customers, {added} circuits")
    require_some_imported(SOURCE, len(customers), added, "active customers")
    return net


def importFromPowercode(api: Optional[FormPostApi] = None) -> int:
    """Imports from Powercode and writes network.json (flat) and ShapedDevices.csv; returns the number of circuits.
    Raises `IntegrationFailed` (files untouched) when the data cannot be trusted."""
    report = ProblemReport(SOURCE)
    net = build_graph(api or powercode_api(), report)
    net.prepareTree()
    return write_graph_files(net, report)


if __name__ == "__main__":
    importFromPowercode()
