"""The files a CRM import writes, read back for assertions, and the previous files a failed import must leave alone."""
from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

ORIGINAL_NETWORK = '{"Old Site": {"downloadBandwidthMbps": 100, "uploadBandwidthMbps": 100}}\n'
ORIGINAL_DEVICES = ('"Circuit ID","Circuit Name","Device ID","Device Name","Parent Node","Parent Node ID","Anchor Node ID","MAC",'
                    '"IPv4","IPv6","Download Min Mbps","Upload Min Mbps","Download Max Mbps","Upload Max Mbps","Comment"\n'
                    '"old-1","Old customer","old-d1","Old router","Old Site","","","","100.64.200.1","","10","10","20","20",""\n')


def device_rows(directory: Path) -> list[dict]:
    with open(directory / "ShapedDevices.csv", newline="") as f:
        return list(csv.DictReader(f))


def rows(directory: Path) -> dict[str, dict]:
    return {row["Circuit ID"]: row for row in device_rows(directory)}


def network(directory: Path) -> dict:
    return json.loads((directory / "network.json").read_text())


def validate(lqos: list[str], directory: Path) -> str:
    done = subprocess.run(lqos + ["validate", "--dir", str(directory)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def with_previous_files(directory: Path) -> None:
    (directory / "network.json").write_text(ORIGINAL_NETWORK)
    (directory / "ShapedDevices.csv").write_text(ORIGINAL_DEVICES)


def assert_untouched(directory: Path) -> None:
    assert (directory / "network.json").read_text() == ORIGINAL_NETWORK
    assert (directory / "ShapedDevices.csv").read_text() == ORIGINAL_DEVICES
    assert not [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]
