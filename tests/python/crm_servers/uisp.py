"""A UISP (NMS API v2.1) network: a core site, four towers (one behind a relay), 12 access points, and 220 client
sites each with a CPE (every 20th also with a router), 5 of them suspended."""
from __future__ import annotations

from . import CrmServer, whole

TOKEN = "uisp-7d1e9c"
ROOT = "Core DC"
TOWERS = ["Core DC", "North Tower", "East Tower", "Relay Hill", "South Tower"]
LINKS = [("Core DC", "North Tower"), ("Core DC", "East Tower"), ("Core DC", "Relay Hill"), ("Relay Hill", "South Tower")]
AP_TOWERS = ["North Tower", "East Tower", "Relay Hill", "South Tower"]
CLIENTS = 220
SUSPENDED = range(7, CLIENTS, 44)
PLANS = [(25, 5), (50, 10), (100, 20), (300, 30)]


def site_id(name: str) -> str:
    return f"site-{name.lower().replace(' ', '-')}"


def ap_id(tower: str, n: int) -> str:
    return f"dev-ap-{tower.split()[0].lower()}-{n}"


def client_id(i: int) -> str:
    return f"c0ffee00-0000-4000-8000-{i:012d}"


def towers() -> list[dict]:
    result = []
    for i, name in enumerate(TOWERS):
        parent = None if name == ROOT else {"id": site_id(ROOT), "name": ROOT}
        result.append({"id": site_id(name), "identification": {"id": site_id(name), "name": name, "type": "site", "status": "active",
                                                                "suspended": False, "parent": parent},
                       "description": {"address": f"{i} Tower Rd", "location": {"latitude": 40.0 + i / 100, "longitude": -105.0},
                                       "height": 30.0},
                       "qos": {"enabled": False, "downloadSpeed": None, "uploadSpeed": None}, "ucrm": None})
    return result


def clients() -> list[dict]:
    result = []
    for i in range(CLIENTS):
        tower = AP_TOWERS[i % len(AP_TOWERS)]
        down, up = PLANS[i % len(PLANS)]
        result.append({"id": client_id(i),
                       "identification": {"id": client_id(i), "name": f"Client {i:03d}", "type": "endpoint", "status": "active",
                                          "suspended": i in SUSPENDED, "parent": {"id": site_id(tower), "name": tower}},
                       "description": {"address": f"{100 + i} Prairie Ln", "location": {"latitude": 40.1, "longitude": -105.1}},
                       "qos": {"enabled": True, "downloadSpeed": down * 1_000_000, "uploadSpeed": up * 1_000_000},
                       "ucrm": {"client": {"id": str(500 + i), "name": f"Client {i:03d}"},
                                "service": {"id": str(900 + i), "name": f"{down} Mbps", "status": 3 if i in SUSPENDED else 1,
                                            "tariffId": str(i % len(PLANS)), "trafficShapingOverrideEnabled": False}}})
    return result


def access_points() -> list[dict]:
    result = []
    for tower in AP_TOWERS:
        for n in range(1, 4):
            ltu = n == 3
            result.append({"identification": {"id": ap_id(tower, n), "name": f"{tower.split()[0]}-AP{n}", "hostname": f"ap{n}",
                                              "mac": f"fc:ec:da:00:{AP_TOWERS.index(tower):02x}:{n:02x}", "role": "ap",
                                              "type": "ltu" if ltu else "airMax", "model": "LTU-Rocket" if ltu else "R5AC-Lite",
                                              "site": {"id": site_id(tower), "name": tower}},
                           "ipAddress": f"10.20.{AP_TOWERS.index(tower)}.{n}/24",
                           "overview": {"status": "active", "downlinkCapacity": 400_000_000, "uplinkCapacity": 200_000_000}})
    return result


def cpe_devices() -> list[dict]:
    result = []
    for i in range(CLIENTS):
        tower = AP_TOWERS[i % len(AP_TOWERS)]
        ap = ap_id(tower, (i // len(AP_TOWERS)) % 3 + 1)
        result.append({"identification": {"id": f"dev-cpe-{i:03d}", "name": f"cpe-{i:03d}", "mac": f"24:5a:4c:00:{i // 256:02x}:{i % 256:02x}",
                                          "role": "station", "type": "airMax", "model": "NBE-5AC-Gen2",
                                          "site": {"id": client_id(i), "name": f"Client {i:03d}"}},
                       "ipAddress": f"100.64.{i // 200}.{i % 200 + 10}/24",
                       "attributes": {"ssid": "wisp", "apDevice": {"id": ap, "name": ap}},
                       "overview": {"status": "active"}})
        if i % 20 == 0:
            result.append({"identification": {"id": f"dev-rtr-{i:03d}", "name": f"router-{i:03d}", "mac": f"74:83:c2:00:00:{i % 256:02x}",
                                              "role": "router", "type": "unms", "model": "ER-X",
                                              "site": {"id": client_id(i), "name": f"Client {i:03d}"}},
                           "ipAddress": f"100.70.0.{i // 20 + 1}/30", "overview": {"status": "active"}})
    return result


def data_links() -> list[dict]:
    def end(name: str) -> dict:
        return {"device": {"identification": {"id": f"dev-bh-{site_id(name)}", "name": f"bh-{name}"}},
                "site": {"identification": {"id": site_id(name), "name": name}}}
    return [{"id": f"link-{n}", "from": end(a), "to": end(b), "canDelete": True} for n, (a, b) in enumerate(LINKS)]


class UispAccount:
    def __init__(self) -> None:
        self.sites = towers() + clients()
        self.devices = access_points() + cpe_devices()
        self.links = data_links()



def serve(account: UispAccount) -> CrmServer:
    """The network behind /nms/api/v2.1/{sites, devices, data-links}; the x-auth-token header is required."""
    def live(attribute: str):
        return lambda query, headers: whole(getattr(account, attribute))(query, headers)
    base = "/nms/api/v2.1/"
    return CrmServer({base + "sites": live("sites"), base + "devices": live("devices"), base + "data-links": live("links")},
                     required_headers={"x-auth-token": TOKEN})
