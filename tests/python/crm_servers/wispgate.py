"""A WISPGate account: 3 sites with 4 access points each, 230 circuits (one device each, 10 with a second device,
every 20th with an IPv6 prefix), served as WISPGate's api/libreqos/shaped-devices rows."""
from __future__ import annotations

from typing import Any

from . import FormCrmServer

API_TOKEN = "wg-5c1f0e9a"
SITES = ["Mesa", "Canyon", "Ridge"]
APS_PER_SITE = 4
CIRCUITS = 230
PLANS = [("10", "2", "20", "4"), ("25", "5", "50", "10"), ("50", "10", "100", "20")]  # min down/up, max down/up


def ap_name(i: int) -> str:
    return f"{SITES[i % len(SITES)]}-AP{(i // len(SITES)) % APS_PER_SITE + 1}"


def shaped_devices() -> list[dict]:
    rows = []
    for i in range(CIRCUITS):
        min_down, min_up, max_down, max_up = PLANS[i % len(PLANS)]
        base = {"Circuit ID": f"WG{1000 + i}", "Circuit Name": f"Subscriber {1000 + i}", "Parent Node": ap_name(i),
                "Download Min Mbps": min_down, "Upload Min Mbps": min_up, "Download Max Mbps": max_down,
                "Upload Max Mbps": max_up, "Comment": ""}
        rows.append({**base, "Device ID": f"dev-{i}-a", "Device Name": f"cpe-{1000 + i}", "MAC": f"68:D7:9A:00:{i // 256:02X}:{i % 256:02X}",
                     "IPv4": f"100.80.{i // 200}.{i % 200 + 10}", "IPv6": f"2001:db8:80:{i:x}::/64" if i % 20 == 0 else None})
        if i % 23 == 0:
            rows.append({**base, "Device ID": f"dev-{i}-b", "Device Name": f"router-{1000 + i}", "MAC": "",
                         "IPv4": f"100.81.0.{i // 23 + 10}", "IPv6": None})
    return rows


class WISPGateAccount:
    def __init__(self) -> None:
        self.rows = shaped_devices()


def serve(account: WISPGateAccount) -> FormCrmServer:
    """The account behind POST /api/libreqos/shaped-devices (form field api_token)."""

    def shaped(form: dict[str, list[str]], headers: dict[str, str]) -> Any:
        if form.get("api_token", [""])[0] != API_TOKEN:
            return {"success": False, "message": "Invalid API token"}
        return account.rows

    return FormCrmServer({"/api/libreqos/shaped-devices": shaped})
