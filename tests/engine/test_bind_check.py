"""The one bind check: what the engine's listener could bind now, and the next free port."""

from __future__ import annotations

import errno
import socket

import pytest

from tunnelgui.engine.listen import bind_failure, can_listen, next_free_port


def _held_port() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def test_a_listening_port_cannot_be_bound_and_says_why():
    with _held_port() as holder:
        port = holder.getsockname()[1]
        failure = bind_failure("127.0.0.1", port)
        assert failure is not None and failure.errno == errno.EADDRINUSE
        assert can_listen("localhost", port) is False
    assert bind_failure("127.0.0.1", port) is None


def test_an_address_of_no_interface_here_is_not_bindable():
    failure = bind_failure("192.0.2.77", 0)  # TEST-NET-1: no machine has it
    assert failure is not None and failure.errno == errno.EADDRNOTAVAIL


def test_names_are_never_resolved():
    with pytest.raises(ValueError, match="not an IP address"):
        bind_failure("db.example.invalid", 80)
    assert can_listen("db.example.invalid", 80) is None


def test_next_free_port_skips_taken_and_held_ports():
    with _held_port() as holder:
        port = holder.getsockname()[1]
        if port >= 65530:
            pytest.skip("the system handed out a port at the very top")
        free = next_free_port("127.0.0.1", port - 1, skip={port + 1})
        assert free is not None and free not in (port, port + 1) and free > port
        assert can_listen("127.0.0.1", free)
        assert next_free_port("127.0.0.1", port - 1, attempts=1) is None
