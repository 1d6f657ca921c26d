"""The event log formats a sentence only when a reader reads it, once."""

from __future__ import annotations

from tunnelgui.engine.eventlog import EventLog
from tunnelgui.engine.events import EventKind


def test_a_sentence_is_formatted_when_read_and_only_once() -> None:
    calls: list[tuple] = []

    def sentence(conn_id: int, peer: str) -> str:
        calls.append((conn_id, peer))
        return f"Connection {conn_id} from {peer}."

    log = EventLog()
    for conn_id in range(1, 1001):
        log.add("t1", EventKind.CONNECTION_OPENED, sentence, (conn_id, "127.0.0.1:5"), conn_id)
    log.add("t1", EventKind.TARGET_UP, "The target is reachable.")
    events = log.since(0)
    assert len(events) == 1001
    assert calls == []  # handing a thousand events to a reader formatted none of them
    assert events[4].message == "Connection 5 from 127.0.0.1:5."
    assert events[4].message == "Connection 5 from 127.0.0.1:5."
    assert calls == [(5, "127.0.0.1:5")]
    assert events[-1].message == "The target is reachable."
    assert [event.seq for event in log.since(999)] == [1000, 1001]


def test_events_compare_by_what_they_say() -> None:
    log = EventLog()
    log.add("t1", EventKind.CONNECTION_OPENED, lambda n: f"n={n}", (1,), 1)
    first, again = log.since(0)[0], log.since(0)[0]
    assert first == again and first is not again
    assert "n=1" in repr(first)
