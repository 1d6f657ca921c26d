"""The numbers of network conditions as typed and shown: units, ranges, no silent rounding."""

from __future__ import annotations

import pytest

from tunnelgui.engine.conditions import (
    Bandwidth,
    CloseAfter,
    Latency,
    Stall,
)
from tunnelgui.ui.condition_numbers import (
    EFFECT_KINDS,
    PROBABILITY,
    effect_kind,
    format_number,
    parse_number,
)

DELAY = effect_kind(Latency(0)).numbers[0]
RATE = effect_kind(Bandwidth(1)).numbers[0]
CLOSE_BYTES = effect_kind(CloseAfter(1)).numbers[0]
STALL = effect_kind(Stall()).numbers[0]


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        (DELAY, "200", 0.2),  # a bare number is in the field's unit (ms)
        (DELAY, "200 ms", 0.2),
        (DELAY, "1.5 s", 1.5),
        (DELAY, "1,5s", 1.5),  # a decimal comma reads too
        (DELAY, "2 min", 120.0),
        (DELAY, "1 h", 3600.0),
        (DELAY, "0.5", 0.0005),
        (RATE, "96", 96 * 1024),
        (RATE, "1 MiB/s", 1024 * 1024),
        (RATE, "750 kbit/s", 93_750),
        (RATE, "800 B/s", 800),
        (CLOSE_BYTES, "1.5", 1536),
        (CLOSE_BYTES, "100 B", 100),
        (STALL, "", 0.0),  # 0 / empty means "until switched off"
        (STALL, "until switched off", 0.0),
        (PROBABILITY, "50", 0.5),
        (PROBABILITY, "33.3 %", 0.333),
    ],
)
def test_good_text_reads_as_the_engine_units(field, text, value):
    assert parse_number(field, text) == (value, "")


@pytest.mark.parametrize(
    ("field", "text", "says"),
    [
        (DELAY, "", "enter a number"),
        (DELAY, "fast", "is not a number"),
        (DELAY, "-5", "cannot be negative"),
        (DELAY, "2 days", "unknown unit"),
        (DELAY, "25 h", "at most 24 h, not 25 h"),
        (DELAY, "0.0001", "finer than a microsecond"),
        (DELAY, "1e3", "is not a number"),
        (RATE, "0", "at least 1 B/s"),
        (RATE, "0.3", "307.2 bytes/s; give a whole number"),
        (RATE, "2 TiB/s", "at most 1 TiB/s"),
        (CLOSE_BYTES, "0.1 B", "whole number of bytes"),
        (PROBABILITY, "120", "at most 100 %, not 120 %"),
        (PROBABILITY, "5 s", "give a percentage"),
    ],
)
def test_bad_text_is_refused_with_a_sentence_naming_the_field(field, text, says):
    value, problem = parse_number(field, text)
    assert value is None
    assert says in problem
    assert problem.startswith(field.label) or problem.startswith(f"{field.label}:")


@pytest.mark.parametrize("kind", EFFECT_KINDS, ids=lambda kind: kind.title)
def test_every_default_shows_and_reads_back_exactly(kind):
    for field in kind.numbers:
        value = getattr(kind.default, field.attr)
        shown = format_number(field, value)
        assert parse_number(field, shown) == (value, ""), shown


@pytest.mark.parametrize("value", [0.1, 0.3, 0.0015, 1.25, 3600.0, 0.000001])
def test_durations_show_exactly(value):
    assert parse_number(DELAY, format_number(DELAY, value)) == (value, "")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1, "1 B/s"),
        (1000, "1000 B/s"),
        (1536, "1.5 KiB/s"),
        (96 * 1024, "96 KiB/s"),
        (1024**3 + 1, "1073741825 B/s"),  # never rounded to "1 GiB/s"
        (10 * 1024**3, "10 GiB/s"),
        (1024**4, "1 TiB/s"),
    ],
)
def test_rates_show_exactly_in_the_largest_unit_that_holds_them(value, shown):
    assert format_number(RATE, value) == shown
    assert parse_number(RATE, shown) == (value, "")
