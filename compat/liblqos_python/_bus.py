"""The client of lqosd's bus: 4-byte big-endian length, then UTF-8 JSON (docs/bus.md)."""
from __future__ import annotations

import json
import socket
import struct
from typing import Callable, Optional

from ._lqos_conf import _get


DEFAULT_BUS_SOCKET = "/run/lqos/bus"


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
