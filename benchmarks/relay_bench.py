"""Relay benchmark: direct loopback vs socat vs haproxy (and with --also nginx's stream module,
rinetd and the desktop app) vs `tunnelgui forward`, in one run.

Run from the repository root:  python -m benchmarks.relay_bench [--quick] [--repeat 3]
See --help; all traffic stays on 127.0.0.1. As root, everything runs twice: under the system's
default congestion control and under cubic (set for that pass, restored afterwards).
"""

from __future__ import annotations

import argparse
import contextlib
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

from benchmarks import clients, congestion, servers
from benchmarks.forwarders import (
    REPO_ROOT,
    Direct,
    Forwarder,
    ForwarderError,
    HAProxy,
    NaiveStandIn,
    Running,
    Socat,
    TunnelGUI,
    TunnelGUIApp,
)
from benchmarks.procs import (
    BenchError,
    raise_nofile_limit,
    run_and_report,
    run_children,
    start_server,
)
from benchmarks.relay_summary import app_against_headless, by_relay
from benchmarks.stream_relays import NginxStream, Rinetd
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


# 9,000 idle connections, not 10,000: a forwarder needs two descriptors per connection, and the
# usual hard open-files limit of 20,000 cannot be raised without CAP_SYS_RESOURCE.
FULL = Settings(3.0, 16 * GIB, 8, 5000, 200, 2.0, 50, (1000, 9000), 1.0)
QUICK = Settings(0.5, 2 * GIB, 8, 500, 50, 0.5, 50, (50, 200), 0.4)


HAPROXY = "haproxy"
HAPROXY_SPLICE = "haproxy-splice"


def metrics_for(settings: Settings, subject: str) -> list[Metric]:
    """The rows and their targets (issue 2's against direct and socat, issue 13's against
    haproxy in the same run)."""
    s = subject
    speed = (
        ratio_at_least(s, "direct", 0.5),
        ratio_at_least(s, "socat", 2.5),
        ratio_at_least(s, HAPROXY_SPLICE, 1.2),
    )
    rows = [
        Metric("up_mbps", "single stream client->target (MB/s)", 0, speed),
        Metric("down_mbps", "single stream target->client (MB/s)", 0, speed),
        Metric("parallel_mbps", f"{settings.streams} streams client->target, total (MB/s)", 0),
        Metric(
            "cpu_per_gib",
            "forwarder CPU-s per GiB relayed (single streams)",
            3,
            (value_below(s, 0.35, "s", strict=False), ratio_at_most(s, HAPROXY_SPLICE, 1.0)),
        ),
        Metric(
            "rtt_p50_us",
            "64 B round trip p50 (us)",
            1,
            (ratio_at_most(s, "direct", 2.5), ratio_at_most(s, HAPROXY, 1.0)),
        ),
        Metric("rtt_p99_us", "64 B round trip p99 (us)", 1, (ratio_at_most(s, HAPROXY, 1.0),)),
        Metric(
            "conn_seq",
            "connections/s, sequential",
            0,
            (ratio_at_least(s, "direct", 0.45), ratio_at_least(s, HAPROXY, 1.0)),
        ),
        Metric(
            "conn_conc",
            f"connections/s, {settings.conn_workers} concurrent",
            0,
            (ratio_at_least(s, HAPROXY, 1.0),),
        ),
        Metric("idle_base_mib", "forwarder memory at start (MiB)", 1, (value_below(s, 15, "MiB"),)),
    ]
    for n in settings.idle_counts:
        rows.append(Metric(f"idle_mib_{n}", f"forwarder memory, {n:,} idle conns (MiB)", 1))
    for n in settings.idle_counts:
        rows.append(
            Metric(
                f"idle_kib_{n}",
                f"memory per idle conn at {n:,} (KiB)",
                2,
                (value_below(s, 2, "KiB"),),
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
        # No failure either: the clients started after their window closed (a busy machine).
        why = problems[-1] if failures else f"no client connected within its {duration:g} s window"
        raise BenchError(f"no connection succeeded ({why})")
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
        log(f"{fw.name}: memory at start {base / MIB:.1f} MiB")
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


def ensure_installed(install: bool, log: Callable) -> None:
    """socat and haproxy, installed with benchmarks/setup.sh when missing (root only)."""
    if Socat.available() and HAProxy.available():
        return
    if install and os.geteuid() == 0:
        log("socat or haproxy is missing; installing with benchmarks/setup.sh")
        subprocess.run(
            ["bash", str(Path(__file__).with_name("setup.sh"))], check=False, timeout=600
        )


def choose_forwarders(args: argparse.Namespace, notes: list[str], log: Callable) -> list[Forwarder]:
    """direct, the C relays, the subject, then every --compare checkout (in that order)."""
    if not (args.skip_socat and args.skip_haproxy):
        ensure_installed(not args.no_install, log)
    forwarders: list[Forwarder] = [Direct()]
    if not args.skip_socat:
        if Socat.available():
            forwarders.append(Socat())
        else:
            notes.append("socat is not installed (run benchmarks/setup.sh as root): column empty.")
    if not args.skip_haproxy:
        if HAProxy.available():
            forwarders += [HAProxy(splice=False), HAProxy(splice=True)]
        else:
            notes.append("haproxy is not installed (benchmarks/setup.sh as root): columns empty.")
    for extra, kind in (("nginx", NginxStream), ("rinetd", Rinetd)):
        if extra in args.also:
            if kind.available():
                forwarders.append(kind())
            else:
                notes.append(f"{kind.name} is not installed (see benchmarks/README.md): no column.")
    if args.subject == "naive":
        forwarders.append(NaiveStandIn())
    else:
        forwarders.append(TunnelGUI(args.tunnelgui_root))
        if "app" in args.also:
            forwarders.append(TunnelGUIApp(args.tunnelgui_root))
    for name, root in args.compare:
        forwarders.append(TunnelGUI(root, name))
        if "app" in args.also:  # the app of that checkout too, for A/B runs of the app's path
            forwarders.append(TunnelGUIApp(root, f"{name}-app"))
    return forwarders


def congestion_passes(args: argparse.Namespace) -> list[str | None]:
    """Which congestion controls to run under: None is the system default as it is."""
    default = congestion.system_default()
    choice = args.congestion
    if choice == "auto":
        choice = "both" if default != "cubic" and congestion.can_set("cubic") else "system"
    passes: list[str | None] = []
    if choice in ("system", "both"):
        passes.append(None)
    if choice == "cubic" or (choice == "both" and default != "cubic"):
        passes.append("cubic")
    return passes


def congestion_label(name: str | None, default: str) -> str:
    if name is None:
        shown = default or "unknown"
        label = f"congestion control {shown} (the system default)"
        if shown.startswith("bbr"):
            label += "; tunnelgui switches its own loopback sockets to reno"
        return label
    return f"congestion control {name} (set for this pass; the system default {default} after)"


def measure_all(
    forwarders: list[Forwarder], tests: list[str], ctx: Context, repeats: int
) -> tuple[dict[str, dict[str, list[float]]], dict[str, str]]:
    """Every test on every forwarder, interleaved: repeat > test > forwarder."""
    samples: dict[str, dict[str, list[float]]] = {}
    errors: dict[str, str] = {}
    broken: set[str] = set()
    log = ctx.log
    for repeat in range(repeats):
        for test in tests:
            for fw in forwarders:
                if fw.name in broken:
                    continue
                log(f"[{repeat + 1}/{repeats}] {test}: {fw.name}")
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
    return samples, errors


def summarize(
    samples: dict[str, dict[str, list[float]]],
    forwarders: list[Forwarder],
    settings: Settings,
    subject: str,
) -> dict:
    """Medians, verdicts and the Markdown table of one pass."""
    metrics = [m for m in metrics_for(settings, subject) if m.key in samples]
    medians = {
        m.key: {fw.name: median_or_none(samples[m.key].get(fw.name, [])) for fw in forwarders}
        for m in metrics
    }
    columns = [fw.name for fw in forwarders]
    others = [c for c in columns if c != subject]
    table = render(metrics, medians, columns, [(subject, other) for other in others])
    return {
        "medians": medians,
        "pass": {m.key: verdict(m, medians[m.key]) for m in metrics},
        "table": table,
        "by_relay": by_relay(medians, columns, subject),
        "app": app_against_headless(medians),
    }


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict:
    settings = QUICK if args.quick else FULL
    if args.idle:
        settings = Settings(**{**asdict(settings), "idle_counts": tuple(args.idle)})
    tests = [t for t in TESTS if t in args.only]
    notes: list[str] = []
    forwarders = choose_forwarders(args, notes, log)
    subject = next(fw for fw in forwarders if isinstance(fw, TunnelGUI | NaiveStandIn))
    default = congestion.system_default()
    passes = congestion_passes(args)

    results: list[dict] = []
    load_before = os.getloadavg()
    started = time.monotonic()
    ports, stop_servers = start_server(servers.serve)
    try:
        for name in passes:
            label = congestion_label(name, default)
            log(label)
            ctx = Context(ports, settings, log, [])
            with (
                congestion.system_default_set_to(name)
                if name is not None
                else contextlib.nullcontext()
            ):
                samples, errors = measure_all(forwarders, tests, ctx, args.repeat)
            pass_notes = ctx.notes + [f"{key}: {message}" for key, message in errors.items()]
            results.append(
                {"congestion": name or default, "label": label, "samples": samples}
                | summarize(samples, forwarders, settings, subject.name)
                | {"notes": pass_notes}
            )
    finally:
        stop_servers()
        for fw in forwarders:
            fw.close()

    if any(isinstance(fw, Socat) for fw in forwarders) and "idle" in tests:
        notes.append(
            "socat forks one process per connection: its memory is the PSS summed over "
            "all its processes (RSS would count shared pages once per process)."
        )
    first = results[0]
    return {
        "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_facts(load_before, congestion_default=default),
        "seconds": round(time.monotonic() - started, 1),
        "settings": asdict(settings) | {"repeat": args.repeat, "tests": tests},
        "forwarders": {fw.name: fw.describe() for fw in forwarders},
        "subject": subject.name,
        # The first pass at the top level (what earlier reports had); every pass in "passes".
        "samples": first["samples"],
        "medians": first["medians"],
        "pass": first["pass"],
        "table": first["table"],
        "passes": results,
        "notes": notes,
    }


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"Relay benchmark, {report['when']}, {m['cpus']} CPUs, {m['platform']}, "
        f"Python {m['python']}; load average before/after: "
        f"{m['load_before'][0]:.2f}/{m['load_after'][0]:.2f}. "
        f"Median of {report['settings']['repeat']} run(s); {report['seconds']} s in all.",
        busy_warning(m["load_before"][0], m["cpus"]),
    ]
    for result in report["passes"]:
        lines += ["", f"Under {result['label']}:", "", result["table"]]
        if result.get("by_relay"):
            lines += ["Each relay by ratio to direct in this pass (value in brackets):", ""]
            lines += [result["by_relay"]]
        if result.get("app"):
            lines += [result["app"], ""]
        lines += [f"- note: {note}" for note in result["notes"]]
    lines.append("")
    lines += [f"- {name}: {text}" for name, text in report["forwarders"].items()]
    lines += [f"- note: {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relay_bench",
        description="Measure direct loopback, socat, haproxy and `tunnelgui forward` side by side.",
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
        help="idle connection counts (default 1000,9000; --quick 50,200)",
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
    parser.add_argument(
        "--compare",
        type=_named_root,
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="also measure another checkout's `tunnelgui forward` as column NAME, interleaved "
        "with the subject (an A/B run; repeatable); with --also app, its app as NAME-app",
    )
    parser.add_argument(
        "--congestion",
        choices=("auto", "system", "cubic", "both"),
        default="auto",
        help="run under the system default congestion control, under cubic (set machine-wide "
        "for the pass and restored afterwards; root only), or both; auto: both when root",
    )
    parser.add_argument(
        "--also",
        type=_also_list,
        default=[],
        metavar="LIST",
        help="also measure, comma-separated: nginx (its stream module), rinetd, app (the desktop "
        "app, offscreen, relaying through its worker thread: column tunnelgui-app)",
    )
    parser.add_argument("--skip-socat", action="store_true", help="leave socat out")
    parser.add_argument("--skip-haproxy", action="store_true", help="leave haproxy out")
    parser.add_argument(
        "--no-install",
        action="store_true",
        help="never apt-get install socat or haproxy, even as root",
    )
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all samples as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if not 1 <= args.repeat <= 50:
        parser.error("--repeat must be between 1 and 50")
    # Two descriptors per connection in the forwarder, and some to spare.
    most_idle = (raise_nofile_limit() - 200) // 2
    if args.idle and any(not 1 <= n <= most_idle for n in args.idle):
        parser.error(
            f"--idle counts must be between 1 and {most_idle:,} (half the open-files limit)"
        )
    for root in [args.tunnelgui_root, *(root for _name, root in args.compare)]:
        if not (root / "tunnelgui").is_dir():
            parser.error(f"{root}: no tunnelgui package there (give a checkout's top folder)")
    names = [name for name, _root in args.compare]
    taken = {"direct", "socat", "haproxy", "haproxy-splice", "nginx-stream", "rinetd",
             "tunnelgui", "tunnelgui-app", "naive-stand-in"}  # fmt: skip
    if len(set(names)) != len(names) or taken & set(names):
        parser.error(f"--compare names must differ from each other and from {sorted(taken)}")
    if args.congestion in ("cubic", "both") and not congestion.can_set("cubic"):
        parser.error(
            f"--congestion {args.congestion} sets the system default: run as root on a kernel "
            "with cubic (see /proc/sys/net/ipv4/tcp_available_congestion_control)"
        )
    return args


def _test_list(text: str) -> list[str]:
    names = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in names if t not in TESTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown test {unknown}; choose from {','.join(TESTS)}")
    return names


ALSO = ("nginx", "rinetd", "app")


def _also_list(text: str) -> list[str]:
    names = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in names if t not in ALSO]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown {unknown}; choose from {','.join(ALSO)}")
    return names


def _named_root(text: str) -> tuple[str, Path]:
    name, sep, root = text.partition("=")
    if not sep or not name.strip() or not root.strip():
        raise argparse.ArgumentTypeError("expected NAME=DIR, e.g. base=/tmp/tunnelgui-base")
    return name.strip(), Path(root.strip())


def _int_list(text: str) -> list[int]:
    try:
        values = sorted(int(t) for t in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected numbers separated by commas") from None
    return values


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_and_report(args, "bench", run, markdown)


if __name__ == "__main__":
    sys.exit(main())
