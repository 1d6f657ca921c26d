"""The system's TCP congestion control for a benchmark run: read it, and (as root) set it for a
while and put the old value back, whatever happens (Ctrl+C and SIGTERM unwind through here)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

SYSCTL = Path("/proc/sys/net/ipv4/tcp_congestion_control")
AVAILABLE = Path("/proc/sys/net/ipv4/tcp_available_congestion_control")


def system_default() -> str:
    """The algorithm new TCP sockets get (net.ipv4.tcp_congestion_control), or "" if unknown."""
    try:
        return SYSCTL.read_text(encoding="ascii").strip()
    except OSError:
        return ""


def available() -> list[str]:
    try:
        return AVAILABLE.read_text(encoding="ascii").split()
    except OSError:
        return []


def can_set(name: str) -> bool:
    """True when this process may make `name` the system default (root, built in or loadable)."""
    return os.geteuid() == 0 and SYSCTL.exists() and name in available()


@contextlib.contextmanager
def system_default_set_to(name: str) -> Iterator[None]:
    """Make `name` the system default for the block; the previous one is restored in finally.

    The sysctl is machine-wide: other programs' new sockets get `name` meanwhile too.
    """
    before = system_default()
    if before == name:
        yield
        return
    SYSCTL.write_text(name + "\n", encoding="ascii")
    try:
        yield
    finally:
        SYSCTL.write_text(before + "\n", encoding="ascii")
