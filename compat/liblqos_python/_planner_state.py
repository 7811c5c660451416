"""Planner state files (deflate-compressed CBOR)."""
from __future__ import annotations

import os
import struct
import tempfile
import zlib
from typing import Any, Optional


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
