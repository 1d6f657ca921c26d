"""While a worker runs, Python's cycle collector runs on the GUI thread only (gui_thread_gc.py).

Before, a collection set off by the worker's threads (psutil's process table read, on a start
that failed on a port in use) destroyed Qt objects of earlier tests there: a QFileSystemWatcher's
socket notifier destroyed off the GUI thread crashed the GUI thread's event loop, or flooded it
with "QSocketNotifier: Invalid socket" once its fd was closed.
"""

from __future__ import annotations

import gc
import socket
import threading

from PySide6.QtCore import QObject

from tests.ui.loopback import free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TunnelState
from tunnelgui.worker import TunnelWorker
from tunnelgui.worker.gui_thread_gc import collection_holders


class _Cycle:
    """Garbage only the cycle collector frees, holding a Qt object; says on which thread."""

    def __init__(self, freed: threading.Event, freed_on: list[int]) -> None:
        self.me = self
        self.qt_object = QObject()
        self._freed, self._freed_on = freed, freed_on

    def __del__(self) -> None:
        self._freed_on.append(threading.get_ident())
        self._freed.set()


def test_garbage_is_collected_on_the_gui_thread_when_a_start_fails_on_a_port_in_use(qtbot, worker):
    freed, freed_on = threading.Event(), []
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        gc.collect()  # counts from zero: this thread's next few allocations collect nothing
        _Cycle(freed, freed_on)
        busy = Profile("busy", port, "127.0.0.1", free_port())
        worker.start(busy)
        # Objects kept until the youngest generation is a few allocations short of its
        # threshold; then the GUI thread blocks without allocating while the command thread
        # asks psutil who holds the port and the poller takes its snapshots: those threads set
        # off the next collection unless it is held for the GUI thread.
        count, threshold = gc.get_count()[0], gc.get_threshold()[0]
        near_threshold = [[] for _ in range(max(0, threshold - count - 10))]
        freed.wait(2.0)
        qtbot.waitUntil(lambda: worker.status(busy.id).state is TunnelState.FAILED, timeout=10_000)
        assert "in use" in worker.status(busy.id).error
        # Enough new objects for a collection: the GUI thread's timer starts it.
        ballast = [[] for _ in range(gc.get_threshold()[0] + 1)]
        qtbot.waitUntil(freed.is_set, timeout=10_000)
        del ballast, near_threshold
    assert freed_on == [threading.get_ident()], "a Qt object was freed on a worker's thread"


def test_automatic_collection_is_back_once_the_worker_has_shut_down(qtbot):
    was_enabled = gc.isenabled()
    first, second = TunnelWorker(), TunnelWorker()
    try:
        first.start_engine()
        second.start_engine()
        assert not gc.isenabled() and collection_holders() == 2
        first.shutdown()
        assert not gc.isenabled(), "the other worker's threads still run Python"
    finally:
        first.shutdown()
        second.shutdown()
    qtbot.waitUntil(lambda: collection_holders() == 0, timeout=5000)
    assert gc.isenabled() is was_enabled
