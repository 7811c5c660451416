"""TreeGuard, Insight and remote planner storage: not part of this build, so they answer "not enabled"."""
from __future__ import annotations

from typing import Optional


def treeguard_set_node_virtual_live(node_name: str, virtualized: bool) -> bool:
    """TreeGuard live edits are not part of this build: False (nothing changed)."""
    return False


def treeguard_get_node_virtual_status(node_name: str) -> Optional[dict]:
    """TreeGuard is not part of this build: None."""
    return None


def treeguard_get_node_virtual_branch_state(node_name: str) -> Optional[dict]:
    """TreeGuard is not part of this build: None."""
    return None


def fetch_planner_remote(queues_available: int, on_a_stick: bool, site_count: int) -> Optional[dict]:
    """Remote planner storage (Insight) is not part of this build: None."""
    return None


def store_planner_remote(state: dict) -> bool:
    """Remote planner storage (Insight) is not part of this build: False."""
    return False
