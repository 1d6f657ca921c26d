"""Network conditions benchmark: requested vs achieved latency and rate, the CPU a rate cap
costs per GiB, and unshaped throughput of this checkout against another (before/after).

Run from the repository root:  python -m benchmarks.conditions_bench [--quick] [--repeat 3]
    [--tunnelgui-root /path/to/main]   (the "before" checkout; default: this repository)
All traffic stays on 127.0.0.1. Rounds are interleaved: every round measures each setting once.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import clients, servers
from benchmarks.forwarders import REPO_ROOT, Forwarder, TunnelGUI
from benchmarks.procs import BenchError, run_and_report, run_children, start_server
from benchmarks.table import busy_warning, machine_facts

KIB = 1024
MIB = 1 << 20
GIB = 1 << 30
LATENCIES = (0.01, 0.05, 0.2)  # seconds, to the target only: added once per round trip
PARTS = ("latency", "rate", "throughput")
RATES = (256 * KIB, MIB, 10 * MIB, 100 * MIB)  # bytes per second, to the target


class Shaped(Forwarder):
    """This checkout's engine with conditions (benchmarks/_shaped_forward.py)."""

    def __init__(self, name: str, conditions: list[dict]) -> None:
        self.name = name
        self.conditions = conditions

    def command(self, listen_port: int, target_port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "benchmarks._shaped_forward",
            str(listen_port),
            str(target_port),
            json.dumps(self.conditions),
        ]

    def environment(self) -> dict[str, str]:
        return dict(os.environ, PYTHONPATH=str(REPO_ROOT))

    def cwd(self) -> Path:
        return REPO_ROOT


@dataclass(frozen=True)
class Settings:
    seconds: float  # planned length of each rate and throughput transfer
    round_trips: float  # seconds of round trips per latency setting


FULL = Settings(4.0, 4.0)
QUICK = Settings(1.5, 1.5)


def _rtt_ms(fw: Forwarder, echo: int, seconds: float, expected: float) -> float:
    count = max(10, int(seconds / max(expected, 0.001)))
    with fw.running(echo) as run:
        [result] = run_children([(clients.round_trips, (run.port, count, 64, 5))], 120)
    return statistics.median(result["samples_us"]) / 1000


def _upload(fw: Forwarder, sink: int, seconds: float, cap: int) -> tuple[float, float | None]:
    """(bytes per second, CPU seconds of the forwarder per GiB) of one upload.

    psutil's CPU times tick every 10 ms: below about 10 MiB/s a few seconds of transfer cost
    less than a few ticks, so CPU per GiB is reported only for faster caps."""
    with fw.running(sink) as run:
        before = run.cpu_seconds()
        [result] = run_children([(clients.upload, (run.port, seconds * 4 + 60, cap))], 300)
        after = run.cpu_seconds()
    rate = result["bytes"] / (result["end"] - result["start"])
    cpu = None if before is None or after is None else (after - before) / (result["bytes"] / GIB)
    return rate, cpu


def _download(fw: Forwarder, source: int, seconds: float) -> float:
    with fw.running(source) as run:
        [result] = run_children([(clients.download, (run.port, seconds, 16 * GIB))], 300)
    return result["bytes"] / (result["end"] - result["start"])


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict:
    s = QUICK if args.quick else FULL
    load_before = os.getloadavg()
    started = time.monotonic()
    plain = Shaped("unshaped", [])
    before = TunnelGUI(args.tunnelgui_root)
    after = TunnelGUI(REPO_ROOT)
    samples: dict[str, list[float]] = {}

    def add(key: str, value: float | None) -> None:
        if value is not None:
            samples.setdefault(key, []).append(value)

    ports, stop_servers = start_server(servers.serve)
    try:
        for round_ in range(args.repeat):
            log(f"round {round_ + 1}/{args.repeat}")
            if "latency" in args.only:
                base = _rtt_ms(plain, ports["echo"], s.round_trips / 2, 0.001)
            for latency in LATENCIES if "latency" in args.only else ():
                fw = Shaped(
                    "latency", [{"effect": "Latency", "seconds": latency, "direction": "to_target"}]
                )
                added = _rtt_ms(fw, ports["echo"], s.round_trips, latency) - base
                add(f"latency {latency * 1000:g}", added)
                log(f"latency {latency * 1000:g} ms: +{added:.1f} ms")
            for rate in RATES if "rate" in args.only else ():
                fw = Shaped(
                    "rate", [{"effect": "Bandwidth", "rate": rate, "direction": "to_target"}]
                )
                cap = max(MIB, int(rate * s.seconds) // MIB * MIB)
                achieved, cpu = _upload(fw, ports["sink"], s.seconds, cap)
                add(f"rate {rate}", achieved)
                add(f"cpu rate {rate}", cpu)
                log(f"rate {rate / MIB:g} MiB/s: {achieved / MIB:.3f} MiB/s, {cpu} CPU-s/GiB")
            if "rate" in args.only:
                # Unshaped: this checkout's engine without conditions (splice), CPU per GiB.
                _achieved, cpu = _upload(plain, ports["sink"], s.seconds, 16 * GIB)
                add("cpu unshaped", cpu)
            if "throughput" not in args.only:
                continue
            # Before/after: `tunnelgui forward` of the other checkout and of this one, in turn.
            pair = [("before", before), ("after", after)]
            for name, fw in pair if round_ % 2 == 0 else pair[::-1]:  # neither always first
                up, _cpu = _upload(fw, ports["sink"], s.seconds, 16 * GIB)
                down = _download(fw, ports["source"], s.seconds)
                add(f"{name} up", up)
                add(f"{name} down", down)
                log(f"{name}: up {up / 1e6:,.0f} MB/s, down {down / 1e6:,.0f} MB/s")
    finally:
        stop_servers()
    medians = {key: statistics.median(values) for key, values in samples.items()}
    return {
        "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_facts(load_before, congestion_control=_congestion_control()),
        "seconds": round(time.monotonic() - started, 1),
        "repeat": args.repeat,
        "quick": args.quick,
        "before": before.describe(),
        "after": after.describe(),
        "samples": samples,
        "medians": medians,
    }


def _congestion_control() -> str:
    """The system's default, and what the relay's loopback sockets use instead (if anything)."""
    from tunnelgui.engine.congestion import loopback_algorithm

    try:
        default = Path("/proc/sys/net/ipv4/tcp_congestion_control").read_text().strip()
    except OSError:
        default = "unknown"
    replacement = loopback_algorithm()
    if replacement is None:
        return f"{default} (the relay keeps it)"
    return f"{default} (the relay's loopback sockets use {replacement.decode()})"


def markdown(report: dict) -> str:
    m = report["medians"]
    machine = report["machine"]
    lines = [
        f"Conditions benchmark, {report['when']}, {machine['cpus']} CPUs, Python "
        f"{machine['python']}, congestion control {machine['congestion_control']}; load "
        f"average before/after {machine['load_before'][0]:.2f}/{machine['load_after'][0]:.2f}; "
        f"median of {report['repeat']} interleaved round(s), {report['seconds']} s in all.",
        busy_warning(machine["load_before"][0], machine["cpus"]),
        "",
        "| setting | requested | achieved | error |",
        "|---|---|---|---|",
    ]
    for latency in LATENCIES:
        got = m.get(f"latency {latency * 1000:g}")
        if got is not None:
            want = latency * 1000
            lines.append(
                f"| latency to target (round trip added) | {want:g} ms | {got:.1f} ms | "
                f"{got - want:+.1f} ms |"
            )
    for rate in RATES:
        got = m.get(f"rate {rate}")
        if got is not None:
            lines.append(
                f"| rate cap to target | {_rate(rate)} | {_rate(got)} | "
                f"{(got / rate - 1) * 100:+.2f}% |"
            )
    lines += ["", "| CPU-s per GiB relayed (forwarder process) | value |", "|---|---|"]
    if "cpu unshaped" in m:
        lines.append(f"| unshaped (splice) | {m['cpu unshaped']:.2f} |")
    for rate in RATES:
        if rate >= 10 * MIB and f"cpu rate {rate}" in m:
            lines.append(f"| rate cap {_rate(rate)} | {m[f'cpu rate {rate}']:.2f} |")
    lines += [
        "",
        "| unshaped `tunnelgui forward`, MB/s | before | after | after/before |",
        "|---|---|---|---|",
    ]
    for way in ("up", "down"):
        b, a = m.get(f"before {way}"), m.get(f"after {way}")
        if a and b:
            lines.append(
                f"| {way} | {b / 1e6:,.0f} ({_span(report, f'before {way}')}) | "
                f"{a / 1e6:,.0f} ({_span(report, f'after {way}')}) | {a / b:.2f}x |"
            )
    lines += ["", f"- before: {report['before']}", f"- after: {report['after']}"]
    return "\n".join(lines) + "\n"


def _rate(value: float) -> str:
    return f"{value / MIB:.3f} MiB/s"


def _span(report: dict, key: str) -> str:
    values = report["samples"].get(key, [])
    return f"{min(values) / 1e6:,.0f}-{max(values) / 1e6:,.0f}" if values else "n/a"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.conditions_bench",
        description="Measure network conditions: requested vs achieved, CPU, before/after.",
    )
    parser.add_argument("--quick", action="store_true", help="short smoke run")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="interleaved rounds")
    parser.add_argument(
        "--tunnelgui-root",
        type=Path,
        default=REPO_ROOT,
        metavar="DIR",
        help="the 'before' checkout for unshaped throughput (default: this repository)",
    )
    parser.add_argument(
        "--only",
        type=_parts,
        default=PARTS,
        metavar="LIST",
        help=f"comma-separated subset of: {','.join(PARTS)}",
    )
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all samples as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if not 1 <= args.repeat <= 20:
        parser.error("--repeat must be between 1 and 20")
    if not (args.tunnelgui_root / "tunnelgui").is_dir():
        parser.error(f"--tunnelgui-root {args.tunnelgui_root}: no tunnelgui package there")
    return args


def _parts(text: str) -> tuple[str, ...]:
    names = tuple(t.strip() for t in text.split(",") if t.strip())
    if not names or any(name not in PARTS for name in names):
        raise argparse.ArgumentTypeError(f"choose from {','.join(PARTS)}")
    return names


def main(argv: list[str] | None = None) -> int:
    return run_and_report(parse_args(argv), "conditions-bench", run, markdown)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:  # pragma: no cover - run_and_report reports these
        print(exc, file=sys.stderr)
        sys.exit(1)
