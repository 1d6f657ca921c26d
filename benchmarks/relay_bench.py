"""Relay benchmark: direct loopback vs socat vs `tunnelgui forward`, in one run, with ratios.

Run from the repository root:  python -m benchmarks.relay_bench [--quick] [--repeat 3]
See --help; all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import clients, servers
from benchmarks.forwarders import (
    REPO_ROOT,
    Direct,
    Forwarder,
    ForwarderError,
    NaiveStandIn,
    Running,
    Socat,
    TunnelGUI,
)
from benchmarks.procs import (
    BenchError,
    raise_nofile_limit,
    run_and_report,
    run_children,
    start_server,
)
from benchmarks.table import (
    Metric,
    busy_warning,
    machine_facts,
    median_or_none,
    ratio_at_least,
    ratio_at_most,
    render,
    value_below,
    verdict,
)

TESTS = ("throughput", "parallel", "rtt", "connrate", "idle")
MB = 1e6
GIB = 1 << 30
MIB = 1 << 20


@dataclass(frozen=True)
class Settings:
    duration: float  # seconds per single-stream direction and for the parallel test
    cap: int  # byte cap per transfer, so a very fast path still ends
    streams: int
    rtt_count: int
    rtt_warmup: int
    conn_duration: float
    conn_workers: int
    idle_counts: tuple[int, ...]
    spawn_lead: float  # seconds given to client processes to start before a timed window opens


FULL = Settings(3.0, 16 * GIB, 8, 5000, 200, 2.0, 50, (1000, 5000), 1.0)
QUICK = Settings(0.5, 2 * GIB, 8, 500, 50, 0.5, 50, (50, 200), 0.4)


def metrics_for(settings: Settings, subject: str) -> list[Metric]:
    s = subject
    speed = (ratio_at_least(s, "direct", 0.5), ratio_at_least(s, "socat", 2.5))
    rows = [
        Metric("up_mbps", "single stream client->target (MB/s)", 0, speed),
        Metric("down_mbps", "single stream target->client (MB/s)", 0, speed),
        Metric("parallel_mbps", f"{settings.streams} streams client->target, total (MB/s)", 0),
        Metric(
            "cpu_per_gib",
            "forwarder CPU-s per GiB relayed (single streams)",
            3,
            (value_below(s, 0.35, "s", strict=False),),
        ),
        Metric("rtt_p50_us", "64 B round trip p50 (us)", 1, (ratio_at_most(s, "direct", 2.5),)),
        Metric("rtt_p99_us", "64 B round trip p99 (us)", 1),
        Metric("conn_seq", "connections/s, sequential", 0, (ratio_at_least(s, "direct", 0.45),)),
        Metric("conn_conc", f"connections/s, {settings.conn_workers} concurrent", 0),
        Metric("idle_base_mib", "forwarder memory at start (MiB)", 1),
    ]
    for n in settings.idle_counts:
        rows.append(Metric(f"idle_mib_{n}", f"forwarder memory, {n:,} idle conns (MiB)", 1))
    for n in settings.idle_counts:
        rows.append(
            Metric(
                f"idle_kib_{n}",
                f"memory per idle conn at {n:,} (KiB)",
                2,
                (value_below(s, 4, "KiB"),),
            )
        )
    return rows


# ---------------------------------------------------------------- measurements


@dataclass
class Context:
    """What every measurement gets: the target servers' ports, the settings, where to report."""

    ports: dict[str, int]
    settings: Settings
    log: Callable[[str], None]
    notes: list[str] = field(default_factory=list)


def _rate(result: dict) -> float:
    return result["bytes"] / (result["end"] - result["start"]) / MB


def measure_throughput(fw: Forwarder, ctx: Context) -> dict:
    ports, s, log = ctx.ports, ctx.settings, ctx.log
    out: dict[str, float] = {}
    cpu = relayed = 0.0
    plans = (
        ("up_mbps", ports["sink"], clients.upload),
        ("down_mbps", ports["source"], clients.download),
    )
    for key, target, func in plans:
        with fw.running(target) as run:
            before = run.cpu_seconds()
            [result] = run_children([(func, (run.port, s.duration, s.cap))], s.duration + 90)
            run.wait_children_gone()
            after = run.cpu_seconds()
        out[key] = _rate(result)
        log(f"{fw.name}: {key} {out[key]:,.0f} MB/s")
        if before is not None and after is not None:
            cpu += after - before
            relayed += result["bytes"]
    if relayed:
        out["cpu_per_gib"] = cpu / (relayed / GIB)
        log(f"{fw.name}: cpu_per_gib {out['cpu_per_gib']:.3f}")
    return out


def measure_parallel(fw: Forwarder, ctx: Context) -> dict:
    ports, s, log = ctx.ports, ctx.settings, ctx.log
    with fw.running(ports["sink"]) as run:
        job = (clients.parallel_upload, (run.port, s.streams, s.duration, s.cap))
        [result] = run_children([job], s.duration + 120)
    log(f"{fw.name}: parallel {_rate(result):,.0f} MB/s")
    return {"parallel_mbps": _rate(result)}


def measure_rtt(fw: Forwarder, ctx: Context) -> dict:
    ports, s, log = ctx.ports, ctx.settings, ctx.log
    with fw.running(ports["echo"]) as run:
        job = (clients.round_trips, (run.port, s.rtt_count, 64, s.rtt_warmup))
        [result] = run_children([job], 120)
    samples = result["samples_us"]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    out = {"rtt_p50_us": statistics.median(samples), "rtt_p99_us": cuts[98]}
    log(f"{fw.name}: rtt p50 {out['rtt_p50_us']:.1f} us, p99 {out['rtt_p99_us']:.1f} us")
    return out


def _connection_rate(
    run: Running, processes: int, threads: int, s: Settings, problems: list[str]
) -> float:
    """Successful connections per second; failures (e.g. a full accept queue) go to `problems`."""
    duration = s.conn_duration
    start_at = time.monotonic() + s.spawn_lead
    job = (clients.connection_rate, (run.port, threads, start_at, duration, 1_000_000))
    results = run_children([job] * processes, duration + 90)
    succeeded = sum(r["connections"] for r in results)
    failures = sum(r["failures"] for r in results)
    if failures:
        first = next(r["error"] for r in results if r["error"])
        problems.append(f"{failures} of {failures + succeeded} connections failed ({first})")
    if not succeeded:
        raise BenchError(f"no connection succeeded ({problems[-1]})")
    return succeeded / duration


def measure_connrate(fw: Forwarder, ctx: Context) -> dict:
    ports, s, log = ctx.ports, ctx.settings, ctx.log
    out: dict[str, float] = {}
    problems: list[str] = []
    with fw.running(ports["greet"]) as run:
        out["conn_seq"] = _connection_rate(run, 1, 1, s, problems)
    # Two client processes share the workers so the client side can use both cores.
    processes = 2 if s.conn_workers >= 2 else 1
    with fw.running(ports["greet"]) as run:
        threads = s.conn_workers // processes
        out["conn_conc"] = _connection_rate(run, processes, threads, s, problems)
    log(f"{fw.name}: conn/s sequential {out['conn_seq']:,.0f}, concurrent {out['conn_conc']:,.0f}")
    for problem in problems:
        log(f"{fw.name}: connrate: {problem}")
        ctx.notes.append(f"{fw.name}, connections/s: {problem}")
    return out


def _ping(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.settimeout(10)
        sock.connect(("127.0.0.1", port))
        sock.sendall(b"i")
        if sock.recv(1) != b"i":
            raise BenchError("idle connection: no echo through the forwarder")
    except BaseException:
        sock.close()
        raise
    return sock


def _settle_memory(run: Running, connections: int) -> int:
    """Wait for the forwarder to hold every connection (socat: one child each), then sample."""
    deadline = time.monotonic() + 30
    if run.forks_per_connection and run.process is not None:
        while len(run.process.children()) < connections and time.monotonic() < deadline:
            time.sleep(0.05)
    time.sleep(0.5)
    memory = run.memory_bytes()
    if memory is None:
        raise BenchError("could not read the forwarder's memory")
    return memory


def measure_idle(fw: Forwarder, ctx: Context) -> dict:
    ports, s, log = ctx.ports, ctx.settings, ctx.log
    if isinstance(fw, Direct):
        return {}  # no forwarder process: nothing to weigh
    out: dict[str, float] = {}
    with fw.running(ports["idle"]) as run:
        _ping(run.port).close()
        base = _settle_memory(run, 0)
        out["idle_base_mib"] = base / MIB
        held: list[socket.socket] = []
        try:
            deadline = time.monotonic() + 300
            for n in s.idle_counts:
                while len(held) < n:
                    if time.monotonic() > deadline:
                        raise BenchError(f"opening {n} idle connections took over 300 s")
                    held.append(_ping(run.port))
                memory = _settle_memory(run, n)
                out[f"idle_mib_{n}"] = memory / MIB
                out[f"idle_kib_{n}"] = (memory - base) / n / 1024
                log(
                    f"{fw.name}: {n} idle: {memory / MIB:.1f} MiB, "
                    f"{out[f'idle_kib_{n}']:.2f} KiB/conn"
                )
        finally:
            for sock in held:
                sock.close()
    return out


MEASURES: dict[str, Callable[[Forwarder, Context], dict]] = {
    "throughput": measure_throughput,
    "parallel": measure_parallel,
    "rtt": measure_rtt,
    "connrate": measure_connrate,
    "idle": measure_idle,
}


# ---------------------------------------------------------------- the run


def ensure_socat(install: bool, log: Callable) -> bool:
    if Socat.available():
        return True
    if install and os.geteuid() == 0:
        log("socat is missing; installing it with benchmarks/setup.sh")
        subprocess.run(
            ["bash", str(Path(__file__).with_name("setup.sh"))], check=False, timeout=600
        )
    return Socat.available()


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict:
    settings = QUICK if args.quick else FULL
    if args.idle:
        settings = Settings(**{**asdict(settings), "idle_counts": tuple(args.idle)})
    tests = [t for t in TESTS if t in args.only]

    forwarders: list[Forwarder] = [Direct()]
    notes: list[str] = []
    if not args.skip_socat:
        if ensure_socat(not args.no_install, log):
            forwarders.append(Socat())
        else:
            notes.append("socat is not installed (run benchmarks/setup.sh as root): column empty.")
    subject: Forwarder = (
        NaiveStandIn() if args.subject == "naive" else TunnelGUI(args.tunnelgui_root)
    )
    forwarders.append(subject)

    samples: dict[str, dict[str, list[float]]] = {}
    errors: dict[str, str] = {}
    broken: set[str] = set()
    load_before = os.getloadavg()
    started = time.monotonic()
    ports, stop_servers = start_server(servers.serve)
    ctx = Context(ports, settings, log, notes)
    try:
        for repeat in range(args.repeat):
            for test in tests:
                for fw in forwarders:
                    if fw.name in broken:
                        continue
                    log(f"[{repeat + 1}/{args.repeat}] {test}: {fw.name}")
                    try:
                        result = MEASURES[test](fw, ctx)
                    except ForwarderError as exc:
                        broken.add(fw.name)
                        errors[fw.name] = str(exc)
                        log(f"{fw.name}: cannot run: {exc}")
                        continue
                    except BenchError as exc:
                        errors[f"{fw.name}/{test}"] = str(exc).splitlines()[0]
                        log(f"{fw.name}: {test} failed: {exc}")
                        continue
                    for key, value in result.items():
                        samples.setdefault(key, {}).setdefault(fw.name, []).append(value)
    finally:
        stop_servers()

    metrics = [m for m in metrics_for(settings, subject.name) if m.key in samples]
    medians = {
        m.key: {fw.name: median_or_none(samples[m.key].get(fw.name, [])) for fw in forwarders}
        for m in metrics
    }
    columns = ["direct", "socat", subject.name]
    ratios = [(subject.name, "direct"), (subject.name, "socat")]
    table = render(metrics, medians, columns, ratios)
    for name, message in errors.items():
        notes.append(f"{name}: {message}")
    if any(isinstance(fw, Socat) for fw in forwarders) and "idle" in tests:
        notes.append(
            "socat forks one process per connection: its memory is the PSS summed over "
            "all its processes (RSS would count shared pages once per process)."
        )
    return {
        "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_facts(load_before),
        "seconds": round(time.monotonic() - started, 1),
        "settings": asdict(settings) | {"repeat": args.repeat, "tests": tests},
        "forwarders": {fw.name: fw.describe() for fw in forwarders},
        "subject": subject.name,
        "samples": samples,
        "medians": medians,
        "pass": {m.key: verdict(m, medians[m.key]) for m in metrics},
        "notes": notes,
        "table": table,
    }


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"Relay benchmark, {report['when']}, {m['cpus']} CPUs, {m['platform']}, "
        f"Python {m['python']}; load average before/after: "
        f"{m['load_before'][0]:.2f}/{m['load_after'][0]:.2f}. "
        f"Median of {report['settings']['repeat']} run(s); {report['seconds']} s in all.",
        busy_warning(m["load_before"][0], m["cpus"]),
        "",
        report["table"],
    ]
    lines += [f"- {name}: {text}" for name, text in report["forwarders"].items()]
    lines += [f"- note: {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relay_bench",
        description="Measure direct loopback, socat and `tunnelgui forward` side by side.",
    )
    parser.add_argument("--quick", action="store_true", help="short smoke run (a few seconds each)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run everything N times and report the medians (default 1)",
    )
    parser.add_argument(
        "--only",
        type=_test_list,
        default=list(TESTS),
        metavar="LIST",
        help=f"comma-separated subset of: {','.join(TESTS)}",
    )
    parser.add_argument(
        "--idle",
        type=_int_list,
        metavar="N,M",
        help="idle connection counts (default 1000,5000; --quick 50,200)",
    )
    parser.add_argument(
        "--tunnelgui-root",
        type=Path,
        default=REPO_ROOT,
        metavar="DIR",
        help="checkout whose `python -m tunnelgui forward` is measured (default: this repository)",
    )
    parser.add_argument(
        "--subject",
        choices=("tunnelgui", "naive"),
        default="tunnelgui",
        help="'naive' swaps in benchmarks/_naive_forwarder.py, a harness stand-in",
    )
    parser.add_argument("--skip-socat", action="store_true", help="leave socat out")
    parser.add_argument(
        "--no-install", action="store_true", help="never apt-get install socat, even as root"
    )
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all samples as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if not 1 <= args.repeat <= 50:
        parser.error("--repeat must be between 1 and 50")
    if args.idle and any(not 1 <= n <= 9000 for n in args.idle):
        parser.error("--idle counts must be between 1 and 9000")
    if not (args.tunnelgui_root / "tunnelgui").is_dir():
        parser.error(f"--tunnelgui-root {args.tunnelgui_root}: no tunnelgui package there")
    return args


def _test_list(text: str) -> list[str]:
    names = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in names if t not in TESTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown test {unknown}; choose from {','.join(TESTS)}")
    return names


def _int_list(text: str) -> list[int]:
    try:
        values = sorted(int(t) for t in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected numbers separated by commas") from None
    return values


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    raise_nofile_limit()
    return run_and_report(args, "bench", run, markdown)


if __name__ == "__main__":
    sys.exit(main())
