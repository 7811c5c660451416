"""integrationUtils: what every CRM integration shares, on the standard library only.

- `JsonApi`: GET and POST (JSON or form) requests with a timeout, retries with backoff on connection errors,
  timeouts, HTTP 429 and 5xx, offset paging, and JSON decoding whose errors name the URL; `graphql` on top of it.
- `ProblemReport`: one printed line per record that was skipped (or changed) and why, then a summary by reason.
- `AddressRegistry` and `UniqueNames`: the checks ShapedDevices.csv and network.json need across records
  (an address belongs to one circuit, a node name to one node).
- `write_graph_files`: writes network.json and ShapedDevices.csv only when the import can be trusted; otherwise it
  raises `IntegrationFailed` and the previous files stay as they were.

An integration raises `IntegrationFailed` when the data as a whole cannot be trusted (the main listing failed, was
not JSON, or lost every subscriber); a bad record is only reported and skipped.
"""
from __future__ import annotations

import csv
import io
import ipaddress
import json
import os
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from typing import Any, Callable, Iterable, Optional

__all__ = ["normalize_mac", "IntegrationFailed", "JsonApi", "FormPostApi", "ProblemReport", "AddressRegistry", "UniqueNames",
           "write_graph_files", "count_circuits_in_csv", "graphql", "chosen_strategy", "node_bandwidths"]

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


def normalize_mac(mac: Optional[str]) -> str:
    """Upstream HEAD's helper: '' for None or empty, else upper-case without ':' and '-'."""
    if not mac:
        return ""
    return str(mac).strip().replace(":", "").replace("-", "").upper()


class IntegrationFailed(Exception):
    """The import cannot be trusted as a whole; network.json and ShapedDevices.csv were left untouched."""


class JsonApi:
    """A JSON-over-HTTP API at `base_url`: every path is joined to it, every request carries `headers`.

    Transient failures (connection refused or reset, timeouts, HTTP 429 and 5xx) are retried `retries` times,
    waiting `backoff_seconds`, then twice that, and so on. Anything else fails at once with `IntegrationFailed`,
    naming the URL (never the credentials) and what to check."""

    def __init__(self, name: str, base_url: str, headers: Optional[dict[str, str]] = None, timeout_seconds: float = 60,
                 retries: int = 3, backoff_seconds: float = 1.0, verify_tls: bool = True,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not base_url or not str(base_url).strip():
            raise IntegrationFailed(f"{name}: no API URL is configured; set it in /etc/lqos.conf")
        self.name = name
        self.base_url = str(base_url).strip().rstrip("/") + "/"
        self.headers = {"Accept": "application/json", "User-Agent": "LibreQoS-integration", **(headers or {})}
        self.timeout_seconds = timeout_seconds
        self.retries = retries
        self.backoff_seconds = backoff_seconds
        self.sleep = sleep
        self.ssl_context = None if verify_tls else ssl._create_unverified_context()  # noqa: S323 (operator's choice)

    def url(self, path: str, params: Optional[dict[str, Any]] = None) -> str:
        """The full URL of `path` (relative to the base URL) with `params` appended to its query."""
        url = self.base_url + path.lstrip("/") if path else self.base_url.rstrip("/")  # "" is the base address itself
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        return url

    def get(self, path: str, params: Optional[dict[str, Any]] = None) -> Any:
        """GET `path` and decode its JSON body."""
        url = self.url(path, params)
        return self._decode(url, self._fetch_with_retries(url))

    def post_json(self, path: str, payload: Any) -> Any:
        """POST `payload` as JSON to `path` and decode the JSON answer (retried like a GET: the calls used are reads)."""
        url = self.url(path)
        return self._decode(url, self._fetch_with_retries(url, json.dumps(payload).encode(), "application/json"))

    def post_form(self, path: str, fields: dict[str, Any]) -> Any:
        """POST `fields` as a form (`application/x-www-form-urlencoded`) to `path` and decode the JSON answer."""
        url = self.url(path)
        return self._decode(url, self._fetch_with_retries(url, urllib.parse.urlencode(fields).encode(),
                                                          "application/x-www-form-urlencoded"))

    def _decode(self, url: str, body: bytes) -> Any:
        try:
            return json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as e:
            preview = body[:80].decode("utf-8", "replace").replace("\n", " ")
            raise IntegrationFailed(f"{self.name}: {url} did not answer with JSON ({e}); it began with {preview!r}. "
                                    f"Check that the configured URL points at the API, not a login page.") from None

    def get_list(self, path: str, params: Optional[dict[str, Any]] = None) -> list:
        """GET `path`, which must answer with a JSON array."""
        data = self.get(path, params)
        if not isinstance(data, list):
            raise IntegrationFailed(f"{self.name}: {self.url(path, params)} answered with a JSON {type(data).__name__}, "
                                    f"not the list of records expected. Check the API version and the key's permissions.")
        return data

    def get_paged(self, path: str, params: Optional[dict[str, Any]] = None, page_size: int = 500,
                  limit_param: str = "limit", offset_param: str = "offset") -> list:
        """Every record of a listing fetched `page_size` at a time (`limit`/`offset` query parameters) until a short
        page. A server that ignores paging (a longer page, or the same page again) is taken as having returned everything."""
        records: list = []
        previous_page: Optional[list] = None
        while True:
            page = self.get_list(path, {**(params or {}), limit_param: page_size, offset_param: len(records)})
            if page == previous_page:  # the server ignores the offset and repeats itself
                return records
            records.extend(page)
            if len(page) != page_size:
                return records
            previous_page = page

    def _fetch_with_retries(self, url: str, data: Optional[bytes] = None, content_type: str = "") -> bytes:
        delay = self.backoff_seconds
        for attempt in range(self.retries + 1):
            try:
                return self._fetch_once(url, data, content_type)
            except _Transient as e:
                if attempt == self.retries:
                    raise IntegrationFailed(f"{self.name}: {url} failed {attempt + 1} times, last with {e}. "
                                            f"Check that the CRM is reachable from this machine and running.") from None
                print(f"{self.name}: {url}: {e}; retrying in {delay:g} s")
                self.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _fetch_once(self, url: str, data: Optional[bytes] = None, content_type: str = "") -> bytes:
        headers = {**self.headers, "Content-Type": content_type} if data is not None else self.headers
        request = urllib.request.Request(url, data=data, headers=headers, method="GET" if data is None else "POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds, context=self.ssl_context) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            if e.code in RETRYABLE_STATUS:
                raise _Transient(f"HTTP {e.code} {e.reason}") from None
            raise IntegrationFailed(f"{self.name}: {url} answered HTTP {e.code} {e.reason}. {_advice_for_status(e.code)}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, ssl.SSLCertVerificationError):
                raise IntegrationFailed(f"{self.name}: {url}: the TLS certificate was refused ({reason.verify_message}). "
                                        f"Install the CA on this machine or fix the certificate.") from None
            raise _Transient(str(reason) or type(e).__name__) from None


class _Transient(Exception):
    """A failure worth retrying."""


def require_some_imported(source: str, listed: int, imported: int, what: str) -> None:
    """Refuses an import in which the CRM listed records but none could be used: such an answer cannot be trusted, so
    the previous files stay."""
    if listed and not imported:
        raise IntegrationFailed(f"{source}: none of the {listed} {what} could be imported; the files were left as they were. "
                                "Check the messages above.")


def _advice_for_status(status: int) -> str:
    if status in (401, 403):
        return "Check the API credentials in /etc/lqos.conf and that the key may read this listing."
    if status == 404:
        return "Check the API URL in /etc/lqos.conf (it should be the CRM's base address) and the CRM's version."
    return "Check the CRM's logs for this request."


class ProblemReport:
    """Records that were skipped or changed, each printed as it happens: `<source>: skipped <what> <id> (<name>): <reason>`."""

    def __init__(self, source: str, printer: Callable[[str], None] = print) -> None:
        self.source = source
        self.printer = printer
        self.skipped: list[tuple[str, str, str, str]] = []
        self.notes: list[str] = []

    def skip(self, kind: str, record_id: Any, name: Any, reason: str, summary: str) -> None:
        """A record left out: `kind` says what it is, `reason` why (and what to check), `summary` the reason's
        short form counted in the summary."""
        label = f"{kind} {record_id}" + (f" ({name})" if name not in (None, "") else "")
        self.skipped.append((kind, label, reason, summary))
        self.printer(f"{self.source}: skipped {label}: {reason}")

    def note(self, message: str) -> None:
        """A change made to a record that is still imported (an address dropped, a name made unique)."""
        self.notes.append(message)
        self.printer(f"{self.source}: {message}")

    def summary_line(self) -> str:
        """`<source>: N records skipped (3 no plan, 2 duplicate address), M changed`."""
        if not self.skipped and not self.notes:
            return f"{self.source}: no record skipped"
        counts = Counter(summary for *_, summary in self.skipped)
        detail = ", ".join(f"{n} {reason}" for reason, n in counts.most_common())
        text = f"{self.source}: {len(self.skipped)} records skipped" + (f" ({detail})" if detail else "")
        return text + (f", {len(self.notes)} changed" if self.notes else "")

    def print_summary(self) -> None:
        self.printer(self.summary_line())


class AddressRegistry:
    """Addresses given to circuits so far: an address (with its prefix) goes to the first circuit that claims it.

    `accept` returns the usable addresses of one device, in the canonical form ShapedDevices.csv wants, and reports
    those refused: invalid, an IPv4 outside `allowed` (ip_ranges.allow_subnets), or already another circuit's."""

    def __init__(self, report: ProblemReport, allowed_ipv4: Iterable[str] = ()) -> None:
        self.report = report
        self.owner: dict[str, str] = {}
        self.allowed = [ipaddress.ip_network(s, strict=False) for s in allowed_ipv4 if _is_network(s)]

    def accept(self, addresses: Iterable[Any], circuit: str) -> list[str]:
        accepted: list[str] = []
        for raw in addresses:
            text = str(raw or "").strip()
            if not text:
                continue
            address = self._canonical(text)
            if address is None:
                self.report.note(f"{circuit}: address '{text}' is not a valid IP address or network; left out")
            elif not self._allowed(address):
                self.report.note(f"{circuit}: address {address} is outside ip_ranges.allow_subnets; left out")
            elif self.owner.get(address, circuit) != circuit:
                self.report.note(f"{circuit}: address {address} is already {self.owner[address]}'s; left out "
                                 f"(check which of the two really has it)")
            elif address not in accepted:
                self.owner[address] = circuit
                accepted.append(address)
        return accepted

    @staticmethod
    def _canonical(text: str) -> Optional[str]:
        """'10.0.0.5' and '10.0.0.5/32' stay as written (host forms); a network is written as its network address."""
        try:
            if "/" not in text:
                return str(ipaddress.ip_address(text))
            network = ipaddress.ip_network(text, strict=False)
            if network.prefixlen == network.max_prefixlen:
                return str(network.network_address)
            return str(network)
        except ValueError:
            return None

    def _allowed(self, address: str) -> bool:
        network = ipaddress.ip_network(address, strict=False)
        if network.version != 4 or not self.allowed:
            return True
        return any(network.subnet_of(a) for a in self.allowed if a.version == 4)


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
        return True
    except ValueError:
        return False


class UniqueNames:
    """network.json keys nodes by name: a second node with a taken name gets its id appended, and that is reported."""

    def __init__(self, report: ProblemReport) -> None:
        self.report = report
        self.taken: set[str] = set()

    def claim(self, name: str, record_id: Any, kind: str) -> str:
        unique = name if name not in self.taken else f"{name} [{record_id}]"
        if unique != name:
            self.report.note(f"{kind} {record_id}: name '{name}' is already another node's; named '{unique}'")
        self.taken.add(unique)
        return unique


def count_circuits_in_csv(text: str) -> int:
    """Distinct Circuit IDs of a ShapedDevices.csv text (comment and header rows ignored)."""
    circuits = set()
    for row in csv.reader(io.StringIO(text)):
        if row and row[0].strip() and not row[0].startswith("#") and row[0].strip().lower() != "circuit id":
            circuits.add(row[0].strip())
    return len(circuits)


def _previous_circuits(directory: str) -> int:
    path = os.path.join(directory, "ShapedDevices.csv")
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return count_circuits_in_csv(f.read())
    except (OSError, UnicodeDecodeError):
        return 0


def write_graph_files(net: Any, report: ProblemReport) -> int:
    """Writes network.json and ShapedDevices.csv into lqos_directory from a prepared graph, each through a temp file
    and a rename, once both are built and the result can be trusted: an import with no circuit does not replace a
    ShapedDevices.csv that has some. Prints the report's summary; returns the number of circuits written. Raises
    `IntegrationFailed`, writing nothing, otherwise."""
    from liblqos_python import _atomic_write, get_libreqos_directory

    report.print_summary()
    directory = get_libreqos_directory()
    network_text = json.dumps(net.buildNetworkJson(), indent=4)
    circuits = count_circuits_in_csv(net.buildShapedDevicesArtifacts()[0])
    previous = _previous_circuits(directory)
    if previous and circuits == 0:
        raise IntegrationFailed(f"{report.source}: the import produced no circuits where ShapedDevices.csv has {previous}; "
                                f"the files were left as they were. Check the CRM's listings and the messages above.")
    _atomic_write(os.path.join(directory, "network.json"), network_text)
    net.createShapedDevices()
    report.printer(f"{report.source}: wrote network.json and ShapedDevices.csv ({circuits} circuits)")
    return circuits


class FormPostApi(JsonApi):
    """A JSON API whose calls are POSTs of a form, as Powercode's and WISPGate's are."""

    def post_form_list(self, path: str, fields: dict[str, Any]) -> list:
        """`post_form`, whose answer must be a JSON array."""
        data = self.post_form(path, fields)
        if not isinstance(data, list):
            raise IntegrationFailed(f"{self.name}: {self.url(path)} answered with a JSON {type(data).__name__}, not the list of "
                                    f"records expected. Check the API key and the CRM's version.")
        return data


def graphql(api: JsonApi, path: str, query: str, variables: Optional[dict[str, Any]] = None) -> dict:
    """POSTs a GraphQL query to `path` and returns its `data` object. An answer with `errors` (and no data) or without a
    `data` object cannot be trusted: `IntegrationFailed`, with the server's first messages."""
    answer = api.post_json(path, {"query": query, "variables": variables or {}})
    if not isinstance(answer, dict):
        raise IntegrationFailed(f"{api.name}: {api.url(path)} answered with a JSON {type(answer).__name__}, not a GraphQL response")
    errors = answer.get("errors") or []
    if errors or not isinstance(answer.get("data"), dict):
        messages = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors[:3]) or "no 'data' object"
        raise IntegrationFailed(f"{api.name}: the GraphQL query at {api.url(path)} failed: {messages}. "
                                f"Check the API key's permissions and the CRM's version.")
    return answer["data"]


def chosen_strategy(source: str, value: Any, allowed: Iterable[str], fallback: str, setting: str) -> str:
    """`value` lower-cased when it is one of `allowed`; otherwise `fallback`, saying which setting to fix."""
    allowed = tuple(allowed)
    text = str(value or "").strip().lower()
    if text not in allowed:
        print(f"{source}: unknown {setting} '{text}'; using {fallback}. Set {setting} to one of {', '.join(allowed)}.")
        return fallback
    return text


def node_bandwidths(source: str, filename: str) -> dict[str, tuple[float, float]]:
    """{node name: (download, upload)} from `filename` in lqos_directory (`name,download,upload`, header row first);
    {} when the file is absent. A row that is not three fields with two numbers is printed and ignored."""
    from liblqos_python import get_libreqos_directory

    path = os.path.join(get_libreqos_directory(), filename)
    if not os.path.isfile(path):
        return {}
    rates: dict[str, tuple[float, float]] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in list(csv.reader(f))[1:]:
            try:
                rates[row[0].strip()] = (float(row[1]), float(row[2]))
            except (IndexError, ValueError):
                print(f"{source}: {path}: row {row} is not 'name,download,upload'; ignored")
    return rates
