"""Queue and interface configuration getters."""
from __future__ import annotations

import os

from ._files import _read_json_file
from ._lqos_conf import _get


def sqm() -> str:
    """`queues.default_sqm`."""
    return _get("queues", "default_sqm")


def fast_queues_fq_codel() -> float:
    """`queues.fast_queues_fq_codel`, default 1000: circuits at or above this rate get fq_codel."""
    return float(_get("queues", "effective_fast_queues_fq_codel"))


def upstream_bandwidth_capacity_download_mbps() -> int:
    """`queues.downlink_bandwidth_mbps` (upstream returns the uplink value here; see docs/compat.md)."""
    return int(_get("queues", "downlink_bandwidth_mbps"))


def upstream_bandwidth_capacity_upload_mbps() -> int:
    """`queues.uplink_bandwidth_mbps`."""
    return int(_get("queues", "uplink_bandwidth_mbps"))


def interface_a() -> str:
    """The ISP-facing interface (download shaping): `bridge.to_network`, else `single_interface.interface`."""
    value = _get("interface_a", default="")
    if not value:
        raise OSError("lqos.conf has neither [bridge] nor [single_interface]; set one of them")
    return value


def interface_b() -> str:
    """The Internet-facing interface (upload shaping): `bridge.to_internet`, else `single_interface.interface`."""
    value = _get("interface_b", default="")
    if not value:
        raise OSError("lqos.conf has neither [bridge] nor [single_interface]; set one of them")
    return value


def on_a_stick() -> bool:
    """True when lqos.conf has no [bridge] (one interface, two VLANs)."""
    return bool(_get("on_a_stick"))


def enable_actual_shell_commands() -> bool:
    """`not queues.dry_run`."""
    return not _get("queues", "dry_run")


def run_shell_commands_as_sudo() -> bool:
    """`queues.sudo`."""
    return bool(_get("queues", "sudo"))


def use_bin_packing_to_balance_cpu() -> bool:
    """`queues.use_binpacking`."""
    return bool(_get("queues", "use_binpacking"))


def monitor_mode_only() -> bool:
    """`queues.monitor_only` (v2.0; removed upstream at v2.2)."""
    return bool(_get("queues", "monitor_only"))


def queue_mode() -> str:
    """"observe" or "shape": `queues.queue_mode`, else observe when `monitor_only` is set."""
    return "observe" if _get("queues", "observe_only") else "shape"


def _cpu_list(text: str) -> list[int]:
    cpus: list[int] = []
    for part in text.strip().split(","):
        if not part:
            continue
        low, _, high = part.partition("-")
        cpus.extend(range(int(low), int(high or low) + 1))
    return cpus


def _hybrid_efficiency_cores(sys_devices: str = "/sys/devices") -> list[int]:
    """E-cores of an Intel hybrid CPU (`cpu_atom` beside `cpu_core`), else []."""
    atom = os.path.join(sys_devices, "cpu_atom", "cpus")
    core = os.path.join(sys_devices, "cpu_core", "cpus")
    if not (os.path.exists(atom) and os.path.exists(core)):
        return []
    try:
        with open(atom, encoding="ascii") as f:
            return _cpu_list(f.read())
    except (OSError, ValueError):
        return []


def efficiency_core_ids() -> list[int]:
    """The E-cores left out of shaping when `exclude_efficiency_cores` is on and the CPU is hybrid, else []."""
    return _hybrid_efficiency_cores() if _get("exclude_efficiency_cores") else []


def shaping_cpu_count() -> int:
    """CPUs this process may use, less the excluded E-cores."""
    usable = set(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else set(range(os.cpu_count() or 1))
    return max(1, len(usable - set(efficiency_core_ids())))


def generated_pn_download_mbps() -> int:
    """`queues.generated_pn_download_mbps`."""
    return int(_get("queues", "generated_pn_download_mbps"))


def generated_pn_upload_mbps() -> int:
    """`queues.generated_pn_upload_mbps`."""
    return int(_get("queues", "generated_pn_upload_mbps"))


def queues_available_override() -> int:
    """`queues.override_available_queues`, 0 when unset."""
    return int(_get("queues", "override_available_queues", default=0))


def get_libreqos_directory() -> str:
    """`lqos_directory` (or $LQOS_DIRECTORY)."""
    return _get("lqos_directory")


def get_libreqos_state_directory() -> str:
    """`state_directory`, else `state` beside an lqos_directory ending in `src`, else `<lqos_directory>/state`."""
    return _get("state_directory")


def enable_insight_topology() -> bool:
    """`long_term_stats.enable_insight_topology`, default False."""
    return bool(_get("long_term_stats", "enable_insight_topology", default=False))


def insight_topology_role() -> str:
    """`long_term_stats.insight_topology_role`, default "None"."""
    return _get("long_term_stats", "insight_topology_role", default="None")


def is_insight_enabled() -> bool:
    """Insight (upstream's licensed cloud service) is not part of this build: always False."""
    return False


def influx_db_enabled() -> bool:
    """`influxdb.enable_influxdb`, False without the section."""
    return bool(_get("influx_db", "enable_influxdb", default=False))


def queue_refresh_interval_mins() -> int:
    """`integration_common.queue_refresh_interval_mins`."""
    return int(_get("integration_common", "queue_refresh_interval_mins"))


def is_network_flat() -> bool:
    """Whether `<lqos_directory>/network.json` has no nodes (missing, `{}`, or not an object)."""
    path = os.path.join(get_libreqos_directory(), "network.json")
    if not os.path.exists(path):
        return True
    try:
        network = _read_json_file(path)
    except (OSError, ValueError) as e:
        raise OSError(f"cannot read {path}: {e}") from None
    return not isinstance(network, dict) or len(network) == 0
