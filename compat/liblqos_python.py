"""liblqos_python: upstream LibreQoS's Python module, in pure Python, driving our C# lqosd.

Operators' scripts (``LibreQoS.py``, ``scheduler.py``, ``integration*.py``, custom integrations) do
``from liblqos_python import a, b, c``; one missing name fails the whole import. This module therefore exports the
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

Errors follow upstream (§0 item 3 of the compat spec), except that where upstream panics
(``pyo3_runtime.PanicException``) we raise ``OSError`` with a message saying what to check.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from typing import Any, Callable, Optional

# ---------------------------------------------------------------------------------------------------------------
# Config: one `lqos config show --json` per process
# ---------------------------------------------------------------------------------------------------------------

_CONFIG_CACHE: Optional[dict] = None
DEFAULT_CONFIG_PATH = "/etc/lqos.conf"
DEFAULT_BUS_SOCKET = "/run/lqos/bus"
LOCK_FILE = "/run/lqos/libreqos.lock"
# The IP mapping trie's capacity as compiled into bpf/lqos_kern.bpf.c (LQOS_MAX_TRACKED_IPS).
DEFAULT_XDP_IP_MAPPING_CAPACITY = 128000
_TOPOLOGY_COMPILE_MODES = ("flat", "ap_only", "ap_site", "full", "full2")


def _config_path() -> str:
    return os.environ.get("LQOS_CONFIG") or DEFAULT_CONFIG_PATH


def _cli_command() -> list[str]:
    """How to run our `lqos`: $LQOS_CLI (a command line), else next to this module's install, else on PATH."""
    explicit = os.environ.get("LQOS_CLI")
    if explicit:
        return shlex.split(explicit)
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [
        os.path.join(here, "..", "bin", "lqos"),  # /opt/libreqos/src/liblqos_python.py -> /opt/libreqos/bin/lqos
        os.path.join(here, "lqos"),
        "/opt/libreqos/bin/lqos",
    ]
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return [os.path.normpath(candidate)]
    on_path = shutil.which("lqos")
    if on_path:
        return [on_path]
    dev = os.path.join(here, "..", "out", "bin", "lqos")  # a source checkout after `make build`
    if os.path.isfile(dev) and os.access(dev, os.X_OK):
        return [os.path.normpath(dev)]
    raise OSError("the 'lqos' command was not found (looked next to liblqos_python, in /opt/libreqos/bin and on PATH); "
                  "install LibreQoS with 'make install' or set LQOS_CLI to its path")


def _load_config() -> dict:
    path = _config_path()
    command = _cli_command() + ["config", "show", "--json", "--config", path]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise OSError(f"cannot run {' '.join(command)}: {e}") from None
    if done.returncode != 0:
        detail = "; ".join(line for line in done.stderr.splitlines() if line.strip()) or f"exit status {done.returncode}"
        raise OSError(f"cannot load {path}: {detail}. Check it with 'lqos validate --config {path}'.")
    try:
        return json.loads(done.stdout)
    except ValueError as e:
        raise OSError(f"'lqos config show --json' printed something that is not JSON ({e}); is lqos from the same release?") from None


def _config() -> dict:
    global _CONFIG_CACHE
    if _CONFIG_CACHE is None:
        _CONFIG_CACHE = _load_config()
    return _CONFIG_CACHE


def _reset_config_cache() -> None:
    """Forget the cached config (what sync_lqosd_config_from_disk does first); for tests and long-running hosts."""
    global _CONFIG_CACHE
    _CONFIG_CACHE = None


_MISSING = object()


def _get(*path: str, default: Any = _MISSING) -> Any:
    """The value at a key path of the C# config JSON; `default` when a section along the way is absent (null)."""
    node: Any = _config()
    for key in path:
        if not isinstance(node, dict) or node.get(key) is None:
            if default is _MISSING:
                raise OSError(f"lqos.conf has no value for {'.'.join(path)}, and 'lqos config show' gave none")
            return default
        node = node[key]
    return node


def _atomic_write(path: str, text: str) -> None:
    """Writes a file as operators' tools expect: a temp file beside it, flushed, then renamed over the old one."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if os.path.exists(path):
            shutil.copymode(path, temp)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


# ---------------------------------------------------------------------------------------------------------------
# Bus client
# ---------------------------------------------------------------------------------------------------------------

class _BusError(OSError):
    """lqosd could not be reached or broke the protocol; the message says what to check."""


def _bus_path() -> str:
    try:
        return _get("lqosd", "bus_socket", default=DEFAULT_BUS_SOCKET)
    except OSError:
        return DEFAULT_BUS_SOCKET


class _Bus:
    """One connection to lqosd's bus. Frames: 4-byte big-endian length + UTF-8 JSON (docs/bus.md)."""

    def __init__(self, path: Optional[str] = None, timeout: Optional[float] = 120.0):
        self.path = path or _bus_path()
        self._next_id = 0
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(5.0)
        try:
            self._sock.connect(self.path)
        except FileNotFoundError:
            self._sock.close()
            raise _BusError(f"{self.path} not found. Is lqosd running? (systemctl status lqosd)") from None
        except ConnectionRefusedError:
            self._sock.close()
            raise _BusError(f"nothing is listening on {self.path}. Is lqosd running? (systemctl status lqosd)") from None
        except PermissionError:
            self._sock.close()
            raise _BusError(f"permission denied on {self.path}. Run as root or as a member of group lqos.") from None
        except OSError as e:
            self._sock.close()
            raise _BusError(f"cannot connect to {self.path}: {e}") from None
        self._sock.settimeout(timeout)

    def __enter__(self) -> "_Bus":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._sock.close()

    def _read_exact(self, n: int) -> bytes:
        chunks = []
        while n > 0:
            chunk = self._sock.recv(min(n, 1 << 20))
            if not chunk:
                raise _BusError("lqosd closed the connection before replying")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def send(self, requests: list[dict], on_stream: Optional[Callable[[dict], None]] = None) -> list[dict]:
        """Sends one frame; returns one response per request, in order. Stream frames go to `on_stream`."""
        self._next_id += 1
        frame_id = self._next_id
        payload = json.dumps({"id": frame_id, "requests": requests}, separators=(",", ":")).encode("utf-8")
        try:
            self._sock.sendall(struct.pack(">I", len(payload)) + payload)
            while True:
                (length,) = struct.unpack(">I", self._read_exact(4))
                frame = json.loads(self._read_exact(length).decode("utf-8"))
                if "stream" in frame and frame.get("id") == frame_id:
                    if on_stream is not None:
                        on_stream(frame["stream"])
                    continue
                responses = frame.get("responses")
                if frame.get("id") == 0 and responses and responses[0].get("type") == "fail":
                    raise _BusError(f"lqosd refused the frame: {responses[0].get('message')}")
                if frame.get("id") != frame_id or not isinstance(responses, list) or len(responses) != len(requests):
                    raise _BusError(f"lqosd's reply does not match frame {frame_id}")
                return responses
        except socket.timeout:
            raise _BusError(f"lqosd did not answer on {self.path} in time") from None
        except (ValueError, struct.error) as e:
            raise _BusError(f"lqosd's reply is not a valid frame: {e}") from None
        except OSError as e:
            if isinstance(e, _BusError):
                raise
            raise _BusError(f"the connection to lqosd on {self.path} failed: {e}") from None


def _request(request: dict, timeout: Optional[float] = 120.0, on_stream: Optional[Callable[[dict], None]] = None) -> dict:
    with _Bus(timeout=timeout) as bus:
        return bus.send([request], on_stream)[0]


def _acked(request: dict) -> bool:
    """True iff lqosd answers `ack`; transport problems are swallowed as False, like upstream."""
    try:
        return _request(request).get("type") == "ack"
    except OSError:
        return False


def _fail_text(reply: dict) -> str:
    return reply.get("message") or reply.get("type", "no reply")


# ---------------------------------------------------------------------------------------------------------------
# Hashes (upstream hash_to_i64: Rust DefaultHasher = SipHash-1-3, zero key, over the UTF-8 bytes)
# ---------------------------------------------------------------------------------------------------------------

_MASK = 0xFFFFFFFFFFFFFFFF


def _rotl(x: int, b: int) -> int:
    return ((x << b) | (x >> (64 - b))) & _MASK


def _siphash(data: bytes, k0: int = 0, k1: int = 0, c_rounds: int = 1, d_rounds: int = 3) -> int:
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573

    def rounds(n: int) -> None:
        nonlocal v0, v1, v2, v3
        for _ in range(n):
            v0 = (v0 + v1) & _MASK
            v1 = _rotl(v1, 13) ^ v0
            v0 = _rotl(v0, 32)
            v2 = (v2 + v3) & _MASK
            v3 = _rotl(v3, 16) ^ v2
            v0 = (v0 + v3) & _MASK
            v3 = _rotl(v3, 21) ^ v0
            v2 = (v2 + v1) & _MASK
            v1 = _rotl(v1, 17) ^ v2
            v2 = _rotl(v2, 32)

    length = len(data)
    full = length - length % 8
    for i in range(0, full, 8):
        m = int.from_bytes(data[i:i + 8], "little")
        v3 ^= m
        rounds(c_rounds)
        v0 ^= m
    last = ((length & 0xFF) << 56) | int.from_bytes(data[full:], "little")
    v3 ^= last
    rounds(c_rounds)
    v0 ^= last
    v2 ^= 0xFF
    rounds(d_rounds)
    return v0 ^ v1 ^ v2 ^ v3


def hash_to_i64(text: str) -> int:
    """Upstream's hash of a string (ids, sites, file contents): SipHash-1-3 with a zero key, as a signed 64-bit int."""
    value = _siphash(str(text).encode("utf-8"))
    return value - (1 << 64) if value >= (1 << 63) else value


# ---------------------------------------------------------------------------------------------------------------
# Classes
# ---------------------------------------------------------------------------------------------------------------

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


class PyExceptionCpe:
    """`uisp_integration.exception_cpes` entry: a CPE and the parent it must hang from."""

    __slots__ = ("cpe", "parent")

    def __init__(self, cpe: str, parent: str):
        self.cpe = cpe
        self.parent = parent

    def __repr__(self) -> str:
        return f"PyExceptionCpe(cpe={self.cpe!r}, parent={self.parent!r})"


class DeviceWeightResponse:
    """A circuit's planning weight (`get_weights()`)."""

    __slots__ = ("circuit_id", "weight")

    def __init__(self, circuit_id: str, weight: int):
        self.circuit_id = circuit_id
        self.weight = weight

    def __repr__(self) -> str:
        return f"DeviceWeightResponse(circuit_id={self.circuit_id!r}, weight={self.weight})"


class NetworkNodeWeight:
    """A top-level node's summed circuit weight (`get_tree_weights()`)."""

    __slots__ = ("name", "weight")

    def __init__(self, name: str, weight: int):
        self.name = name
        self.weight = weight

    def __repr__(self) -> str:
        return f"NetworkNodeWeight(name={self.name!r}, weight={self.weight})"


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


def _summarise_failures(messages: list[str]) -> str:
    counts: dict[str, int] = {}
    for message in messages:
        counts[message] = counts.get(message, 0) + 1
    examples = [f"{m} (x{counts[m]})" if counts[m] > 1 else m for m in sorted(counts)[:3]]
    return "; ".join(examples)


class BatchedCommands:
    """IP mappings queued locally and sent to lqosd in one go (`map_ip_to_flow` in frames of 512)."""

    CHUNK = 512

    def __init__(self) -> None:
        self._queue: list[dict] = []

    def add_ip_mapping(self, ip: str, classid: str, cpu: str, upload: bool, circuit_id: Optional[str] = None,
                       device_id: Optional[str] = None) -> None:
        """Queues `map_ip_to_flow`. v1.4 passes 4 arguments; v2.0+ 6 (then empty ids are an OSError).
        `classid` is 'major:minor' in hex ('0x1:0x7'), `cpu` a hex string ('0x3'; '' is 0)."""
        self._queue.append(_mapping_request(ip, classid, cpu, upload, circuit_id, device_id,
                                            require_ids=circuit_id is not None or device_id is not None))

    def finish_ip_mappings(self) -> None:
        """Queues `clear_hot_cache`, upstream's end-of-batch marker."""
        self._queue.append({"type": "clear_hot_cache"})

    def length(self) -> int:
        return len(self._queue)

    def log(self) -> None:
        """Prints each queued request."""
        for request in self._queue:
            print(request)

    def submit(self) -> int:
        """Sends everything queued; returns how many requests were sent. Raises OSError when lqosd cannot be
        reached, or when any request failed (naming up to three distinct reasons)."""
        count = len(self._queue)
        failures: list[str] = []
        try:
            with _Bus() as bus:
                for start in range(0, count, self.CHUNK):
                    for reply in bus.send(self._queue[start:start + self.CHUNK]):
                        if reply.get("type") == "fail":
                            failures.append(_fail_text(reply))
        except _BusError as e:
            raise OSError(f"IP mapping batch transport failed: {e}") from None
        self._queue = []
        if failures:
            raise OSError(f"IP mapping apply failed for {len(failures)} of {count} queued requests. "
                          f"Examples: {_summarise_failures(failures)}")
        return count


def _bakery_handle(text: Any, what: str) -> str:
    """Upstream's TcHandle::from_string forms ('0x1:', '0x1:0x3', bare '0x1', 'root', 'none') as 'maj:min' hex."""
    value = str(text).strip()
    if value in ("root", "none"):
        return value
    if ":" in value:
        major, minor = value.split(":", 1)
        return f"{_parse_hex(major, what):x}:{_parse_hex(minor, what):x}" if minor.strip() else f"{_parse_hex(major, what):x}:"
    return f"{_parse_hex(value, what):x}:"


class Bakery:
    """A tc tree planned by the caller, sent to lqosd to apply (`bakery_*` requests, frames of 1024).

    lqosd checks the whole batch, applies only what differs from the tree it shapes with, and loads the batch's IP
    mappings, before answering the commit (upstream answers first and applies later)."""

    CHUNK = 1024

    def __init__(self) -> None:
        self._queue: list[dict] = []

    def start_batch(self) -> None:
        self._queue = [{"type": "bakery_start"}]

    def setup_mq(self, queues_available: int, stick_offset: int) -> None:
        self._queue.append({"type": "bakery_mq_setup", "queues_available": int(queues_available), "stick_offset": int(stick_offset)})

    def add_site(self, site_name: str, parent_class_id: str, up_parent_class_id: str, class_minor: int,
                 download_bandwidth_min: float, upload_bandwidth_min: float, download_bandwidth_max: float,
                 upload_bandwidth_max: float) -> None:
        self._queue.append({
            "type": "bakery_add_site", "site_name": str(site_name),
            "parent_class_id": _bakery_handle(parent_class_id, "parent_class_id"),
            "up_parent_class_id": _bakery_handle(up_parent_class_id, "up_parent_class_id"),
            "class_minor": _u16(class_minor, "class_minor"),
            "download_bandwidth_min": float(download_bandwidth_min), "upload_bandwidth_min": float(upload_bandwidth_min),
            "download_bandwidth_max": float(download_bandwidth_max), "upload_bandwidth_max": float(upload_bandwidth_max)})

    _V20 = ("circuit_name", "parent_class_id", "up_parent_class_id", "class_minor", "download_bandwidth_min",
            "upload_bandwidth_min", "download_bandwidth_max", "upload_bandwidth_max", "class_major", "up_class_major",
            "ip_addresses", "sqm_override")
    _V22 = ("circuit_name", "site_name") + _V20[1:]

    def add_circuit(self, *args: Any, **kwargs: Any) -> None:
        """Both upstream signatures: v2.0 `add_circuit(circuit_name, parent_class_id, up_parent_class_id,
        class_minor, download_bandwidth_min, upload_bandwidth_min, download_bandwidth_max, upload_bandwidth_max,
        class_major, up_class_major, ip_addresses, sqm_override)` and v2.2, which inserts `site_name` second.
        `circuit_name` is the circuit ID (upstream's LibreQoS.py passes circuitID there)."""
        names = self._V22 if len(args) + len(kwargs) == len(self._V22) or "site_name" in kwargs else self._V20
        if len(args) > len(names):
            raise TypeError(f"add_circuit takes {len(names)} arguments, {len(args)} given")
        values = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in names:
                raise TypeError(f"add_circuit got an unexpected keyword argument '{key}'")
            if key in values:
                raise TypeError(f"add_circuit got multiple values for argument '{key}'")
            values[key] = value
        missing = [n for n in names if n not in values]
        if missing:
            raise TypeError(f"add_circuit missing required argument(s): {', '.join(missing)}")
        ips = values["ip_addresses"]
        if isinstance(ips, (list, tuple)):
            ips = ",".join(str(i) for i in ips)
        request = {
            "type": "bakery_add_circuit", "circuit_id": str(values["circuit_name"]),
            "parent_class_id": _bakery_handle(values["parent_class_id"], "parent_class_id"),
            "up_parent_class_id": _bakery_handle(values["up_parent_class_id"], "up_parent_class_id"),
            "class_minor": _u16(values["class_minor"], "class_minor"),
            "download_bandwidth_min": float(values["download_bandwidth_min"]),
            "upload_bandwidth_min": float(values["upload_bandwidth_min"]),
            "download_bandwidth_max": float(values["download_bandwidth_max"]),
            "upload_bandwidth_max": float(values["upload_bandwidth_max"]),
            "class_major": _parse_hex(values["class_major"], "class_major"),
            "up_class_major": _parse_hex(values["up_class_major"], "up_class_major"),
            "ip_addresses": str(ips or ""),
        }
        if values["sqm_override"] is not None and str(values["sqm_override"]).strip() != "":
            request["sqm_override"] = str(values["sqm_override"]).strip()
        if values.get("site_name") is not None:
            request["site_name"] = str(values["site_name"])
        self._queue.append(request)

    def commit(self) -> bool:
        """Sends the batch and `bakery_commit`. Problems are printed, not raised (as upstream); returns whether
        lqosd applied the batch (upstream returns None)."""
        queue = self._queue + [{"type": "bakery_commit"}]
        self._queue = []
        ok = True

        def on_stream(line: dict) -> None:
            print(f"lqosd: {line.get('message', '')}", file=sys.stderr if line.get("level") in ("warning", "error") else sys.stdout)

        try:
            with _Bus(timeout=None) as bus:
                for start in range(0, len(queue), self.CHUNK):
                    for reply in bus.send(queue[start:start + self.CHUNK], on_stream):
                        if reply.get("type") == "fail":
                            ok = False
                            print(f"Bakery: {_fail_text(reply)}", file=sys.stderr)
        except OSError as e:
            print(f"Bakery: could not send the batch to lqosd: {e}", file=sys.stderr)
            return False
        return ok

    def estimate_qdisc_budget(self) -> dict:
        """A local estimate of the qdiscs the queued batch needs per interface and their memory (upstream HEAD)."""
        return _estimate_qdisc_budget(self._queue)


def _u16(value: Any, what: str) -> int:
    number = _parse_hex(value, what) if isinstance(value, str) else int(value)
    if not 0 <= number <= 0xFFFF:
        raise OverflowError(f"{what} {number} does not fit in 16 bits")
    return number


_SAFE_QDISC_BUDGET = 32000  # our tc applier's limit per interface (kernel-numbered leaf handles)
_HARD_QDISC_LIMIT = 65534
_QDISC_MEMORY = {"infra": 16 * 1024, "fq_codel": 64 * 1024, "cake": 512 * 1024}


def _meminfo() -> tuple[Optional[int], Optional[int]]:
    try:
        values = {}
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                key, _, rest = line.partition(":")
                values[key] = int(rest.split()[0]) * 1024
        return values.get("MemTotal"), values.get("MemAvailable")
    except (OSError, ValueError, IndexError):
        return None, None


def _estimate_qdisc_budget(queue: list[dict]) -> dict:
    try:
        a, b, stick = interface_a(), interface_b(), on_a_stick()
        default_kind = (_get("queues", "default_sqm", default="cake") or "cake").split()[0]
        fast = float(_get("queues", "effective_fast_queues_fq_codel", default=1000.0))
    except OSError:
        a, b, stick, default_kind, fast = "interface_a", "interface_b", False, "cake", 1000.0
    queues = next((r["queues_available"] for r in queue if r["type"] == "bakery_mq_setup"), 0)
    details: dict[str, dict] = {}

    def add(iface: str, kind: str, infra: bool) -> None:
        d = details.setdefault(iface, {"planned_qdiscs": 0, "infra_qdiscs": 0, "cake_qdiscs": 0, "fq_codel_qdiscs": 0,
                                       "estimated_memory_bytes": 0})
        d["planned_qdiscs"] += 1
        if infra:
            d["infra_qdiscs"] += 1
            d["estimated_memory_bytes"] += _QDISC_MEMORY["infra"]
        if kind in ("cake", "fq_codel"):
            d[f"{kind}_qdiscs"] += 1
            d["estimated_memory_bytes"] += _QDISC_MEMORY[kind]

    for iface in ([a] if stick else [a, b]):
        add(iface, "mq", True)
    for direction_iface in (a, b):
        for _ in range(queues):
            add(direction_iface, "htb", True)
            add(direction_iface, default_kind, True)
            add(direction_iface, default_kind, True)
    for r in queue:
        if r["type"] != "bakery_add_circuit":
            continue
        sqm = (r.get("sqm_override") or "").lower()
        for iface, rate, side in ((a, r["download_bandwidth_max"], 0), (b, r["upload_bandwidth_max"], 1)):
            token = sqm.split("/")[side].strip() if "/" in sqm else sqm.strip()
            if token == "none":
                continue
            kind = "fq_codel" if token == "fq_codel" or (token == "" and rate >= fast) else ("cake" if token == "cake" else default_kind)
            add(iface, kind, False)
    total_memory, available = _meminfo()
    needed = sum(d["estimated_memory_bytes"] for d in details.values())
    guard = max(2 << 30, (total_memory or 0) // 8)
    memory_ok = available is None or available - needed >= guard
    counts_ok = all(d["planned_qdiscs"] <= _SAFE_QDISC_BUDGET for d in details.values())
    ok = counts_ok
    summary = (f"{max((d['planned_qdiscs'] for d in details.values()), default=0)} qdiscs on the busiest interface "
               f"(budget {_SAFE_QDISC_BUDGET}), about {needed // (1 << 20)} MiB")
    return {
        "interfaces": {iface: d["planned_qdiscs"] for iface, d in details.items()},
        "interface_details": details,
        "safe_budget": _SAFE_QDISC_BUDGET,
        "hard_limit": _HARD_QDISC_LIMIT,
        "estimated_total_memory_bytes": needed,
        "memory_ok": memory_ok,
        "memory_warning_only": not memory_ok,
        "memory_guard_min_available_bytes": guard,
        "memory_total_bytes": total_memory,
        "memory_available_bytes": available,
        "ok": ok,
        "summary": summary if ok else f"over budget: {summary}",
    }


# ---------------------------------------------------------------------------------------------------------------
# Bus, lock and IP-mapping functions
# ---------------------------------------------------------------------------------------------------------------

def is_lqosd_alive() -> bool:
    """Bus `ping` → True on `ack`; False when lqosd cannot be reached."""
    return _acked({"type": "ping"})


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


# Flow insight (ours: upstream's module has no such functions; scripts reach these through the bus). Each returns
# the reply's JSON as dicts (field names as in docs/bus.md) and raises OSError when lqosd is down or refuses.

def _flow_reply(request: dict, expected: str) -> dict:
    reply = _request(request)
    if reply.get("type") != expected:
        raise OSError(f"lqosd did not answer {request['type']}: {_fail_text(reply)}")
    return reply


def worst_rtt_circuits(count: int = 10) -> list[dict]:
    """Bus `get_worst_rtt` → circuits by customer-side median RTT, worst first."""
    return _flow_reply({"type": "get_worst_rtt", "count": int(count)}, "circuit_insights")["circuits"]


def worst_retransmit_circuits(count: int = 10) -> list[dict]:
    """Bus `get_worst_retransmits` → circuits by TCP retransmits in the last second, then since start."""
    return _flow_reply({"type": "get_worst_retransmits", "count": int(count)}, "circuit_insights")["circuits"]


def top_flows(by: str = "rate", count: int = 10) -> list[dict]:
    """Bus `top_flows` → the busiest live flows by `rate` or `bytes`."""
    return _flow_reply({"type": "top_flows", "by": by, "count": int(count)}, "flows")["flows"]


def rtt_histogram() -> list[int]:
    """Bus `rtt_histogram` → circuit counts in 50 buckets of 10 ms of customer-side median RTT."""
    return _flow_reply({"type": "rtt_histogram"}, "rtt_histogram")["buckets"]


def circuit_flows(circuit_id: str) -> dict:
    """Bus `get_circuit_flows` → {"circuit": figures or None, "flows": [...]} of one circuit."""
    reply = _flow_reply({"type": "get_circuit_flows", "circuit_id": str(circuit_id)}, "circuit_flows")
    return {"circuit": reply.get("circuit"), "flows": reply.get("flows", [])}


def site_insights() -> list[dict]:
    """Bus `get_site_insights` → every network.json node's throughput, RTT and retransmits, rolled up."""
    return _flow_reply({"type": "get_site_insights"}, "site_insights")["sites"]


def unknown_ips() -> list[dict]:
    """Bus `all_unknown_ips` → hosts seen in the last 5 minutes with no mapping, filtered by [ip_ranges]."""
    return _flow_reply({"type": "all_unknown_ips"}, "unknown_ips")["ips"]


def clear_unknown_ips() -> None:
    """Bus `clear_unknown_ips`."""
    _flow_reply({"type": "clear_unknown_ips"}, "ack")


def _request_retrying(request: dict, timeout_ms: int, interval_s: float = 0.1) -> dict:
    deadline = time.monotonic() + timeout_ms / 1000.0
    while True:
        try:
            return _request(request)
        except _BusError as e:
            if time.monotonic() >= deadline:
                raise e
            time.sleep(interval_s)


def validate_shaped_devices() -> str:
    """Bus `validate_shaped_devices`: "OK" when network.json, ShapedDevices.csv and lqos_overrides.json are valid,
    else the errors, one a line. Retries for 5 s while lqosd is not up, then raises OSError."""
    try:
        reply = _request_retrying({"type": "validate_shaped_devices"}, 5000)
    except _BusError as e:
        raise OSError(f"cannot validate through lqosd: {e}") from None
    if reply.get("type") == "validation":
        if reply.get("ok"):
            return "OK"
        return "\n".join(reply.get("errors") or [reply.get("summary", "validation failed")])
    if reply.get("type") == "ack":
        return "OK"
    return ""


def wait_for_bus_ready(timeout_ms: int = 5000) -> bool:
    """Pings lqosd every 100 ms until it answers; True, or OSError after `timeout_ms`."""
    try:
        reply = _request_retrying({"type": "ping"}, timeout_ms)
    except _BusError as e:
        raise OSError(f"Timed out waiting for lqosd bus readiness: {e}") from None
    if reply.get("type") != "ack":
        raise OSError(f"Timed out waiting for lqosd bus readiness: lqosd answered {_fail_text(reply)}")
    return True


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


def _process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as f:
            return f.read().strip()
    except OSError:
        return ""


def is_libre_already_running() -> bool:
    """Whether another LibreQoS.py holds /run/lqos/libreqos.lock: its PID is alive and is a Python process."""
    try:
        with open(LOCK_FILE, encoding="ascii") as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return "python" in _process_name(pid).lower()


def create_lock_file() -> None:
    """Writes this process's PID to /run/lqos/libreqos.lock; errors are ignored."""
    try:
        os.makedirs(os.path.dirname(LOCK_FILE), exist_ok=True)
        with open(LOCK_FILE, "w", encoding="ascii") as f:
            f.write(str(os.getpid()))
    except OSError:
        pass


def free_lock_file() -> None:
    """Deletes the lock file; errors are ignored."""
    try:
        os.unlink(LOCK_FILE)
    except OSError:
        pass


def check_config() -> bool:
    """Whether lqos.conf loads; on failure prints "Error loading config: …" and returns False."""
    try:
        _config()
        return True
    except OSError as e:
        print(f"Error loading config: {e}")
        return False


def sync_lqosd_config_from_disk() -> None:
    """Forgets the cached config, re-reads lqos.conf and has lqosd do the same (bus `reload_config`). Raises
    OSError if either fails."""
    _reset_config_cache()
    _config()
    try:
        reply = _request({"type": "reload_config"})
    except _BusError as e:
        raise OSError(f"lqosd did not reload its config: {e}") from None
    if reply.get("type") != "ack":
        raise OSError(f"lqosd did not reload its config: {_fail_text(reply)}")


# ---------------------------------------------------------------------------------------------------------------
# Queue and interface configuration getters
# ---------------------------------------------------------------------------------------------------------------

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


def _read_json_file(path: str) -> Any:
    with open(path, encoding="utf-8-sig") as f:
        return json.load(f)


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


# ---------------------------------------------------------------------------------------------------------------
# Integration-common and per-integration getters
# ---------------------------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------------------------
# Overrides (lqos_overrides.json and its StormGuard / TreeGuard layers)
# ---------------------------------------------------------------------------------------------------------------

def _overrides_file(name: str = "lqos_overrides.json") -> dict:
    path = os.path.join(get_libreqos_directory(), name)
    if not os.path.exists(path):
        return {}
    try:
        data = _read_json_file(path)
    except (OSError, ValueError) as e:
        raise OSError(f"cannot read {path}: {e}") from None
    if not isinstance(data, dict):
        raise OSError(f"{path} is not a JSON object")
    return data


def _prefixes(entries: Any) -> list[str]:
    result = []
    for entry in entries or []:
        if isinstance(entry, (list, tuple)) and len(entry) == 2:
            result.append(f"{entry[0]}/{entry[1]}")
        else:
            result.append(str(entry))
    return result


def _persistent_device(d: dict) -> dict:
    return {
        "circuitID": d.get("circuit_id", ""), "circuitName": d.get("circuit_name", ""),
        "deviceID": d.get("device_id", ""), "deviceName": d.get("device_name", ""),
        "ParentNode": d.get("parent_node", ""), "ParentNodeID": d.get("parent_node_id"),
        "AnchorNodeID": d.get("anchor_node_id"), "mac": d.get("mac", ""),
        "ipv4s": _prefixes(d.get("ipv4")), "ipv6s": _prefixes(d.get("ipv6")),
        "minDownload": d.get("download_min_mbps", 0.0), "minUpload": d.get("upload_min_mbps", 0.0),
        "maxDownload": d.get("download_max_mbps", 0.0), "maxUpload": d.get("upload_max_mbps", 0.0),
        "comment": d.get("comment", ""), "sqm": d.get("sqm_override") or "",
    }


def _without_nulls(entry: Any) -> Any:
    return {k: v for k, v in entry.items() if v is not None} if isinstance(entry, dict) else entry


def _layers(effective: bool) -> list[dict]:
    layers = [_overrides_file()]
    if effective:
        if _get("storm_guard", "enabled", default=False) and not _get("storm_guard", "dry_run", default=True):
            layers.append(_overrides_file("lqos_overrides.stormguard.json"))
        if _get("tree_guard", "enabled", default=False):
            treeguard = _overrides_file("lqos_overrides.treeguard.json")
            layers.append(treeguard or _overrides_file("lqos_overrides.autopilot.json"))
    return layers


def _devices(layers: list[dict]) -> list[dict]:
    return [_persistent_device(d) for layer in layers for d in (layer.get("persistent_devices") or layer.get("devices_to_append") or [])]


def _adjustments(layers: list[dict], key: str) -> list[dict]:
    return [_without_nulls(a) for layer in layers for a in (layer.get(key) or [])]


def overrides_persistent_devices() -> list[dict]:
    """Devices the operator added in lqos_overrides.json, in upstream's dict form."""
    return _devices(_layers(False))


def overrides_circuit_adjustments() -> list[dict]:
    """Circuit adjustments in lqos_overrides.json (operator layer)."""
    return _adjustments(_layers(False), "circuit_adjustments")


def overrides_network_adjustments() -> list[dict]:
    """Network adjustments in lqos_overrides.json (operator layer)."""
    return _adjustments(_layers(False), "network_adjustments")


def overrides_persistent_devices_effective() -> list[dict]:
    """Persistent devices of the operator layer plus the StormGuard and TreeGuard layers when those are active."""
    return _devices(_layers(True))


def overrides_circuit_adjustments_effective() -> list[dict]:
    """Circuit adjustments of every active layer."""
    return _adjustments(_layers(True), "circuit_adjustments")


def overrides_network_adjustments_effective() -> list[dict]:
    """Network adjustments of every active layer."""
    return _adjustments(_layers(True), "network_adjustments")


def overrides_persistent_devices_materialized() -> list[dict]:
    """Operator-layer persistent devices."""
    return overrides_persistent_devices()


def overrides_circuit_adjustments_materialized() -> list[dict]:
    """Operator-layer circuit adjustments."""
    return overrides_circuit_adjustments()


def overrides_network_adjustments_materialized() -> list[dict]:
    """Operator-layer network adjustments."""
    return overrides_network_adjustments()


def overrides_materialized() -> dict:
    """The operator layer: {"persistent_devices", "circuit_adjustments", "network_adjustments"}."""
    layers = _layers(False)
    return {"persistent_devices": _devices(layers), "circuit_adjustments": _adjustments(layers, "circuit_adjustments"),
            "network_adjustments": _adjustments(layers, "network_adjustments")}


def migrate_legacy_site_bandwidth_csv(csv_filename: str) -> bool:
    """Moves a legacy `<lqos_directory>/<csv_filename>` (site, download, upload) into lqos_overrides.json as
    `adjust_site_speed` entries, then renames the CSV to `.backup`. True if anything was migrated."""
    import csv
    directory = get_libreqos_directory()
    source = os.path.join(directory, csv_filename)
    if not os.path.exists(source):
        return False
    target = os.path.join(directory, "lqos_overrides.json")
    overrides = _overrides_file()
    adjustments = overrides.setdefault("network_adjustments", [])
    present = {(a.get("type"), a.get("site_name")) for a in adjustments if isinstance(a, dict)}
    added = 0
    try:
        with open(source, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                if len(row) < 3 or row[0].strip().startswith("#"):
                    continue
                site = row[0].strip()
                try:
                    download, upload = float(row[1]), float(row[2])
                except ValueError:
                    continue  # a header row
                if ("adjust_site_speed", site) in present:
                    continue
                adjustments.append({"type": "adjust_site_speed", "site_name": site,
                                    "download_bandwidth_mbps": download, "upload_bandwidth_mbps": upload})
                present.add(("adjust_site_speed", site))
                added += 1
        if added:
            _atomic_write(target, json.dumps(overrides, indent=2) + "\n")
        backup = source + ".backup"
        if os.path.exists(backup):
            backup = f"{source}.backup-{int(time.time())}"
        os.replace(source, backup)
    except (OSError, csv.Error) as e:
        raise OSError(f"cannot migrate {source}: {e}") from None
    return added > 0


# ---------------------------------------------------------------------------------------------------------------
# Topology payloads, hashes and generations
# ---------------------------------------------------------------------------------------------------------------

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


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8-sig") as f:
        return f.read()


# The topology runtime's files (lqosd publishes them; see TopologyRuntimePaths and TopologyGeneration in
# host/LibreQoS.Shaping/TopologyRuntime). Generations are "sha256:<hex>"; a change there must be made here too.
TOPOLOGY_SOURCE_NAMES = ("network.json", "ShapedDevices.csv", "lqos_overrides.json")


def _runtime_status_path() -> str:
    return os.path.join(get_libreqos_state_directory(), "topology", "topology_runtime_status.json")


def _shaping_inputs_path() -> str:
    return os.path.join(get_libreqos_state_directory(), "shaping", "shaping_inputs.json")


def _effective_network_path() -> str:
    return os.path.join(get_libreqos_state_directory(), "topology", "network.effective.json")


def _file_generation(path: str) -> str:
    with open(path, "rb") as f:
        return "sha256:" + hashlib.sha256(f.read()).hexdigest()


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


def calculate_topology_source_generation() -> Optional[str]:
    """The generation of the topology sources as they are now, as lqosd's runtime computes it: SHA-256 over, for each
    of network.json, ShapedDevices.csv and lqos_overrides.json in lqos_directory that exists, its name, NUL, its
    length in decimal, NUL and its bytes. None when lqos_directory cannot be read."""
    try:
        directory = get_libreqos_directory()
        digest = hashlib.sha256()
        for name in TOPOLOGY_SOURCE_NAMES:
            try:
                with open(os.path.join(directory, name), "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                continue
            digest.update(f"{name}\0{len(data)}\0".encode("utf-8"))
            digest.update(data)
        return "sha256:" + digest.hexdigest()
    except OSError:
        return None


def calculate_shaping_inputs_generation(path: str) -> str:
    """The generation of a shaping_inputs.json (SHA-256 of its bytes, as lqosd names it in the status). OSError if
    unreadable."""
    try:
        return _file_generation(path)
    except OSError as e:
        raise OSError(f"cannot read {path}: {e}") from None


def calculate_effective_network_generation(path: str) -> str:
    """The generation of a network.effective.json (SHA-256 of its bytes). OSError if unreadable."""
    try:
        return _file_generation(path)
    except OSError as e:
        raise OSError(f"cannot read {path}: {e}") from None


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


# ---------------------------------------------------------------------------------------------------------------
# Scheduler status, blackboard and urgent issues
# ---------------------------------------------------------------------------------------------------------------

def scheduler_alive() -> bool:
    """Bus `scheduler_ready` (the scheduler's heartbeat)."""
    return _acked({"type": "scheduler_ready"})


def scheduler_error(error: str) -> bool:
    """Bus `scheduler_error`; "" clears the error shown to operators."""
    return _acked({"type": "scheduler_error", "message": str(error)})


def scheduler_output(output: str) -> bool:
    """Bus `scheduler_output`; "" clears it."""
    return _acked({"type": "scheduler_output", "message": str(output)})


def scheduler_progress(active: bool, phase: str, phase_label: str, step_index: int, step_count: int, percent: int) -> bool:
    """Bus `scheduler_progress`: the phase (upstream's name), the label operators read, the step and the percent."""
    if not 0 <= int(percent) <= 255:
        raise OverflowError(f"percent {percent} does not fit in 0..255")
    return _acked({"type": "scheduler_progress", "phase": str(phase), "phase_label": str(phase_label), "percent": int(percent),
                   "active": bool(active), "step_index": int(step_index), "step_count": int(step_count)})


def blackboard_finish() -> None:
    """Bus `blackboard_finish`; errors are ignored."""
    _acked({"type": "blackboard_finish"})


def blackboard_submit(subsystem: str, key: str, value: str) -> None:
    """Bus `blackboard_data`; `subsystem` must be system, site or circuit (else OSError)."""
    if subsystem not in ("system", "site", "circuit"):
        raise OSError(f"blackboard subsystem '{subsystem}' is not system, site or circuit")
    _acked({"type": "blackboard_data", "subsystem": subsystem, "key": str(key), "value": str(value)})


def submit_urgent_issue(source: str, severity: str, code: str, message: str, context: Optional[str],
                        dedupe_key: Optional[str]) -> bool:
    """Bus `submit_urgent_issue`. Source scheduler/libreqos/api (else System); severity warning (else Error)."""
    sources = {"scheduler": "Scheduler", "libreqos": "LibreQoS", "api": "API"}
    request = {"type": "submit_urgent_issue", "source": sources.get(str(source).lower(), "System"),
               "severity": "Warning" if str(severity).lower() == "warning" else "Error", "code": str(code), "message": str(message)}
    if context is not None:
        request["context"] = str(context)
    if dedupe_key is not None:
        request["dedupe_key"] = str(dedupe_key)
    return _acked(request)


def clear_urgent_issue_by_identity(code: str, dedupe_key: str) -> bool:
    """Bus `clear_urgent_issue_by_identity`; without an ack, clears each matching issue by id."""
    if _acked({"type": "clear_urgent_issue_by_identity", "code": code, "dedupe_key": dedupe_key}):
        return True
    try:
        issues = _request({"type": "get_urgent_issues"}).get("issues", [])
        return all(_acked({"type": "clear_urgent_issue", "id": i["id"]}) for i in issues
                   if i.get("code") == code and i.get("dedupe_key") == dedupe_key)
    except OSError:
        return False


def log_info(message: str) -> bool:
    """Bus `log_info`: the message appears in lqosd's log."""
    return _acked({"type": "log_info", "message": str(message)})


# ---------------------------------------------------------------------------------------------------------------
# TreeGuard, Insight and remote planner storage: not part of this build
# ---------------------------------------------------------------------------------------------------------------

def treeguard_set_node_virtual_live(node_name: str, virtualized: bool) -> bool:
    """TreeGuard live edits are not part of this build: False (nothing changed)."""
    return False


def treeguard_get_node_virtual_status(node_name: str) -> Optional[dict]:
    """TreeGuard is not part of this build: None."""
    return None


def treeguard_get_node_virtual_branch_state(node_name: str) -> Optional[dict]:
    """TreeGuard is not part of this build: None."""
    return None


def fetch_planner_remote(queues_available: int, on_a_stick: bool, site_count: int) -> Optional[dict]:
    """Remote planner storage (Insight) is not part of this build: None."""
    return None


def store_planner_remote(state: dict) -> bool:
    """Remote planner storage (Insight) is not part of this build: False."""
    return False


# ---------------------------------------------------------------------------------------------------------------
# Planner state files (deflate-compressed CBOR)
# ---------------------------------------------------------------------------------------------------------------

def _cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([(major << 5) | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < (1 << (8 * size)):
            return bytes([(major << 5) | extra]) + value.to_bytes(size, "big")
    raise OverflowError("CBOR integer too large")


def _cbor_encode(value: Any) -> bytes:
    if value is None:
        return b"\xf6"
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(value, (bytes, bytearray)):
        return _cbor_head(2, len(value)) + bytes(value)
    if isinstance(value, (list, tuple)):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise TypeError(f"cannot store {type(value).__name__} in planner state")


def _cbor_decode(data: bytes, pos: int = 0) -> tuple[Any, int]:
    first = data[pos]
    major, info = first >> 5, first & 0x1F
    pos += 1
    if major == 7:
        if info == 20:
            return False, pos
        if info == 21:
            return True, pos
        if info in (22, 23):
            return None, pos
        if info == 25:
            return struct.unpack(">e", data[pos:pos + 2])[0], pos + 2
        if info == 26:
            return struct.unpack(">f", data[pos:pos + 4])[0], pos + 4
        if info == 27:
            return struct.unpack(">d", data[pos:pos + 8])[0], pos + 8
        raise ValueError(f"unsupported CBOR simple value {info}")
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    else:
        raise ValueError("indefinite-length CBOR is not supported")
    if major == 0:
        return value, pos
    if major == 1:
        return -1 - value, pos
    if major in (2, 3):
        raw = data[pos:pos + value]
        return (raw if major == 2 else raw.decode("utf-8")), pos + value
    if major == 4:
        items = []
        for _ in range(value):
            item, pos = _cbor_decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        result = {}
        for _ in range(value):
            key, pos = _cbor_decode(data, pos)
            result[key], pos = _cbor_decode(data, pos)
        return result, pos
    if major == 6:
        return _cbor_decode(data, pos)  # a tag: keep the tagged value
    raise ValueError(f"unsupported CBOR major type {major}")


def write_planner_cbor(path: str, state: dict) -> bool:
    """Writes planner state as deflate-compressed CBOR (temp file and rename); False on failure."""
    try:
        data = zlib.compress(_cbor_encode(state))
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temp, path)
        return True
    except (OSError, TypeError, OverflowError):
        return False


def read_planner_cbor(path: str) -> Optional[dict]:
    """Reads planner state written by write_planner_cbor (zlib or raw deflate); None if missing or unreadable."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
        for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
            try:
                value, _ = _cbor_decode(zlib.decompress(raw, wbits))
                return value if isinstance(value, dict) else None
            except zlib.error:
                continue
        return None
    except (OSError, ValueError, IndexError, UnicodeDecodeError, struct.error):
        return None


# ---------------------------------------------------------------------------------------------------------------
# ShapedDevices.csv, weights and the planners
# ---------------------------------------------------------------------------------------------------------------

_HEADER_FIELDS = {
    "circuitid": "circuit_id", "circuitname": "circuit_name", "deviceid": "device_id", "devicename": "device_name",
    "parentnode": "parent_node", "parentnodeid": "parent_node_id", "anchornodeid": "anchor_node_id", "id": "anchor_node_id",
    "mac": "mac", "ipv4": "ipv4", "ipv6": "ipv6",
    "downloadmin": "download_min", "downloadminmbps": "download_min", "uploadmin": "upload_min", "uploadminmbps": "upload_min",
    "downloadmax": "download_max", "downloadmaxmbps": "download_max", "uploadmax": "upload_max", "uploadmaxmbps": "upload_max",
    "comment": "comment", "sqm": "sqm",
}
_LEGACY_FIELDS = ["circuit_id", "circuit_name", "device_id", "device_name", "parent_node", "mac", "ipv4", "ipv6",
                  "download_min", "upload_min", "download_max", "upload_max", "comment", "sqm"]


def _normalise_header(cell: str) -> str:
    return "".join(ch for ch in cell.lower() if ch.isalnum())


def _read_shaped_devices(path: str) -> list[dict]:
    """Rows of a ShapedDevices.csv (13/14-column legacy or header-named layouts), `#` comment rows skipped."""
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].strip().startswith("#") and any(c.strip() for c in r)]
    if not rows:
        return []
    header = [_normalise_header(c) for c in rows[0]]
    if "circuitid" in header:
        columns = {i: _HEADER_FIELDS[h] for i, h in enumerate(header) if h in _HEADER_FIELDS}
        rows = rows[1:]
    else:
        columns = dict(enumerate(_LEGACY_FIELDS))
    result = []
    for row in rows:
        entry: dict[str, Any] = {field: "" for field in _LEGACY_FIELDS + ["parent_node_id", "anchor_node_id"]}
        for i, field in columns.items():
            if i < len(row):
                entry[field] = row[i].strip()
        for field in ("ipv4", "ipv6"):
            entry[field] = [p.strip() for p in entry[field].split(",") if p.strip()]
        for field in ("download_min", "upload_min", "download_max", "upload_max"):
            try:
                entry[field] = float(entry[field])
            except ValueError:
                entry[field] = 0.0
        result.append(entry)
    return result


def _shaped_devices_path() -> str:
    return os.path.join(get_libreqos_directory(), "ShapedDevices.csv")


def _circuit_weights() -> dict[str, tuple[int, str]]:
    path = _shaped_devices_path()
    try:
        rows = _read_shaped_devices(path)
    except OSError as e:
        raise OSError(f"cannot read {path}: {e}") from None
    circuits: dict[str, tuple[int, str]] = {}
    for row in rows:
        if row["circuit_id"] and row["circuit_id"] not in circuits:
            circuits[row["circuit_id"]] = (int(math.floor(max(1.0, row["download_max"] / 2.0) + 0.5)), row["parent_node"])
    return circuits


def get_weights() -> list[DeviceWeightResponse]:
    """One weight per circuit of ShapedDevices.csv (sorted by id): round(max(1, download max / 2)). Raises OSError."""
    return [DeviceWeightResponse(cid, weight) for cid, (weight, _) in sorted(_circuit_weights().items())]


def get_tree_weights() -> list[NetworkNodeWeight]:
    """For each top-level node of network.json, the summed weight of the circuits below it, heaviest first."""
    path = os.path.join(get_libreqos_directory(), "network.json")
    try:
        network = _read_json_file(path) if os.path.exists(path) else {}
    except (OSError, ValueError) as e:
        raise OSError(f"cannot read {path}: {e}") from None
    top_of: dict[str, str] = {}

    def walk(nodes: Any, top: Optional[str]) -> None:
        if not isinstance(nodes, dict):
            return
        for name, node in nodes.items():
            owner = top or name
            top_of[name] = owner
            if isinstance(node, dict):
                walk(node.get("children"), owner)

    walk(network, None)
    totals = {name: 0 for name in (network if isinstance(network, dict) else {})}
    for weight, parent in _circuit_weights().values():
        if parent in top_of:
            totals[top_of[parent]] += weight
    return [NetworkNodeWeight(name, weight) for name, weight in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]


def _item_weight(item: dict) -> float:
    try:
        weight = float(item.get("weight", 1.0))
    except (TypeError, ValueError):
        return 1.0
    return weight if weight > 0 and not math.isnan(weight) else 1.0


def plan_top_level_cpu_bins(items: list, queues_available: int, prev_assign: Optional[dict] = None,
                            last_change_ts: Optional[dict] = None, now_ts: Optional[float] = None,
                            mode: Optional[str] = None, move_budget_per_run: Optional[int] = None,
                            cooldown_seconds: Optional[float] = None, hysteresis_threshold: Optional[float] = None) -> dict:
    """Assigns weighted items ({"id", "weight"}) to bins CpueQueue0..N-1.

    Modes: round_robin (ids sorted, index mod N), greedy (heaviest first into the lightest bin) and stable_greedy
    (the default: keeps previous assignments and moves at most `move_budget_per_run` items toward the greedy
    target, each past its cooldown and only when the imbalance improves by more than `hysteresis × total`).
    Returns {"assignment": {id: bin}, "changed": [ids], "planner_used": True}."""
    n = int(queues_available)
    if n < 1:
        raise ValueError("queues_available must be at least 1")
    bins = [f"CpueQueue{i}" for i in range(n)]
    weights = {str(item["id"]): _item_weight(item) for item in items}
    ids = sorted(weights)
    mode = (mode or "stable_greedy").lower()
    prev = {str(k): str(v) for k, v in (prev_assign or {}).items()}

    def greedy(fixed: dict[str, str], todo: list[str]) -> dict[str, str]:
        load = {b: 0.0 for b in bins}
        result = dict(fixed)
        for item, b in fixed.items():
            load[b] += weights[item]
        for item in sorted(todo, key=lambda i: (-weights[i], i)):
            target = min(bins, key=lambda b: (load[b], b))
            result[item] = target
            load[target] += weights[item]
        return result

    if mode == "round_robin":
        assignment = {item: bins[i % n] for i, item in enumerate(ids)}
    elif mode == "greedy":
        assignment = greedy({}, ids)
    else:
        kept = {i: prev[i] for i in ids if prev.get(i) in bins}
        assignment = greedy(kept, [i for i in ids if i not in kept])
        target = greedy({}, ids)
        budget = 1 if move_budget_per_run is None else max(0, int(move_budget_per_run))
        cooldown = 3600.0 if cooldown_seconds is None else float(cooldown_seconds)
        hysteresis = 0.03 if hysteresis_threshold is None else float(hysteresis_threshold)
        now = time.time() if now_ts is None else float(now_ts)
        changes = last_change_ts or {}
        total = sum(weights.values())

        def imbalance(a: dict[str, str]) -> float:
            load = {b: 0.0 for b in bins}
            for item, b in a.items():
                load[b] += weights[item]
            return max(load.values()) - min(load.values())

        for item in sorted(kept, key=lambda i: (-weights[i], i)):
            if budget <= 0:
                break
            if target[item] == assignment[item] or now - float(changes.get(item, 0.0)) < cooldown:
                continue
            moved = dict(assignment)
            moved[item] = target[item]
            if imbalance(assignment) - imbalance(moved) > hysteresis * total:
                assignment = moved
                budget -= 1
    changed = sorted(i for i in ids if prev.get(i) != assignment[i])
    return {"assignment": assignment, "changed": changed, "planner_used": True}


def plan_class_identities(sites: list, circuit_groups: list, site_state: Optional[dict] = None,
                          circuit_state: Optional[dict] = None, stick_offset: int = 0, circuit_padding: int = 8) -> dict:
    """HTB minors for sites and circuits, stable across runs (upstream v2.2's two-phase planner).

    A previous identity is reused while its queue, parent, major and up-major are unchanged; minors of previous
    entries absent from this plan stay reserved. Sites take minors from 3 per queue (one more after a site with
    children); circuits follow per queue, `circuit_padding` free minors after each group."""
    site_state = dict(site_state or {})
    circuit_state = dict(circuit_state or {})
    offset = int(stick_offset)
    used: dict[int, set[int]] = {}

    def taken(queue: int) -> set[int]:
        return used.setdefault(queue, set())

    def reusable(previous: Optional[dict], queue: int, parent_key: str, parent: Any) -> Optional[int]:
        if not isinstance(previous, dict):
            return None
        if (previous.get("queue") == queue and previous.get(parent_key) == parent and previous.get("class_major") == queue
                and previous.get("up_class_major") == queue + offset and 3 <= int(previous.get("class_minor", 0)) < 0xFFFF):
            return int(previous["class_minor"])
        return None

    current_sites = {str(s["site_key"]) for s in sites}
    current_circuits = {str(c) for g in circuit_groups for c in g.get("circuit_ids", [])}
    highest_reserved: dict[int, int] = {}
    for key, previous in list(site_state.items()) + list(circuit_state.items()):
        if key in current_sites or key in current_circuits or not isinstance(previous, dict):
            continue
        queue, minor = int(previous.get("queue", 0)), int(previous.get("class_minor", 0))
        taken(queue).add(minor)
        highest_reserved[queue] = max(highest_reserved.get(queue, 0), minor)

    site_minor: dict[str, int] = {}
    for s in sites:
        key, queue = str(s["site_key"]), int(s["queue"])
        minor = reusable(site_state.get(key), queue, "parent_path", s.get("parent_path"))
        if minor is not None and minor not in taken(queue):
            site_minor[key] = minor
            taken(queue).add(minor)
    circuit_minor: dict[str, int] = {}
    for g in circuit_groups:
        queue = int(g["queue"])
        for cid in g.get("circuit_ids", []):
            minor = reusable(circuit_state.get(str(cid)), queue, "parent_node", g.get("parent_node"))
            if minor is not None and minor not in taken(queue):
                circuit_minor[str(cid)] = minor
                taken(queue).add(minor)

    def next_free(queue: int, start: int) -> int:
        minor = start
        while minor in taken(queue):
            minor += 1
        if minor >= 0xFFFF:
            raise ValueError(f"TC_U16_OVERFLOW: queue {queue} needs a class minor past 0xfffe")
        return minor

    site_next: dict[int, int] = {}
    out_sites = []
    for s in sites:
        key, queue = str(s["site_key"]), int(s["queue"])
        if key not in site_minor:
            minor = next_free(queue, site_next.get(queue, 3))
            site_minor[key] = minor
            taken(queue).add(minor)
        # A reused minor moves the cursor too, so new classes follow the ones kept, as on a first run.
        site_next[queue] = max(site_next.get(queue, 3), site_minor[key] + 1 + (1 if s.get("has_children") else 0))
        out_sites.append({"site_key": key, "queue": queue, "class_minor": site_minor[key], "class_major": queue,
                          "up_class_major": queue + offset, "parent_path": s.get("parent_path")})
        site_state[key] = {"class_minor": site_minor[key], "queue": queue, "parent_path": s.get("parent_path"),
                           "class_major": queue, "up_class_major": queue + offset}

    circuit_next: dict[int, int] = {}
    out_circuits = []
    for g in circuit_groups:
        queue = int(g["queue"])
        cursor = circuit_next.get(queue, site_next.get(queue, 3))
        for cid in g.get("circuit_ids", []):
            cid = str(cid)
            if cid not in circuit_minor:
                minor = next_free(queue, cursor)
                circuit_minor[cid] = minor
                taken(queue).add(minor)
            cursor = max(cursor, circuit_minor[cid] + 1)
            out_circuits.append({"circuit_id": cid, "parent_node": g.get("parent_node"), "queue": queue,
                                 "class_minor": circuit_minor[cid], "class_major": queue, "up_class_major": queue + offset})
            circuit_state[cid] = {"class_minor": circuit_minor[cid], "queue": queue, "parent_node": g.get("parent_node"),
                                  "class_major": queue, "up_class_major": queue + offset}
        circuit_next[queue] = cursor + int(circuit_padding)

    queues = set(site_next) | set(circuit_next) | set(highest_reserved) | {int(s["queue"]) for s in sites}
    last_used = {q: max(site_next.get(q, 3), circuit_next.get(q, 3), highest_reserved.get(q, 2) + 1) for q in sorted(queues)}
    return {"sites": out_sites, "circuits": out_circuits, "site_state": site_state, "circuit_state": circuit_state,
            "last_used_minor_by_queue": last_used}


__all__ = sorted(name for name, value in list(globals().items())
                 if not name.startswith("_") and getattr(value, "__module__", None) == __name__
                 and (callable(value) or isinstance(value, type)))
