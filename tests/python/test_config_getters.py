"""Every config getter returns what the C# config layer reads from the same lqos.conf, key by key.

The expected value of each getter is looked up in `lqos config show --json` (the C# reader's typed config, with
its defaults) under the key the compat spec names; defaults are never restated here. tests/fixtures/lqos-full.conf
sets every key to a non-default value, lqos-minimal.conf sets only the required ones.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

import liblqos_python as lq
from conftest import FIXTURES, csharp_config, install_compat


def at(*path: str, absent: Any = None) -> Callable[[dict], Any]:
    """The C# JSON's value at a key path; `absent` when an optional section (or value) is null."""
    def get(config: dict) -> Any:
        node: Any = config
        for key in path:
            if node is None or node.get(key) is None:
                return absent
            node = node[key]
        return node
    return get


# getter name -> expected value computed from the C# JSON (spec §1.3 "Semantics" column).
GETTERS: dict[str, Callable[[dict], Any]] = {
    "sqm": at("queues", "default_sqm"),
    "fast_queues_fq_codel": at("queues", "effective_fast_queues_fq_codel"),
    "upstream_bandwidth_capacity_download_mbps": at("queues", "downlink_bandwidth_mbps"),  # docs/compat.md: not the uplink
    "upstream_bandwidth_capacity_upload_mbps": at("queues", "uplink_bandwidth_mbps"),
    "interface_a": at("interface_a"),
    "interface_b": at("interface_b"),
    "on_a_stick": at("on_a_stick"),
    "topology_import_ingress_enabled": at("topology_import_ingress_enabled"),
    "enable_actual_shell_commands": lambda c: not c["queues"]["dry_run"],
    "run_shell_commands_as_sudo": at("queues", "sudo"),
    "use_bin_packing_to_balance_cpu": at("queues", "use_binpacking"),
    "monitor_mode_only": at("queues", "monitor_only"),
    "queue_mode": lambda c: "observe" if c["queues"]["observe_only"] else "shape",
    "generated_pn_download_mbps": at("queues", "generated_pn_download_mbps"),
    "generated_pn_upload_mbps": at("queues", "generated_pn_upload_mbps"),
    "queues_available_override": at("queues", "override_available_queues", absent=0),
    "get_libreqos_directory": at("lqos_directory"),
    "get_libreqos_state_directory": at("state_directory"),
    "enable_insight_topology": at("long_term_stats", "enable_insight_topology", absent=False),
    "insight_topology_role": at("long_term_stats", "insight_topology_role", absent="None"),
    "influx_db_enabled": at("influx_db", "enable_influxdb", absent=False),
    "queue_refresh_interval_mins": at("integration_common", "queue_refresh_interval_mins"),
    "allowed_subnets": at("ip_ranges", "allow_subnets"),
    "ignore_subnets": at("ip_ranges", "ignore_subnets"),
    "circuit_name_use_address": at("integration_common", "circuit_name_as_address"),
    "find_ipv6_using_mikrotik": lambda c: bool(at("uisp", "ip_v6_with_mikrotik", absent=False)(c)) or c["integration_common"]["use_mikrotik_ipv6"],
    "integration_common_use_mikrotik_ipv6": at("integration_common", "use_mikrotik_ipv6"),
    "mikrotik_ipv6_config_path": at("mikrotik_ipv6", "config_path"),
    "exclude_sites": at("uisp", "exclude_sites"),
    "bandwidth_overhead_factor": at("uisp", "bandwidth_overhead_factor"),
    "committed_bandwidth_multiplier": at("uisp", "commit_bandwidth_multiplier"),
    "exception_cpes": lambda c: [(e["cpe"], e["parent"]) for e in c["uisp"]["exception_cpes"]],
    "promote_to_root_list": at("integration_common", "promote_to_root", absent=[]),
    "client_bandwidth_multiplier": at("integration_common", "client_bandwidth_multiplier", absent=1.0),
    "overwrite_network_json_always": at("integration_common", "always_overwrite_network_json", absent=False),
    "splynx_api_key": at("splynx", "api_key"),
    "splynx_api_secret": at("splynx", "api_secret"),
    "splynx_api_url": at("splynx", "url"),
    "netzur_api_key": at("netzur", "api_key", absent=""),
    "netzur_api_url": at("netzur", "api_url", absent=""),
    "netzur_api_timeout": at("netzur", "timeout_secs", absent=60),
    "visp_client_id": at("visp", "client_id", absent=""),
    "visp_client_secret": at("visp", "client_secret", absent=""),
    "visp_username": at("visp", "username", absent=""),
    "visp_password": at("visp", "password", absent=""),
    "visp_online_users_domain": at("visp", "online_users_domain", absent=""),
    "visp_isp_id": at("visp", "isp_id", absent=0),
    "visp_timeout_secs": at("visp", "timeout_secs", absent=20),
    "powercode_api_key": at("powercode", "powercode_api_key"),
    "powercode_api_url": at("powercode", "powercode_api_url"),
    "sonar_api_url": at("sonar", "sonar_api_url"),
    "sonar_api_key": at("sonar", "sonar_api_key"),
    "snmp_community": at("sonar", "snmp_community"),
    "sonar_airmax_ap_model_ids": at("sonar", "airmax_model_ids"),
    "sonar_ltu_ap_model_ids": at("sonar", "ltu_model_ids"),
    "sonar_active_status_ids": at("sonar", "active_status_ids"),
    "sonar_recurring_service_rates": lambda c: [(r["enabled"], r["service_name"], r["download_mbps"], r["upload_mbps"])
                                                for r in c["sonar"]["recurring_service_rates"]],
    "sonar_recurring_excluded_service_names": at("sonar", "recurring_excluded_service_names"),
    "wispgate_api_token": at("wisp_gate", "wispgate_api_token", absent=""),
    "wispgate_api_url": at("wisp_gate", "wispgate_api_url", absent=""),
    "automatic_import_uisp": at("uisp", "enable_uisp"),
    "automatic_import_splynx": at("splynx", "enable_splynx"),
    "automatic_import_netzur": at("netzur", "enable_netzur", absent=False),
    "automatic_import_visp": at("visp", "enable_visp", absent=False),
    "automatic_import_powercode": at("powercode", "enable_powercode"),
    "automatic_import_sonar": at("sonar", "enable_sonar"),
    "automatic_import_wispgate": at("wisp_gate", "enable_wispgate", absent=False),
    "uisp_site": at("uisp", "site"),
    "uisp_strategy": at("uisp", "strategy"),
    "uisp_suspended_strategy": at("uisp", "suspended_strategy"),
    "airmax_capacity": at("uisp", "airmax_capacity"),
    "ltu_capacity": at("uisp", "ltu_capacity"),
    "uisp_base_url": at("uisp", "url"),
    "uisp_auth_token": at("uisp", "token"),
    "use_ptmp_as_parent": at("uisp", "use_ptmp_as_parent", absent=False),
    "influx_db_bucket": at("influx_db", "bucket", absent=""),
    "influx_db_org": at("influx_db", "org", absent=""),
    "influx_db_token": at("influx_db", "token", absent=""),
    "influx_db_url": at("influx_db", "url", absent=""),
    # Resolved topology compile modes (v2.2): topology.compile_mode wins when it is a known mode.
    "splynx_strategy": lambda c: c["topology"]["compile_mode"] or c["splynx"]["strategy"],
    "sonar_strategy": lambda c: c["topology"]["compile_mode"] or "full",
}

# Getters of ours that upstream does not have (integrationVISP reads these keys itself): the same check.
OUR_GETTERS: dict[str, Callable[[dict], Any]] = {
    "visp_token_url": at("visp", "token_url", absent=lq.VISP_TOKEN_URL),
    "visp_graphql_url": at("visp", "graphql_url", absent=lq.VISP_GRAPHQL_URL),
    "visp_tenant_id": at("visp", "tenant_id", absent=""),
    "visp_strategy": lambda c: c["topology"]["compile_mode"] or at("visp", "strategy", absent="flat")(c),
    "visp_verify_tls": at("visp", "verify_tls", absent=True),
    "visp_service_type_allowlist": at("visp", "service_type_allowlist", absent=[]),
}
ALL_GETTERS = {**GETTERS, **OUR_GETTERS}

# Documented `-> float` (JSON writes 1.0 as 1, so the C# value's Python type is not enough).
FLOAT_GETTERS = {"fast_queues_fq_codel", "bandwidth_overhead_factor", "committed_bandwidth_multiplier",
                 "client_bandwidth_multiplier", "airmax_capacity", "ltu_capacity"}

# Getters whose answer does not come from lqos.conf keys (features this build does not have, or the machine).
NOT_FROM_KEYS = {"is_insight_enabled": False}

# Every config getter the spec lists (§1.3 queue/interface, integration-common, per-integration, automatic_import,
# §1.5); the table above must cover each.
SPEC_CONFIG_GETTERS = set(GETTERS) | set(NOT_FROM_KEYS) | {"shaping_cpu_count", "efficiency_core_ids"}

# Getters the full fixture cannot make differ from the minimal one (both have [bridge]; the stick has its own test).
SAME_IN_BOTH = {"on_a_stick"}


def _normalise(value: Any) -> Any:
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_normalise(v) for v in value)
    if isinstance(value, lq.PyExceptionCpe):
        return (value.cpe, value.parent)
    return value


def _use(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setenv("LQOS_CONFIG", str(path))
    lq._reset_config_cache()


@pytest.fixture(scope="module")
def both(lqos):
    return {name: csharp_config(lqos, FIXTURES / f"lqos-{name}.conf") for name in ("full", "minimal")}


@pytest.mark.parametrize("fixture", ["full", "minimal"])
@pytest.mark.parametrize("getter", sorted(ALL_GETTERS))
def test_getter_equals_the_csharp_value(getter, fixture, both, monkeypatch):
    _use(monkeypatch, FIXTURES / f"lqos-{fixture}.conf")

    actual = getattr(lq, getter)()

    expected = ALL_GETTERS[getter](both[fixture])
    assert _normalise(actual) == expected
    assert type(actual) is (float if getter in FLOAT_GETTERS else type(expected))


@pytest.mark.parametrize("getter", sorted(set(ALL_GETTERS) - SAME_IN_BOTH))
def test_full_fixture_sets_every_getters_key(getter, both, monkeypatch):
    """A getter reading the wrong key would often still return the default; the full fixture differs everywhere."""
    assert ALL_GETTERS[getter](both["full"]) != ALL_GETTERS[getter](both["minimal"])


@pytest.mark.parametrize("getter,value", sorted(NOT_FROM_KEYS.items()))
def test_features_we_do_not_have_answer_not_enabled(getter, value, monkeypatch):
    _use(monkeypatch, FIXTURES / "lqos-full.conf")

    assert getattr(lq, getter)() == value


def test_every_spec_config_getter_has_a_row():
    import test_exports
    config_like = [n for n in test_exports.EXPECTED if n in SPEC_CONFIG_GETTERS]
    assert sorted(config_like) == sorted(SPEC_CONFIG_GETTERS)


def test_spec_semantics_of_derived_values(both, monkeypatch):
    _use(monkeypatch, FIXTURES / "lqos-full.conf")
    assert lq.interface_a() == "enp1s0f2" and lq.interface_b() == "enp1s0f1"  # to_network / to_internet
    assert lq.get_libreqos_state_directory() == "/srv/lqos/state-custom"
    assert lq.fast_queues_fq_codel() == 1500.5
    assert lq.queue_mode() == "observe"
    _use(monkeypatch, FIXTURES / "lqos-minimal.conf")
    assert lq.get_libreqos_state_directory() == "/opt/libreqos/state"  # sibling of .../src
    assert lq.fast_queues_fq_codel() == 1000.0
    assert lq.queue_mode() == "shape"
    assert lq.netzur_api_timeout() == 60 and lq.visp_timeout_secs() == 20 and lq.client_bandwidth_multiplier() == 1.0


def test_single_interface_is_on_a_stick(tmp_path, lqos, monkeypatch):
    text = (FIXTURES / "lqos-minimal.conf").read_text().replace(
        '[bridge]\nuse_xdp_bridge = false\nto_internet = "eth0"\nto_network = "eth1"',
        '[single_interface]\ninterface = "eth7"\ninternet_vlan = 2\nnetwork_vlan = 3')
    path = tmp_path / "lqos.conf"
    path.write_text(text)
    _use(monkeypatch, path)

    assert (lq.on_a_stick(), lq.interface_a(), lq.interface_b()) == (True, "eth7", "eth7")


def test_lqos_directory_environment_override_applies(monkeypatch):
    monkeypatch.setenv("LQOS_DIRECTORY", "/tmp/elsewhere/src")
    _use(monkeypatch, FIXTURES / "lqos-minimal.conf")

    assert lq.get_libreqos_directory() == "/tmp/elsewhere/src"
    assert lq.get_libreqos_state_directory() == "/tmp/elsewhere/state"


def test_config_is_read_once_per_process_until_synced(tmp_path, lqos, monkeypatch):
    path = tmp_path / "lqos.conf"
    path.write_text((FIXTURES / "lqos-minimal.conf").read_text())
    _use(monkeypatch, path)
    assert lq.sqm() == "cake diffserv4"

    path.write_text(path.read_text().replace("[queues]\n", '[queues]\ndefault_sqm = "fq_codel"\n'))

    assert lq.sqm() == "cake diffserv4"
    lq._reset_config_cache()
    assert lq.sqm() == "fq_codel"


def test_broken_config_raises_oserror_naming_the_problem_and_check_config_prints_it(tmp_path, lqos, monkeypatch, capsys):
    path = tmp_path / "lqos.conf"
    path.write_text((FIXTURES / "lqos-minimal.conf").read_text().replace('to_network = "eth1"', "to_network = 5"))
    _use(monkeypatch, path)

    with pytest.raises(OSError, match="bridge.to_network"):
        lq.sqm()
    assert lq.check_config() is False
    assert "Error loading config:" in capsys.readouterr().out


def test_missing_lqos_command_is_an_oserror_saying_what_to_install(monkeypatch):
    monkeypatch.setenv("LQOS_CLI", "/nonexistent/lqos")
    _use(monkeypatch, FIXTURES / "lqos-minimal.conf")

    with pytest.raises(OSError, match="cannot run"):
        lq.sqm()


def test_installed_package_runs_the_lqos_in_bin_beside_its_src_folder(tmp_path):
    # `make install-files` puts the package in <prefix>/src/liblqos_python/ and lqos in <prefix>/bin/.
    src, lqos = tmp_path / "src", tmp_path / "bin" / "lqos"
    src.mkdir()
    install_compat(src)
    lqos.parent.mkdir()
    lqos.write_text("#!/bin/sh\necho '{\"queues\": {\"default_sqm\": \"cake from bin\"}}'\n")
    lqos.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "LQOS_CLI"}

    done = subprocess.run([sys.executable, "-c", "import liblqos_python; print(liblqos_python.sqm())"], cwd=src, env=env,
                          capture_output=True, text=True, timeout=60)

    assert (done.returncode, done.stdout) == (0, "cake from bin\n"), done.stderr


def test_visp_strategy_follows_its_own_key_without_a_compile_mode(tmp_path, monkeypatch):
    for strategy, expected in (("ap_site", "ap_site"), ("AP_ONLY", "ap_only"), ("sideways", "flat")):
        path = tmp_path / f"{expected}-{strategy}.conf"
        path.write_text((FIXTURES / "lqos-minimal.conf").read_text() + f'\n[visp_integration]\nstrategy = "{strategy}"\n')
        _use(monkeypatch, path)
        assert lq.visp_strategy() == expected, strategy
