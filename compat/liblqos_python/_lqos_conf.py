"""lqos.conf as the C# reader resolves it: one `lqos config show --json` per process, cached; `_get` picks a key path."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from typing import Any, Optional


_CONFIG_CACHE: Optional[dict] = None
DEFAULT_CONFIG_PATH = "/etc/lqos.conf"
_TOPOLOGY_COMPILE_MODES = ("flat", "ap_only", "ap_site", "full", "full2")


def _config_path() -> str:
    return os.environ.get("LQOS_CONFIG") or DEFAULT_CONFIG_PATH


def _cli_command() -> list[str]:
    """How to run our `lqos`: $LQOS_CLI (a command line), else next to this module's install, else on PATH."""
    explicit = os.environ.get("LQOS_CLI")
    if explicit:
        return shlex.split(explicit)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the folder holding the package
    candidates = [
        os.path.join(here, "..", "bin", "lqos"),  # /opt/libreqos/src/liblqos_python/ -> /opt/libreqos/bin/lqos
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
