"""Port checks against real sockets: a taken port is reported, the next free one is found."""

from __future__ import annotations

import os
import socket

from tunnelgui.engine.listen import can_listen, next_free_port
from tunnelgui.ui.port_usage import check_port


def _listener(host: str = "127.0.0.1") -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.bind((host, 0))
    sock.listen()
    return sock


def test_taken_port_is_reported_with_its_holder():
    with _listener() as sock:
        port = sock.getsockname()[1]
        usage = check_port("127.0.0.1", port)
        assert usage is not None
        assert f"Port {port} is already in use on 127.0.0.1:{port}" in usage.describe()
        # We hold it ourselves; psutil may or may not be allowed to say so, never wrong though.
        assert usage.holder in ("", "TunnelGUI itself (another tunnel)") or str(os.getpid()) in (
            usage.holder
        )
        free = next_free_port("127.0.0.1", port)
        assert free is not None and free != port
        assert can_listen("127.0.0.1", free)


def test_free_port_and_unresolved_names_give_no_warning():
    with _listener() as sock:
        port = sock.getsockname()[1]
    assert check_port("127.0.0.1", port) is None
    assert can_listen("db.example.invalid", 80) is None
    assert check_port("db.example.invalid", 80) is None


def test_wildcard_listener_blocks_loopback():
    with _listener("0.0.0.0") as sock:
        port = sock.getsockname()[1]
        assert check_port("127.0.0.1", port) is not None
