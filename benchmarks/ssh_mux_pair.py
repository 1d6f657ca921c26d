"""A middle design, for ssh_hop_bench: our relay stays in the byte path (so stats, idle timeouts,
drop and network conditions stay as they are), but its target end is one end of a socket pair
whose other end we hand to the master with the mux protocol's stdio forward
(ssh_mux_forward.py), not a connection to an `-L` Unix socket that ssh accepted.

Why: ssh writes target->client bytes into its end of the socket, and a Unix stream socket's
capacity is its sender's SO_SNDBUF. The end ssh accepts on an `-L` socket gets the system default
(208 KiB) and we cannot change it; an end we create and hand over can have any size.

Usage: python -m benchmarks.ssh_mux_pair LISTEN_PORT TARGET_PORT SSH_CONFIG CIPHER
(the environment's MUX_PAIR_SNDBUF sets ssh's end's SO_SNDBUF, default 4 MiB; 0 leaves it)
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from dataclasses import dataclass

from benchmarks.ssh_bench_master import bench_master
from benchmarks.ssh_mux_forward import HELLO, send_fd, stdio_request
from tunnelgui.engine import Engine, HealthPolicy, TunnelSpec
from tunnelgui.engine.connector import Attempt, TargetConnector
from tunnelgui.engine.ends import TargetSocket
from tunnelgui.engine.loop import EVENT_READ

SSH_END_SNDBUF = int(os.environ.get("MUX_PAIR_SNDBUF", str(4 << 20)))


@dataclass(frozen=True, slots=True)
class MuxPair:
    control: str


class PairEnd(TargetSocket):
    """Our end of the pair; releasing it also closes its control connection."""

    __slots__ = ("control", "selector", "watched")

    def release(self, abort: bool) -> None:
        super().release(abort)
        if self.watched:
            self.watched = False
            self.selector.unregister(self.control.fileno())
        self.control.close()


class MuxPairConnector(TargetConnector):
    def __init__(self, tunnel, transport: MuxPair) -> None:
        super().__init__(tunnel)
        self.path = transport.control
        self.host, self.port = tunnel.spec.target_host, tunnel.spec.target_port
        self.ids = 0

    def begin(self, attempt: Attempt) -> None:
        ours, theirs = socket.socketpair()
        if SSH_END_SNDBUF:
            theirs.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SSH_END_SNDBUF)
        ctl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            ctl.connect(self.path)
            self.ids += 1
            ctl.sendall(HELLO + stdio_request(self.host, self.port, self.ids))
            send_fd(ctl, theirs.fileno())
            send_fd(ctl, theirs.fileno())
        except OSError as exc:
            for sock in (ours, theirs, ctl):
                sock.close()
            attempt.fail(f"the master refused: {exc}")
            return
        theirs.close()  # the master holds it now
        ctl.setblocking(False)
        end = PairEnd(ours.family, ours.type, 0, ours.detach())
        end.setblocking(False)
        end.control = ctl
        end.selector = self.selector
        end.watched = True
        # The master's replies are not needed: when the channel ends it closes its end of the
        # pair, which the relay sees. Drain them so they never fill the control socket.
        self.selector.register(ctl.fileno(), EVENT_READ, lambda _mask: _drain(end))
        attempt.succeed(end)


def _drain(end: PairEnd) -> None:
    try:
        data = end.control.recv(4096)
    except BlockingIOError:
        return
    except OSError:
        data = b""
    if not data and end.watched:
        end.watched = False
        end.selector.unregister(end.control.fileno())


def main() -> int:
    listen_port, target_port, config, cipher = sys.argv[1:5]
    with bench_master(config, cipher) as control:
        return _serve(listen_port, target_port, config, control)


def _serve(listen_port: str, target_port: str, config: str, control: str) -> int:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with Engine(connectors={MuxPair: MuxPairConnector}) as engine:
        engine.start_tunnel(
            TunnelSpec(tunnel_id="p", listen_host="127.0.0.1", listen_port=int(listen_port),
                       target_host="127.0.0.1", target_port=int(target_port),
                       health=HealthPolicy(probe=False), target_transport=MuxPair(control))
        )  # fmt: skip
        while not stop.wait(0.2):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
