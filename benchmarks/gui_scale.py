"""The GUI at scale: the whole app with many profiles, its CPU while idle and its timer lateness
with many tunnels running and no traffic (`gui_responsiveness --profiles N --running M`).

The app is the real one (store, worker, controller, main window, offscreen) on a throw-away
config folder; the running tunnels forward to one loopback listener nobody talks to.
"""

from __future__ import annotations

import argparse
import datetime
import os
import socket
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.procs import BenchError
from benchmarks.table import Metric, busy_warning, machine_facts, render, value_below, verdict

IDLE = "nothing running"


def running_column(running: int) -> str:
    return f"{running} running"


def metrics(running: int) -> list[Metric]:
    busy = running_column(running)
    return [
        Metric("cpu", "app CPU while no traffic (% of a core)", 2, (value_below(IDLE, 1, "%"),)),
        Metric("late_p50", "10 ms timer lateness p50 (ms)", 2),
        Metric("late_p99", "10 ms timer lateness p99 (ms)", 2, (value_below(busy, 5, "ms"),)),
        Metric("late_max", "10 ms timer lateness max (ms)", 2),
        Metric("ticks_per_s", "stats ticks reaching the GUI per s", 1),
    ]


def _spin(seconds: float) -> None:
    """Run the real event loop (never sleep: the app must do its work meanwhile)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _free_ports(count: int) -> list[int]:
    """Distinct ports free right now (each socket is held until all are found)."""
    held = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            held.append(sock)
        return [sock.getsockname()[1] for sock in held]
    finally:
        for sock in held:
            sock.close()


def _write_profiles(config: Path, total: int, running_ports: list[int], target: int) -> list[str]:
    """total profiles; the first len(running_ports) listen on those ports. Returns their ids."""
    from tunnelgui.profiles.fileformat import dump_text
    from tunnelgui.profiles.model import Profile

    taken = set(running_ports)
    spare = (port for port in range(20000, 65536) if port not in taken)
    profiles = [
        Profile(
            f"tunnel {n:05d}",
            running_ports[n] if n < len(running_ports) else next(spare),
            "127.0.0.1",
            target,
            group=f"group {n % 20}",
        )
        for n in range(total)
    ]
    (config / "profiles.json").write_text(dump_text(profiles))
    return [profile.id for profile in profiles[: len(running_ports)]]


def _measure(seconds: float, probe: object, ticks: list[float]) -> dict[str, float]:
    """CPU first with no probe (its own wake-ups would count), then the timer's lateness."""
    ticks.clear()
    cpu_start, wall_start = time.process_time(), time.monotonic()
    _spin(seconds)
    wall = time.monotonic() - wall_start
    cpu = (time.process_time() - cpu_start) / wall * 100
    tick_rate = len(ticks) / wall
    probe.start()  # type: ignore[attr-defined]
    _spin(seconds)
    probe.stop()  # type: ignore[attr-defined]
    late = probe.lateness()  # type: ignore[attr-defined]
    if len(late) < 10:
        raise BenchError("the 10 ms timer fired fewer than 10 times")
    late.sort()
    return {
        "cpu": cpu,
        "late_p50": statistics.median(late),
        "late_p99": late[min(len(late) - 1, int(len(late) * 0.99))],
        "late_max": late[-1],
        "ticks_per_s": tick_rate,
    }


def run_scale(args: argparse.Namespace, log: Callable[[str], None]) -> dict:
    from benchmarks.gui_responsiveness import TimerProbe  # the same probe as the load case

    seconds = 2.0 if args.quick else 10.0
    app = QApplication.instance() or QApplication([])
    load_before = os.getloadavg()
    values: dict[str, dict[str, float | None]] = {}
    target = socket.create_server(("127.0.0.1", 0), backlog=4096)  # probes connect, nobody reads
    with tempfile.TemporaryDirectory(prefix="tunnelgui-scale-") as folder, target:
        config = Path(folder)
        ids = _write_profiles(
            config, args.profiles, _free_ports(args.running), target.getsockname()[1]
        )
        from tunnelgui.tunnel_status import TunnelState
        from tunnelgui.ui.app_session import AppSession

        session = AppSession(config)
        try:
            session.start()  # no profile is marked autostart: nothing runs yet
            controller = session.controller
            if len(controller.profiles()) != args.profiles:
                raise BenchError(f"only {len(controller.profiles())} profiles were loaded")
            ticks: list[float] = []
            controller.statsUpdated.connect(lambda: ticks.append(time.monotonic()))
            probe = TimerProbe(10)
            _spin(1.0)
            log(f"{args.profiles} profiles, nothing running: {seconds:g} s CPU, then timer")
            values_idle = _measure(seconds, probe, ticks)
            controller.start(ids)
            deadline = time.monotonic() + 60
            while not all(controller.status(i).state is TunnelState.LISTENING for i in ids):
                if time.monotonic() > deadline:
                    raise BenchError(f"the {args.running} tunnels did not all start within 60 s")
                _spin(0.1)
            _spin(1.5)  # the start-up's events and status changes have passed
            log(f"{args.running} running, no traffic: {seconds:g} s CPU, {seconds:g} s timer")
            values_busy = _measure(seconds, probe, ticks)
        finally:
            session.shutdown()
            app.processEvents()
    busy = running_column(args.running)
    for key in values_idle:
        values[key] = {IDLE: values_idle[key], busy: values_busy[key]}
    table = render(metrics(args.running), values, [IDLE, busy], [])
    return {
        "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_facts(load_before),
        "settings": {"profiles": args.profiles, "running": args.running, "seconds": seconds},
        "medians": values,
        "pass": {m.key: verdict(m, values[m.key]) for m in metrics(args.running)},
        "notes": [],
        "table": table,
    }


def markdown_scale(report: dict) -> str:
    m = report["machine"]
    s = report["settings"]
    lines = [
        f"GUI at scale, {report['when']}, {m['cpus']} CPUs, Python {m['python']}, "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}; {s['profiles']} profiles, "
        f"{s['seconds']:g} s per measurement; load average before/after: "
        f"{m['load_before'][0]:.2f}/{m['load_after'][0]:.2f}.",
        busy_warning(m["load_before"][0], m["cpus"]),
        "",
        report["table"],
    ]
    return "\n".join(lines) + "\n"
