"""Fixtures for the app's tests: a running worker, an echo target, profiles on loopback."""

from __future__ import annotations

import gc

import pytest

from tests.ui.loopback import EchoServer
from tunnelgui.engine import HealthPolicy
from tunnelgui.worker import TunnelWorker

# Probes while a target is down come this often (the app waits 5 s, 10 s, 30 s, 60 s).
QUICK_HEALTH_CHECKS = HealthPolicy(backoff=(0.3,))


@pytest.fixture
def echo_server():
    server = EchoServer()
    yield server
    server.close()


@pytest.fixture
def worker(qtbot):
    worker = TunnelWorker(poll_interval=0.1, health=QUICK_HEALTH_CHECKS)
    worker.start_engine()
    yield worker
    worker.shutdown()


@pytest.fixture
def make_session(qtbot, isolated_config_dir):
    """Build the whole app (store, worker, controller, window) on the test's config folder."""
    from tunnelgui.ui.app_session import AppSession

    sessions = []

    def make(start: bool = True) -> AppSession:
        session = AppSession(isolated_config_dir)
        qtbot.addWidget(session.window)
        sessions.append(session)
        if start:
            session.start()
        return session

    yield make
    for session in sessions:
        session.shutdown()
    # Collected here, on the GUI thread: left to a later garbage collection, a session (and the
    # timers of its controller, tray and notifier) may be destroyed on another thread (the
    # engine's, the poller's), which leaves a dangling timer that crashes a later test.
    sessions.clear()
    gc.collect()


@pytest.fixture
def session(make_session):
    return make_session()
