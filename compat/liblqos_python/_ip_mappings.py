"""lqosd's IP mapping table (bus `map_ip_to_flow`, `del_ip_flow`, `list_ip_flow`) and the pinned XDP trie behind it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any, Optional

from ._bus import _Bus, _fail_text, _request
from ._lqos_conf import _get
from ._lqosd import is_lqosd_alive


# The IP mapping trie's capacity as compiled into bpf/lqos_kern.bpf.c (LQOS_MAX_TRACKED_IPS).
DEFAULT_XDP_IP_MAPPING_CAPACITY = 128000


class PyIpMapping:
    """One entry of lqosd's IP mapping table, as `list_ip_mappings()` returns it (read-only)."""

    __slots__ = ("_ip", "_prefix", "_handle", "_cpu", "_upload", "_circuit", "_device")

    def __init__(self, ip_address: str, prefix_length: int, tc_handle: tuple[int, int], cpu: int,
                 upload: bool = False, circuit_id: str = "", device_id: str = ""):
        self._ip, self._prefix, self._handle, self._cpu = ip_address, prefix_length, tc_handle, cpu
        self._upload, self._circuit, self._device = upload, circuit_id, device_id

    ip_address = property(lambda self: self._ip)
    prefix_length = property(lambda self: self._prefix)
    tc_handle = property(lambda self: self._handle)
    cpu = property(lambda self: self._cpu)
    # Ours (upstream's class has only the four above).
    upload = property(lambda self: self._upload)
    circuit_id = property(lambda self: self._circuit)
    device_id = property(lambda self: self._device)

    def __repr__(self) -> str:
        return (f"PyIpMapping(ip_address={self._ip!r}, prefix_length={self._prefix}, "
                f"tc_handle=({self._handle[0]:#x}, {self._handle[1]:#x}), cpu={self._cpu}, upload={self._upload})")


def _parse_hex(text: Any, what: str) -> int:
    if isinstance(text, int):
        return text
    value = str(text).strip()
    if value.lower().startswith("0x"):
        value = value[2:]
    if value == "":
        return 0
    try:
        return int(value, 16)
    except ValueError:
        raise OSError(f"{what} '{text}' is not a hexadecimal number") from None


def _tc_handle(classid: str) -> str:
    """'0x1:0x7' (upstream's hex() strings) as lqosd's '1:7'."""
    if ":" not in str(classid):
        raise OSError(f"classid '{classid}' is not a tc handle such as 0x1:0x7")
    major, minor = str(classid).split(":", 1)
    return f"{_parse_hex(major, 'classid major'):x}:{_parse_hex(minor, 'classid minor'):x}"


def _mapping_request(ip: str, classid: str, cpu: Any, upload: bool, circuit_id: Optional[str], device_id: Optional[str],
                     require_ids: bool) -> dict:
    handle = _tc_handle(classid)
    if require_ids:
        if circuit_id is None or str(circuit_id).strip() == "":
            raise OSError(f"add_ip_mapping for {ip}: circuit_id is empty")
        if device_id is None or str(device_id).strip() == "":
            raise OSError(f"add_ip_mapping for {ip}: device_id is empty")
    return {"type": "map_ip_to_flow", "ip_address": str(ip).strip(), "tc_handle": handle, "cpu": _parse_hex(cpu, "cpu"),
            "upload": bool(upload), "circuit_id": str(circuit_id or "").strip(), "device_id": str(device_id or "").strip()}


def clear_ip_mappings() -> None:
    """Bus `clear_ip_flow`. Raises OSError when lqosd cannot be reached (upstream panics)."""
    reply = _request({"type": "clear_ip_flow"})
    if reply.get("type") != "ack":
        raise OSError(f"lqosd did not clear the IP mappings: {_fail_text(reply)}")


def delete_ip_mapping(ip_address: str) -> None:
    """Bus `del_ip_flow` for the download and the upload mapping (a missing one is fine). Raises OSError when lqosd
    cannot be reached (upstream panics)."""
    with _Bus() as bus:
        bus.send([{"type": "del_ip_flow", "ip_address": ip_address, "upload": False},
                  {"type": "del_ip_flow", "ip_address": ip_address, "upload": True}])


def add_ip_mapping(ip: str, classid: str, cpu: str, upload: bool, circuit_id: Optional[str] = None,
                   device_id: Optional[str] = None) -> None:
    """Bus `map_ip_to_flow` for one address (v1.4: 4 arguments; v2.0+: 6). Raises OSError on a bad classid, empty
    ids (6-argument form), an unreachable lqosd or a `fail` reply."""
    request = _mapping_request(ip, classid, cpu, upload, circuit_id, device_id,
                               require_ids=circuit_id is not None or device_id is not None)
    reply = _request(request)
    if reply.get("type") != "ack":
        raise OSError(f"lqosd refused the mapping of {ip}: {_fail_text(reply)}")


def list_ip_mappings() -> list[PyIpMapping]:
    """Bus `list_ip_flow` → the mapping table; [] when lqosd cannot be reached."""
    try:
        reply = _request({"type": "list_ip_flow"})
    except OSError:
        return []
    result = []
    for m in reply.get("mappings", []):
        address = m.get("ip_address", "")
        ip, _, prefix = address.partition("/")
        length = int(prefix) if prefix else (128 if ":" in ip else 32)
        major, _, minor = m.get("tc_handle", "0:0").partition(":")
        result.append(PyIpMapping(ip, length, (int(major or "0", 16), int(minor or "0", 16)), int(m.get("cpu", 0)),
                                  bool(m.get("upload", False)), m.get("circuit_id", ""), m.get("device_id", "")))
    return result


def _pin_directory() -> str:
    try:
        return _get("lqosd", "bpf_pin_directory", default="/sys/fs/bpf/lqos")
    except OSError:
        return "/sys/fs/bpf/lqos"


def xdp_ip_mapping_ready() -> bool:
    """Whether IP mappings can be applied: the pinned mapping trie exists, or lqosd (which owns the mapping table
    when no data plane is attached) answers."""
    if os.path.exists(os.path.join(_pin_directory(), "map_ip_to_cpu_and_tc")):
        return True
    return is_lqosd_alive()


def xdp_ip_mapping_capacity() -> int:
    """`max_entries` of the live pinned IP mapping trie (via bpftool), else the compiled capacity."""
    pinned = os.path.join(_pin_directory(), "map_ip_to_cpu_and_tc")
    bpftool = shutil.which("bpftool") or ("/usr/sbin/bpftool" if os.path.exists("/usr/sbin/bpftool") else None)
    if os.path.exists(pinned) and bpftool:
        try:
            done = subprocess.run([bpftool, "-j", "map", "show", "pinned", pinned], capture_output=True, text=True, timeout=10, check=False)
            if done.returncode == 0:
                return int(json.loads(done.stdout)["max_entries"])
        except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
            pass
    return DEFAULT_XDP_IP_MAPPING_CAPACITY
