"""Relays against a reference on a busy machine: short bursts taken in turn, ratios per round.

    python -m benchmarks.relay_pairs [--rounds 20] [--only rtt,seq,conc]
        [--subject NAME=DIR ...] [--reference haproxy]

Every subject (haproxy, haproxy-splice and `tunnelgui forward` of each --subject checkout;
default: this one) is started once and kept running. Each round then takes, for every subject
in a shuffled order, one burst of each measure: 500 round trips of 64 B (p50 and p99), and
connections per second for 0.5 s by one client thread and by 50 threads in two processes
(the relay benchmark's client workloads, against its target servers). Bursts a second apart
share the machine's load, so the ratio to the reference within a round is what is kept;
printed are each ratio's median and range over the rounds, and the load average.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

from benchmarks import clients, servers
from benchmarks.forwarders import REPO_ROOT, Forwarder, HAProxy, Running, TunnelGUI
from benchmarks.procs import BenchError, raise_nofile_limit, run_children, start_server

RTT_COUNT = 500
WINDOW = 0.5  # seconds of connections per burst
SPAWN_LEAD = 0.6  # client processes start this long before their window opens
TARGETS = {"rtt": "echo", "seq": "greet", "conc": "greet"}
KEYS = {"rtt": ("rtt_p50", "rtt_p99"), "seq": ("conn_seq",), "conc": ("conn_conc",)}
HIGHER_IS_BETTER = {"rtt_p50": False, "rtt_p99": False, "conn_seq": True, "conn_conc": True}


def burst(test: str, port: int) -> dict[str, float]:
    if test == "rtt":
        job = (clients.round_trips, (port, RTT_COUNT, 64, 50, 60.0))
        [result] = run_children([job], 120)
        samples = result["samples_us"]
        cuts = statistics.quantiles(samples, n=100, method="inclusive")
        return {"rtt_p50": statistics.median(samples), "rtt_p99": cuts[98]}
    processes, threads = (1, 1) if test == "seq" else (2, 25)
    start_at = time.monotonic() + SPAWN_LEAD
    job = (clients.connection_rate, (port, threads, start_at, WINDOW, 1_000_000))
    results = run_children([job] * processes, WINDOW + 60)
    if sum(r["failures"] for r in results):
        raise BenchError(f"connections failed: {results[0]['error']}")
    return {f"conn_{test}": sum(r["connections"] for r in results) / WINDOW}


def measure(subjects: list[Forwarder], tests: list[str], rounds: int) -> dict:
    """{metric: {subject: [value per round]}}."""
    samples: dict[str, dict[str, list[float | None]]] = {}
    ports, stop_servers = start_server(servers.serve)
    try:
        with contextlib.ExitStack() as stack:
            running: dict[tuple[str, str], Running] = {}
            for fw in subjects:
                stack.callback(fw.close)
                for test in tests:
                    running[fw.name, test] = stack.enter_context(fw.running(ports[TARGETS[test]]))
            for number in range(rounds):
                for test in tests:
                    order = subjects[:]
                    random.shuffle(order)
                    for fw in order:
                        try:
                            values = burst(test, running[fw.name, test].port)
                        except BenchError as exc:
                            print(f"round {number + 1}: {fw.name}: {exc}", file=sys.stderr)
                            values = {}
                        for key in KEYS[test]:
                            samples.setdefault(key, {}).setdefault(fw.name, []).append(
                                values.get(key)
                            )
                print(
                    f"round {number + 1} of {rounds} done (load {os.getloadavg()[0]:.1f})",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        stop_servers()
    return samples


def table(samples: dict, names: list[str], reference: str) -> str:
    others = [name for name in names if name != reference]
    lines = [
        f"| metric | {reference} (median) | "
        + " | ".join(f"{name} (median) | {name}/{reference} per round" for name in others)
        + " |",
        "|---|---|" + "---|---|" * len(others),
    ]
    for key, by in samples.items():
        ref = by.get(reference, [])
        cells = [key, _median(ref)]
        for name in others:
            values = by.get(name, [])
            ratios = sorted(v / r for v, r in zip(values, ref, strict=False) if v and r)
            cells.append(_median(values))
            cells.append(
                f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})"
                if ratios
                else "n/a"
            )
        lines.append("| " + " | ".join(cells) + " |")
    better = ", ".join(
        f"{key} {'higher' if up else 'lower'}" for key, up in HIGHER_IS_BETTER.items()
    )
    return "\n".join(lines) + f"\n\nBetter: {better}.\n"


def _median(values: list[float | None]) -> str:
    present = [v for v in values if v is not None]
    return f"{statistics.median(present):,.1f}" if present else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relay_pairs", description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="rounds (default 20)")
    parser.add_argument("--only", default="rtt,seq,conc", help="tests: rtt,seq,conc")
    parser.add_argument("--subject", action="append", default=[], metavar="NAME=DIR")
    parser.add_argument("--reference", default="haproxy", help="the ratios' denominator")
    parser.add_argument("--no-haproxy", action="store_true", help="tunnelgui subjects only")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 200:
        parser.error("--rounds must be between 1 and 200")
    tests = [t for t in args.only.split(",") if t]
    if not tests or any(t not in TARGETS for t in tests):
        parser.error("--only takes a comma-separated subset of rtt,seq,conc")
    subjects: list[Forwarder] = [] if args.no_haproxy else [HAProxy(False)]
    for text in args.subject or [f"tunnelgui={REPO_ROOT}"]:
        name, sep, root = text.partition("=")
        if not sep or not (Path(root) / "tunnelgui").is_dir():
            parser.error(f"--subject {text!r}: expected NAME=DIR with a checkout's top folder")
        subjects.append(TunnelGUI(Path(root).resolve(), name))
    names = [fw.name for fw in subjects]
    if args.reference not in names:
        parser.error(f"--reference {args.reference!r} is not among {', '.join(names)}")
    raise_nofile_limit()
    load = os.getloadavg()[0]
    try:
        samples = measure(subjects, tests, args.rounds)
    except BenchError as exc:
        print(f"relay_pairs: {exc}", file=sys.stderr)
        return 1
    print(table(samples, names, args.reference))
    print(f"Load average before/after: {load:.1f}/{os.getloadavg()[0]:.1f}; {args.rounds} rounds.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
