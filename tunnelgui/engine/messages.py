"""Sentences for engine events, formatted only when someone reads them."""

from __future__ import annotations

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.units import format_bytes, format_duration


def peer_text(peer: tuple) -> str:
    return format_address(peer[0], peer[1])


def connection_opened(conn_id: int, peer: tuple, target: str) -> str:
    return f"Connection {conn_id} from {peer_text(peer)} is relayed to {target}."


def connection_closed(
    conn_id: int,
    peer: tuple,
    reason: str,
    to_target: int,
    to_client: int,
    seconds: float,
    discarded_to_target: int = 0,
    discarded_to_client: int = 0,
) -> str:
    discarded = [
        f"{format_bytes(count)} to the {side}"
        for side, count in (("target", discarded_to_target), ("client", discarded_to_client))
        if count
    ]
    lost = f"; discarded on reset: {', '.join(discarded)}" if discarded else ""
    return (
        f"Connection {conn_id} from {peer_text(peer)} {reason} after {format_duration(seconds)} "
        f"({format_bytes(to_target)} to the target, {format_bytes(to_client)} to the client"
        f"{lost})."
    )


def connection_rejected(peer: tuple, why: str) -> str:
    return f"Refused a connection from {peer_text(peer)}: {why}."


def connect_failed(conn_id: int, peer: tuple, target: str, reason: str) -> str:
    return (
        f"Connection {conn_id} from {peer_text(peer)} was closed: cannot reach {target} ({reason})."
    )
