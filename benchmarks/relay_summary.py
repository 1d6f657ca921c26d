"""The relay benchmark's second table: one row per relay, each metric as a ratio to direct
loopback in the same pass (the shape of issue 13's table), and the app against headless."""

from __future__ import annotations

from benchmarks.table import Values

# (metric key, column title, unit shown after the value, decimals); higher is better for the
# speeds and connection rates, lower for the round trips, CPU and memory.
COLUMNS = (
    ("rtt_p50_us", "64 B round trip p50", "us", 0),
    ("rtt_p99_us", "64 B round trip p99", "us", 0),
    ("conn_seq", "new conn/s, sequential", "", 0),
    ("conn_conc", "new conn/s, concurrent", "", 0),
    ("up_mbps", "1 stream client->target MB/s", "", 0),
    ("down_mbps", "1 stream target->client MB/s", "", 0),
    ("cpu_per_gib", "CPU-s per GiB", "", 3),
    ("idle_base_mib", "memory at start MiB", "", 1),
)
# Shown as plain values: direct has no forwarder process to time or weigh.
NO_RATIO = {"cpu_per_gib", "idle_base_mib"}
HIGHER_IS_BETTER = {"conn_seq", "conn_conc", "up_mbps", "down_mbps"}

APP = "tunnelgui-app"
HEADLESS = "tunnelgui"
APP_TOLERANCE = 0.10  # issue 13: in the app, the same numbers within 10% of headless


def _cell(key: str, values: Values, column: str, unit: str, decimals: int) -> str:
    value = values.get(column)
    if value is None:
        return "n/a"
    shown = f"{value:,.{decimals}f}{(' ' + unit) if unit else ''}"
    direct = values.get("direct")
    if key in NO_RATIO or column == "direct" or not direct:
        return shown
    return f"{value / direct:.2f}x ({shown})"


def by_relay(medians: dict[str, Values], columns: list[str], bold: str) -> str:
    """Markdown: relay | each metric as "ratio to direct (value)"; `bold` is the subject."""
    present = [c for c in COLUMNS if c[0] in medians]
    if not present:
        return ""
    lines = [
        "| relay | " + " | ".join(title for _key, title, _u, _d in present) + " |",
        "|---|" + "---|" * len(present),
    ]
    for column in columns:
        cells = [_cell(key, medians[key], column, unit, d) for key, _t, unit, d in present]
        name = f"**{column}**" if column == bold else column
        if column == bold:
            cells = [f"**{cell}**" if cell != "n/a" else cell for cell in cells]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def app_against_headless(medians: dict[str, Values]) -> str:
    """One line per metric: the app's value over headless, and whether it is within 10%."""
    parts = []
    behind = []
    for key, title, _unit, _decimals in COLUMNS:
        values = medians.get(key, {})
        app, headless = values.get(APP), values.get(HEADLESS)
        if app is None or headless is None or not headless or key == "idle_base_mib":
            continue
        ratio = app / headless
        parts.append(f"{title} {ratio:.2f}x")
        worse = ratio < 1 - APP_TOLERANCE if key in HIGHER_IS_BETTER else ratio > 1 + APP_TOLERANCE
        if worse:
            behind.append(title)
    if not parts:
        return ""
    verdict = "all within 10%" if not behind else "more than 10% behind: " + ", ".join(behind)
    return f"The app against headless (`{APP}`/`{HEADLESS}`): " + "; ".join(parts) + f"; {verdict}."
