"""Reading and writing the operator's files (a temp file and a rename for every write)."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from typing import Any


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


def _read_json_file(path: str) -> Any:
    with open(path, encoding="utf-8-sig") as f:
        return json.load(f)


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8-sig") as f:
        return f.read()
