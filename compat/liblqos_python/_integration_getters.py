"""Integration-common and per-integration configuration getters."""
from __future__ import annotations

import json
import os
from typing import Optional

from ._lqos_conf import _get, _TOPOLOGY_COMPILE_MODES
from ._queue_getters import get_libreqos_directory


class PyExceptionCpe:
    """`uisp_integration.exception_cpes` entry: a CPE and the parent it must hang from."""

    __slots__ = ("cpe", "parent")

    def __init__(self, cpe: str, parent: str):
        self.cpe = cpe
        self.parent = parent

    def __repr__(self) -> str:
        return f"PyExceptionCpe(cpe={self.cpe!r}, parent={self.parent!r})"


def allowed_subnets() -> list[str]:
    """`ip_ranges.allow_subnets`."""
    return list(_get("ip_ranges", "allow_subnets"))


def ignore_subnets() -> list[str]:
    """`ip_ranges.ignore_subnets`."""
    return list(_get("ip_ranges", "ignore_subnets"))


def circuit_name_use_address() -> bool:
    """`integration_common.circuit_name_as_address`."""
    return bool(_get("integration_common", "circuit_name_as_address"))


def find_ipv6_using_mikrotik() -> bool:
    """`uisp_integration.ipv6_with_mikrotik` or `integration_common.use_mikrotik_ipv6`."""
    return bool(_get("uisp", "ip_v6_with_mikrotik", default=False)) or integration_common_use_mikrotik_ipv6()


def integration_common_use_mikrotik_ipv6() -> bool:
    """`integration_common.use_mikrotik_ipv6`."""
    return bool(_get("integration_common", "use_mikrotik_ipv6"))


def mikrotik_ipv6_config_path() -> str:
    """`mikrotik_ipv6.config_path` (default /etc/libreqos/mikrotik_ipv6.toml)."""
    return _get("mikrotik_ipv6", "config_path")


def load_mikrotik_ipv6_routers_json() -> str:
    """The MikroTik routers to ask for IPv6 leases, as a JSON list of {name, host, port, username, password,
    use_ssl, plaintext_login}: `[[router]]` tables of mikrotik_ipv6_config_path(), else the legacy
    `<lqos_directory>/mikrotikDHCPRouterList.csv`. Raises OSError when neither can be read."""
    path = mikrotik_ipv6_config_path()
    routers: list[dict] = []
    if os.path.exists(path):
        import tomllib
        try:
            with open(path, "rb") as f:
                document = tomllib.load(f)
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise OSError(f"cannot read {path}: {e}") from None
        for entry in document.get("router", []):
            routers.append({
                "name": str(entry.get("name", entry.get("host", ""))), "host": str(entry.get("host", "")),
                "port": int(entry.get("port", 8728)), "username": str(entry.get("username", "")),
                "password": str(entry.get("password", "")), "use_ssl": bool(entry.get("use_ssl", False)),
                "plaintext_login": bool(entry.get("plaintext_login", True))})
        return json.dumps(routers)
    legacy = os.path.join(get_libreqos_directory(), "mikrotikDHCPRouterList.csv")
    if not os.path.exists(legacy):
        raise OSError(f"neither {path} nor {legacy} exists; list the MikroTik routers in {path} ([[router]] tables)")
    import csv
    with open(legacy, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            if not row or row[0].strip().startswith("#") or row[0].strip().lower() == "router name":
                continue
            cells = [c.strip() for c in row] + [""] * 6
            routers.append({"name": cells[0], "host": cells[1], "port": int(cells[4] or 8728), "username": cells[2],
                            "password": cells[3], "use_ssl": False, "plaintext_login": True})
    return json.dumps(routers)


def exclude_sites() -> list[str]:
    """`uisp_integration.exclude_sites`."""
    return list(_get("uisp", "exclude_sites"))


def bandwidth_overhead_factor() -> float:
    """`uisp_integration.bandwidth_overhead_factor`."""
    return float(_get("uisp", "bandwidth_overhead_factor"))


def committed_bandwidth_multiplier() -> float:
    """`uisp_integration.commit_bandwidth_multiplier`."""
    return float(_get("uisp", "commit_bandwidth_multiplier"))


def exception_cpes() -> list[PyExceptionCpe]:
    """`uisp_integration.exception_cpes`."""
    return [PyExceptionCpe(e.get("cpe", ""), e.get("parent", "")) for e in _get("uisp", "exception_cpes")]


def promote_to_root_list() -> list[str]:
    """`integration_common.promote_to_root`, default []."""
    return list(_get("integration_common", "promote_to_root", default=[]))


def client_bandwidth_multiplier() -> float:
    """`integration_common.client_bandwidth_multiplier`, default 1.0."""
    return float(_get("integration_common", "client_bandwidth_multiplier", default=1.0))


def overwrite_network_json_always() -> bool:
    """`integration_common.always_overwrite_network_json` (v2.0; removed upstream at v2.2)."""
    return bool(_get("integration_common", "always_overwrite_network_json", default=False))


def splynx_api_key() -> str:
    """`splynx_integration.api_key`."""
    return _get("splynx", "api_key")


def splynx_api_secret() -> str:
    """`splynx_integration.api_secret`."""
    return _get("splynx", "api_secret")


def splynx_api_url() -> str:
    """`splynx_integration.url`."""
    return _get("splynx", "url")


def _compile_mode(fallback: str, own: Optional[str] = None) -> str:
    mode = str(_get("topology", "compile_mode", default="")).strip().lower()
    if mode in _TOPOLOGY_COMPILE_MODES:
        return mode
    own = (own or "").strip().lower()
    return own if own in _TOPOLOGY_COMPILE_MODES else fallback


def splynx_strategy() -> str:
    """The topology compile mode for Splynx: `topology.compile_mode` when set, else `splynx_integration.strategy`
    ("ap_only" when neither is a known mode or the config does not load)."""
    try:
        return _compile_mode("ap_only", _get("splynx", "strategy", default=""))
    except OSError:
        return "ap_only"


def netzur_api_key() -> str:
    """`netzur_integration.api_key`, "" without the section."""
    return _get("netzur", "api_key", default="")


def netzur_api_url() -> str:
    """`netzur_integration.api_url`, "" without the section."""
    return _get("netzur", "api_url", default="")


def netzur_api_timeout() -> int:
    """`netzur_integration.timeout_secs`, default 60."""
    return int(_get("netzur", "timeout_secs", default=60))


def visp_client_id() -> str:
    """`visp_integration.client_id`, "" without the section."""
    return _get("visp", "client_id", default="")


def visp_client_secret() -> str:
    """`visp_integration.client_secret`, "" without the section."""
    return _get("visp", "client_secret", default="")


def visp_username() -> str:
    """`visp_integration.username`, "" without the section."""
    return _get("visp", "username", default="")


def visp_password() -> str:
    """`visp_integration.password`, "" without the section."""
    return _get("visp", "password", default="")


def visp_online_users_domain() -> str:
    """`visp_integration.online_users_domain`, "" when unset."""
    return _get("visp", "online_users_domain", default="")


def visp_isp_id() -> int:
    """`visp_integration.isp_id`, default 0."""
    return int(_get("visp", "isp_id", default=0))


def visp_timeout_secs() -> int:
    """`visp_integration.timeout_secs`, default 20."""
    return int(_get("visp", "timeout_secs", default=20))


VISP_TOKEN_URL = "https://data.visp.net/token"
VISP_GRAPHQL_URL = "https://integrations.visp.net/graphql"


def visp_token_url() -> str:
    """`visp_integration.token_url`, VISP's own token endpoint by default (not an upstream getter)."""
    return _get("visp", "token_url", default=VISP_TOKEN_URL)


def visp_graphql_url() -> str:
    """`visp_integration.graphql_url`, VISP's integrations endpoint by default (not an upstream getter)."""
    return _get("visp", "graphql_url", default=VISP_GRAPHQL_URL)


def visp_tenant_id() -> str:
    """`visp_integration.tenant_id`, "" when unset (not an upstream getter)."""
    return _get("visp", "tenant_id", default="")


def visp_strategy() -> str:
    """The topology compile mode for VISP: `topology.compile_mode` when set, else `visp_integration.strategy`
    ("flat" when neither is a known mode or the config does not load; not an upstream getter)."""
    try:
        return _compile_mode("flat", _get("visp", "strategy", default=""))
    except OSError:
        return "flat"


def visp_verify_tls() -> bool:
    """`visp_integration.verify_tls`, default true (not an upstream getter)."""
    return bool(_get("visp", "verify_tls", default=True))


def visp_service_type_allowlist() -> list[str]:
    """`visp_integration.service_type_allowlist`, default [] (every type; not an upstream getter)."""
    return list(_get("visp", "service_type_allowlist", default=[]))


def powercode_api_key() -> str:
    """`powercode_integration.powercode_api_key`."""
    return _get("powercode", "powercode_api_key")


def powercode_api_url() -> str:
    """`powercode_integration.powercode_api_url`."""
    return _get("powercode", "powercode_api_url")


def sonar_api_url() -> str:
    """`sonar_integration.sonar_api_url`."""
    return _get("sonar", "sonar_api_url")


def sonar_api_key() -> str:
    """`sonar_integration.sonar_api_key`."""
    return _get("sonar", "sonar_api_key")


def snmp_community() -> str:
    """`sonar_integration.snmp_community`."""
    return _get("sonar", "snmp_community")


def sonar_airmax_ap_model_ids() -> list[str]:
    """`sonar_integration.airmax_model_ids`."""
    return list(_get("sonar", "airmax_model_ids"))


def sonar_ltu_ap_model_ids() -> list[str]:
    """`sonar_integration.ltu_model_ids`."""
    return list(_get("sonar", "ltu_model_ids"))


def sonar_active_status_ids() -> list[str]:
    """`sonar_integration.active_status_ids`."""
    return list(_get("sonar", "active_status_ids"))


def sonar_recurring_service_rates() -> list[tuple[bool, str, float, float]]:
    """`sonar_integration.recurring_service_rates` as (enabled, service_name, download_mbps, upload_mbps)."""
    return [(bool(r.get("enabled")), str(r.get("service_name", "")), float(r.get("download_mbps", 0.0)), float(r.get("upload_mbps", 0.0)))
            for r in _get("sonar", "recurring_service_rates")]


def sonar_recurring_excluded_service_names() -> list[str]:
    """`sonar_integration.recurring_excluded_service_names`."""
    return list(_get("sonar", "recurring_excluded_service_names"))


def sonar_strategy() -> str:
    """The topology compile mode for Sonar: `topology.compile_mode` when set, else "full"."""
    try:
        return _compile_mode("full")
    except OSError:
        return "full"


def wispgate_api_token() -> str:
    """`wispgate_integration.wispgate_api_token`, "" without the section."""
    return _get("wisp_gate", "wispgate_api_token", default="")


def wispgate_api_url() -> str:
    """`wispgate_integration.wispgate_api_url`, "" without the section."""
    return _get("wisp_gate", "wispgate_api_url", default="")


def uisp_site() -> str:
    """`uisp_integration.site`."""
    return _get("uisp", "site")


def uisp_strategy() -> str:
    """`uisp_integration.strategy`."""
    return _get("uisp", "strategy")


def uisp_suspended_strategy() -> str:
    """`uisp_integration.suspended_strategy`."""
    return _get("uisp", "suspended_strategy")


def airmax_capacity() -> float:
    """`uisp_integration.airmax_capacity`."""
    return float(_get("uisp", "airmax_capacity"))


def ltu_capacity() -> float:
    """`uisp_integration.ltu_capacity`."""
    return float(_get("uisp", "ltu_capacity"))


def uisp_base_url() -> str:
    """`uisp_integration.url`."""
    return _get("uisp", "url")


def uisp_auth_token() -> str:
    """`uisp_integration.token`."""
    return _get("uisp", "token")


def use_ptmp_as_parent() -> bool:
    """`uisp_integration.use_ptmp_as_parent`, default False (v2.0; removed upstream at v2.2)."""
    return bool(_get("uisp", "use_ptmp_as_parent", default=False))


def influx_db_bucket() -> str:
    """`influxdb.bucket`, "" without the section."""
    return _get("influx_db", "bucket", default="")


def influx_db_org() -> str:
    """`influxdb.org`, "" without the section."""
    return _get("influx_db", "org", default="")


def influx_db_token() -> str:
    """`influxdb.token`, "" without the section."""
    return _get("influx_db", "token", default="")


def influx_db_url() -> str:
    """`influxdb.url`, "" without the section."""
    return _get("influx_db", "url", default="")


def automatic_import_uisp() -> bool:
    """`uisp_integration.enable_uisp`."""
    return bool(_get("uisp", "enable_uisp", default=False))


def automatic_import_splynx() -> bool:
    """`splynx_integration.enable_splynx`."""
    return bool(_get("splynx", "enable_splynx", default=False))


def automatic_import_netzur() -> bool:
    """`netzur_integration.enable_netzur`, False without the section."""
    return bool(_get("netzur", "enable_netzur", default=False))


def automatic_import_visp() -> bool:
    """`visp_integration.enable_visp`, False without the section."""
    return bool(_get("visp", "enable_visp", default=False))


def automatic_import_powercode() -> bool:
    """`powercode_integration.enable_powercode`."""
    return bool(_get("powercode", "enable_powercode", default=False))


def automatic_import_sonar() -> bool:
    """`sonar_integration.enable_sonar`."""
    return bool(_get("sonar", "enable_sonar", default=False))


def automatic_import_wispgate() -> bool:
    """`wispgate_integration.enable_wispgate`, False without the section."""
    return bool(_get("wisp_gate", "enable_wispgate", default=False))


def topology_import_ingress_enabled() -> bool:
    """True when any CRM integration is enabled (upstream v2.2's ingress mode): shaping then reads the topology
    runtime's `shaping_inputs.json` and `network.effective.json` instead of lqos_directory's files."""
    return bool(_get("topology_import_ingress_enabled", default=False))
