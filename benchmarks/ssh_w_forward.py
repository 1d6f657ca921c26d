"""The design we did not pick, for ssh_hop_bench: our listener, and per connection one
`ssh -S CONTROL -W host:port` through a shared master, its stdin/stdout one end of a socket pair
(the mux client hands those fds to the master, which then reads and writes them itself).

Usage: python -m benchmarks.ssh_w_forward LISTEN_PORT TARGET_PORT SSH_CONFIG CIPHER
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass

from benchmarks.ssh_bench_master import bench_master
from tunnelgui.engine import Engine, HealthPolicy, TunnelSpec
from tunnelgui.engine.connector import Attempt, TargetConnector
from tunnelgui.engine.ends import TargetSocket


@dataclass(frozen=True, slots=True)
class StdioForward:
    control: str
    config: str


class ChildSocket(TargetSocket):
    """Our end of the pair; releasing it lets its ssh -W end, reaped off the loop."""

    __slots__ = ("child",)

    def release(self, abort: bool) -> None:
        super().release(abort)
        threading.Thread(target=self.child.wait, daemon=True).start()


class StdioForwardConnector(TargetConnector):
    """Spawns `ssh -W` for each connection (on a helper thread: spawning blocks)."""

    def __init__(self, tunnel, transport: StdioForward) -> None:
        super().__init__(tunnel)
        self.transport = transport
        self.target = f"{tunnel.spec.target_host}:{tunnel.spec.target_port}"

    def begin(self, attempt: Attempt) -> None:
        threading.Thread(target=self._spawn, args=(attempt,), daemon=True).start()

    def _spawn(self, attempt: Attempt) -> None:
        ours, theirs = socket.socketpair()
        command = ["ssh", "-F", self.transport.config, "-S", self.transport.control,
                   "-W", self.target, "bastion"]  # fmt: skip
        child = subprocess.Popen(command, stdin=theirs, stdout=theirs, stderr=subprocess.DEVNULL)
        theirs.close()
        end = ChildSocket(ours.family, ours.type, 0, ours.detach())
        end.setblocking(False)
        end.child = child
        self.loop.call_soon_threadsafe(lambda: attempt.succeed(end))


def main() -> int:
    listen_port, target_port, config, cipher = sys.argv[1:5]
    with bench_master(config, cipher) as control:
        return _serve(listen_port, target_port, config, control)


def _serve(listen_port: str, target_port: str, config: str, control: str) -> int:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    transport = StdioForward(control, config)
    with Engine(connectors={StdioForward: StdioForwardConnector}) as engine:
        engine.start_tunnel(
            TunnelSpec(tunnel_id="w", listen_host="127.0.0.1", listen_port=int(listen_port),
                       target_host="127.0.0.1", target_port=int(target_port),
                       health=HealthPolicy(probe=False), target_transport=transport)
        )  # fmt: skip
        # With a timeout: SIGTERM may land on the engine's thread, which wakes no waiter here.
        while not stop.wait(0.2):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
