"""Local stand-ins for CRM APIs: an HTTP server on 127.0.0.1 (ephemeral port, one thread per request) answering
from recorded-style JSON, with switches for the broken answers real CRMs give."""
from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

Route = Callable[[dict[str, list[str]], dict[str, str]], Any]


class Broken:
    """An answer that replaces a route's: `status` with `body` (raw bytes), for the next `times` requests (None: always)."""

    def __init__(self, status: int = 500, body: bytes = b'{"error": "Internal Server Error"}', times: Optional[int] = None) -> None:
        self.status = status
        self.body = body
        self.times = times


class CrmServer:
    """Serves `routes` ({path: function(query, headers) -> JSON-able}) on http://127.0.0.1:<port>/ until `close()`.

    `break_route(path, Broken(...))` makes a path fail; `requests` lists the paths asked for, query included."""

    def __init__(self, routes: dict[str, Route], required_headers: Optional[dict[str, str]] = None) -> None:
        self.routes = routes
        self.required_headers = required_headers or {}
        self.broken: dict[str, Broken] = {}
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def break_route(self, path: str, broken: Broken) -> None:
        self.broken[path] = broken

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def _answer(self, raw_path: str, headers: dict[str, str]) -> tuple[int, bytes]:
        self.requests.append(raw_path)
        parsed = urllib.parse.urlsplit(raw_path)
        refused = self._refusal(parsed.path, headers)
        if refused is not None:
            return refused
        return 200, json.dumps(self.routes[parsed.path](urllib.parse.parse_qs(parsed.query), headers)).encode()

    def _refusal(self, path: str, headers: dict[str, str]) -> Optional[tuple[int, bytes]]:
        """The answer for a request without the required headers, to a path set to fail, or to no route; else None."""
        for name, value in self.required_headers.items():
            if headers.get(name.lower()) != value:
                return 401, b'{"error": "unauthorized"}'
        broken = self.broken.get(path)
        if broken is not None and broken.times != 0:
            if broken.times is not None:
                broken.times -= 1
            return broken.status, broken.body
        if path not in self.routes:
            return 404, b'{"error": "not found"}'
        return None

    def _handler_class(self) -> type:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                self.reply(*server._answer(self.path, {k.lower(): v for k, v in self.headers.items()}))

            def reply(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        return Handler


def paged(records: list) -> Route:
    """A listing that honours `limit` and `offset` as Splynx does."""
    def route(query: dict[str, list[str]], headers: dict[str, str]) -> list:
        offset = int(query.get("offset", ["0"])[0])
        limit = int(query.get("limit", [str(len(records))])[0])
        return records[offset:offset + limit]
    return route


def whole(records: Any) -> Route:
    """A listing answered in one piece, as UISP does."""
    return lambda query, headers: records


class FormCrmServer(CrmServer):
    """A CrmServer answering POSTs too: a route gets the body in place of the query (a form as parse_qs lists, a JSON
    body as its decoded value) and may return a `Broken` to fail that one request. The `requests` entry of a POST is
    its path with the form fields (keys, tokens and passwords left out) or the JSON body's `variables`."""

    def _answer_post(self, raw_path: str, body: Any, headers: dict[str, str]) -> tuple[int, bytes]:
        path = urllib.parse.urlsplit(raw_path).path
        self.requests.append(raw_path + "?" + _describe(body))
        refused = self._refusal(path, headers)
        if refused is not None:
            return refused
        result = self.routes[path](body, headers)
        if isinstance(result, Broken):
            return result.status, result.body
        return 200, json.dumps(result).encode()

    def _handler_class(self) -> type:
        base = super()._handler_class()
        server = self

        class Handler(base):  # type: ignore[misc, valid-type]
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                is_json = (self.headers.get("Content-Type") or "").startswith("application/json")
                try:
                    body = json.loads(raw) if is_json else urllib.parse.parse_qs(raw)
                except ValueError:
                    status, answer = 400, b'{"error": "invalid JSON body"}'
                else:
                    status, answer = server._answer_post(self.path, body, {k.lower(): v for k, v in self.headers.items()})
                self.reply(status, answer)

        return Handler


def _describe(body: Any) -> str:
    if isinstance(body, dict) and "query" in body:
        return json.dumps(body.get("variables") or {}, sort_keys=True)
    secret = ("key", "token", "secret", "password")
    return urllib.parse.urlencode({k: v[0] for k, v in body.items() if not any(s in k.lower() for s in secret)}
                                  if isinstance(body, dict) else {})
