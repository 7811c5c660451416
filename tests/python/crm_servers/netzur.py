"""A Netzur account: 5 zones (two nested under "Norte"), 230 customers (10 suspended), every 25th with an IPv6 prefix
and every 40th with a second IPv4 block, served as Netzur's LibreQoS export (one JSON object, Bearer token)."""
from __future__ import annotations

from . import CrmServer

API_KEY = "nz-7d41c2"
EXPORT_PATH = "/api/libreqos"
ZONES = [("1", "Norte", None, 900, 600), ("2", "Sur", None, 500, 250), ("3", "Centro", None, None, None),
         ("4", "Norte Torre A", "1", 400, 200), ("5", "Norte Torre B", "1", 300, 150)]
PLANS = [("Hogar 20", 20, 5), ("Hogar 50", 50, 10), ("Pro 100", 100, 20), ("Empresa 300", 300, 100)]
CUSTOMERS = 230
SUSPENDED = set(range(5, CUSTOMERS, 23))
FIRST = ["Lucia", "Mateo", "Sofia", "Diego", "Valeria", "Tomas", "Camila", "Joaquin", "Martina", "Bruno"]
LAST = ["Rojas", "Perez", "Gomez", "Silva", "Castro"]


def zones() -> list[dict]:
    return [{"id": zone_id, "name": name, "parent_id": parent, "download_mbps": down, "upload_mbps": up}
            for zone_id, name, parent, down, up in ZONES]


def customer_ipv4(i: int) -> str:
    return f"100.70.{i // 200}.{i % 200 + 10}"


def customers() -> list[dict]:
    result = []
    for i in range(CUSTOMERS):
        plan = PLANS[i % len(PLANS)]
        ipv4 = [customer_ipv4(i)] + ([f"100.71.{i // 40}.0/29"] if i % 40 == 39 else [])
        result.append({"id": f"NZ-{2000 + i}", "name": f"{FIRST[i % 10]} {LAST[(i // 10) % 5]} {2000 + i}",
                       "status": "suspended" if i in SUSPENDED else "active", "zone_id": ZONES[i % len(ZONES)][0],
                       "address": f"Calle {i + 1}", "mac": f"DC:2C:6E:00:{i // 256:02X}:{i % 256:02X}",
                       "device_name": f"onu-{2000 + i}", "plan": {"name": plan[0], "download_mbps": plan[1], "upload_mbps": plan[2]},
                       "ipv4": ipv4, "ipv6": [f"2001:db8:70:{i:x}00::/56"] if i % 25 == 0 else []})
    return result


class NetzurAccount:
    def __init__(self) -> None:
        self.zones = zones()
        self.customers = customers()


def serve(account: NetzurAccount) -> CrmServer:
    """The export at GET /api/libreqos, Bearer token required."""
    return CrmServer({EXPORT_PATH: lambda query, headers: {"zones": account.zones, "customers": account.customers}},
                     required_headers={"Authorization": f"Bearer {API_KEY}"})
