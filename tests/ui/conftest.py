"""Fixtures for the app's tests: a running worker, an echo target, profiles on loopback."""

from __future__ import annotations

import pytest

from tests.ui.loopback import EchoServer
from tunnelgui.worker import TunnelWorker


@pytest.fixture
def echo_server():
    server = EchoServer()
    yield server
    server.close()


@pytest.fixture
def worker(qtbot):
    worker = TunnelWorker(poll_interval=0.1, health_check_interval=0.3)
    worker.start_engine()
    yield worker
    worker.shutdown()
