"""Fixtures for engine tests: a running Engine (both relay modes) and loopback servers."""

from __future__ import annotations

import pytest

from tests.engine.servers import TcpServer, echo
from tunnelgui.engine import Engine
from tunnelgui.engine.buffers import SPLICE_AVAILABLE

RELAY_MODES = [
    pytest.param(True, id="splice", marks=pytest.mark.skipif(not SPLICE_AVAILABLE, reason="Linux")),
    pytest.param(False, id="copy"),
]


@pytest.fixture(params=RELAY_MODES)
def engine(request):
    """A running engine, once with os.splice and once with the portable copy path."""
    with Engine(use_splice=request.param) as running:
        assert running.splice is request.param
        yield running


@pytest.fixture
def plain_engine():
    """A running engine in its default mode, for tests not about moving bytes."""
    with Engine() as running:
        yield running


@pytest.fixture
def echo_server():
    with TcpServer(echo) as server:
        yield server
