"""`import liblqos_python` exposes every name upstream ever exported (compat spec §1), with the documented shapes."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import liblqos_python
import LibreQoS
import integrationCommon

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "upstream_python_compat.md"

# The union of v1.4, v2.0, v2.1 and v2.2 (§1.1-§1.6), names later removed included.
EXPECTED = """
BatchedCommands Bakery PyIpMapping PyExceptionCpe DeviceWeightResponse
is_lqosd_alive clear_ip_mappings delete_ip_mapping add_ip_mapping list_ip_mappings validate_shaped_devices
wait_for_bus_ready xdp_ip_mapping_ready xdp_ip_mapping_capacity is_libre_already_running create_lock_file
free_lock_file check_config sync_lqosd_config_from_disk
sqm fast_queues_fq_codel upstream_bandwidth_capacity_download_mbps upstream_bandwidth_capacity_upload_mbps
interface_a interface_b on_a_stick enable_actual_shell_commands run_shell_commands_as_sudo
use_bin_packing_to_balance_cpu monitor_mode_only queue_mode shaping_cpu_count efficiency_core_ids
generated_pn_download_mbps generated_pn_upload_mbps queues_available_override get_libreqos_directory
get_libreqos_state_directory enable_insight_topology insight_topology_role is_insight_enabled influx_db_enabled
queue_refresh_interval_mins is_network_flat
allowed_subnets ignore_subnets circuit_name_use_address find_ipv6_using_mikrotik integration_common_use_mikrotik_ipv6
mikrotik_ipv6_config_path load_mikrotik_ipv6_routers_json exclude_sites bandwidth_overhead_factor
committed_bandwidth_multiplier exception_cpes promote_to_root_list client_bandwidth_multiplier
overwrite_network_json_always
splynx_api_key splynx_api_secret splynx_api_url splynx_strategy netzur_api_key netzur_api_url netzur_api_timeout
visp_client_id visp_client_secret visp_username visp_password visp_online_users_domain visp_isp_id visp_timeout_secs
powercode_api_key powercode_api_url sonar_api_url sonar_api_key snmp_community sonar_airmax_ap_model_ids
sonar_ltu_ap_model_ids sonar_active_status_ids sonar_recurring_service_rates sonar_recurring_excluded_service_names
sonar_strategy wispgate_api_token wispgate_api_url
automatic_import_uisp automatic_import_splynx automatic_import_netzur automatic_import_visp
automatic_import_powercode automatic_import_sonar automatic_import_wispgate
topology_import_ingress_enabled migrate_legacy_site_bandwidth_csv overrides_persistent_devices_effective
overrides_circuit_adjustments_effective overrides_network_adjustments_effective overrides_materialized
overrides_network_adjustments_materialized write_compiled_topology_from_python_graph_payload calculate_hash
calculate_shaping_runtime_hash calculate_topology_source_generation calculate_shaping_inputs_generation
calculate_effective_network_generation validated_runtime_shaping_inputs_path
scheduler_alive scheduler_error scheduler_output scheduler_progress blackboard_finish blackboard_submit
submit_urgent_issue clear_urgent_issue_by_identity log_info
get_weights get_tree_weights plan_top_level_cpu_bins plan_class_identities
uisp_site uisp_strategy uisp_suspended_strategy airmax_capacity ltu_capacity uisp_base_url uisp_auth_token
use_ptmp_as_parent influx_db_bucket influx_db_org influx_db_token influx_db_url overrides_persistent_devices
overrides_circuit_adjustments overrides_network_adjustments overrides_persistent_devices_materialized
overrides_circuit_adjustments_materialized write_compiled_topology_from_legacy_artifacts
write_compiled_topology_from_network_json_payload treeguard_set_node_virtual_live treeguard_get_node_virtual_status
treeguard_get_node_virtual_branch_state hash_to_i64 fetch_planner_remote store_planner_remote write_planner_cbor
read_planner_cbor
""".split()

# Signatures whose argument names or defaults scripts rely on (PyO3 keyword names = Rust parameter names).
SIGNATURES = {
    "wait_for_bus_ready": "(timeout_ms: 'int' = 5000) -> 'bool'",
    "submit_urgent_issue": "(source, severity, code, message, context, dedupe_key)",
    "scheduler_progress": "(active, phase, phase_label, step_index, step_count, percent)",
    "blackboard_submit": "(subsystem, key, value)",
    "plan_top_level_cpu_bins": "(items, queues_available, prev_assign=None, last_change_ts=None, now_ts=None, mode=None, "
                               "move_budget_per_run=None, cooldown_seconds=None, hysteresis_threshold=None)",
    "plan_class_identities": "(sites, circuit_groups, site_state=None, circuit_state=None, stick_offset=0, circuit_padding=8)",
    "write_compiled_topology_from_python_graph_payload": "(source, compile_mode, compatibility_network_json, shaped_devices_csv, "
                                                          "circuit_anchors_json, parent_candidates_json, native_editor_json)",
    "fetch_planner_remote": "(queues_available, on_a_stick, site_count)",
}


def _plain(signature: inspect.Signature) -> str:
    return "(" + ", ".join(p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"
                           for p in signature.parameters.values()) + ")"


def test_every_upstream_name_is_exported():
    missing = [name for name in EXPECTED if not hasattr(liblqos_python, name)]

    assert missing == []
    assert len(set(EXPECTED)) == len(EXPECTED) == 146


def test_star_import_brings_every_name():
    namespace: dict = {}
    exec("from liblqos_python import *", namespace)

    assert set(EXPECTED) <= set(namespace)


def test_upstream_import_lines_work():
    # LibreQoS.py@HEAD and scheduler.py@HEAD import lines, plus v2.0 names removed at HEAD.
    exec("from liblqos_python import is_lqosd_alive, clear_ip_mappings, delete_ip_mapping, validate_shaped_devices, "
         "is_libre_already_running, create_lock_file, free_lock_file, add_ip_mapping, BatchedCommands, check_config, sqm, "
         "upstream_bandwidth_capacity_download_mbps, upstream_bandwidth_capacity_upload_mbps, interface_a, interface_b, "
         "enable_actual_shell_commands, use_bin_packing_to_balance_cpu, monitor_mode_only, run_shell_commands_as_sudo, "
         "generated_pn_download_mbps, generated_pn_upload_mbps, queues_available_override, on_a_stick, get_tree_weights, "
         "get_weights, is_network_flat, get_libreqos_directory, enable_insight_topology, is_insight_enabled, "
         "fast_queues_fq_codel, shaping_cpu_count, Bakery, queue_mode, scheduler_error, xdp_ip_mapping_capacity, "
         "overrides_circuit_adjustments_effective, plan_top_level_cpu_bins, topology_import_ingress_enabled, "
         "plan_class_identities, overwrite_network_json_always, use_ptmp_as_parent", {})
    exec("from liblqos_python import scheduler_alive as _scheduler_alive_native, calculate_shaping_runtime_hash, "
         "calculate_topology_source_generation, wait_for_bus_ready, overrides_materialized, blackboard_submit, "
         "influx_db_enabled, insight_topology_role, efficiency_core_ids", {})


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_documented_signatures(name):
    signature = inspect.signature(getattr(liblqos_python, name))
    expected = SIGNATURES[name]
    if "->" in expected:
        assert str(signature) == expected
    else:
        assert _plain(signature) == expected


def test_config_getters_take_no_arguments():
    for name in EXPECTED:
        value = getattr(liblqos_python, name)
        if inspect.isfunction(value) and (name.startswith(("automatic_import_", "sonar_", "visp_", "splynx_", "influx_db_"))):
            assert list(inspect.signature(value).parameters) == [], name


def test_bakery_and_batched_commands_methods():
    for method in ("start_batch", "setup_mq", "add_site", "add_circuit", "commit", "estimate_qdisc_budget"):
        assert callable(getattr(liblqos_python.Bakery(), method))
    for method in ("add_ip_mapping", "finish_ip_mappings", "length", "log", "submit"):
        assert callable(getattr(liblqos_python.BatchedCommands(), method))


def test_libreqos_and_integration_common_public_names():
    for name in ("refreshShapers", "refreshShapersUpdateOnly", "RefreshFailure", "ValidationFailure", "validateNetworkAndDevices",
                 "loadSubscriberCircuits", "findQueuesAvailable", "tearDown", "format_rate_for_tc", "quantum", "calculateR2q"):
        assert hasattr(LibreQoS, name), name
    assert issubclass(LibreQoS.ValidationFailure, LibreQoS.RefreshFailure)
    assert issubclass(LibreQoS.RefreshFailure, Exception)
    for name in ("isInAllowedSubnets", "isInIgnoredSubnets", "isIpv4Permitted", "isIpPermitted", "isIntegrationOutputIpAllowed",
                 "fixSubnet", "apply_client_bandwidth_multiplier", "nodeTypeToString", "syntheticNetworkJsonId",
                 "NetworkGraph", "NetworkNode", "NodeType"):
        assert hasattr(integrationCommon, name), name
    for method in ("addRawNode", "addNodeAsChild", "replaceRootNode", "findNodeIndexById", "findNodeIndexByName",
                   "findChildIndices", "getErrors", "prepareTree", "doesNetworkJsonExist", "createNetworkJson",
                   "createShapedDevices", "plotNetworkGraph", "buildNetworkJson", "buildShapedDevicesArtifacts",
                   "buildTopologyParentCandidates", "buildNativeTopologyEditorState", "materializeCompiledTopology"):
        assert hasattr(integrationCommon.NetworkGraph, method), method


def _spec_names() -> set[str]:
    """Names in the first column of the §1 tables and the §1.1/§1.5 lists, with `a` / `_b` shorthands expanded."""
    text = SPEC.read_text()
    section = text[text.index("## 1. `liblqos_python` surface"):text.index("## 2. `scheduler.py`")]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            cell = line.split("|")[1]
            tokens = re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", cell)
            first = tokens[0] if tokens else ""
            for token in tokens:
                if token.startswith("_"):
                    names.add(("~" + first, token))  # type: ignore[arg-type]
                else:
                    names.add(token)
                    first = token
    listed = section[section.index("### 1.5"):section.index("Notes:", section.index("### 1.5"))]
    previous = ""
    for token in re.findall(r"`([a-z_][a-z0-9_]*)(?:\(|`)", listed):
        if "_" in token:
            names.add(token)
            previous = token
        else:  # `influx_db_bucket`/`org`: a sibling of the previous name
            names.add(("~" + previous, "_" + token))  # type: ignore[arg-type]
    return names


@pytest.mark.skipif(not SPEC.exists(), reason="../shared/spec is not beside this checkout")
def test_every_name_in_the_spec_tables_is_exported():
    missing = []
    for entry in _spec_names():
        if isinstance(entry, tuple):
            first, suffix = entry[0][1:], entry[1]
            parts = first.split("_")
            if not any(hasattr(liblqos_python, "_".join(parts[:k]) + suffix) for k in range(1, len(parts))):
                missing.append(first + " / " + suffix)
        elif entry not in ("NetworkNodeWeight",) and not hasattr(liblqos_python, entry):
            missing.append(entry)

    assert missing == []
