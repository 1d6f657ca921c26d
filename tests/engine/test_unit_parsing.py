"""Reading durations, sizes and rates as people write them, and writing them back the same."""

from __future__ import annotations

import random

import pytest

from tunnelgui.engine.units import (
    UnitError,
    parse_duration,
    parse_rate,
    parse_size,
    short_duration,
    short_rate,
    short_size,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("200ms", 0.2), ("1.5s", 1.5), ("0", 0.0), ("0s", 0.0), ("2min", 120.0), ("1h", 3600.0),
     (" 50 ms ", 0.05), ("0.5S", 0.5), (".25s", 0.25), ("3sec", 3.0), ("1MS", 0.001)],
)  # fmt: skip
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("200", "'200' needs a unit: 200ms or 200s"), ("5 parsecs", "unknown unit 'parsecs'"),
     ("-1s", "is not a duration"), ("nan", "is not a duration"), ("inf", "is not a duration"),
     ("1e3s", "unknown unit"), ("", "is not a duration"), ("1..2s", "is not a duration"),
     ("٣s", "is not a duration"), ("9" * 100 + "s", "is not a duration"), ("1 s s", "not a")],
)  # fmt: skip
def test_bad_durations_name_the_text_and_show_examples(text, fragment):
    with pytest.raises(UnitError) as raised:
        parse_duration(text)
    assert fragment in str(raised.value)
    assert "200ms, 1.5s" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "count"),
    [("64KiB", 65536), ("500KB", 500_000), ("500kB", 500_000), ("1500", 1500), ("1500B", 1500),
     ("1.5MiB", 1_572_864), ("1GiB", 1 << 30), ("2 mib", 2 << 20), ("1TB", 10**12)],
)  # fmt: skip
def test_sizes(text, count):
    assert parse_size(text) == count


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("1M", "unknown unit 'M'"), ("1Mb", "could mean bits or bytes; write MB"),
     ("1kb", "write KB"), ("1mbit", "unknown unit"), ("-5", "is not a size"),
     ("lots", "is not a size")],
)  # fmt: skip
def test_bad_sizes(text, fragment):
    with pytest.raises(UnitError) as raised:
        parse_size(text)
    assert fragment in str(raised.value)
    assert "64KiB" in str(raised.value) or "could mean bits" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "rate"),
    [("1MiB/s", 1 << 20), ("500KB/s", 500_000), ("1mbit/s", 125_000), ("1Mbit/s", 125_000),
     ("2Mbps", 250_000), ("8kbit", 1000), ("1MiB", 1 << 20), ("1000", 1000),
     ("1 gbit/s", 125 * 10**6)],
)  # fmt: skip
def test_rates(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("1mb/s", "write MB/s for bytes or mbit/s for bits"), ("/s", "is not a rate"),
     ("fast", "is not a rate"), ("1MiB/h", "unknown unit"), ("1 furlong/s", "unknown unit")],
)  # fmt: skip
def test_bad_rates(text, fragment):
    with pytest.raises(UnitError) as raised:
        parse_rate(text)
    assert fragment in str(raised.value)
    assert "1MiB/s" in str(raised.value) or "could mean bits" in str(raised.value)


def test_short_forms_read_back_exactly():
    chooser = random.Random(3)
    for _ in range(5000):
        seconds = chooser.choice(
            [chooser.random(), chooser.uniform(0, 86400), round(chooser.random(), 3)]
        )
        assert parse_duration(short_duration(seconds)) == seconds
        count = chooser.randrange(1, 1 << 50)
        assert parse_size(short_size(count)) == count
        assert parse_rate(short_rate(count)) == count
    assert [short_duration(s) for s in (0, 0.2, 1.5, 120, 7200, 0.05)] == [
        "0", "200ms", "1.5s", "2min", "2h", "50ms",
    ]  # fmt: skip
    assert [short_size(n) for n in (65536, 1_572_864, 500_000, 1500, 1)] == [
        "64KiB", "1.5MiB", "500KB", "1500B", "1B",
    ]  # fmt: skip
    assert short_rate(98304) == "96KiB/s"
