"""Where the relay's time goes: cProfile of the engine's loop thread per round trip or connection.

    python -m benchmarks.relay_profile rtt [--count 20000] [--top 25] [--no-splice]
    python -m benchmarks.relay_profile connections [--count 5000]

The engine runs in this process (its loop thread under cProfile), the target servers and the
client in child processes, all on 127.0.0.1. Printed: Python function calls per operation (a
64-byte round trip, or one accepted, relayed and closed connection) and the functions by calls
and own time per operation. cProfile slows Python calls, so read the counts, not the times.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import threading
import time

from benchmarks import clients, servers
from benchmarks.procs import raise_nofile_limit, run_children, start_server
from tunnelgui.engine import Engine, TunnelSpec


def profile(mode: str, count: int, use_splice: bool | None) -> tuple[pstats.Stats, int]:
    ports, stop_servers = start_server(servers.serve)
    engine = Engine(use_splice=use_splice)
    profiler = cProfile.Profile()
    thread = threading.Thread(target=profiler.runcall, args=(engine.run,), daemon=True)
    try:
        thread.start()
        target = ports["echo"] if mode == "rtt" else ports["greet"]
        stats = engine.start_tunnel(TunnelSpec("p", "127.0.0.1", 0, "127.0.0.1", target))
        port = stats.listen_port
        if mode == "rtt":
            job = (clients.round_trips, (port, count, 64, 200, 300.0))
            [result] = run_children([job], 400)
            done = len(result["samples_us"]) + 200
        else:
            start_at = time.monotonic() + 0.3
            job = (clients.connection_rate, (port, 1, start_at, 300.0, count))
            [result] = run_children([job], 400)
            done = result["connections"]
    finally:
        engine.shutdown()
        thread.join(5)
        stop_servers()
    return pstats.Stats(profiler), done


def report(stats: pstats.Stats, done: int, top: int, what: str) -> str:
    rows = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, callers)}
    total_calls = sum(nc for (_cc, nc, _tt, _ct, _callers) in rows.values())
    lines = [f"{done:,} {what}s; {total_calls / done:.1f} Python calls per {what}", ""]
    lines.append(f"{'calls/op':>9} {'own us/op':>10}  function")
    ranked = sorted(rows.items(), key=lambda item: (-item[1][1], -item[1][2]))
    for (file, line, name), (_cc, nc, tt, _ct, _callers) in ranked[:top]:
        if nc / done < 0.01:
            break
        where = file.rsplit("/tunnelgui/", 1)[-1] if "/tunnelgui/" in file else file
        lines.append(f"{nc / done:9.2f} {tt / done * 1e6:10.2f}  {name} ({where}:{line})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relay_profile")
    parser.add_argument("mode", choices=("rtt", "connections"))
    parser.add_argument("--count", type=int, default=0, help="operations (default 20000 / 5000)")
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--no-splice", action="store_true", help="the portable copy path")
    args = parser.parse_args(argv)
    count = args.count or (20000 if args.mode == "rtt" else 5000)
    if not 1 <= count <= 1_000_000:
        parser.error("--count must be between 1 and 1,000,000")
    raise_nofile_limit()
    stats, done = profile(args.mode, count, False if args.no_splice else None)
    what = "round trip" if args.mode == "rtt" else "connection"
    print(report(stats, max(done, 1), args.top, what))
    return 0


if __name__ == "__main__":
    sys.exit(main())
