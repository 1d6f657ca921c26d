"""The app against headless on a busy machine: paired rounds, ratios per round.

    python -m benchmarks.app_pairs [--rounds 7] [--app NAME=DIR ...]

Each round runs `tunnelgui forward` of this checkout and the desktop app of every --app checkout
(default: this one, as "app") back to back in a random order, each freshly started: 2,000
round trips of 64 B, 50 concurrent connections for 1.5 s (after one sequential window),
1.5 s uploads each way with the CPU per GiB. What is kept is the ratio app/headless within a
round, whose neighbours in time shared the same load; printed are each ratio's median and
range over the rounds. Issue 13's target: every ratio within 10% of 1 (0.9x for speeds, 1.1x
for times and CPU).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

from benchmarks import servers
from benchmarks.forwarders import REPO_ROOT, Forwarder, TunnelGUI, TunnelGUIApp
from benchmarks.procs import BenchError, raise_nofile_limit, start_server
from benchmarks.relay_bench import (
    Context,
    Settings,
    measure_connrate,
    measure_rtt,
    measure_throughput,
)

SETTINGS = Settings(1.5, 16 << 30, 8, 2000, 200, 1.5, 50, (), 1.0)
KEYS = ("rtt_p50_us", "rtt_p99_us", "conn_seq", "conn_conc", "up_mbps", "down_mbps", "cpu_per_gib")
HEADLESS = "headless"


def measure_rounds(subjects: list[Forwarder], rounds: int) -> dict[str, dict[str, list[float]]]:
    """{metric: {subject: [value per round]}}; a failed measurement leaves None in its place."""
    samples: dict[str, dict[str, list[float]]] = {}
    ports, stop_servers = start_server(servers.serve)
    try:
        for number in range(rounds):
            order = subjects[:]
            random.shuffle(order)
            for fw in order:
                ctx = Context(ports, SETTINGS, lambda _message: None, [])
                values: dict[str, float] = {}
                for measure in (measure_rtt, measure_connrate, measure_throughput):
                    try:
                        values |= measure(fw, ctx)
                    except BenchError as exc:
                        print(f"round {number + 1}: {fw.name}: {exc}", file=sys.stderr)
                for key in KEYS:
                    samples.setdefault(key, {}).setdefault(fw.name, []).append(values.get(key))
            print(f"round {number + 1} of {rounds} done", file=sys.stderr, flush=True)
    finally:
        stop_servers()
        for fw in subjects:
            fw.close()
    return samples


def table(samples: dict[str, dict[str, list[float]]], apps: list[str]) -> str:
    lines = [
        "| metric | headless (median) | "
        + " | ".join(f"{name} (median) | {name}/headless per round" for name in apps)
        + " |",
        "|---|---|" + "---|---|" * len(apps),
    ]
    for key in KEYS:
        by = samples.get(key, {})
        head = by.get(HEADLESS, [])
        cells = [key, _median(head)]
        for name in apps:
            values = by.get(name, [])
            ratios = [a / h for a, h in zip(values, head, strict=False) if a and h]
            cells.append(_median(values))
            cells.append(
                f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"
                if ratios
                else "n/a"
            )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _median(values: list[float | None]) -> str:
    present = [v for v in values if v is not None]
    return f"{statistics.median(present):,.1f}" if present else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.app_pairs", description=__doc__)
    parser.add_argument("--rounds", type=int, default=7, help="paired rounds (default 7)")
    parser.add_argument(
        "--app",
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="an app variant: a checkout's top folder (repeatable; default app=this checkout)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 50:
        parser.error("--rounds must be between 1 and 50")
    apps: list[tuple[str, Path]] = []
    for text in args.app or [f"app={REPO_ROOT}"]:
        name, sep, root = text.partition("=")
        if not sep or not (Path(root) / "tunnelgui").is_dir() or name == HEADLESS:
            parser.error(f"--app {text!r}: expected NAME=DIR with a checkout's top folder")
        apps.append((name, Path(root)))
    raise_nofile_limit()
    subjects: list[Forwarder] = [TunnelGUI(REPO_ROOT, HEADLESS)]
    subjects += [TunnelGUIApp(root, name) for name, root in apps]
    samples = measure_rounds(subjects, args.rounds)
    print(table(samples, [name for name, _root in apps]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
