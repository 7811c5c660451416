"""Upstream's string hash (hash_to_i64) and the topology runtime's `sha256:` generations.

The generations must equal lqosd's (TopologyGeneration in host/LibreQoS.Shaping/TopologyRuntime)."""
from __future__ import annotations

import hashlib
import os
from typing import Optional

from ._queue_getters import get_libreqos_directory


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


# The topology runtime's files (lqosd publishes them; see TopologyRuntimePaths and TopologyGeneration in
# host/LibreQoS.Shaping/TopologyRuntime). Generations are "sha256:<hex>"; a change there must be made here too.
TOPOLOGY_SOURCE_NAMES = ("network.json", "ShapedDevices.csv", "lqos_overrides.json")


def _file_generation(path: str) -> str:
    with open(path, "rb") as f:
        return "sha256:" + hashlib.sha256(f.read()).hexdigest()


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
