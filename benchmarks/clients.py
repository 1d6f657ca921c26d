"""Client workloads of the relay benchmark; each runs in a child process and returns plain numbers.

Every loop stops at a deadline and a count cap, and every socket has a timeout, so a stuck
forwarder costs a bounded wait and an error, never a hang.
"""

from __future__ import annotations

import socket
import threading
import time

from benchmarks.servers import CHUNK, COUNT, SOURCE_REQUEST, recv_exact

# How long past its planned end a transfer may take before we call the forwarder stuck.
GRACE = 30.0
HOST = "127.0.0.1"


def _connect(port: int, timeout: float) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect((HOST, port))
    except BaseException:
        sock.close()
        raise
    return sock


def _wait_until(start_at: float) -> None:
    delay = start_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def upload(port: int, duration: float, cap: int, start_at: float = 0.0) -> dict:
    """Send for `duration` s (or `cap` bytes); the sink confirms how many bytes it got."""
    _wait_until(start_at)
    data = memoryview(bytes(CHUNK))
    with _connect(port, duration + GRACE) as sock:
        started = time.monotonic()
        deadline = started + duration
        sent = 0
        while sent < cap and time.monotonic() < deadline:
            sock.sendall(data)
            sent += CHUNK
        sock.shutdown(socket.SHUT_WR)
        (received,) = COUNT.unpack(recv_exact(sock, COUNT.size))
        ended = time.monotonic()
    if received != sent:
        raise ConnectionError(f"sent {sent} bytes but the sink received {received}")
    return {"bytes": received, "start": started, "end": ended}


def download(port: int, duration: float, cap: int) -> dict:
    """Ask the source for `duration` s (or `cap` bytes) of data and count it until EOF."""
    view = memoryview(bytearray(CHUNK))
    with _connect(port, duration + GRACE) as sock:
        started = time.monotonic()
        sock.sendall(SOURCE_REQUEST.pack(int(duration * 1000), cap))
        received = 0
        while n := sock.recv_into(view):
            received += n
        ended = time.monotonic()
    if received == 0 or received % CHUNK:
        raise ConnectionError(f"received {received} bytes, not a whole number of chunks")
    return {"bytes": received, "start": started, "end": ended}


def parallel_upload(port: int, streams: int, duration: float, cap: int) -> dict:
    """`streams` uploads at once on threads (the GIL is released inside send and recv)."""
    start_at = time.monotonic() + 0.05
    results: list[dict] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            results.append(upload(port, duration, cap // streams, start_at))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 2 * GRACE)
    if errors:
        raise errors[0]
    if len(results) != streams:
        raise TimeoutError(f"only {len(results)} of {streams} streams finished")
    return {
        "bytes": sum(r["bytes"] for r in results),
        "start": min(r["start"] for r in results),
        "end": max(r["end"] for r in results),
    }


def round_trips(
    port: int, count: int, size: int = 64, warmup: int = 200, limit: float = 60.0
) -> dict:
    """`count` request/response round trips of `size` bytes on one connection, in microseconds."""
    message = b"r" * size
    view = memoryview(bytearray(size))
    samples: list[float] = []
    with _connect(port, 10.0) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        deadline = time.monotonic() + limit
        for i in range(warmup + count):
            if time.monotonic() > deadline:
                break
            t0 = time.perf_counter_ns()
            sock.sendall(message)
            got = 0
            while got < size:
                n = sock.recv_into(view[got:])
                if not n:
                    raise ConnectionError("connection closed during the round-trip test")
                got += n
            t1 = time.perf_counter_ns()
            if i >= warmup:
                samples.append((t1 - t0) / 1000)
    if not samples:
        raise TimeoutError("no round trip finished in time")
    return {"samples_us": samples}


def connection_rate(port: int, threads: int, start_at: float, duration: float, cap: int) -> dict:
    """Open connections one after another on each of `threads` threads until the deadline.

    Each connection: connect, send 1 byte, read the 1-byte echo, read the server's EOF, close.
    """
    deadline = start_at + duration
    counts = [0] * threads
    failures = [0] * threads
    first_error: list[str] = []

    def worker(index: int) -> None:
        _wait_until(start_at)
        while time.monotonic() < deadline and counts[index] < cap:
            try:
                with _connect(port, 5.0) as sock:
                    sock.sendall(b"c")
                    if sock.recv(1) != b"c" or sock.recv(1) != b"":
                        raise ConnectionError("bad echo")
                counts[index] += 1
            except OSError as exc:
                failures[index] += 1
                if not first_error:
                    first_error.append(f"{type(exc).__name__}: {exc}")
                if failures[index] > 100:
                    return

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(max(0.0, start_at - time.monotonic()) + duration + GRACE)
    return {
        "connections": sum(counts),
        "failures": sum(failures),
        "seconds": duration,
        "error": first_error[0] if first_error else "",
    }
