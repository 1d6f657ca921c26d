"""NetworkWatcher: notices a changed network or a wake from sleep, so running tunnels re-check."""

from __future__ import annotations

import time
from collections.abc import Callable

import psutil
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

# Reading the interface addresses takes well under a millisecond: every few seconds is cheap.
POLL_INTERVAL = 5.0
# Wall time running ahead of monotonic time by this much means the machine slept (Linux's
# monotonic clock stops during suspend) or the clock was set.
CLOCK_JUMP = 10.0


def interface_addresses() -> frozenset[tuple[str, str]]:
    """(interface, address) of every IPv4 and IPv6 address of this machine."""
    families = {2, 10, 23, 30}  # AF_INET, and AF_INET6 on Linux, Windows and macOS
    return frozenset(
        (name, address.address)
        for name, addresses in psutil.net_if_addrs().items()
        for address in addresses
        if int(address.family) in families
    )


def clock_offset() -> float:
    return time.time() - time.monotonic()


class NetworkWatcher(QObject):
    """Emits changed(reason) when the network changes: Qt's QNetworkInformation where a
    backend exists, the interface addresses (polled), and a clock jump after a sleep.

    addresses and clock are the seams the tests turn; poll() runs one check at once.
    """

    changed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval: float = POLL_INTERVAL,
        addresses: Callable[[], frozenset] = interface_addresses,
        clock: Callable[[], float] = clock_offset,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("networkWatcher")
        self.addresses = addresses
        self.clock = clock
        self._known = addresses()
        self._offset = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval * 1000))
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self.backend = ""
        if QNetworkInformation.loadDefaultBackend():
            information = QNetworkInformation.instance()
            if information is not None:
                self.backend = information.backendName()
                information.reachabilityChanged.connect(self._on_reachability)

    @Slot()
    def poll(self) -> None:
        """Compare the addresses and the clock with the last look; emit when either moved."""
        known, self._known = self._known, self.addresses()
        offset, self._offset = self._offset, self.clock()
        if abs(self._offset - offset) > CLOCK_JUMP:
            self.changed.emit("the machine woke up or its clock was set")
        elif self._known != known:
            self.changed.emit("the network addresses changed")

    @Slot(QNetworkInformation.Reachability)
    def _on_reachability(self, _reachability: QNetworkInformation.Reachability) -> None:
        self._known = self.addresses()
        self.changed.emit("the network connection changed")

    def stop(self) -> None:
        self._timer.stop()
