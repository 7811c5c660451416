"""integrationCommon: the graph API custom integrations use to produce network.json and ShapedDevices.csv.

The documented flow (upstream's INTEGRATION_HOWTO) is kept as it is::

    net = NetworkGraph()
    net.addRawNode(NetworkNode(id="Site1", displayName="Site1", type=NodeType.site, download=1000, upload=1000))
    net.addRawNode(NetworkNode(id="C1", displayName="Alice", parentId="Site1", type=NodeType.client, download=100, upload=20))
    net.addRawNode(NetworkNode(id="D1", displayName="Alice router", parentId="C1", type=NodeType.device, ipv4=["100.64.0.1"]))
    net.prepareTree()
    net.createNetworkJson()
    net.createShapedDevices()

Both files are written into ``lqos_directory`` (not the working directory), each to a temp file that is renamed
into place, so lqosd never reads half a file. Where upstream's versions differ or have bugs we chose what an
operator wants; docs/compat.md lists each choice.
"""
from __future__ import annotations

import csv
import enum
import io
import ipaddress
import json
import os
import re
import time
from typing import Any, Iterable, Optional

from liblqos_python import (  # the names upstream's integrationCommon imports (v2.0 and v2.2)
    allowed_subnets,
    bandwidth_overhead_factor,
    circuit_name_use_address,
    client_bandwidth_multiplier,
    committed_bandwidth_multiplier,  # noqa: F401  (imported by upstream, unused there too)
    exception_cpes,
    exclude_sites,
    find_ipv6_using_mikrotik,
    generated_pn_download_mbps,
    generated_pn_upload_mbps,
    get_libreqos_directory,
    get_libreqos_state_directory,
    ignore_subnets,
    promote_to_root_list,
    upstream_bandwidth_capacity_download_mbps,
    upstream_bandwidth_capacity_upload_mbps,
    write_compiled_topology_from_python_graph_payload,
)
from liblqos_python import _atomic_write

__all__ = [
    "NodeType", "NetworkNode", "NetworkGraph", "isInAllowedSubnets", "isInIgnoredSubnets", "isIpv4Permitted",
    "isIpPermitted", "isIntegrationOutputIpAllowed", "fixSubnet", "apply_client_bandwidth_multiplier",
    "nodeTypeToString", "syntheticNetworkJsonId",
]

GENERATED_ID_PREFIX = "libreqos:generated:graph:"


def _address_only(ip: str) -> str:
    return str(ip).split("/", 1)[0].strip()


def _in_any(ip: str, subnets: Iterable[str]) -> bool:
    try:
        address = ipaddress.ip_address(_address_only(ip))
    except ValueError:
        return False
    for subnet in subnets:
        try:
            if address in ipaddress.ip_network(subnet, strict=False):
                return True
        except ValueError:
            continue
    return False


def isInAllowedSubnets(inputIP: str) -> bool:
    """Whether the address (any /prefix is ignored) is inside `ip_ranges.allow_subnets`."""
    return _in_any(inputIP, allowed_subnets())


def isInIgnoredSubnets(inputIP: str) -> bool:
    """Whether the address (any /prefix is ignored) is inside `ip_ranges.ignore_subnets`."""
    return _in_any(inputIP, ignore_subnets())


def isIpv4Permitted(inputIP: str) -> bool:
    """Allowed and not ignored."""
    return not isInIgnoredSubnets(inputIP) and isInAllowedSubnets(inputIP)


def isIpPermitted(inputIP: str) -> bool:
    """Upstream v2.2's name for isIpv4Permitted (it applies to IPv6 as well)."""
    return isIpv4Permitted(inputIP)


def isIntegrationOutputIpAllowed(inputIP: str) -> bool:
    """Not in an ignored subnet."""
    return not isInIgnoredSubnets(inputIP)


def fixSubnet(inputIP: str) -> str:
    """'a.b.c.d/nn' whose address is not the network address becomes 'a.b.c.d/32' (a host in a subnet)."""
    address, _, prefix = str(inputIP).partition("/")
    if not prefix:
        raise ValueError(f"fixSubnet needs an address with a /prefix, not '{inputIP}'")
    if prefix == "32":
        return inputIP
    try:
        ipaddress.ip_network(inputIP, strict=True)
        return inputIP
    except ValueError:
        return f"{address}/32"


def apply_client_bandwidth_multiplier(rate: float) -> float:
    """A plan rate with the configured headroom: max(rate × bandwidth_overhead_factor, rate × client_bandwidth_multiplier)."""
    rate = float(rate)
    if rate <= 0:
        return 0.0
    return max(rate * bandwidth_overhead_factor(), rate * client_bandwidth_multiplier())


class NodeType(enum.IntEnum):
    root = 1
    site = 2
    ap = 3
    client = 4
    clientWithChildren = 5
    device = 6


def nodeTypeToString(node: int) -> str:
    """'site', 'ap', 'client', … for a NodeType (or its number)."""
    try:
        return NodeType(int(node)).name
    except ValueError:
        return "Unknown"


def syntheticNetworkJsonId(scope: str, nodeType: str, name: str) -> str:
    """A stable id for a node the integration made up: 'libreqos:generated:<scope>:<type>:<slug of name>'."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
    return f"libreqos:generated:{scope}:{nodeType}:{slug}"


class NetworkNode:
    """A node of the graph: a site, AP, client (a circuit) or device (a row of ShapedDevices.csv).

    `download`/`upload` default to the generated parent node rates, read when the node is made (upstream reads them
    once at import, so importing needed a loadable config); `ipv4`/`ipv6` default to fresh lists per node."""

    def __init__(self, id: str, displayName: str = "", parentId: str = "", type: NodeType = NodeType.site,
                 download: Optional[float] = None, upload: Optional[float] = None, ipv4: Optional[list] = None,
                 ipv6: Optional[list] = None, address: str = "", mac: str = "", customerName: str = "",
                 networkJsonId: str = "", latitude: Optional[float] = None, longitude: Optional[float] = None) -> None:
        self.id = id
        self.parentIndex = 0
        self.parentId = parentId
        self.type = type
        self.downloadMbps = generated_pn_download_mbps() if download is None else download
        self.uploadMbps = generated_pn_upload_mbps() if upload is None else upload
        self.ipv4 = list(ipv4) if ipv4 is not None else []
        self.ipv6 = list(ipv6) if ipv6 is not None else []
        self.address = address
        self.customerName = customerName
        self.mac = mac
        self.networkJsonId = networkJsonId
        self.latitude = latitude
        self.longitude = longitude
        self.displayName = displayName if displayName != "" else id

    def __repr__(self) -> str:
        return f"NetworkNode(id={self.id!r}, displayName={self.displayName!r}, type={nodeTypeToString(self.type)}, parentId={self.parentId!r})"


def _normalize_exception_cpes(raw: Any) -> dict[str, str]:
    """{cpe: parent} from a dict, "cpe:parent" strings, {cpe, parent} dicts or objects with .cpe/.parent."""
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items()}
    result: dict[str, str] = {}
    for entry in raw or []:
        if isinstance(entry, str) and ":" in entry:
            cpe, parent = entry.split(":", 1)
        elif isinstance(entry, dict):
            cpe, parent = entry.get("cpe", ""), entry.get("parent", "")
        elif hasattr(entry, "cpe") and hasattr(entry, "parent"):
            cpe, parent = entry.cpe, entry.parent
        else:
            continue
        if cpe:
            result[str(cpe).strip()] = str(parent).strip()
    return result


class NetworkGraph:
    """Nodes added in any order, then `prepareTree()` resolves parents, and the create* methods write the files."""

    def __init__(self) -> None:
        self.nodes: list[NetworkNode] = [NetworkNode("FakeRoot", type=NodeType.root, parentId="", displayName="Shaper Root",
                                                     download=0, upload=0)]
        self.excludeSites = exclude_sites()
        self.exceptionCPEs = _normalize_exception_cpes(exception_cpes())
        self.errors: list[str] = []
        self.ipv4ToIPv6: dict[str, str] = {}
        if find_ipv6_using_mikrotik():
            try:
                from mikrotikFindIPv6 import pullMikrotikIPv6  # type: ignore[import-not-found]
                self.ipv4ToIPv6 = dict(pullMikrotikIPv6())
            except Exception as e:  # an optional helper: its failure must not stop the integration
                self.errors.append(f"IPv6 lookup through MikroTik failed: {e}")
        self._rebuild_indexes()

    # -- indexes ------------------------------------------------------------------------------------------------

    def _rebuild_indexes(self) -> None:
        self._id_to_index = {}
        self._name_to_index = {}
        for i, node in enumerate(self.nodes):
            self._id_to_index.setdefault(node.id, i)
            self._name_to_index.setdefault(node.displayName, i)
        self._children_cache: Optional[dict[int, list[int]]] = None

    def findNodeIndexById(self, id: str) -> int:
        return self._id_to_index.get(id, -1)

    def findNodeIndexByName(self, name: str) -> int:
        return self._name_to_index.get(name, -1)

    def findChildIndices(self, parentIndex: int) -> list[int]:
        if self._children_cache is None:
            cache: dict[int, list[int]] = {}
            for i, node in enumerate(self.nodes):
                if i != 0:
                    cache.setdefault(node.parentIndex, []).append(i)
            self._children_cache = cache
        return list(self._children_cache.get(parentIndex, []))

    def getErrors(self) -> list[str]:
        return list(self.errors)

    # -- building -----------------------------------------------------------------------------------------------

    def addRawNode(self, node: NetworkNode) -> None:
        """Adds a node; sites named in `uisp_integration.exclude_sites` are skipped. A node with no parent takes
        the one `exception_cpes` gives its id or name."""
        if node.displayName in self.excludeSites:
            return
        if node.parentId == "":
            node.parentId = self.exceptionCPEs.get(node.id) or self.exceptionCPEs.get(node.displayName) or ""
        self.nodes.append(node)
        index = len(self.nodes) - 1
        self._id_to_index.setdefault(node.id, index)
        self._name_to_index.setdefault(node.displayName, index)
        self._children_cache = None

    def addNodeAsChild(self, parent: str, node: NetworkNode) -> None:
        """Adds a node below the node whose id is `parent` (excludes apply; exception CPEs do not)."""
        if node.displayName in self.excludeSites:
            return
        node.parentId = parent
        node.parentIndex = max(0, self.findNodeIndexById(parent))
        self.nodes.append(node)
        index = len(self.nodes) - 1
        self._id_to_index.setdefault(node.id, index)
        self._name_to_index.setdefault(node.displayName, index)
        self._children_cache = None

    def replaceRootNode(self, node: NetworkNode) -> None:
        self.nodes[0] = node
        self._rebuild_indexes()

    # -- prepareTree --------------------------------------------------------------------------------------------

    def prepareTree(self) -> None:
        """Resolves parents by id (unknown parents and `promote_to_root` names hang from the root), turns clients
        with children into generated sites, lifts sites and APs out of clients, reconnects orphans, and drops
        addresses in ignored subnets (and devices or clients left with none)."""
        self._reparentById()
        self._promoteClientsWithChildren()
        self._clientsWithChildrenToSites()
        self._liftTopologyChildrenOutOfClients()
        self._reconnectUnconnected()
        self._pruneIgnoredCircuits()

    def _reparentById(self) -> None:
        promote = set(promote_to_root_list())
        self._rebuild_indexes()
        for i, node in enumerate(self.nodes):
            if i == 0:
                continue
            parent = self.findNodeIndexById(node.parentId) if node.parentId != "" else -1
            node.parentIndex = 0 if parent < 0 or parent == i or node.displayName in promote else parent
        self._children_cache = None

    def _promoteClientsWithChildren(self) -> None:
        for i, node in enumerate(self.nodes):
            if node.type == NodeType.client and any(self.nodes[c].type != NodeType.device for c in self.findChildIndices(i)):
                node.type = NodeType.clientWithChildren

    def _clientsWithChildrenToSites(self) -> None:
        for i in range(len(self.nodes)):
            node = self.nodes[i]
            if node.type != NodeType.clientWithChildren:
                continue
            site = NetworkNode(id=node.id + "_gen", displayName="(Generated Site) " + node.displayName,
                               parentId=self.nodes[node.parentIndex].id if node.parentIndex else "", type=NodeType.site,
                               networkJsonId=syntheticNetworkJsonId("graph", "site", node.displayName))
            self.nodes.append(site)
            site_index = len(self.nodes) - 1
            site.parentIndex = node.parentIndex
            for child in self.findChildIndices(i):
                if self.nodes[child].type in (NodeType.client, NodeType.clientWithChildren, NodeType.site):
                    self.nodes[child].parentIndex = site_index
                    self.nodes[child].parentId = site.id
            node.type = NodeType.client
            node.parentIndex = site_index
            node.parentId = site.id
            self._rebuild_indexes()

    def _liftTopologyChildrenOutOfClients(self) -> None:
        topology = (NodeType.site, NodeType.ap, NodeType.clientWithChildren)
        changed = True
        while changed:
            changed = False
            for i, node in enumerate(self.nodes):
                if i == 0 or node.type not in topology:
                    continue
                parent = self.nodes[node.parentIndex]
                if node.parentIndex != 0 and parent.type in (NodeType.client, NodeType.device):
                    node.parentIndex = parent.parentIndex
                    node.parentId = self.nodes[parent.parentIndex].id if parent.parentIndex else ""
                    changed = True
        self._children_cache = None

    def _reconnectUnconnected(self) -> None:
        reachable = {0}
        frontier = [0]
        while frontier:
            current = frontier.pop()
            for child in self.findChildIndices(current):
                if child not in reachable:
                    reachable.add(child)
                    frontier.append(child)
        for i, node in enumerate(self.nodes):
            if i not in reachable:
                node.parentIndex = 0
        self._children_cache = None

    def _pruneIgnoredCircuits(self) -> None:
        ignored = ignore_subnets()
        drop: set[int] = set()
        for i, node in enumerate(self.nodes):
            if node.type != NodeType.device:
                continue
            node.ipv4 = [ip for ip in node.ipv4 if not _in_any(ip, ignored)]
            node.ipv6 = [ip for ip in node.ipv6 if not _in_any(ip, ignored)]
            if not node.ipv4 and not node.ipv6:
                drop.add(i)
        for i, node in enumerate(self.nodes):
            if node.type == NodeType.client and all(c in drop or self.nodes[c].type != NodeType.device for c in self.findChildIndices(i)):
                drop.add(i)
                drop.update(c for c in self.findChildIndices(i) if self.nodes[c].type == NodeType.device)
        if drop:
            self._remove(drop)

    def _remove(self, indices: set[int]) -> None:
        kept = [n for i, n in enumerate(self.nodes) if i not in indices]
        new_index = {id(n): i for i, n in enumerate(kept)}
        parents = [self.nodes[n.parentIndex] for n in kept]
        for node, parent in zip(kept, parents):
            node.parentIndex = new_index.get(id(parent), 0)
        self.nodes = kept
        self._rebuild_indexes()

    # -- outputs ------------------------------------------------------------------------------------------------

    def doesNetworkJsonExist(self) -> bool:
        """Whether `<lqos_directory>/network.json` exists."""
        return os.path.isfile(os.path.join(get_libreqos_directory(), "network.json"))

    def buildNetworkJson(self) -> dict:
        """The network.json object: sites, APs (and any clients with children) keyed by display name, each capped
        by its parent's rates (the top by the link capacity). Clients and devices are not part of it."""
        exported = (NodeType.site, NodeType.ap, NodeType.clientWithChildren)

        def build(index: int, parent_down: float, parent_up: float) -> dict:
            result: dict = {}
            for child in self.findChildIndices(index):
                node = self.nodes[child]
                if node.type not in exported:
                    continue
                down = int(min(float(node.downloadMbps), parent_down))
                up = int(min(float(node.uploadMbps), parent_up))
                entry: dict = {"downloadBandwidthMbps": down, "uploadBandwidthMbps": up, "type": nodeTypeToString(node.type)}
                if node.networkJsonId:
                    entry["id"] = node.networkJsonId
                if node.latitude is not None:
                    entry["latitude"] = node.latitude
                if node.longitude is not None:
                    entry["longitude"] = node.longitude
                children = build(child, down, up)
                if children:
                    entry["children"] = children
                result[node.displayName] = entry
            return result

        return build(0, float(upstream_bandwidth_capacity_download_mbps()), float(upstream_bandwidth_capacity_upload_mbps()))

    def createNetworkJson(self) -> None:
        """Writes `<lqos_directory>/network.json` (temp file, then rename)."""
        _atomic_write(os.path.join(get_libreqos_directory(), "network.json"), json.dumps(self.buildNetworkJson(), indent=4))

    def _exported_parent(self, index: int) -> Optional[NetworkNode]:
        """The nearest ancestor that network.json has (a site, AP or client with children)."""
        current = self.nodes[index].parentIndex
        while current != 0:
            node = self.nodes[current]
            if node.type in (NodeType.site, NodeType.ap, NodeType.clientWithChildren):
                return node
            current = node.parentIndex
        return None

    def buildShapedDevicesArtifacts(self) -> tuple[str, dict]:
        """ShapedDevices.csv as text (one row per device with an address, of each client) and the circuit anchors."""
        use_address = circuit_name_use_address()
        text = io.StringIO()
        writer = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(["Circuit ID", "Circuit Name", "Device ID", "Device Name", "Parent Node", "Parent Node ID",
                         "Anchor Node ID", "MAC", "IPv4", "IPv6", "Download Min Mbps", "Upload Min Mbps",
                         "Download Max Mbps", "Upload Max Mbps", "Comment"])
        anchors = []
        for i, client in enumerate(self.nodes):
            if client.type != NodeType.client:
                continue
            parent = self._exported_parent(i)
            parent_name = parent.displayName if parent else ""
            parent_id = parent.networkJsonId if parent and parent.networkJsonId else ""
            name = client.address if use_address and client.address else client.displayName
            down_max, up_max = _max_rate(client.downloadMbps), _max_rate(client.uploadMbps)
            down_min, up_min = _min_rate(client.downloadMbps, down_max), _min_rate(client.uploadMbps, up_max)
            rows = 0
            for d in self.findChildIndices(i):
                device = self.nodes[d]
                if device.type != NodeType.device:
                    continue
                ipv6 = list(device.ipv6)
                for v4 in device.ipv4:
                    extra = self.ipv4ToIPv6.get(_address_only(v4))
                    if extra and extra not in ipv6:
                        ipv6.append(extra)
                if not device.ipv4 and not ipv6:
                    continue
                writer.writerow([client.id, name, device.id, device.displayName, parent_name, parent_id, "", device.mac,
                                 ", ".join(device.ipv4), ", ".join(ipv6), _num(down_min), _num(up_min), _num(down_max),
                                 _num(up_max), ""])
                rows += 1
            if rows and client.networkJsonId:
                anchors.append({"circuit_id": client.id, "circuit_name": name, "anchor_node_id": client.networkJsonId,
                                "anchor_node_name": client.displayName})
        appended = os.path.join(get_libreqos_directory(), "appendToShapedDevices.csv")
        if os.path.isfile(appended):
            with open(appended, encoding="utf-8-sig", newline="") as f:
                for row in csv.reader(f):
                    if row and not row[0].strip().startswith("#") and row[0].strip().lower() != "circuit id":
                        writer.writerow(row)
        return text.getvalue(), {"schema_version": 1, "source": "python/integration_common", "generated_unix": int(time.time()),
                                 "anchors": anchors}

    def createShapedDevices(self) -> None:
        """Writes `<lqos_directory>/ShapedDevices.csv` (temp file, then rename), then the circuit anchors under the
        state directory; rows of `appendToShapedDevices.csv` are appended as they are."""
        csv_text, anchors = self.buildShapedDevicesArtifacts()
        _atomic_write(os.path.join(get_libreqos_directory(), "ShapedDevices.csv"), csv_text)
        try:
            _atomic_write(os.path.join(get_libreqos_state_directory(), "topology", "circuit_anchors.json"), json.dumps(anchors, indent=2))
        except OSError as e:
            self.errors.append(f"could not write circuit_anchors.json: {e}")

    def buildTopologyParentCandidates(self) -> dict:
        """For each exported node, the id of its parent (the graph has one parent per node)."""
        nodes = []
        for i, node in enumerate(self.nodes):
            if i == 0 or node.type not in (NodeType.site, NodeType.ap, NodeType.clientWithChildren):
                continue
            parent = self._exported_parent(i)
            nodes.append({"node_id": node.networkJsonId or node.id, "node_name": node.displayName,
                          "parent_node_ids": [parent.networkJsonId or parent.id] if parent else [],
                          "parent_node_names": [parent.displayName] if parent else []})
        return {"schema_version": 1, "nodes": nodes}

    def buildNativeTopologyEditorState(self, source: str) -> dict:
        """The exported nodes with their rates, as a starting point for topology editors."""
        nodes = []
        for i, node in enumerate(self.nodes):
            if i == 0 or node.type not in (NodeType.site, NodeType.ap, NodeType.clientWithChildren):
                continue
            parent = self._exported_parent(i)
            nodes.append({"node_id": node.networkJsonId or node.id, "node_name": node.displayName,
                          "node_type": nodeTypeToString(node.type), "parent_node_id": (parent.networkJsonId or parent.id) if parent else None,
                          "download_bandwidth_mbps": node.downloadMbps, "upload_bandwidth_mbps": node.uploadMbps})
        return {"schema_version": 1, "source": source, "nodes": nodes}

    def materializeCompiledTopology(self, source: str, compileMode: str) -> bool:
        """Upstream v2.2's output step: here it writes network.json and ShapedDevices.csv into lqos_directory."""
        csv_text, anchors = self.buildShapedDevicesArtifacts()
        return write_compiled_topology_from_python_graph_payload(
            source, compileMode, json.dumps(self.buildNetworkJson()), csv_text, json.dumps(anchors),
            json.dumps(self.buildTopologyParentCandidates()), json.dumps(self.buildNativeTopologyEditorState(source)))

    def plotNetworkGraph(self, showClients: bool = False) -> None:
        """Upstream v2.0 drew the graph with graphviz; kept so v2.0 scripts still run. Does nothing without graphviz."""
        try:
            import graphviz  # type: ignore[import-not-found]
        except ImportError:
            return
        dot = graphviz.Digraph("network", format="pdf")
        for i, node in enumerate(self.nodes):
            if showClients or node.type not in (NodeType.client, NodeType.device):
                dot.node(str(i), node.displayName)
                if i != 0:
                    dot.edge(str(node.parentIndex), str(i))
        dot.render()


def _max_rate(rate: Any) -> float:
    return max(1.0, round(float(rate), 2))


def _min_rate(rate: Any, maximum: float) -> float:
    """98% of the plan, at least 1 Mbps and never above the maximum (in both directions)."""
    return min(maximum, max(1.0, round(float(rate) * 0.98, 2)))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
