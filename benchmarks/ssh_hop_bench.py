"""OpenSSH's own `ssh -N -L` against `tunnelgui forward --via` (and against the design we did not
pick, `ssh -W` per connection through a master): same sshd, same cipher, loopback, rounds
interleaved so that the load of a shared machine falls on every subject alike."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from tests.ssh.sshd import SshWorld, free_port  # the test suite's throwaway sshd and client side

CIPHER = "aes128-gcm@openssh.com"
CHUNK = 1 << 20
OPEN_CONNECTIONS = 10


def _serve(handler: Callable[[socket.socket], None]) -> tuple[int, socket.socket]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(256)

    def accept() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            threading.Thread(target=_run, args=(handler, conn), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return sock.getsockname()[1], sock


def _run(handler: Callable[[socket.socket], None], conn: socket.socket) -> None:
    with conn, contextlib.suppress(OSError):  # a client that left
        handler(conn)


def _target(conn: socket.socket) -> None:
    """One server for every test: the first byte picks echo (e), sink (s) or source (o)."""
    mode = conn.recv(1)
    if mode == b"s":
        while conn.recv(CHUNK):
            pass
    elif mode == b"o":
        data = b"\0" * CHUNK
        while True:
            conn.sendall(data)
    else:
        conn.sendall(mode)
        while data := conn.recv(65536):
            conn.sendall(data)


def _connect(port: int, mode: bytes = b"e") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.sendall(mode)
    if mode == b"e" and sock.recv(1) != b"e":
        raise OSError("the echo did not answer")
    return sock


def upload(port: int, seconds: float) -> float:
    data = b"\0" * CHUNK
    sent = 0
    with _connect(port, b"s") as sock:
        end = time.monotonic() + seconds
        start = time.monotonic()
        while time.monotonic() < end:
            sock.sendall(data)
            sent += len(data)
        return sent / (time.monotonic() - start) / 1e6


def download(port: int, seconds: float) -> float:
    buf = bytearray(CHUNK)
    got = 0
    with _connect(port, b"o") as sock:
        end = time.monotonic() + seconds
        start = time.monotonic()
        while time.monotonic() < end:
            got += sock.recv_into(buf)
        return got / (time.monotonic() - start) / 1e6


def round_trips(port: int, count: int) -> tuple[float, float]:
    message = b"x" * 64
    samples = []
    with _connect(port) as sock:
        for index in range(count + 100):
            started = time.perf_counter()
            sock.sendall(message)
            got = 0
            while got < 64:
                got += len(sock.recv(64 - got))
            if index >= 100:
                samples.append((time.perf_counter() - started) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def connection_rate(port: int, seconds: float) -> float:
    done = 0
    end = time.monotonic() + seconds
    start = time.monotonic()
    while time.monotonic() < end:
        with _connect(port):
            pass
        done += 1
    return done / (time.monotonic() - start)


def first_byte(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with _connect(port):
                return
        except OSError:
            pass
        time.sleep(0.005)
    raise RuntimeError("no byte came back within 30 s")


SUBJECTS = (
    "ssh -L",
    "tunnelgui",
    "ssh -W",
    "mux fd",
    "mux fd unpooled",
    "mux pair",
    "plain",
    "direct",
)
# The default: the reference and ours; --subjects adds the others:
#   ssh -W  the design not picked: an `ssh -S CONTROL -W` process per connection;
#   mux fd  our listener hands each client socket to the master (ssh_mux_forward.py), over
#           control connections opened ahead ("mux fd unpooled": opened per client);
#   mux pair  our relay, its target end a socket pair whose other end (sized by us) goes to
#           the master the same way (ssh_mux_pair.py);
#   plain   tunnelgui forward without a hop, and direct: no relay at all. These two say what
#           our relay alone adds on this machine (their ratios to ssh -L mean nothing).
DEFAULT_SUBJECTS = ("ssh -L", "tunnelgui")
BASELINES: dict[str, str] = {}  # --baseline NAME=DIR: more tunnelgui subjects


def start_subject(kind: str, world: SshWorld, target: int) -> tuple[subprocess.Popen | None, int]:
    port = free_port()
    if kind == "direct":
        return None, target
    if kind == "ssh -L":
        command = ["ssh", "-F", str(world.config), "-o", f"Ciphers={CIPHER}", "-N",
                   "-o", "ExitOnForwardFailure=yes", "-L", f"127.0.0.1:{port}:127.0.0.1:{target}",
                   "bastion"]  # fmt: skip
    elif kind == "ssh -W":
        command = [sys.executable, "-m", "benchmarks.ssh_w_forward", str(port), str(target),
                   str(world.config), CIPHER]  # fmt: skip
    elif kind == "mux pair":
        command = [sys.executable, "-m", "benchmarks.ssh_mux_pair", str(port), str(target),
                   str(world.config), CIPHER]  # fmt: skip
    elif kind.startswith("mux fd"):
        command = [sys.executable, "-m", "benchmarks.ssh_mux_forward", str(port), str(target),
                   str(world.config), CIPHER]  # fmt: skip
    elif kind == "plain":
        command = [sys.executable, "-m", "tunnelgui", "forward", "--quiet", str(port),
                   f"127.0.0.1:{target}"]  # fmt: skip
    else:
        command = [sys.executable, "-m", "tunnelgui", "forward", "--quiet", str(port),
                   f"127.0.0.1:{target}", "--via", "bastion",
                   "--ssh-config", str(world.config)]  # fmt: skip
    env = dict(os.environ)
    env["MUX_POOL"] = "0" if kind == "mux fd unpooled" else "1"
    cwd = None
    if kind in BASELINES:  # another checkout's tunnelgui (git archive REV tunnelgui | tar -x)
        env["PYTHONPATH"] = BASELINES[kind]
        # `python -m` puts the working folder first on sys.path: run there, or this
        # checkout's tunnelgui would shadow the baseline's.
        cwd = BASELINES[kind]
    return subprocess.Popen(
        command, stdin=subprocess.DEVNULL, start_new_session=True, env=env, cwd=cwd
    ), port


def ssh_processes(pid: int | None) -> int:
    if pid is None:
        return 0
    tree = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    return sum(1 for process in tree if process.name() == "ssh" and process.is_running())


def stop_subject(proc: subprocess.Popen | None) -> None:
    if proc is None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(10)


def measure(kind: str, world: SshWorld, seconds: float, trips: int) -> dict[str, float]:
    target, _ = _serve(_target)
    started = time.monotonic()
    proc, port = start_subject(kind, world, target)
    try:
        first_byte(port)
        results = {"start to first byte s": time.monotonic() - started}
        pid = proc.pid if proc is not None else None
        results["ssh processes"] = ssh_processes(pid)
        open_clients = [_connect(port) for _ in range(OPEN_CONNECTIONS)]
        results[f"ssh processes, {OPEN_CONNECTIONS} connections open"] = ssh_processes(pid)
        for client in open_clients:
            client.close()
        results["client->target MB/s"] = upload(port, seconds)
        results["target->client MB/s"] = download(port, seconds)
        results["64 B round trip p50 us"], results["64 B round trip p99 us"] = round_trips(
            port, trips
        )
        results["new connections/s"] = connection_rate(port, seconds)
    finally:
        stop_subject(proc)
    return results


def measure_fine(
    subjects: tuple[str, ...], world: SshWorld, seconds: float, trips: int, repeats: int
) -> dict[str, list[dict[str, float]]]:
    """Every subject up at once (idle but for its turn), then short bursts in turn, `repeats`
    times: on a machine shared with other work the load changes within seconds, and a
    ratio of two bursts a second apart sees much the same load on both."""
    target, _ = _serve(_target)
    started: dict[str, tuple[subprocess.Popen | None, int]] = {}
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in subjects}
    try:
        for kind in subjects:
            started[kind] = start_subject(kind, world, target)
        for _proc, port in started.values():
            first_byte(port)
        for index in range(repeats):
            shift = index % len(subjects)
            for kind in subjects[shift:] + subjects[:shift]:
                port = started[kind][1]
                result = {"client->target MB/s": upload(port, seconds),
                          "target->client MB/s": download(port, seconds)}  # fmt: skip
                result["64 B round trip p50 us"], result["64 B round trip p99 us"] = round_trips(
                    port, trips
                )
                result["new connections/s"] = connection_rate(port, seconds)
                runs[kind].append(result)
    finally:
        for proc, _port in started.values():
            stop_subject(proc)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--baseline", action="append", default=[], metavar="NAME=DIR",
                        help="also measure the tunnelgui package in DIR, as NAME")  # fmt: skip
    parser.add_argument(
        "--subjects",
        default=",".join(DEFAULT_SUBJECTS),
        help=f"comma-separated, from {', '.join(SUBJECTS)} (ssh -L always)",
    )
    parser.add_argument("--seconds", type=float, default=2.0, help="per throughput/rate test")
    parser.add_argument("--fine", type=int, default=0, metavar="N",
                        help="instead of rounds: N short bursts (0.3 s, 500 round trips) per "
                        "subject in turn, all subjects running at once")  # fmt: skip
    args = parser.parse_args(argv)
    chosen = ["ssh -L", *(s for s in args.subjects.split(",") if s in SUBJECTS and s != "ssh -L")]
    for baseline in args.baseline:
        name, _, folder = baseline.partition("=")
        BASELINES[name] = str(Path(folder).resolve())
    subjects = (*chosen, *BASELINES)
    seconds, trips, rounds = (
        (0.5, 300, 1) if args.quick else (args.seconds, 3000, max(1, args.rounds))
    )
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in subjects}
    with tempfile.TemporaryDirectory() as folder:
        world = SshWorld(Path(folder) / "ssh")
        try:
            world.write_config(f"  Ciphers {CIPHER}\n")
            if args.fine:
                runs = measure_fine(subjects, world, 0.3, 500, args.fine)
            for index in range(0 if args.fine else rounds):
                # Each round starts with the next subject: none always runs first or last.
                shift = index % len(subjects)
                order = subjects[shift:] + subjects[:shift]
                for kind in order:
                    runs[kind].append(measure(kind, world, seconds, trips))
        finally:
            world.close()
    print_table(runs)
    how = f"{args.fine} interleaved bursts" if args.fine else f"{rounds} interleaved rounds"
    print(f"\n({os.cpu_count()} cores; quick={args.quick}; {how}, medians; ratios are per "
          f"round or burst, then their median (range); cipher {CIPHER}; load average "
          f"{os.getloadavg()[0]:.1f} at the end; loopback congestion control "
          f"{_congestion()})")  # fmt: skip
    return 0


def _congestion() -> str:
    try:
        return Path("/proc/sys/net/ipv4/tcp_congestion_control").read_text().strip()
    except OSError:
        return "unknown"


def _ratio_cell(ratios: list[float]) -> str:
    """The median of the per-round ratios, and their range when there are several rounds."""
    if not ratios:
        return "n/a"
    if len(ratios) == 1:
        return f"{ratios[0]:.2f}x"
    return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"


def print_table(runs: dict[str, list[dict[str, float]]]) -> None:
    reference = runs["ssh -L"]
    others = [kind for kind in runs if kind != "ssh -L"]
    names = {"tunnelgui": "tunnelgui --via", "ssh -W": "ssh -W per conn",
             "mux fd": "client fd to master", "mux fd unpooled": "fd, control per conn",
             "mux pair": "relay + pair to master",
             "plain": "tunnelgui, no hop"}  # fmt: skip
    headers = " | ".join(f"{names.get(kind, kind)} | ratio" for kind in others)
    print(f"| metric | ssh -N -L | {headers} |")
    print("|---|---|" + "---|---|" * len(others))
    for metric in reference[0]:
        cells = [f"{statistics.median(r[metric] for r in reference):,.2f}"]
        for kind in others:
            ours = runs[kind]
            ratios = [o[metric] / t[metric] for o, t in zip(ours, reference, strict=True)
                      if t[metric]]  # fmt: skip
            cells.append(f"{statistics.median(r[metric] for r in ours):,.2f}")
            cells.append(_ratio_cell(ratios))
        print(f"| {metric} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
