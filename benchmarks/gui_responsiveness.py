"""GUI responsiveness benchmark: how late a 10 ms QTimer fires on the GUI thread while one tunnel
relays at full speed through the app's engine thread, and that tunnel's throughput compared with
headless `tunnelgui forward`, in one run.

Run from the repository root:  python -m benchmarks.gui_responsiveness [--quick] [--repeat 3]
With --profiles N [--running M] it measures the whole app at scale instead (gui_scale.py).
The client and the target server run in their own processes, as they would for a real user.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Slot
from PySide6.QtWidgets import QApplication, QLabel

from benchmarks import clients, servers
from benchmarks.forwarders import REPO_ROOT, Forwarder, NaiveStandIn, TunnelGUI, free_port
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
    render,
    value_below,
    verdict,
)

GIB = 1 << 30
MB = 1e6


@dataclass(frozen=True)
class Settings:
    duration: float  # seconds of full-speed relaying per measurement
    idle: float  # seconds of timer probing with no traffic (the reference)
    interval_ms: int


FULL = Settings(5.0, 2.0, 10)
QUICK = Settings(1.0, 0.5, 10)


class TimerProbe(QObject):
    """Re-arms a single-shot precise timer and records how late each shot fires, in ms."""

    def __init__(self, interval_ms: int) -> None:
        super().__init__()
        self.interval_ms = interval_ms
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._fired)
        self.samples: list[tuple[float, float]] = []  # (time.monotonic(), lateness ms)
        self._armed_at = 0.0

    def start(self) -> None:
        self.samples = []
        self._arm()

    def stop(self) -> None:
        self.timer.stop()

    def _arm(self) -> None:
        self._armed_at = time.monotonic()
        self.timer.start(self.interval_ms)

    @Slot()
    def _fired(self) -> None:
        now = time.monotonic()
        self.samples.append((now, (now - self._armed_at) * 1000 - self.interval_ms))
        self._arm()

    def lateness(self, start: float = 0.0, end: float = float("inf")) -> list[float]:
        return [late for at, late in self.samples if start <= at <= end]


class StatsView(QObject):
    """Stands in for the window: takes every stats update on the GUI thread and shows a number."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel("no traffic yet")
        self.label.setObjectName("benchStats")
        self.label.setAccessibleName("Benchmark statistics")
        self.label.show()
        self.update_times: list[float] = []

    @Slot(object)
    def on_stats(self, update: object) -> None:
        self.update_times.append(time.monotonic())
        snapshot = getattr(update, "snapshot", update)
        tunnels = getattr(snapshot, "tunnels", {})
        moved = sum(t.bytes_to_target + t.bytes_to_client for t in tunnels.values())
        self.label.setText(f"{moved / MB:,.0f} MB relayed")


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Run a real Qt event loop (never sleep: that would delay the probe) until `condition()`."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    checker = QTimer()
    checker.setInterval(20)

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    checker.timeout.connect(check)
    checker.start()
    if not condition():
        loop.exec()
    checker.stop()
    if not condition():
        raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")


def _listening_here(port: int) -> bool:
    conns = psutil.Process().net_connections(kind="tcp")
    return any(c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port for c in conns)


# ---------------------------------------------------------------- the tunnel inside the app


class AppTunnel:
    """One tunnel relaying inside this process, as the app runs it. Subclasses pick how."""

    description = "?"

    def start(self, target_port: int, view: StatsView) -> int:
        """Start relaying to 127.0.0.1:target_port; return the port clients connect to."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class WorkerTunnel(AppTunnel):
    """The app's own path: tunnelgui.worker.TunnelWorker with the engine on its QThread."""

    def __init__(self) -> None:
        from tunnelgui.worker import TunnelWorker

        self.worker: Any = TunnelWorker()
        self.description = "tunnelgui.worker.TunnelWorker (engine on its QThread)"
        self.failure = ""

    def start(self, target_port: int, view: StatsView) -> int:
        from tunnelgui.profiles.model import Profile

        self.worker.statsUpdated.connect(view.on_stats)
        if hasattr(self.worker, "tunnelStateChanged"):
            self.worker.tunnelStateChanged.connect(self._on_state)
        self.worker.start_engine()
        port = free_port()
        profile = Profile(name="bench", listen_port=port, target_host="127.0.0.1",
                          target_port=target_port)  # fmt: skip
        self.worker.start(profile)
        _wait_for(lambda: bool(self.failure) or _listening_here(port), 15, "the tunnel to listen")
        if self.failure:
            raise BenchError(f"the worker could not start the tunnel: {self.failure}")
        return port

    @Slot(str, object)
    def _on_state(self, _tunnel_id: str, status: object) -> None:
        if str(getattr(status, "state", "")) == "failed":
            self.failure = str(getattr(status, "error", "")) or "failed"

    def stop(self) -> None:
        self.worker.stop_all()
        self.worker.shutdown()


class _EngineThread(QThread):
    def __init__(self, engine: Any) -> None:
        super().__init__()
        self.engine = engine

    def run(self) -> None:
        self.engine.run()


class EngineTunnel(AppTunnel):
    """Fallback while the worker is missing: Engine.run() on a QThread, polled from the GUI."""

    def __init__(self) -> None:
        from tunnelgui.engine import Engine

        self.engine: Any = Engine()
        self.thread = _EngineThread(self.engine)
        self.poller = QTimer()
        self.description = "tunnelgui.engine.Engine.run() on a QThread (worker not importable)"

    def start(self, target_port: int, view: StatsView) -> int:
        from tunnelgui.engine import TunnelSpec

        self.thread.start()
        spec = TunnelSpec("bench", "127.0.0.1", 0, "127.0.0.1", target_port, name="bench")
        deadline = time.monotonic() + 10
        while True:  # start_tunnel needs the loop, which may still be starting
            try:
                stats = self.engine.start_tunnel(spec)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        # Like the worker: a snapshot a few times a second, handed to the view.
        self.poller.timeout.connect(lambda: view.on_stats(self.engine.snapshot()))
        self.poller.start(250)
        return int(stats.listen_port)

    def stop(self) -> None:
        self.poller.stop()
        self.engine.shutdown()
        self.thread.wait(5000)


class NaiveTunnel(AppTunnel):
    """Harness testing only: benchmarks/_naive_forwarder.py's threads inside this process."""

    description = "benchmarks/_naive_forwarder.py in-process (harness stand-in, not the product)"

    def start(self, target_port: int, view: StatsView) -> int:
        from benchmarks._naive_forwarder import NaiveForwarder

        self.forwarder = NaiveForwarder(target_port)
        return self.forwarder.start()

    def stop(self) -> None:
        self.forwarder.stop()


def app_tunnel(subject: str) -> tuple[type[AppTunnel] | None, str]:
    """Which in-app path exists in this checkout, or why none does."""
    if subject == "naive":
        return NaiveTunnel, ""
    problems = []
    try:
        import tunnelgui.worker  # noqa: F401

        return WorkerTunnel, ""
    except ImportError as exc:
        problems.append(f"tunnelgui.worker: {exc}")
    try:
        from tunnelgui.engine import Engine  # noqa: F401

        return EngineTunnel, ""
    except ImportError as exc:
        problems.append(f"tunnelgui.engine.Engine: {exc}")
    return None, "; ".join(problems)


# ---------------------------------------------------------------- measurements


def _upload_job(port: int, s: Settings) -> tuple:
    return (clients.upload, (port, s.duration, 64 * GIB))


def measure_headless(fw: Forwarder, ports: dict, s: Settings) -> float:
    with fw.running(ports["sink"]) as run:
        [result] = run_children([_upload_job(run.port, s)], s.duration + 90)
    return result["bytes"] / (result["end"] - result["start"]) / MB


def measure_in_app(kind: type[AppTunnel], ports: dict, s: Settings) -> dict:
    probe = TimerProbe(s.interval_ms)
    view = StatsView()
    tunnel = kind()
    try:
        port = tunnel.start(ports["sink"], view)
        probe.start()
        idle_from = time.monotonic()
        _wait_for(lambda: time.monotonic() - idle_from >= s.idle, s.idle + 10, "the idle probe")
        idle = probe.lateness(idle_from)

        outcome: dict[str, Any] = {}

        def push() -> None:
            try:
                [outcome["result"]] = run_children([_upload_job(port, s)], s.duration + 90)
            except BaseException as exc:
                outcome["error"] = exc

        pusher = threading.Thread(target=push, daemon=True)
        pusher.start()
        _wait_for(lambda: not pusher.is_alive(), s.duration + 120, "the client to finish")
        probe.stop()
    finally:
        tunnel.stop()
        view.label.close()
    if "error" in outcome:
        raise BenchError(f"in-app transfer failed: {outcome['error']}")
    result = outcome["result"]
    # Only the shots that fell while bytes were flowing count as "under load".
    loaded = probe.lateness(result["start"], result["end"])
    if len(loaded) < 10:
        raise BenchError(f"only {len(loaded)} timer shots during the transfer")
    loaded.sort()
    return {
        "app_mbps": result["bytes"] / (result["end"] - result["start"]) / MB,
        "late_p50": statistics.median(loaded),
        "late_p99": statistics.quantiles(loaded, n=100, method="inclusive")[98],
        "late_max": loaded[-1],
        "idle_p99": statistics.quantiles(idle, n=100, method="inclusive")[98]
        if len(idle) > 1
        else None,
        "shots": len(loaded),
        "stats_per_s": sum(result["start"] <= t <= result["end"] for t in view.update_times)
        / (result["end"] - result["start"]),
        "description": tunnel.description,
    }


METRICS = [
    Metric("mbps", "tunnel throughput client->target (MB/s)", 0,
           (ratio_at_least("in app", "headless", 0.8),)),
    Metric("late_p50", "10 ms timer lateness p50 under load (ms)", 2),
    Metric("late_p99", "10 ms timer lateness p99 under load (ms)", 2,
           (value_below("in app", 20, "ms"),)),
    Metric("late_max", "10 ms timer lateness max under load (ms)", 2),
    Metric("idle_p99", "10 ms timer lateness p99, no traffic (ms)", 2),
    Metric("stats_per_s", "stats updates on the GUI thread per s", 1),
]  # fmt: skip


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict:
    s = QUICK if args.quick else FULL
    headless_fw: Forwarder = NaiveStandIn() if args.subject == "naive" else TunnelGUI(args.root)
    kind, why_not = app_tunnel(args.subject)
    app = QApplication.instance() or QApplication([])
    samples: dict[str, dict[str, list[float]]] = {m.key: {} for m in METRICS}
    notes: list[str] = []
    descriptions = {"headless": headless_fw.describe()}
    if kind is None:
        notes.append(f"in app: no engine to run in this checkout ({why_not})")
    load_before = os.getloadavg()
    ports, stop_servers = start_server(servers.serve)
    try:
        for repeat in range(args.repeat):
            log(f"[{repeat + 1}/{args.repeat}] headless")
            try:
                mbps = measure_headless(headless_fw, ports, s)
                samples["mbps"].setdefault("headless", []).append(mbps)
                log(f"headless: {mbps:,.0f} MB/s")
            except BenchError as exc:
                notes.append(f"headless: {str(exc).splitlines()[0]}")
                log(f"headless failed: {exc}")
            if kind is None:
                continue
            log(f"[{repeat + 1}/{args.repeat}] in app")
            try:
                result = measure_in_app(kind, ports, s)
            except BenchError as exc:
                notes.append(f"in app: {str(exc).splitlines()[0]}")
                log(f"in app failed: {exc}")
                continue
            descriptions["in app"] = result.pop("description")
            samples["mbps"].setdefault("in app", []).append(result.pop("app_mbps"))
            for key, value in result.items():
                if key in samples and value is not None:
                    samples[key].setdefault("in app", []).append(value)
            log(f"in app: {samples['mbps']['in app'][-1]:,.0f} MB/s, lateness p99 "
                f"{result['late_p99']:.2f} ms, max {result['late_max']:.2f} ms")  # fmt: skip
    finally:
        stop_servers()
    app.processEvents()
    medians = {
        m.key: {col: median_or_none(samples[m.key].get(col, [])) for col in ("headless", "in app")}
        for m in METRICS
    }
    table = render(METRICS, medians, ["headless", "in app"], [("in app", "headless")])
    return {
        "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_facts(load_before, switch_interval_ms=sys.getswitchinterval() * 1000),
        "settings": {**s.__dict__, "repeat": args.repeat},
        "paths": descriptions,
        "samples": samples,
        "medians": medians,
        "pass": {m.key: verdict(m, medians[m.key]) for m in METRICS},
        "notes": notes,
        "table": table,
    }


def markdown(report: dict) -> str:
    m = report["machine"]
    s = report["settings"]
    lines = [
        f"GUI responsiveness, {report['when']}, {m['cpus']} CPUs, Python {m['python']}, "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}; {s['duration']:g} s of full-speed "
        f"relaying per run, median of {s['repeat']} run(s); load average before/after: "
        f"{m['load_before'][0]:.2f}/{m['load_after'][0]:.2f}.",
        busy_warning(m["load_before"][0], m["cpus"]),
        "",
        report["table"],
    ]
    lines += [f"- {name}: {text}" for name, text in report["paths"].items()]
    lines += [f"- note: {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.gui_responsiveness",
        description="GUI timer lateness and in-app throughput while a tunnel relays at full speed.",
    )
    parser.add_argument("--quick", action="store_true", help="short smoke run")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run N times and report the medians (default 1)")  # fmt: skip
    parser.add_argument(
        "--tunnelgui-root",
        dest="root",
        type=Path,
        default=REPO_ROOT,
        metavar="DIR",
        help="checkout to measure (default: this repository)",
    )
    parser.add_argument(
        "--subject",
        choices=("tunnelgui", "naive"),
        default="tunnelgui",
        help="'naive' swaps in benchmarks/_naive_forwarder.py, a harness stand-in",
    )
    parser.add_argument(
        "--profiles",
        type=int,
        default=0,
        metavar="N",
        help="instead: the whole app with N profiles, idle CPU and timer lateness (gui_scale.py)",
    )
    parser.add_argument(
        "--running",
        type=int,
        default=0,
        metavar="M",
        help="with --profiles: how many of them run (no traffic) in the second measurement",
    )
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table here")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write all samples as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if not 1 <= args.repeat <= 50:
        parser.error("--repeat must be between 1 and 50")
    if not 0 <= args.running <= args.profiles <= 100_000:
        parser.error("--running must be between 0 and --profiles (at most 100000)")
    if args.running and not args.profiles:
        parser.error("--running needs --profiles")
    if not (args.root / "tunnelgui").is_dir():
        parser.error(f"--tunnelgui-root {args.root}: no tunnelgui package there")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The app runs without a screen here, as in the tests (read when QApplication is created).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The in-app tunnel must come from the checkout being measured.
    sys.path.insert(0, str(args.root.resolve()))
    raise_nofile_limit()
    if args.profiles:
        from benchmarks.gui_scale import markdown_scale, run_scale

        return run_and_report(args, "gui-scale", run_scale, markdown_scale)
    return run_and_report(args, "gui-bench", run, markdown)


if __name__ == "__main__":
    sys.exit(main())
