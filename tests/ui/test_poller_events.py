"""A stats tick hands over at most 1,000 connection events, the newest, and every other event:
a burst of connections must not cost the poller and the GUI a formatted event each (their GIL
time is the engine's loss), and no failure or target change may be skipped."""

from __future__ import annotations

import socket
import threading
import time

from tests.ui.loopback import free_port
from tunnelgui.engine import Engine, EventKind, TunnelSpec
from tunnelgui.worker.polling import CONNECTION_EVENTS_PER_TICK, PER_CONNECTION_KINDS, Poller


def _connect_many(port: int, count: int, seconds: float) -> int:
    """`count` short client connections (bounded in time); returns how many were made."""
    made = 0
    deadline = time.monotonic() + seconds
    while made < count and time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.settimeout(5)
                sock.recv(1)  # the relay closes it: its target refuses
        except OSError:
            pass
        made += 1
    return made


def test_a_burst_keeps_the_newest_connection_events_and_every_other_event(qtbot):
    engine = Engine()
    thread = threading.Thread(target=engine.run, daemon=True)
    thread.start()
    try:
        refused = free_port()  # nothing listens there: each connection's target fails
        spec = TunnelSpec("burst", "127.0.0.1", 0, "127.0.0.1", refused)
        port = engine.start_tunnel(spec).listen_port
        poller = Poller(engine, 0.25)
        assert _connect_many(port, 1500, 60) == 1500
        deadline = time.monotonic() + 10
        while engine.last_event_seq() < 1500 and time.monotonic() < deadline:
            time.sleep(0.05)
        everything = engine.events_since(0)
        assert len(everything) > CONNECTION_EVENTS_PER_TICK + 200

        events = poller._new_events()
    finally:
        engine.shutdown()
        thread.join(5)

    seqs = [event.seq for event in events]
    assert seqs == sorted(set(seqs))
    assert seqs[-1] >= everything[-1].seq  # nothing newest is missing
    per_connection = [event for event in events if event.kind in PER_CONNECTION_KINDS]
    # The newest window is 1,000 events of any kind; a few may have come after it was read.
    assert CONNECTION_EVENTS_PER_TICK - 50 <= len(per_connection) <= CONNECTION_EVENTS_PER_TICK + 50
    newest_wanted = {e.seq for e in everything if e.seq > everything[-1].seq - 900}
    assert newest_wanted <= set(seqs)
    others = [event.seq for event in everything if event.kind not in PER_CONNECTION_KINDS]
    assert {EventKind.TUNNEL_STARTED, EventKind.TARGET_DOWN} <= {event.kind for event in events}
    assert set(others) <= set(seqs)


def test_a_quiet_tick_hands_over_every_event(qtbot):
    engine = Engine()
    thread = threading.Thread(target=engine.run, daemon=True)
    thread.start()
    try:
        port = engine.start_tunnel(TunnelSpec("q", "127.0.0.1", 0, "127.0.0.1", free_port()))
        assert _connect_many(port.listen_port, 20, 30) == 20
        time.sleep(0.3)
        poller = Poller(engine, 0.25)
        assert [e.seq for e in poller._new_events()] == [e.seq for e in engine.events_since(0)]
    finally:
        engine.shutdown()
        thread.join(5)
