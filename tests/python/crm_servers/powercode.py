"""A Powercode account behind its two APIs (POSTed forms on port 444, here an ephemeral port): 4 sites with 3 access
points each (named in the equipment's CPE records, which Powercode's APIs do not link), 240 active customers each
with a router on an internet service and a CPE radio, plus Powercode's own company account (id 1), 6 inactive
customers and 3 customers with a second router (one of them on a second internet service)."""
from __future__ import annotations

import json
import urllib.parse
from typing import Any

from . import Broken, FormCrmServer

API_KEY = "pc-7d2e91b4"
SITES = ["Hilltop", "Riverside", "Quarry", "Airport"]
APS_PER_SITE = 3
CUSTOMERS = 240
INACTIVE = 6
SECOND_ROUTER = (10, 20, 30)      # customer indexes with a second router; 30's is on its own second service
PLANS = [(25000, 5000), (50000, 10000), (100000, 20000), (250000, 25000)]  # maxIn, maxOut in kbit/s
FIRST = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gil", "Hal", "Ike", "Joy"]
LAST = ["Baker", "Chen", "Diaz", "Evans", "Ford", "Gray", "Hill", "Ito", "Jones", "King", "Lopez", "Moss"]


def customer_id(i: int) -> str:
    return str(2001 + i)


def ap_name(i: int) -> str:
    return f"{SITES[i % len(SITES)]} AP{(i // len(SITES)) % APS_PER_SITE + 1}"


def router_ip(i: int) -> str:
    return f"100.72.{i // 200}.{i % 200 + 10}"


def customers() -> list[dict]:
    result: list[dict] = [{"id": "1", "name": "", "company_name": "Example Wireless", "status": "Active", "equipment": []}]
    for i in range(CUSTOMERS + INACTIVE):
        cid = customer_id(i)
        company = i % 17 == 5
        equipment = [
            {"id": str(50000 + 2 * i), "name": f"Router {cid}", "type": "Router", "service_id": str(70000 + i),
             "ip_address": router_ip(i), "mac_address": f"E4:8D:8C:{i // 256:02X}:{i % 256:02X}:10", "access_point": ""},
            {"id": str(50001 + 2 * i), "name": f"CPE {cid}", "type": "CPE", "service_id": str(70000 + i),
             "ip_address": f"10.20.{i // 200}.{i % 200 + 10}", "mac_address": f"24:5A:4C:{i // 256:02X}:{i % 256:02X}:20",
             "access_point": ap_name(i)},
        ]
        if i in SECOND_ROUTER:
            equipment.append({"id": str(60000 + i), "name": f"Office router {cid}", "type": "Managed Routers",
                              "service_id": str(80000 + i if i == 30 else 70000 + i), "ip_address": f"100.73.0.{i}",
                              "mac_address": f"E4:8D:8C:FF:00:{i:02X}", "access_point": ""})
        result.append({"id": cid, "name": "" if company else f"{FIRST[i % 10]} {LAST[(i // 10) % 12]}",
                       "company_name": f"Business {cid} LLC" if company else "",
                       "status": "Active" if i < CUSTOMERS else "Inactive", "email": f"c{cid}@example.org",
                       "address": f"{i + 1} County Rd", "equipment": equipment})
    return result


def services_of(i: int) -> list[dict]:
    down, up = PLANS[i % len(PLANS)]
    services = [{"serviceID": str(70000 + i), "description": f"Internet {down // 1000}M", "status": "Active",
                 "internetInfo": {"maxIn": str(down), "maxOut": str(up), "burstIn": "0", "burstOut": "0"}},
                {"serviceID": str(90000 + i), "description": "Equipment rental", "status": "Active", "price": "5.00"}]
    if i == 30:
        services.append({"serviceID": str(80000 + i), "description": "Internet 10M office", "status": "Active",
                         "internetInfo": {"maxIn": "10000", "maxOut": "2000"}})
    return services


class PowercodeAccount:
    """The account's records; tests edit them before an import. `broken_services` maps a customer id to a Broken
    answer of readCustomerService for that customer only."""

    def __init__(self) -> None:
        self.customers = customers()
        self.services = {customer_id(i): services_of(i) for i in range(CUSTOMERS + INACTIVE)}
        self.broken_services: dict[str, Broken] = {}


def serve(account: PowercodeAccount) -> FormCrmServer:
    """The account behind api/preseem/index.php (list_customers) and api/1/index.php (readCustomerService)."""

    def field(form: dict[str, list[str]], name: str) -> str:
        return form.get(name, [""])[0]

    def preseem(form: dict[str, list[str]], headers: dict[str, str]) -> Any:
        if field(form, "apiKey") != API_KEY:
            return {"statusCode": 1, "message": "Invalid API key"}
        if field(form, "action") != "list_customers":
            return {"statusCode": 2, "message": "Unknown action"}
        return account.customers

    def api1(form: dict[str, list[str]], headers: dict[str, str]) -> Any:
        if field(form, "apiKey") != API_KEY:
            return {"statusCode": 1, "message": "Invalid API key"}
        cid = field(form, "customerID")
        if cid in account.broken_services:
            return account.broken_services[cid]
        return {"statusCode": 0, "customerID": cid, "services": account.services.get(cid, [])}

    return FormCrmServer({"/api/preseem/index.php": preseem, "/api/1/index.php": api1})
