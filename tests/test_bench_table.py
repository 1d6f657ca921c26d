"""The benchmark's Markdown table: ratios, targets and verdicts."""

from __future__ import annotations

from benchmarks.table import (
    Metric,
    ratio_at_least,
    ratio_at_most,
    render,
    value_below,
    verdict,
)

SPEED = Metric(
    "speed",
    "speed (MB/s)",
    0,
    (ratio_at_least("tg", "direct", 0.5), ratio_at_least("tg", "socat", 2.5)),
)
RTT = Metric("rtt", "rtt (us)", 1, (ratio_at_most("tg", "direct", 2.5),))
MEMORY = Metric("mem", "KiB per conn", 2, (value_below("tg", 4, "KiB"),))
INFO = Metric("info", "no target", 0)


def test_verdict_needs_every_check_to_pass():
    assert verdict(SPEED, {"direct": 1000, "socat": 200, "tg": 600}) is True
    assert verdict(SPEED, {"direct": 1000, "socat": 300, "tg": 600}) is False  # 2.0x socat
    assert verdict(SPEED, {"direct": 1000, "socat": 200, "tg": 400}) is False  # 0.4x direct
    assert verdict(RTT, {"direct": 40, "tg": 100}) is True
    assert verdict(RTT, {"direct": 40, "tg": 101}) is False
    assert verdict(MEMORY, {"tg": 3.99}) is True
    assert verdict(MEMORY, {"tg": 4.0}) is False


def test_missing_value_is_unknown_not_pass():
    assert verdict(SPEED, {"direct": 1000, "socat": None, "tg": 600}) is None
    assert verdict(MEMORY, {"tg": None}) is None
    assert verdict(INFO, {"tg": 1}) is None


def test_render_shows_values_ratios_targets_and_verdicts():
    values = {
        "speed": {"direct": 4000.0, "socat": 800.0, "tg": 2400.0},
        "rtt": {"direct": 40.0, "socat": 90.0, "tg": 120.0},
        "mem": {"direct": None, "socat": 60.0, "tg": None},
    }
    table = render([SPEED, RTT, MEMORY], values, ["direct", "socat", "tg"],
                   [("tg", "direct"), ("tg", "socat")])  # fmt: skip
    lines = table.splitlines()
    assert lines[0] == "| metric | direct | socat | tg | tg/direct | tg/socat | target | pass? |"
    assert lines[2] == (
        "| speed (MB/s) | 4,000 | 800 | 2,400 | 0.60x | 3.00x "
        "| >= 0.5x direct, >= 2.5x socat | yes |"
    )
    assert lines[3] == (
        "| rtt (us) | 40.0 | 90.0 | 120.0 | 3.00x | 1.33x | <= 2.5x direct | **NO** |"
    )
    assert lines[4] == "| KiB per conn | n/a | 60.00 | n/a | n/a | n/a | < 4 KiB | ? |"


def test_app_pairs_keeps_the_ratio_of_each_round_not_of_the_medians():
    from benchmarks.app_pairs import table

    samples = {
        "conn_seq": {"headless": [100.0, 1000.0, 400.0], "app": [90.0, 1100.0, None]},
        "up_mbps": {"headless": [10.0], "app": []},
    }
    text = table(samples, ["app"])
    # Per round: 0.9 and 1.1 (the third failed); the medians' ratio (1100/400) would say 2.75x.
    assert "| conn_seq | 400.0 | 595.0 | 1.00x (0.90-1.10) |" in text
    assert "| up_mbps | 10.0 | n/a | n/a |" in text
    assert "| rtt_p50_us | n/a | n/a | n/a |" in text
