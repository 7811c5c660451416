"""The local Splynx API of `DEMO_CRM=splynx make demo`: the account of tests/python/crm_servers/splynx.py on
127.0.0.1 (a free port), until SIGTERM. Writes its URL to the file given as the argument once it is listening.
SIGUSR1 switches between answering and failing (HTTP 500 on every path), as a Splynx that is down."""
from __future__ import annotations

import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

from crm_servers import Broken  # noqa: E402
from crm_servers import splynx  # noqa: E402


def main(url_file: Path) -> None:
    server = splynx.serve(splynx.SplynxAccount())

    def toggle_failing(signum: int, frame: object) -> None:
        if server.broken:
            server.broken.clear()
            print("Splynx: answering again", flush=True)
        else:
            for path in server.routes:
                server.break_route(path, Broken(500))
            print("Splynx: failing (HTTP 500 on every path)", flush=True)

    signal.signal(signal.SIGUSR1, toggle_failing)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    url_file.write_text(server.url + "\n")
    print(f"Splynx: serving {len(server.routes)} paths on {server.url}", flush=True)
    try:
        while True:
            signal.pause()
    finally:
        server.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
