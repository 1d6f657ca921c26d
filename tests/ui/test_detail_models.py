"""Event log and connections models: batched updates, caps, selection-friendly row changes."""

from __future__ import annotations

import time

import pytest

from tunnelgui.engine.events import EngineEvent, EventKind
from tunnelgui.engine.stats import ConnectionStats
from tunnelgui.traffic_history import RateSample
from tunnelgui.ui.connections_view import ConnectionsModel, ConnectionsView
from tunnelgui.ui.event_log import EventLogModel, EventLogView
from tunnelgui.ui.traffic_chart import TrafficChart


def _event(seq: int, kind: EventKind = EventKind.CONNECTION_OPENED) -> EngineEvent:
    return EngineEvent(seq, time.time(), "t1", kind, f"event {seq}", conn_id=seq)


def _conn(conn_id: int, sent: int = 0) -> ConnectionStats:
    return ConnectionStats(
        conn_id, f"127.0.0.1:{40000 + conn_id}", time.time() - 5, sent, 0, "open"
    )


def test_event_log_appends_in_one_batch_and_caps(qtbot):
    model = EventLogModel(limit=10)
    view = EventLogView(model)
    qtbot.addWidget(view)
    with qtbot.waitSignal(model.rowsInserted, timeout=1000) as inserted:
        model.append([_event(n) for n in range(1, 8)])
    assert inserted.args[1:] == [0, 6]
    with qtbot.waitSignal(model.rowsRemoved, timeout=1000) as removed:
        model.append([_event(n) for n in range(8, 13)])
    assert removed.args[1:] == [0, 1]
    assert model.rowCount() == 10
    assert model.index(0, 2).data() == "event 3" and model.index(9, 2).data() == "event 12"
    assert model.index(9, 1).data() == "connected"


def test_event_log_batch_larger_than_limit_keeps_newest(qtbot):
    model = EventLogModel(limit=5)
    model.append([_event(1)])
    model.append([_event(n, EventKind.TARGET_DOWN) for n in range(2, 20)])
    shown = [model.index(row, 2).data() for row in range(model.rowCount())]
    assert shown == [f"event {seq}" for seq in range(15, 20)]
    assert model.index(0, 1).data() == "target down"


def test_connections_update_in_place_and_keep_selection(qtbot):
    model = ConnectionsModel(limit=100)
    view = ConnectionsView(model)
    qtbot.addWidget(view)
    model.set_connections([_conn(1), _conn(2), _conn(3)], time.time())
    view.selectRow(2)
    assert view.selected_conn_ids() == [3]
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.set_connections([_conn(2, 2048), _conn(3, 4096), _conn(4)], time.time())
    assert [model.conn_id_at(row) for row in range(model.rowCount())] == [2, 3, 4]
    assert view.selected_conn_ids() == [3]
    assert model.index(1, 3).data() == "4.00 KiB"
    assert model.index(0, 1).data() == "5 s"


def test_connections_beyond_the_cap_are_counted_not_shown(qtbot):
    model = ConnectionsModel(limit=50)
    model.set_connections([_conn(n) for n in range(500)], time.time())
    assert model.rowCount() == 50
    assert model.total == 500
    model.set_connections([], time.time())
    assert model.rowCount() == 0 and model.total == 0


@pytest.mark.parametrize("gap", [False, True])
def test_chart_keeps_only_the_visible_span_and_scales_to_the_peak(qtbot, gap):
    chart = TrafficChart(span=60)
    qtbot.addWidget(chart)
    chart.resize(500, 200)
    samples = [
        RateSample(float(t), 3 * 1024**2 if t == 90 else 1000, 50)
        for t in range(0, 100)
        if not (gap and 70 < t < 80)
    ]
    chart.set_samples(samples, now=100.0)
    assert chart.samples()[0].time >= 38
    assert chart.latest() == samples[-1]
    assert chart.scale_maximum() >= 3 * 1024**2
    image = chart.grab()
    assert not image.isNull()
    assert "to target" in chart.accessibleDescription()
