"""Counts per relayed operation that do not depend on the machine's load.

    python -m benchmarks.relay_counts syscalls rtt [--counts 2000,6000] [--subject haproxy]
    python -m benchmarks.relay_counts instructions conn [--tunnelgui-root DIR]
    python -m benchmarks.relay_counts cpu conn50 --repeat 5

A forwarder (`tunnelgui forward` of a checkout, or haproxy) relays a fixed number of operations
from a client child process to the benchmark's target servers, all on 127.0.0.1:
- `rtt`: 64-byte round trips on one connection;
- `conn`: new connections one after another (connect, 1 byte echoed, the server's close);
- `conn50`: the same by 50 threads in two processes at once.

Tools (what is counted in the forwarder's process, all its threads):
- `syscalls`: `strace -c -f`: system calls by name, and the errors among them (EAGAIN...);
- `instructions`: `valgrind --tool=callgrind`: user-space instructions (the kernel's work in the
  system calls is not in it; `cpu` sees that);
- `cpu`: the CPU time the forwarder's threads ran (from /proc/PID/task/*/schedstat, in ns),
  read just before and just after the operations; this one does depend a little on the load
  (caches, frequency), the others not at all.

For `syscalls` and `instructions` each count N gets a fresh forwarder under the tool, N
operations, and a stop; per operation is (total(N2) - total(N1)) / (N2 - N1), so start-up and
shut-down cancel out. Every wait is bounded; every process started is stopped.

Both counts should fall in one state of the forwarder. A new connection's keepalive timer
waits for its first second (keepalive.DELAY); callgrind runs ~50x slower, so 1,000 and 3,000
round trips straddle that second and mix rounds with and without a timer (counts then moved by
+-300 between runs). `rtt` defaults to 400,1400 for that reason: both inside the first second,
as the wall-clock benchmark's round trips are. The forwarder runs with PYTHONHASHSEED=0.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from benchmarks import clients, servers
from benchmarks.forwarders import REPO_ROOT, HAProxy, TunnelGUI, _listening, free_port
from benchmarks.procs import BenchError, raise_nofile_limit, run_children, start_server

STARTUP_TIMEOUT = 180.0  # Python under callgrind starts ~50x slower
OPERATION_TIMEOUT = 900.0


def new_forwarder(subject: str, root: Path) -> TunnelGUI | HAProxy:
    """The forwarder to count (close() it afterwards: haproxy's config lives in a folder)."""
    if subject == "tunnelgui":
        return TunnelGUI(root)
    return HAProxy(subject == "haproxy-splice")


def wrapped(tool: str, command: list[str], out: Path) -> list[str]:
    if tool == "syscalls":
        return ["strace", "-f", "-c", "-o", str(out), *command]
    if tool == "instructions":
        return ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "-q", *command]
    return command


def client_jobs(mode: str, port: int, count: int) -> list[tuple]:
    if mode == "rtt":
        return [(clients.round_trips, (port, count, 64, 0, OPERATION_TIMEOUT))]
    start_at = time.monotonic() + 1.0
    if mode == "conn":
        return [(clients.connection_rate, (port, 1, start_at, OPERATION_TIMEOUT, count))]
    # conn50: 2 processes x 25 threads, count / 50 connections each.
    per_thread = max(1, count // 50)
    return [(clients.connection_rate, (port, 25, start_at, OPERATION_TIMEOUT, per_thread))] * 2


def done_count(mode: str, results: list[dict]) -> int:
    if mode == "rtt":
        return sum(len(r["samples_us"]) for r in results)
    failures = sum(r["failures"] for r in results)
    if failures:
        raise BenchError(f"{failures} connections failed: {results[0]['error']}")
    return sum(r["connections"] for r in results)


def task_cpu_ns(pid: int) -> int:
    """CPU time of every thread of pid so far, in ns (the first field of schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            total += int((task / "schedstat").read_text().split()[0])
    return total


def one_run(args: argparse.Namespace, ports: dict, count: int, folder: Path) -> tuple[float, int]:
    """Start the forwarder under the tool, relay `count` operations, stop it; (total, done)."""
    target = ports["echo"] if args.mode == "rtt" else ports["greet"]
    listen = free_port()
    forwarder = new_forwarder(args.subject, args.tunnelgui_root)
    command = forwarder.command(listen, target)
    env = forwarder.environment() or dict(os.environ)
    # String hashes (dict layouts, and with them a few lookups) the same in every run.
    env.setdefault("PYTHONHASHSEED", "0")
    out = folder / f"out-{count}-{time.monotonic_ns()}"
    popen = subprocess.Popen(
        wrapped(args.tool, command, out),
        cwd=args.tunnelgui_root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wrapper = psutil.Process(popen.pid)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        process = None
        while time.monotonic() < deadline and popen.poll() is None:
            tree = [wrapper, *wrapper.children(recursive=True)]
            listening = [p for p in tree if _listening(p, listen)]
            if listening:
                process = listening[0]
                break
            time.sleep(0.05)
        if process is None:
            raise BenchError(f"{args.subject} did not listen within {STARTUP_TIMEOUT:.0f} s")
        cpu_before = task_cpu_ns(process.pid) if args.tool == "cpu" else 0
        done = done_count(
            args.mode, run_children(client_jobs(args.mode, listen, count), OPERATION_TIMEOUT)
        )
        if args.tool == "cpu":
            total = float(task_cpu_ns(process.pid) - cpu_before)
        os.kill(process.pid, signal.SIGINT)
        popen.wait(STARTUP_TIMEOUT)
    finally:
        if popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(popen.pid, signal.SIGKILL)
            popen.wait(10)
        forwarder.close()
    if args.keep is not None and out.exists():
        args.keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(out, args.keep / f"{args.tool}-{args.subject}-{args.mode}-{count}.out")
    if args.tool == "syscalls":
        return 0.0, done  # the table is read by the caller
    if args.tool == "instructions":
        text = out.read_text(errors="replace")
        match = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
        if match is None:
            raise BenchError(f"no totals in {out}")
        total = float(match.group(1))
    return total, done


def strace_table(path: Path) -> dict[str, tuple[int, int]]:
    """strace -c's summary: {syscall: (calls, errors)}."""
    table = {}
    for line in path.read_text().splitlines():
        fields = line.split()
        # % time, seconds, usecs/call, calls, [errors], syscall
        if len(fields) not in (5, 6) or not re.fullmatch(r"[\d.]+", fields[0]):
            continue
        if fields[-1] != "total":
            table[fields[-1]] = (int(fields[3]), int(fields[4]) if len(fields) == 6 else 0)
    return table


def measure(args: argparse.Namespace, log) -> str:
    raise_nofile_limit()
    ports, stop_servers = start_server(servers.serve)
    try:
        with tempfile.TemporaryDirectory(prefix="relay-counts-") as tmp:
            folder = Path(tmp)
            if args.tool == "cpu":
                per_op = []
                for _ in range(args.repeat):
                    total, done = one_run(args, ports, args.counts[-1], folder)
                    per_op.append(total / done / 1000)
                    log(f"{done} ops: {per_op[-1]:.2f} us CPU per op")
                per_op.sort()
                median = per_op[len(per_op) // 2]
                return (
                    f"{args.subject} {args.mode}: CPU per operation {median:.2f} us "
                    f"(median of {len(per_op)}; range {per_op[0]:.2f}-{per_op[-1]:.2f}; "
                    f"load {os.getloadavg()[0]:.1f})"
                )
            low, high = args.counts
            if args.tool == "instructions":
                totals = []
                for count in (low, high):
                    total, done = one_run(args, ports, count, folder)
                    if done != count:
                        raise BenchError(f"only {done} of {count} operations were done")
                    totals.append(total)
                    log(f"{count} ops: {total:,.0f} instructions")
                per_op = (totals[1] - totals[0]) / (high - low)
                return f"{args.subject} {args.mode}: {per_op:,.0f} instructions per operation"
            tables = []
            for count in (low, high):
                before = set(folder.iterdir())
                _, done = one_run(args, ports, count, folder)
                if done != count:
                    raise BenchError(f"only {done} of {count} operations were done")
                [out] = set(folder.iterdir()) - before
                tables.append(strace_table(out))
            rows = []
            names = sorted(set(tables[0]) | set(tables[1]))
            for name in names:
                calls = [t.get(name, (0, 0)) for t in tables]
                per = (calls[1][0] - calls[0][0]) / (high - low)
                errs = (calls[1][1] - calls[0][1]) / (high - low)
                if abs(per) >= 0.005:
                    rows.append((per, errs, name))
            rows.sort(reverse=True)
            total = sum(per for per, _errs, _name in rows)
            lines = [f"{args.subject} {args.mode}: {total:.2f} system calls per operation"]
            lines += [f"{per:8.2f} {name}" + (f" ({errs:.2f} failed)" if errs >= 0.005 else "")
                      for per, errs, name in rows]  # fmt: skip
            return "\n".join(lines)
    finally:
        stop_servers()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relay_counts")
    parser.add_argument("tool", choices=("syscalls", "instructions", "cpu"))
    parser.add_argument("mode", choices=("rtt", "conn", "conn50"))
    parser.add_argument(
        "--counts", default="", help="N1,N2 (default 1000,3000, rtt 400,1400; cpu: N2 only)"
    )
    parser.add_argument(
        "--subject", default="tunnelgui", choices=("tunnelgui", "haproxy", "haproxy-splice")
    )
    parser.add_argument("--tunnelgui-root", type=Path, default=REPO_ROOT)
    parser.add_argument("--repeat", type=int, default=3, help="cpu: runs (median)")
    parser.add_argument("--keep", type=Path, help="copy the tools' output files into this folder")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    default = "400,1400" if args.mode == "rtt" else "1000,3000"
    counts = [int(c) for c in (args.counts or default).split(",")]
    if len(counts) != 2 or not 0 < counts[0] < counts[1] <= 1_000_000:
        parser.error("--counts takes N1,N2 with 0 < N1 < N2 <= 1,000,000")
    if not 1 <= args.repeat <= 50:
        parser.error("--repeat must be between 1 and 50")
    args.counts = counts
    args.tunnelgui_root = args.tunnelgui_root.resolve()

    def log(line: str) -> None:
        if not args.quiet:
            print(f"relay_counts: {line}", file=sys.stderr, flush=True)

    try:
        print(measure(args, log))
    except BenchError as exc:
        print(f"relay_counts: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
