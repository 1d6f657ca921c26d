"""Floor 2, the one bridge between the GUI thread and the engine's loop thread: TunnelWorker
(tunnel_worker.py) takes commands and sends coalesced signals; its threads are in polling.py."""

from tunnelgui.worker.polling import POLL_INTERVAL, TICKS_AFTER_LAST_TUNNEL, TrafficUpdate
from tunnelgui.worker.tunnel_worker import START_TIMEOUT, TunnelWorker

__all__ = [
    "POLL_INTERVAL",
    "START_TIMEOUT",
    "TICKS_AFTER_LAST_TUNNEL",
    "TrafficUpdate",
    "TunnelWorker",
]
