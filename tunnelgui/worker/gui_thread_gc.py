"""Python's cycle collector on the GUI thread only, while the worker's threads run Python code.

CPython runs its cycle collector in whichever thread allocates when a generation fills up. The
worker's command, engine and poller threads allocate plenty (naming the program on a port in
use reads the whole process table through psutil), so a collection often runs on one of them,
and every Qt object in the garbage it finds is destroyed there, on a thread it does not belong
to. A QSocketNotifier (QFileSystemWatcher's inotify fd, a local socket) destroyed that way cannot
unregister from the GUI thread's event dispatcher: the dispatcher then polls a closed or reused
fd ("QSocketNotifier: Invalid socket 24 and type "Read", disabling..." without end) or calls
into the freed notifier (a crash in QSocketNotifier::setEnabled). So while a worker runs,
automatic collection is off and a timer on the GUI thread collects instead, generation by
generation as CPython would (calibre's GarbageCollector does the same for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Slot

# How often the GUI thread looks at the allocation counts: a look costs a microsecond; garbage
# waits at most this long for its collection.
CHECK_INTERVAL_MS = 500


class _GuiThreadCollector(QObject):
    """Holds automatic collection off while it has holders; collects on its timer."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("guiThreadCollector")
        self._holders = 0
        self._was_enabled = True
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)

    @property
    def holders(self) -> int:
        return self._holders

    def hold(self) -> None:
        if self._holders == 0:
            self._was_enabled = gc.isenabled()
            gc.disable()
            self._timer.start()
        self._holders += 1

    def release(self) -> None:
        if self._holders == 0:
            return
        self._holders -= 1
        if self._holders == 0:
            self._timer.stop()
            gc.collect()  # what built up since the last look, here on the GUI thread
            if self._was_enabled:
                gc.enable()

    @Slot()
    def collect_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold (what the
        automatic collector would have done by now); nothing when none has."""
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        if thresholds[0] == 0:  # the program switched collection off by threshold
            return
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


_collector: _GuiThreadCollector | None = None


def _the_collector() -> _GuiThreadCollector | None:
    global _collector
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return None  # no GUI thread to move collection to (or not called from it)
    if _collector is None:
        _collector = _GuiThreadCollector(app)
        # The application ends: the collector goes with it (a later one would make its own).
        _collector.destroyed.connect(_forget_collector)
    return _collector


def _forget_collector() -> None:
    global _collector
    _collector = None


def hold_collection_on_gui_thread() -> bool:
    """From now on, cycles are collected on the GUI thread only (call it there, before threads
    that run Python start). False when there is no application to collect on."""
    collector = _the_collector()
    if collector is None:
        return False
    collector.hold()
    return True


def release_collection_on_gui_thread() -> None:
    """One holder less; with none left, automatic collection is back as it was."""
    collector = _the_collector()
    if collector is not None:
        collector.release()


def collection_holders() -> int:
    """How many holders keep collection on the GUI thread (for tests and diagnostics)."""
    return _collector.holders if _collector is not None else 0
