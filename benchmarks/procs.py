"""Process plumbing for the benchmarks: fd limits and load generators run in child processes."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

# Spawn, not fork: children start clean even when the parent already runs threads.
_CONTEXT = multiprocessing.get_context("spawn")


class BenchError(Exception):
    """A measurement could not be taken; the message says why in one line."""


# As root the hard limit itself is raised to this (capped by fs.nr_open): a forwarder holding
# 10,000 idle connections needs over 20,000 descriptors, and haproxy asks for 2 per maxconn.
ROOT_NOFILE = 200_000


def raise_nofile_limit() -> int:
    """Raise the soft open-files limit to the hard limit (thousands of sockets); return it.

    Children (forwarders, load generators) inherit the limit.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if os.geteuid() == 0 and hard != resource.RLIM_INFINITY and hard < ROOT_NOFILE:
        wanted = min(ROOT_NOFILE, _nr_open(hard))
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, wanted))
            soft = hard = wanted
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def run_and_report(
    args: Any,
    prefix: str,
    run: Callable[[Any, Callable[[str], None]], dict],
    render: Callable[[dict], str],
) -> int:
    """The common main() of the benchmark scripts: progress on stderr (unless --quiet), clean
    stop on Ctrl+C/SIGTERM, the table on stdout, --markdown and --json files; the exit status."""

    def log(line: str) -> None:
        if not args.quiet:
            print(f"{prefix}: {line}", file=sys.stderr, flush=True)

    try:
        with sigterm_as_interrupt():
            report = run(args, log)
    except KeyboardInterrupt:
        print(f"{prefix}: interrupted; all benchmark processes stopped", file=sys.stderr)
        return 130
    except BenchError as exc:
        print(f"{prefix}: {exc}", file=sys.stderr)
        return 1
    text = render(report)
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def _nr_open(default: int) -> int:
    try:
        with open("/proc/sys/fs/nr_open", encoding="ascii") as file:
            return int(file.read())
    except (OSError, ValueError):
        return default


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGINT unwind as KeyboardInterrupt, so every `finally` stops its processes.

    SIGINT is set explicitly because a shell starting us in the background may have ignored it.
    """
    previous = {
        sig: signal.signal(sig, signal.default_int_handler)
        for sig in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def child_setup() -> None:
    """Common set-up in every load-generator child: the parent handles Ctrl+C and cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise_nofile_limit()


@dataclass(frozen=True)
class _ChildFailure:
    message: str


def _child_main(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    child_setup()
    try:
        result: Any = func(*args)
    except Exception as exc:  # reported to the parent, which raises BenchError
        result = _ChildFailure(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    # The parent may be gone (interrupted): nobody is left to tell.
    with contextlib.suppress(OSError):
        conn.send(result)
    conn.close()


def run_children(
    jobs: Sequence[tuple[Callable[..., Any], tuple[Any, ...]]], timeout: float
) -> list:
    """Run each (func, args) in its own process at once; return their results in order.

    Raises BenchError when a child fails or does not answer within `timeout` seconds; every child
    is gone when this returns or raises.
    """
    started: list[tuple[multiprocessing.Process, Connection]] = []
    try:
        for func, args in jobs:
            receiver, sender = _CONTEXT.Pipe(duplex=False)
            process = _CONTEXT.Process(target=_child_main, args=(sender, func, args), daemon=True)
            process.start()
            sender.close()
            started.append((process, receiver))
        deadline = time.monotonic() + timeout
        results = []
        for process, receiver in started:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise BenchError(f"load generator {process.name} gave no result in {timeout:.0f} s")
            try:
                result = receiver.recv()
            except EOFError:
                raise BenchError(
                    f"load generator {process.name} died (exit code {process.exitcode})"
                ) from None
            if isinstance(result, _ChildFailure):
                raise BenchError(f"load generator failed: {result.message}")
            results.append(result)
        return results
    finally:
        for process, receiver in started:
            receiver.close()
            process.join(2.0)
            if process.is_alive():
                process.kill()
                process.join(2.0)
            process.close()


def start_server(func: Callable[[Connection], None], timeout: float = 20.0) -> tuple[Any, Callable]:
    """Start a long-running child `func(conn)` that first sends one hello value (e.g. its ports).

    Returns (hello, stop). The child must exit when the pipe closes (`conn.recv()` raises
    EOFError), so it also goes away if this process dies.
    """
    parent_end, child_end = _CONTEXT.Pipe(duplex=True)
    process = _CONTEXT.Process(target=_server_main, args=(child_end, func), daemon=True)
    process.start()
    child_end.close()

    def stop() -> None:
        parent_end.close()
        process.join(3.0)
        if process.is_alive():
            process.kill()
            process.join(3.0)

    try:
        if not parent_end.poll(timeout):
            raise BenchError(f"server process did not start within {timeout:.0f} s")
        hello = parent_end.recv()
    except (BenchError, EOFError) as exc:
        stop()
        raise BenchError(f"server process failed to start: {exc}") from None
    if isinstance(hello, _ChildFailure):
        stop()
        raise BenchError(f"server process failed: {hello.message}")
    return hello, stop


def _server_main(conn: Connection, func: Callable[[Connection], None]) -> None:
    child_setup()
    try:
        func(conn)
    except Exception as exc:
        with contextlib.suppress(OSError):
            conn.send(_ChildFailure(f"{type(exc).__name__}: {exc}"))
    # Daemon threads may still block in accept(); leave without waiting for them.
    os._exit(0)
