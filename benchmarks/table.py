"""Result tables for the benchmarks: metrics, their targets, ratios and a Markdown rendering."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Values = dict[str, float | None]  # column name -> value (None: not measured or not applicable)


@dataclass(frozen=True)
class Check:
    """One target, shown as `text`; `test` answers pass/fail, or None when a value is missing."""

    text: str
    test: Callable[[Values], bool | None]


def _ratio(values: Values, top: str, bottom: str) -> float | None:
    a, b = values.get(top), values.get(bottom)
    if a is None or b is None or b == 0:
        return None
    return a / b


def ratio_at_least(top: str, bottom: str, bound: float) -> Check:
    def test(values: Values) -> bool | None:
        r = _ratio(values, top, bottom)
        return None if r is None else r >= bound

    return Check(f">= {bound:g}x {bottom}", test)


def ratio_at_most(top: str, bottom: str, bound: float) -> Check:
    def test(values: Values) -> bool | None:
        r = _ratio(values, top, bottom)
        return None if r is None else r <= bound

    return Check(f"<= {bound:g}x {bottom}", test)


def value_below(column: str, bound: float, unit: str = "", strict: bool = True) -> Check:
    def test(values: Values) -> bool | None:
        v = values.get(column)
        if v is None:
            return None
        return v < bound if strict else v <= bound

    sign = "<" if strict else "<="
    return Check(f"{sign} {bound:g}{(' ' + unit) if unit else ''}", test)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    decimals: int = 1
    checks: tuple[Check, ...] = field(default=())


def median_or_none(samples: Sequence[float]) -> float | None:
    return statistics.median(samples) if samples else None


def verdict(metric: Metric, values: Values) -> bool | None:
    """True when every check passes, False when one fails, None when unknown or no target."""
    if not metric.checks:
        return None
    results = [check.test(values) for check in metric.checks]
    if any(r is False for r in results):
        return False
    if any(r is None for r in results):
        return None
    return True


def machine_facts(load_before: tuple[float, float, float], **extra: object) -> dict:
    """The "machine" entry of every benchmark's report: who ran it, and how busy it was."""
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        **extra,
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }


def busy_warning(load_before: float, cpus: int | None) -> str:
    """A line to print when other programs kept the machine busy: the numbers are noisier."""
    if cpus and load_before > cpus / 2:
        return (
            f"Warning: the machine was busy before the run (load {load_before:.1f} on {cpus} "
            "CPUs); absolute numbers are noisy, compare the ratios and use --repeat."
        )
    return ""


def _number(value: float | None, decimals: int) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{decimals}f}"


def render(
    metrics: Sequence[Metric],
    values: dict[str, Values],
    columns: Sequence[str],
    ratios: Sequence[tuple[str, str]],
) -> str:
    """A Markdown table: metric | columns... | ratios... | target | pass?"""
    header = ["metric", *columns, *(f"{a}/{b}" for a, b in ratios), "target", "pass?"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for metric in metrics:
        row_values = values.get(metric.key, {})
        cells = [metric.label]
        cells += [_number(row_values.get(c), metric.decimals) for c in columns]
        for top, bottom in ratios:
            r = _ratio(row_values, top, bottom)
            cells.append("n/a" if r is None else f"{r:.2f}x")
        cells.append(", ".join(check.text for check in metric.checks) or "")
        ok = verdict(metric, row_values)
        cells.append({True: "yes", False: "**NO**", None: "" if not metric.checks else "?"}[ok])
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
