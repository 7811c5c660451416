"""A VISP account: 3 sites with 4 access points each, 210 subscribers (7 suspended) with one internet service each,
every 30th also with a VoIP service, every 20th with an IPv6 prefix, 10 whose equipment has no address but who are
online; served as VISP's token endpoint (password grant) and GraphQL API (page/pageSize paging)."""
from __future__ import annotations

import re
from typing import Any

from . import Broken, FormCrmServer

CLIENT_ID = "lqos-client"
CLIENT_SECRET = "visp-cs-31f0"
USERNAME = "lqos-app"
PASSWORD = "visp-pw-8842"
TOKEN = "visp-at-5e6f7a"
ISP_ID = 77
TENANT = "tenant-3"
DOMAIN = "ppp.example.net"
SITES = ["Summit", "Valley", "Lakeside"]
APS_PER_SITE = 4
SUBSCRIBERS = 210
SUSPENDED = set(range(13, SUBSCRIBERS, 30))
ONLINE_ONLY = set(range(4, SUBSCRIBERS, 21))
PACKAGES = [(1, "Basic 15", 15_000, 3_000), (2, "Plus 60", 60_000, 12_000), (3, "Max 200", 200_000, 40_000)]
FIRST = ["Iris", "Jon", "Kai", "Lea", "Max", "Nia", "Oto"]
LAST = ["Berg", "Cruz", "Diaz", "Engel", "Fox", "Grau"]


def access_point(i: int) -> dict:
    index = i % (len(SITES) * APS_PER_SITE)
    site = index % len(SITES)
    return {"equipmentId": 800 + index, "name": f"{SITES[site]} AP{index // len(SITES) + 1}",
            "site": {"siteId": 10 + site, "name": SITES[site]}}


def subscriber_ipv4(i: int) -> str:
    return f"100.90.{i // 200}.{i % 200 + 10}"


def subscribers() -> list[dict]:
    result = []
    for i in range(SUBSCRIBERS):
        package = PACKAGES[i % len(PACKAGES)]
        equipment = [{"equipmentId": 20000 + i, "name": f"cpe-{4000 + i}", "macAddress": f"04:18:D6:01:{i // 256:02X}:{i % 256:02X}",
                      "ipAddress": None if i in ONLINE_ONLY else subscriber_ipv4(i),
                      "ipv6Prefix": f"2001:db8:90:{i:x}00::/56" if i % 20 == 0 else None, "accessPoint": access_point(i)}]
        services = [{"serviceId": 4000 + i, "serviceType": "Internet", "status": "active", "username": f"user{4000 + i}@{DOMAIN}",
                     "package": {"packageId": package[0], "name": package[1], "downloadKbps": package[2], "uploadKbps": package[3]},
                     "equipment": equipment}]
        if i % 30 == 0:
            services.append({"serviceId": 9000 + i, "serviceType": "VoIP", "status": "active", "username": None, "package": None,
                             "equipment": []})
        result.append({"subscriberId": 1000 + i, "firstName": FIRST[i % 7], "lastName": LAST[(i // 7) % 6],
                       "companyName": f"Shop {i}" if i % 50 == 49 else None, "status": "suspended" if i in SUSPENDED else "active",
                       "serviceAddress": {"line1": f"{i + 1} Pine Rd", "city": "Bend"}, "services": services})
    return result


def online_users() -> list[dict]:
    return [{"username": f"user{4000 + i}@{DOMAIN}", "ipAddress": f"100.91.0.{i // 21 + 10}", "ipv6Prefix": None,
             "macAddress": f"04:18:D6:01:00:{i:02X}"} for i in sorted(ONLINE_ONLY)]


class VispAccount:
    def __init__(self) -> None:
        self.subscribers = subscribers()
        self.online = online_users()
        self.token_answer: dict = {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600, "isp_ids": [ISP_ID, 78]}


def root_field(query: str) -> str:
    match = re.search(r"\{\s*(\w+)", query)
    return match.group(1) if match else ""


def serve(account: VispAccount) -> FormCrmServer:
    """POST /token (form, password grant) and POST /graphql (Bearer token and X-Tenant-Id): `subscribers` paged by page/pageSize,
    `onlineUsers` by domain."""

    def token(form: Any, headers: dict[str, str]) -> Any:
        given = {k: v[0] for k, v in form.items()}
        expected = {"grant_type": "password", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "username": USERNAME,
                    "password": PASSWORD}
        if given != expected:
            return Broken(401, b'{"error": "invalid_grant", "error_description": "Invalid credentials"}')
        return account.token_answer

    def graphql(body: Any, headers: dict[str, str]) -> Any:
        if headers.get("authorization") != f"Bearer {TOKEN}" or headers.get("x-tenant-id") != TENANT:
            return Broken(401, b'{"errors": [{"message": "Unauthorized"}]}')
        variables = body.get("variables") or {}
        if variables.get("ispId") != ISP_ID:
            return {"errors": [{"message": f"ISP {variables.get('ispId')} is not accessible"}], "data": None}
        root = root_field(body["query"])
        if root == "onlineUsers":
            return {"data": {"onlineUsers": account.online if variables.get("domain") == DOMAIN else []}}
        if root == "subscribers":
            page, size = int(variables["page"]), int(variables["pageSize"])
            return {"data": {"subscribers": {"totalCount": len(account.subscribers),
                                             "items": account.subscribers[(page - 1) * size:page * size]}}}
        return {"errors": [{"message": f'Cannot query field "{root}"'}]}

    return FormCrmServer({"/token": token, "/graphql": graphql})
