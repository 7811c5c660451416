"""Shared fixtures: our `lqos` (the config reader the getters must agree with), configs, and a fake lqosd bus."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPAT = ROOT / "compat"
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(COMPAT))

import liblqos_python  # noqa: E402


def _supports_config_show(command: list[str]) -> bool:
    try:
        done = subprocess.run(command + ["config", "show", "--help"], capture_output=True, timeout=60, check=False)
    except OSError:
        return False
    return done.returncode == 0


def newest_build(published: str, project: str, dll: str) -> list[list[str]]:
    """Ways to run one of our executables, the most recently built first: `make build`'s out/bin, `dotnet build`'s artifacts."""
    candidates = [(ROOT / "out" / "bin" / dll, [str(ROOT / "out" / "bin" / published)])]
    candidates += [(path, ["dotnet", str(path)]) for path in ROOT.glob(f"artifacts/bin/{project}/*/{dll}")]
    existing = [(path.stat().st_mtime, command) for path, command in candidates if path.exists()]
    return [command for _, command in sorted(existing, key=lambda c: -c[0])]


def _find_lqos() -> Optional[list[str]]:
    """$LQOS_CLI, else the newest build of `lqos` that has `config show`."""
    if os.environ.get("LQOS_CLI"):
        return shlex.split(os.environ["LQOS_CLI"])
    for command in newest_build("lqos", "LibreQoS.Cli", "lqos.dll"):
        if _supports_config_show(command):
            return command
    return None


LQOS = _find_lqos()


@pytest.fixture(scope="session")
def lqos() -> list[str]:
    """The `lqos` command line; every test that needs the C# config reader skips (saying why) without it."""
    if LQOS is None:
        pytest.skip("no 'lqos' with 'config show' found: run 'make build' (or set LQOS_CLI)")
    return LQOS


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Each test starts with no cached config, no LQOS_DIRECTORY, our lqos, and a private lock file."""
    monkeypatch.delenv("LQOS_DIRECTORY", raising=False)
    monkeypatch.delenv("LQOS_CONFIG", raising=False)
    if LQOS is not None:
        monkeypatch.setenv("LQOS_CLI", shlex.join(LQOS))
    monkeypatch.setattr(liblqos_python, "LOCK_FILE", str(tmp_path / "run" / "libreqos.lock"))
    liblqos_python._reset_config_cache()
    yield
    liblqos_python._reset_config_cache()


def install_compat(dest: Path) -> None:
    """Copies the compat modules and the liblqos_python package into `dest`, as `make install-files` puts them in $(PREFIX)/src."""
    for module in COMPAT.glob("*.py"):
        shutil.copy(module, dest)
    shutil.copytree(COMPAT / "liblqos_python", dest / "liblqos_python", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)


def csharp_config(lqos: list[str], path: Path) -> dict:
    """What the C# reader makes of a config file: the JSON every getter must agree with."""
    done = subprocess.run(lqos + ["config", "show", "--json", "--config", str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def write_config(tmp_path: Path, lqos_directory: Path, extra: str = "", fixture: str = "lqos-minimal.conf",
                 bus: Optional[Path] = None, replace: Optional[dict[str, str]] = None) -> Path:
    """A copy of a fixture config with lqos_directory (and optionally the bus socket) pointed into the test's folder."""
    text = (FIXTURES / fixture).read_text()
    text = text.replace('lqos_directory = "/opt/libreqos/src"', f'lqos_directory = "{lqos_directory}"')
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    if bus is not None:
        text += f'\n[lqosd]\nbus_socket = "{bus}"\n'
    path = tmp_path / "lqos.conf"
    path.write_text(text + "\n" + extra)
    return path


class FakeLqosd:
    """A bus server speaking lqosd's framing, answering with `handler(request) -> response` and recording frames.

    `handler` may return a list `[stream lines..., response]` to send stream frames before the response."""

    def __init__(self, path: Path, handler: Callable[[dict], object]):
        self.path = path
        self.handler = handler
        self.frames: list[list[dict]] = []
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(path))
        self._server.listen(8)
        self._closing = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def requests(self) -> list[dict]:
        return [r for frame in self.frames for r in frame]

    def _serve(self) -> None:
        while not self._closing:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    @staticmethod
    def _read(conn: socket.socket, n: int) -> Optional[bytes]:
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def _connection(self, conn: socket.socket) -> None:
        with conn:
            while True:
                header = self._read(conn, 4)
                if header is None:
                    return
                frame = json.loads(self._read(conn, struct.unpack(">I", header)[0]))
                self.frames.append(frame["requests"])
                responses = []
                for request in frame["requests"]:
                    answer = self.handler(request)
                    if isinstance(answer, list):
                        for line in answer[:-1]:
                            self._send(conn, {"id": frame["id"], "stream": line})
                        answer = answer[-1]
                    responses.append(answer)
                self._send(conn, {"id": frame["id"], "responses": responses})

    @staticmethod
    def _send(conn: socket.socket, frame: dict) -> None:
        payload = json.dumps(frame).encode()
        conn.sendall(struct.pack(">I", len(payload)) + payload)

    def close(self) -> None:
        """Stops listening and removes the socket, as a stopped lqosd does."""
        if self._closing:
            return
        self._closing = True
        try:
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        except OSError:
            pass
        self._server.close()
        self._thread.join(5)
        if self.path.exists():
            self.path.unlink()


ACK = {"type": "ack"}


@pytest.fixture
def fake_lqosd(tmp_path: Path, lqos: list[str], monkeypatch: pytest.MonkeyPatch):
    """Starts a fake lqosd whose socket the config names; returns a factory taking the request handler."""
    servers: list[FakeLqosd] = []
    bus = tmp_path / "bus"
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)

    def start(handler: Callable[[dict], object] = lambda r: ACK, fixture: str = "lqos-minimal.conf",
              replace: Optional[dict[str, str]] = None) -> FakeLqosd:
        config = write_config(tmp_path, src, fixture=fixture, bus=bus, replace=replace)
        monkeypatch.setenv("LQOS_CONFIG", str(config))
        liblqos_python._reset_config_cache()
        server = FakeLqosd(bus, handler)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
