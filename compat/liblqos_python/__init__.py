"""liblqos_python: upstream LibreQoS's Python module, in pure Python, driving our C# lqosd.

Operators' scripts (``LibreQoS.py``, ``scheduler.py``, ``integration*.py``, custom integrations) do
``from liblqos_python import a, b, c``; one missing name fails the whole import. This package therefore exports the
union of every name upstream ever exported (v1.4, v2.0, v2.1, v2.2, including names later removed), with the same
signatures and return types.

Where the values come from:

* **Config getters** read the typed config the C# reader produces: ``lqos config show --json`` runs once per process
  (``$LQOS_CONFIG``, else /etc/lqos.conf) and the result is cached, as upstream caches ``load_config()``.
  ``sync_lqosd_config_from_disk()`` clears the cache. Keys and defaults therefore live in one place, the C# config
  model; a getter only picks its key.
* **Bus functions** talk to lqosd over its bus (``[lqosd] bus_socket``, default /run/lqos/bus): 4-byte big-endian
  length, then UTF-8 JSON (see docs/bus.md). Each docstring names the request it sends.
* **Features we do not have** (Insight licensing and weights, remote planner storage, TreeGuard live edits, the
  topology runtime) answer "not enabled" (False, None, empty); nothing raises at import.

The code is split by concern into private submodules (``_lqos_conf``, ``_bus``, ``_bakery``, ...); this file only
gathers their names, so scripts import everything from ``liblqos_python`` as before.

Errors follow upstream (§0 item 3 of the compat spec), except that where upstream panics
(``pyo3_runtime.PanicException``) we raise ``OSError`` with a message saying what to check.
"""

from ._lqos_conf import DEFAULT_CONFIG_PATH
from ._bus import DEFAULT_BUS_SOCKET
from ._lqosd import (
    check_config, create_lock_file, free_lock_file, is_libre_already_running, is_lqosd_alive,
    sync_lqosd_config_from_disk, validate_shaped_devices, wait_for_bus_ready)
from ._ip_mappings import (
    add_ip_mapping, clear_ip_mappings, DEFAULT_XDP_IP_MAPPING_CAPACITY, delete_ip_mapping, list_ip_mappings,
    PyIpMapping, xdp_ip_mapping_capacity, xdp_ip_mapping_ready)
from ._bakery import Bakery, BatchedCommands
from ._flows import (
    circuit_flows, clear_unknown_ips, rtt_histogram, site_insights, top_flows, unknown_ips,
    worst_retransmit_circuits, worst_rtt_circuits)
from ._queue_getters import (
    efficiency_core_ids, enable_actual_shell_commands, enable_insight_topology, fast_queues_fq_codel,
    generated_pn_download_mbps, generated_pn_upload_mbps, get_libreqos_directory, get_libreqos_state_directory,
    influx_db_enabled, insight_topology_role, interface_a, interface_b,
    is_insight_enabled, is_network_flat, monitor_mode_only, on_a_stick, queue_mode, queue_refresh_interval_mins,
    queues_available_override, run_shell_commands_as_sudo, shaping_cpu_count, sqm,
    upstream_bandwidth_capacity_download_mbps, upstream_bandwidth_capacity_upload_mbps,
    use_bin_packing_to_balance_cpu)
from ._integration_getters import (
    airmax_capacity, allowed_subnets, automatic_import_netzur, automatic_import_powercode, automatic_import_sonar,
    automatic_import_splynx, automatic_import_uisp, automatic_import_visp, automatic_import_wispgate,
    bandwidth_overhead_factor, circuit_name_use_address, client_bandwidth_multiplier,
    committed_bandwidth_multiplier, exception_cpes, exclude_sites, find_ipv6_using_mikrotik, ignore_subnets,
    influx_db_bucket, influx_db_org, influx_db_token, influx_db_url, integration_common_use_mikrotik_ipv6,
    load_mikrotik_ipv6_routers_json, ltu_capacity, mikrotik_ipv6_config_path, netzur_api_key, netzur_api_timeout,
    netzur_api_url, overwrite_network_json_always, powercode_api_key, powercode_api_url, promote_to_root_list,
    PyExceptionCpe, snmp_community, sonar_active_status_ids, sonar_airmax_ap_model_ids, sonar_api_key,
    sonar_api_url, sonar_ltu_ap_model_ids, sonar_recurring_excluded_service_names, sonar_recurring_service_rates,
    sonar_strategy, splynx_api_key, splynx_api_secret, splynx_api_url, splynx_strategy,
    topology_import_ingress_enabled, uisp_auth_token, uisp_base_url, uisp_site, uisp_strategy,
    uisp_suspended_strategy, use_ptmp_as_parent, visp_client_id, visp_client_secret, VISP_GRAPHQL_URL,
    visp_graphql_url, visp_isp_id, visp_online_users_domain, visp_password, visp_service_type_allowlist,
    visp_strategy, visp_tenant_id, visp_timeout_secs, VISP_TOKEN_URL, visp_token_url, visp_username,
    visp_verify_tls, wispgate_api_token, wispgate_api_url)
from ._overrides import (
    migrate_legacy_site_bandwidth_csv, overrides_circuit_adjustments, overrides_circuit_adjustments_effective,
    overrides_circuit_adjustments_materialized, overrides_materialized, overrides_network_adjustments,
    overrides_network_adjustments_effective, overrides_network_adjustments_materialized,
    overrides_persistent_devices, overrides_persistent_devices_effective, overrides_persistent_devices_materialized)
from ._topology import (
    calculate_hash, calculate_shaping_runtime_hash, validated_runtime_shaping_inputs_path,
    write_compiled_topology_from_legacy_artifacts, write_compiled_topology_from_network_json_payload,
    write_compiled_topology_from_python_graph_payload)
from ._hashing import (
    calculate_effective_network_generation, calculate_shaping_inputs_generation,
    calculate_topology_source_generation, hash_to_i64, TOPOLOGY_SOURCE_NAMES)
from ._scheduler import (
    blackboard_finish, blackboard_submit, clear_urgent_issue_by_identity, log_info, scheduler_alive,
    scheduler_error, scheduler_output, scheduler_progress, submit_urgent_issue)
from ._absent_features import (
    fetch_planner_remote, store_planner_remote, treeguard_get_node_virtual_branch_state,
    treeguard_get_node_virtual_status, treeguard_set_node_virtual_live)
from ._planner_state import read_planner_cbor, write_planner_cbor
from ._planning import (
    DeviceWeightResponse, get_tree_weights, get_weights, NetworkNodeWeight, plan_class_identities,
    plan_top_level_cpu_bins)

# Private names the other compat modules (LibreQoS.py, integrationCommon.py, integrationUtils.py) and the tests use.
from ._bus import _request
from ._files import _atomic_write, _read_json_file
from ._hashing import _siphash
from ._lqos_conf import _reset_config_cache
from ._lqosd import _request_retrying
from ._planning import _read_shaped_devices
from ._queue_getters import _hybrid_efficiency_cores

# Read through the package at call time (_lqosd), so that assigning liblqos_python.LOCK_FILE moves the lock.
LOCK_FILE = "/run/lqos/libreqos.lock"

__all__ = sorted(name for name, value in list(globals().items())
                 if not name.startswith("_") and getattr(value, "__module__", "").startswith(__name__ + ".")
                 and (callable(value) or isinstance(value, type)))
