"""Sentences for engine events, formatted only when someone reads them."""

from __future__ import annotations

from tunnelgui.engine.addresses import format_address


def format_bytes(count: int) -> str:
    """1536 -> "1.5 KiB"; exact below 1 KiB."""
    if count < 1024:
        return f"{count} B"
    value = float(count)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            break
    return f"{value:.1f} {unit}"


def format_duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def peer_text(peer: tuple) -> str:
    return format_address(peer[0], peer[1])


def connection_opened(conn_id: int, peer: tuple, target: str) -> str:
    return f"Connection {conn_id} from {peer_text(peer)} is relayed to {target}."


def connection_closed(
    conn_id: int, peer: tuple, reason: str, to_target: int, to_client: int, seconds: float
) -> str:
    return (
        f"Connection {conn_id} from {peer_text(peer)} {reason} after {format_duration(seconds)} "
        f"({format_bytes(to_target)} to the target, {format_bytes(to_client)} to the client)."
    )


def connection_rejected(peer: tuple, why: str) -> str:
    return f"Refused a connection from {peer_text(peer)}: {why}."


def connect_failed(conn_id: int, peer: tuple, target: str, reason: str) -> str:
    return (
        f"Connection {conn_id} from {peer_text(peer)} was closed: cannot reach {target} ({reason})."
    )
