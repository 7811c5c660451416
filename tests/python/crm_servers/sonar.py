"""A Sonar account: 4 network sites with 3 access points each (airMAX model 29, LTU model 4), 240 accounts (12 of
them inactive), every 15th with a "Boost" recurring service and every 20th with "Static IP", every 25th with a
second device, served through Sonar's GraphQL endpoint with `paginator` paging."""
from __future__ import annotations

import re
from typing import Any

from . import Broken, FormCrmServer

API_KEY = "sonar-pat-91ab"
GRAPHQL_PATH = "/api/graphql"
SITES = ["Hilltop", "Riverside", "Quarry", "Pines"]
APS_PER_SITE = 3
ACCOUNTS = 240
INACTIVE = set(range(7, ACCOUNTS, 20))
PLANS = [("Residential 25", 25_000, 5_000), ("Residential 100", 100_000, 20_000), ("Business 250", 250_000, 50_000)]
FIRST = ["Ava", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gia", "Hal"]
LAST = ["Ng", "Ortiz", "Park", "Quinn", "Reyes", "Stone"]


def ap_index(i: int) -> int:
    return i % (len(SITES) * APS_PER_SITE)


def ap_item_id(index: int) -> int:
    return 5000 + index


def network_sites() -> list[dict]:
    result = []
    for s, name in enumerate(SITES):
        items = [{"id": 4000 + s, "inventory_model_id": 12, "inventory_model": {"name": "Router"},
                  "ip_assignments": {"entities": [{"subnet": f"10.20.{s}.1/32"}]}}]
        for n in range(APS_PER_SITE):
            index = s * APS_PER_SITE + n
            model = (29, "Rocket 5AC") if n < 2 else (4, "LTU Rocket")
            items.append({"id": ap_item_id(index), "inventory_model_id": model[0], "inventory_model": {"name": model[1]},
                          "ip_assignments": {"entities": [{"subnet": f"10.20.{s}.{10 + n}/32"}, {"subnet": f"100.72.{index}.0/24"},
                                                          {"subnet": f"2001:db8:72:{index:x}00::/56"}]}})
        result.append({"id": s + 1, "name": name, "latitude": 40.0 + s / 10, "longitude": -105.0, "inventory_items": {"entities": items}})
    return result


def account_ipv4(i: int) -> str:
    return f"100.72.{ap_index(i)}.{i // 12 + 10}"


def accounts() -> list[dict]:
    result = []
    for i in range(ACCOUNTS):
        plan = PLANS[i % len(PLANS)]
        services = [{"id": 70000 + i, "quantity": 1, "service": {"id": 10 + i % len(PLANS), "name": plan[0], "type": "DATA",
                     "data_service_detail": {"download_speed_kilobits_per_second": plan[1], "upload_speed_kilobits_per_second": plan[2]}}}]
        if i % 15 == 0:
            services.append({"id": 71000 + i, "quantity": 1, "service": {"id": 30, "name": "Boost", "type": "RECURRING",
                                                                           "data_service_detail": None}})
        if i % 20 == 0:
            services.append({"id": 72000 + i, "quantity": 1, "service": {"id": 31, "name": "Static IP", "type": "RECURRING",
                                                                           "data_service_detail": None}})
        items = [{"id": 90000 + i, "inventory_model_id": 40, "inventory_model": {"name": "LiteBeam"},
                  "ip_assignments": {"entities": [{"subnet": f"{account_ipv4(i)}/32"}]
                                     + ([{"subnet": f"2001:db8:72:{ap_index(i):x}{i // 12:02x}::/64"}] if i % 10 == 0 else [])}}]
        if i % 25 == 0:
            items.append({"id": 95000 + i, "inventory_model_id": 41, "inventory_model": {"name": "hAP"},
                          "ip_assignments": {"entities": [{"subnet": f"100.73.0.{i // 25 + 10}/32"}]}})
        status = 3 if i in INACTIVE else 1 + i % 2
        result.append({"id": 3000 + i, "name": f"{FIRST[i % 8]} {LAST[(i // 8) % 6]} {3000 + i}", "account_status_id": status,
                       "account_status": {"id": status, "name": "Inactive" if status == 3 else "Active", "activates_account": status != 3},
                       "account_services": {"entities": services},
                       "addresses": {"entities": [{"id": 60000 + i, "line1": f"{i + 1} Elm St", "city": "Golden", "subdivision": "CO",
                                                   "zip": "80401", "latitude": None, "longitude": None,
                                                   "inventory_items": {"entities": items}}]}})
    return result


class SonarAccount:
    def __init__(self) -> None:
        self.accounts = accounts()
        self.network_sites = network_sites()


def root_field(query: str) -> str:
    """The first field selected by a GraphQL query ('accounts' in 'query q($p: Paginator) { accounts(...) {...} }')."""
    match = re.search(r"\{\s*(\w+)", query)
    return match.group(1) if match else ""


def serve(account: SonarAccount) -> FormCrmServer:
    """POST /api/graphql (Bearer token): `accounts` and `network_sites` listings paged by `paginator`."""

    def graphql(body: Any, headers: dict[str, str]) -> Any:
        if not isinstance(body, dict) or "query" not in body:
            return Broken(400, b'{"errors": [{"message": "Must provide query string."}]}')
        root = root_field(body["query"])
        records = {"accounts": account.accounts, "network_sites": account.network_sites}.get(root)
        if records is None:
            return {"errors": [{"message": f'Cannot query field "{root}" on type "Query".'}]}
        paginator = (body.get("variables") or {}).get("paginator") or {"page": 1, "records_per_page": 100}
        page, size = int(paginator["page"]), int(paginator["records_per_page"])
        total_pages = max(1, -(-len(records) // size))
        return {"data": {root: {"page_info": {"page": page, "records_per_page": size, "total_count": len(records),
                                              "total_pages": total_pages},
                                "entities": records[(page - 1) * size:page * size]}}}

    return FormCrmServer({GRAPHQL_PATH: graphql}, required_headers={"Authorization": f"Bearer {API_KEY}"})
