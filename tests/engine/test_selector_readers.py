"""The lean epoll selector's readers map (the loop's fast path for read-only fds) always agrees
with its keys, whether fds are given as ints or as socket objects (selectors' generic path)."""

from __future__ import annotations

import selectors
import socket

import pytest

from tunnelgui.engine.selector import LeanEpollSelector, adder

pytestmark = pytest.mark.skipif(LeanEpollSelector is None, reason="Linux epoll only")
R, W = selectors.EVENT_READ, selectors.EVENT_WRITE


def agrees(selector) -> None:
    expected = {fd: key.data for fd, key in selector.fd_map.items() if key.events == R}
    assert selector.readers == expected


@pytest.mark.parametrize("as_int", [True, False], ids=["int", "socket"])
def test_readers_follow_register_modify_unregister(as_int):
    a, b = socket.socketpair()
    selector = LeanEpollSelector()
    try:
        handle = a.fileno() if as_int else a
        selector.register(handle, R, print)
        agrees(selector)
        selector.modify(handle, R | W, repr)
        agrees(selector)
        assert a.fileno() not in selector.readers
        selector.modify(handle, R, repr)
        agrees(selector)
        assert selector.readers[a.fileno()] is repr
        selector.unregister(handle)
        agrees(selector)
        assert not selector.readers
        adder(selector)(b.fileno(), R, print)
        agrees(selector)
        selector.forget(b.fileno())
        agrees(selector)
    finally:
        selector.close()
        a.close()
        b.close()
    assert not selector.readers
