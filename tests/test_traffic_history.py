"""Rates from counters, the chart's history window, and human-readable units."""

from __future__ import annotations

import pytest

from tunnelgui.engine import messages
from tunnelgui.engine.units import axis_scale, format_bytes, format_duration, format_rate
from tunnelgui.traffic_history import RateMeter, Rates, TrafficHistory, total_rates


def test_rate_is_bytes_over_elapsed_time():
    meter = RateMeter(window=1.0)
    assert meter.update(10.0, {"a": (0, 0)}) == {"a": Rates(0.0, 0.0)}
    rates = meter.update(10.5, {"a": (1000, 4000)})
    assert rates["a"] == Rates(2000.0, 8000.0)


def test_rate_averages_over_the_window_and_forgets_older_readings():
    meter = RateMeter(window=1.0)
    meter.update(0.0, {"a": (0, 0)})
    meter.update(0.25, {"a": (10_000, 0)})  # a burst
    meter.update(0.5, {"a": (10_000, 0)})
    meter.update(0.75, {"a": (10_000, 0)})
    assert meter.update(1.0, {"a": (10_000, 0)})["a"].to_target == pytest.approx(10_000)
    # One second after the burst it has left the window: the rate falls to zero.
    meter.update(1.25, {"a": (10_000, 0)})
    assert meter.update(1.5, {"a": (10_000, 0)})["a"].to_target == 0


def test_counter_reset_after_restart_counts_from_zero_instead_of_negative_rates():
    meter = RateMeter()
    meter.update(0.0, {"a": (5000, 5000)})
    rates = meter.update(0.5, {"a": (100, 0)})
    assert rates["a"] == Rates(200.0, 0.0)
    assert meter.update(1.0, {"a": (600, 0)})["a"].to_target == pytest.approx(600)


def test_a_tunnel_started_between_readings_counts_from_zero():
    meter = RateMeter()
    assert meter.update(0.0, {"b": (0, 0)})["b"] == Rates(0.0, 0.0)
    # "a" started after the first reading: its bytes arrived within the last 0.25 s at most.
    assert meter.update(0.25, {"a": (1000, 500), "b": (0, 0)})["a"] == Rates(4000.0, 2000.0)


def test_very_first_reading_has_no_rate():
    assert RateMeter().update(5.0, {"a": (1000, 1000)})["a"] == Rates(0.0, 0.0)


def test_stopped_tunnels_are_forgotten():
    meter = RateMeter()
    meter.update(0.0, {"a": (0, 0), "b": (0, 0)})
    assert set(meter.update(0.5, {"b": (10, 10)})) == {"b"}
    # "a" comes back with fresh counters: counted from the previous reading, not its old ones.
    assert meter.update(1.0, {"a": (50, 50), "b": (20, 20)})["a"] == Rates(100.0, 100.0)


def test_total_rates_sums_tunnels():
    assert total_rates({"a": Rates(1, 2), "b": Rates(10, 20)}) == Rates(11, 22)
    assert total_rates({}) == Rates(0, 0)


def test_history_keeps_span_and_total():
    history = TrafficHistory(span=10.0)
    for step in range(30):
        history.record(float(step), {"a": Rates(step, 2 * step), "b": Rates(1, 1)})
    samples = history.samples("a")
    assert samples[0].time == 19.0 and samples[-1].time == 29.0
    assert samples[-1].to_client == 58
    assert history.samples(TrafficHistory.TOTAL)[-1].to_target == 30
    assert history.latest_time == 29.0


def test_history_drops_series_that_aged_out():
    history = TrafficHistory(span=5.0)
    history.record(0.0, {"a": Rates(1, 1)})
    history.record(10.0, {})
    assert list(history.samples("a")) == []
    history.record(11.0, {"b": Rates(1, 1)})
    history.forget("b")
    assert list(history.samples("b")) == []


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1.00 KiB"),
        (1536, "1.50 KiB"),
        (15 * 1024 * 1024, "15.0 MiB"),
        (300 * 1024**3, "300 GiB"),
        (2 * 1024**6, "2048 PiB"),
    ],
)
def test_format_bytes(count, text):
    assert format_bytes(count) == text


def test_format_rate_and_duration():
    assert format_rate(0.4) == "0 B/s"
    assert format_rate(2048) == "2.00 KiB/s"
    assert format_duration(5.9) == "5 s"
    assert format_duration(192) == "3 min 12 s"
    assert format_duration(2 * 3600 + 5 * 60) == "2 h 05 min"
    assert format_duration(3 * 86400 + 4 * 3600) == "3 d 4 h"


def test_durations_below_a_second_keep_a_decimal_and_never_round_up():
    assert format_duration(0.3) == "0.3 s"
    assert format_duration(0.96) == "0.9 s"
    assert format_duration(0) == "0.0 s"
    assert format_duration(1.99) == "1 s"


def test_engine_event_text_uses_the_same_units_as_the_gui():
    text = messages.connection_closed(7, ("127.0.0.1", 5000), "closed", 1536, 15 * 1024**2, 0.3)
    assert f"after {format_duration(0.3)} " in text and "after 0.3 s " in text
    sizes = f"({format_bytes(1536)} to the target, {format_bytes(15 * 1024**2)} to the client)"
    assert sizes in text
    assert "1.50 KiB" in text and "15.0 MiB" in text


@pytest.mark.parametrize(
    ("peak", "maximum", "step", "labels"),
    [
        (0, 1024, 256, ["0 B/s", "256 B/s", "512 B/s", "768 B/s", "1024 B/s"]),
        (700, 800, 200, ["0 B/s", "200 B/s", "400 B/s", "600 B/s", "800 B/s"]),
        (1500, 1.5 * 1024, 0.5 * 1024, ["0 KiB/s", "0.5 KiB/s", "1 KiB/s", "1.5 KiB/s"]),
        (90 * 1024, 100 * 1024, 20 * 1024, None),
        (2.4 * 1024**2, 2.5 * 1024**2, 0.5 * 1024**2, None),
        # 1010 KiB would need a 1250 KiB axis: written in MiB instead, never "1.22 MiB".
        (1010 * 1024, 1024**2, 0.2 * 1024**2, ["0 MiB/s", "0.2 MiB/s", "0.4 MiB/s"]),
    ],
)
def test_axis_scale_gives_round_steps_in_one_unit(peak, maximum, step, labels):
    scale = axis_scale(peak)
    assert scale.maximum == pytest.approx(maximum)
    assert scale.step == pytest.approx(step)
    assert scale.levels()[-1] == pytest.approx(maximum)
    if labels:
        assert [scale.label(level) for level in scale.levels()][: len(labels)] == labels
