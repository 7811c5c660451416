"""Topology payloads from integrations, and the topology runtime's files and hashes."""
from __future__ import annotations

import json
import os
import time
from typing import Optional

from ._files import _atomic_write, _read_json_file, _read_text
from ._hashing import (calculate_effective_network_generation, calculate_shaping_inputs_generation,
                       calculate_topology_source_generation, hash_to_i64)
from ._integration_getters import topology_import_ingress_enabled
from ._lqos_conf import _TOPOLOGY_COMPILE_MODES
from ._overrides import overrides_circuit_adjustments_effective
from ._queue_getters import get_libreqos_directory, get_libreqos_state_directory


def _check_compile_mode(compile_mode: str) -> None:
    if compile_mode not in _TOPOLOGY_COMPILE_MODES:
        raise OSError(f"compile_mode '{compile_mode}' is not one of {', '.join(_TOPOLOGY_COMPILE_MODES)}")


def write_compiled_topology_from_python_graph_payload(source: str, compile_mode: str, compatibility_network_json: str,
                                                      shaped_devices_csv: str, circuit_anchors_json: str,
                                                      parent_candidates_json: str, native_editor_json: str) -> bool:
    """An integration's graph, made into the topology runtime's sources: `<lqos_directory>/network.json` and
    `ShapedDevices.csv` (each written to a temp file and renamed), which lqosd compiles into shaping_inputs.json and
    network.effective.json; plus the anchors, parent candidates and editor state under `<state>/topology/` for
    reference. Upstream hands the graph to its runtime as topology_import.json instead (see docs/compat.md)."""
    _check_compile_mode(compile_mode)
    try:
        network = json.loads(compatibility_network_json)
        extras = {name: json.loads(text) for name, text in (("circuit_anchors.json", circuit_anchors_json),
                                                            ("topology_parent_candidates.json", parent_candidates_json),
                                                            ("topology_editor_state.json", native_editor_json)) if text}
    except ValueError as e:
        raise OSError(f"{source}: the topology payload is not JSON: {e}") from None
    directory = get_libreqos_directory()
    _atomic_write(os.path.join(directory, "network.json"), json.dumps(network, indent=4))
    _atomic_write(os.path.join(directory, "ShapedDevices.csv"), shaped_devices_csv)
    topology = os.path.join(get_libreqos_state_directory(), "topology")
    for name, value in extras.items():
        _atomic_write(os.path.join(topology, name), json.dumps(value, indent=2))
    _atomic_write(os.path.join(topology, "topology_import.json"),
                  json.dumps({"schema_version": 1, "source": source, "compile_mode": compile_mode, "generated_unix": int(time.time())}, indent=2))
    return True


def write_compiled_topology_from_legacy_artifacts(source: str, compile_mode: str) -> bool:
    """network.json and ShapedDevices.csv in lqos_directory already are what lqosd shapes from: checks the mode and
    that both exist."""
    _check_compile_mode(compile_mode)
    directory = get_libreqos_directory()
    return all(os.path.exists(os.path.join(directory, f)) for f in ("network.json", "ShapedDevices.csv"))


def write_compiled_topology_from_network_json_payload(source: str, compile_mode: str, json_text: str) -> bool:
    """Writes `json_text` as `<lqos_directory>/network.json` (temp file and rename)."""
    _check_compile_mode(compile_mode)
    try:
        network = json.loads(json_text)
    except ValueError as e:
        raise OSError(f"{source}: network.json payload is not JSON: {e}") from None
    _atomic_write(os.path.join(get_libreqos_directory(), "network.json"), json.dumps(network, indent=4))
    return True


def _runtime_status_path() -> str:
    return os.path.join(get_libreqos_state_directory(), "topology", "topology_runtime_status.json")


def _shaping_inputs_path() -> str:
    return os.path.join(get_libreqos_state_directory(), "shaping", "shaping_inputs.json")


def _effective_network_path() -> str:
    return os.path.join(get_libreqos_state_directory(), "topology", "network.effective.json")


def calculate_hash() -> int:
    """hash_to_i64(network.json + "\n" + ShapedDevices.csv) of lqos_directory (network.effective.json in ingress
    mode); 0 on any error."""
    try:
        directory = get_libreqos_directory()
        network = _effective_network_path() if topology_import_ingress_enabled() else os.path.join(directory, "network.json")
        return hash_to_i64(_read_text(network) + "\n" + _read_text(os.path.join(directory, "ShapedDevices.csv")))
    except (OSError, ValueError):
        return 0


def _sqm_fingerprint() -> str:
    lines = sorted(f"{a.get('device_id', '')}={a.get('sqm_override', '')}" for a in overrides_circuit_adjustments_effective()
                   if a.get("type") == "device_adjust_sqm")
    return "\n".join(lines)


def calculate_shaping_runtime_hash() -> int:
    """A hash of what shaping depends on; 0 if an input is missing. Ingress mode: the runtime's shaping and effective
    generations (from the status, else from the files) and the sqm overrides. Otherwise: the contents of the first
    existing network file (network.effective.json, network.insight.json, network.json) and devices file
    (shaping_inputs.json, ShapedDevices.insight.csv, ShapedDevices.csv), and the sqm overrides."""
    try:
        if topology_import_ingress_enabled():
            status = _read_runtime_status() or {}
            shaping = status.get("shaping_generation") or calculate_shaping_inputs_generation(_shaping_inputs_path())
            effective = status.get("effective_generation") or calculate_effective_network_generation(_effective_network_path())
            return hash_to_i64(f"{shaping}\n{effective}\n{_sqm_fingerprint()}")
        directory = get_libreqos_directory()
        network = _first_existing([_effective_network_path(), os.path.join(directory, "network.insight.json"), os.path.join(directory, "network.json")])
        devices = _first_existing([_shaping_inputs_path(), os.path.join(directory, "ShapedDevices.insight.csv"), os.path.join(directory, "ShapedDevices.csv")])
        if network is None or devices is None:
            return 0
        return hash_to_i64(_read_text(network) + "\n" + _read_text(devices) + "\n" + _sqm_fingerprint())
    except (OSError, ValueError):
        return 0


def _first_existing(paths: list[str]) -> Optional[str]:
    return next((p for p in paths if os.path.exists(p)), None)


def _read_runtime_status() -> Optional[dict]:
    try:
        status = _read_json_file(_runtime_status_path())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise OSError(f"cannot read {_runtime_status_path()}: {e}") from None
    return status if isinstance(status, dict) else None


def validated_runtime_shaping_inputs_path() -> Optional[str]:
    """The path of shaping_inputs.json when lqosd's topology runtime status is ready for the current sources and both
    published files still have the generations it names; else None. OSError if the status cannot be read."""
    status = _read_runtime_status()
    if not status or not status.get("ready") or status.get("source_generation") != calculate_topology_source_generation():
        return None
    shaping_path = status.get("shaping_inputs_path") or ""
    effective_path = status.get("effective_network_path") or ""
    try:
        if (calculate_shaping_inputs_generation(shaping_path) != status.get("shaping_generation")
                or calculate_effective_network_generation(effective_path) != status.get("effective_generation")):
            return None
    except OSError:
        return None
    return shaping_path
