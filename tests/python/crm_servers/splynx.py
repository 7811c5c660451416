"""A Splynx (REST API v2.0) account: 4 network sites, each with a backhaul router and 3 access points, 5 internet
tariffs, 240 customers with one active internet service each (8 of them addressed only by their online session)."""
from __future__ import annotations

import base64
from . import CrmServer, paged

API_KEY = "3f1c0a9e5d"
API_SECRET = "b7e2c4d6f8"
SITES = ["North Tower", "East Tower", "South Tower", "West Tower"]
APS_PER_SITE = 3
CUSTOMERS = 240
ONLINE_ONLY = range(0, CUSTOMERS, 30)  # services with no static address: their session gives it
FIRST = ["Ana", "Ben", "Carla", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena"]
LAST = ["Garcia", "Okafor", "Smith", "Novak", "Tanaka", "Silva", "Meyer", "Rossi", "Khan", "Dubois"]
TARIFFS = [  # (id, title, download kbit/s, upload kbit/s, fixed burst down)
    (1, "Home 25", "25000", "5000", None), (2, "Home 50", "50000", "10000", None), (3, "Home 100", "100000", "20000", None),
    (4, "Pro 250", "250000", "50000", "300000"), (5, "Business 1G", "1000000", "100000", None),
]


def tariffs() -> list[dict]:
    result = []
    for tariff_id, title, down, up, burst in TARIFFS:
        record = {"id": tariff_id, "title": title, "service_name": title, "price": "49.00", "speed_download": down,
                  "speed_upload": up, "speed_limit_at": "10", "aggregation": "1", "burst_limit": "0", "burst_threshold": "0",
                  "burst_time": "0", "with_vat": True, "vat_percent": "0", "partners_ids": ["1"]}
        if burst:
            record.update({"burst_limit_fixed_down": burst, "burst_limit_fixed_up": up})
        result.append(record)
    return result


def network_sites() -> list[dict]:
    return [{"id": i + 1, "title": name, "description": "", "address": f"{i + 1} Ridge Road", "partners_ids": [1]}
            for i, name in enumerate(SITES)]


def router_id(site: int) -> int:
    return 100 + site


def ap_id(site: int, n: int) -> int:
    return 200 + site * 10 + n


def hardware() -> list[dict]:
    """admin/networking/monitoring: per site a backhaul (parent of its APs) and 3 APs (access_device "1")."""
    result = []
    for s, name in enumerate(SITES, start=1):
        short = name.split()[0]
        result.append({"id": router_id(s), "title": f"{short} Backhaul", "ip": f"10.10.{s}.1", "parent_id": 0, "type": 1,
                       "access_device": "0", "network_site_id": s, "active": "1", "producer": 2})
        for n in range(1, APS_PER_SITE + 1):
            result.append({"id": ap_id(s, n), "title": f"{short} AP {n}", "ip": f"10.10.{s}.{10 + n}", "parent_id": router_id(s),
                           "type": 5, "access_device": "1", "network_site_id": s, "active": "1", "producer": 3})
    return result


def customers() -> list[dict]:
    return [{"id": 1001 + i, "login": f"cust{1001 + i}", "name": f"{FIRST[i % 12]} {LAST[(i // 12) % 10]} {1001 + i}",
             "status": "active", "category": "person", "email": f"cust{1001 + i}@example.net", "street_1": f"{i + 1} Main St",
             "zip_code": "80301", "city": "Boulder", "partner_id": 1, "location_id": 1} for i in range(CUSTOMERS)]


def service_ipv4(i: int) -> str:
    return f"100.64.{i // 200}.{i % 200 + 10}"


def services() -> list[dict]:
    result = []
    for i in range(CUSTOMERS):
        site, n = i % len(SITES) + 1, (i // len(SITES)) % APS_PER_SITE + 1
        result.append({"id": 5001 + i, "customer_id": 1001 + i, "tariff_id": TARIFFS[i % len(TARIFFS)][0], "status": "active",
                       "description": TARIFFS[i % len(TARIFFS)][1], "quantity": 1, "unit_price": "49.00",
                       "start_date": "2024-01-01", "end_date": "0000-00-00", "login": f"cust{1001 + i}", "taking_ipv4": 1,
                       "ipv4": "" if i in ONLINE_ONLY else service_ipv4(i),
                       "ipv4_route": f"100.65.{i}.0/29" if i % 40 == 1 else "",
                       "ipv6": "", "ipv6_delegated": f"2001:db8:{i:x}::/56" if i % 10 == 0 else "",
                       "mac": f"00:1a:2b:{i // 256:02x}:{i % 256:02x}:01", "router_id": router_id(site),
                       "access_device": ap_id(site, n)})
    return result


def online_sessions() -> list[dict]:
    return [{"id": 90000 + i, "customer_id": 1001 + i, "service_id": 5001 + i, "ipv4": f"100.66.0.{i // 30 + 10}", "ipv6": "",
             "login": f"cust{1001 + i}", "nas_id": 1, "call_to": "North", "port": "ether1", "in_bytes": "1000", "out_bytes": "2000"}
            for i in ONLINE_ONLY]


class SplynxAccount:
    """The account's records; tests edit them before (or between) imports."""

    def __init__(self) -> None:
        self.tariffs = tariffs()
        self.customers = customers()
        self.services = services()
        self.online = online_sessions()
        self.hardware = hardware()
        self.sites = network_sites()



def serve(account: SplynxAccount) -> CrmServer:
    """The account behind Splynx's paths (every listing pages with limit/offset), Basic auth required."""
    base = "/api/2.0/admin/"
    auth = "Basic " + base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()

    def live(attribute: str):  # reads the account at request time, so tests may change it between imports
        return lambda query, headers: paged(getattr(account, attribute))(query, headers)

    return CrmServer({
        base + "tariffs/internet": live("tariffs"),
        base + "customers/customer": live("customers"),
        base + "customers/customer/0/internet-services": live("services"),
        base + "customers/customers-online": live("online"),
        base + "networking/monitoring": live("hardware"),
        base + "networking/network-sites": live("sites"),
    }, required_headers={"Authorization": auth})
