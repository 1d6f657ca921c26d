"""A test-only connector whose target end is a pair of pipes to a real helper process.

The helper (`python -c BRIDGE port`) bridges its stdin/stdout to a loopback TCP server, the way
a future helper-process transport would. It is spawned off the loop thread, its pipes become
the relay's PipeEnd, and it is reaped off the loop when the end is released.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import ClassVar

from tunnelgui.engine.connector import Attempt, TargetConnector
from tunnelgui.engine.ends import PipeEnd

BRIDGE = r"""
import os, socket, sys, threading

sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])))

def to_target():
    while True:
        data = os.read(0, 1 << 16)
        if not data:
            break
        sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)  # the relay closed our stdin: pass its EOF on

sender = threading.Thread(target=to_target)
sender.start()
while True:
    data = sock.recv(1 << 16)
    if not data:
        break
    view = memoryview(data)
    while view:
        view = view[os.write(1, view):]
os.close(1)  # the target's EOF becomes EOF on our stdout
sender.join()
"""


@dataclass(frozen=True, slots=True)
class BridgeTransport:
    """Reach the target through a helper process bridging to 127.0.0.1:port."""

    port: int


class BridgeConnector(TargetConnector):
    """Spawns one bridge per relay (on a helper thread) and hands over its pipes."""

    children: ClassVar[list[subprocess.Popen]] = []  # every bridge started, for the tests

    def __init__(self, tunnel, transport: BridgeTransport) -> None:
        super().__init__(tunnel)
        self.port = transport.port

    def begin(self, attempt: Attempt) -> None:
        threading.Thread(target=self._spawn, args=(attempt,), daemon=True).start()

    def _spawn(self, attempt: Attempt) -> None:
        stdin_read, stdin_write = os.pipe()
        stdout_read, stdout_write = os.pipe()
        try:
            child = subprocess.Popen(
                [sys.executable, "-c", BRIDGE, str(self.port)],
                stdin=stdin_read,
                stdout=stdout_write,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            for fd in (stdin_read, stdin_write, stdout_read, stdout_write):
                os.close(fd)
            reason = str(exc)
            self.loop.call_soon_threadsafe(lambda: attempt.fail(reason))
            return
        os.close(stdin_read)
        os.close(stdout_write)
        BridgeConnector.children.append(child)
        end = PipeEnd(stdout_read, stdin_write, on_close=lambda abort: _reap(child, abort))
        self.loop.call_soon_threadsafe(lambda: attempt.succeed(end))


def _reap(child: subprocess.Popen, abort: bool) -> None:
    """Wait for the bridge off the loop thread (it ends once its pipes are closed)."""

    def wait() -> None:
        if abort:
            child.kill()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    threading.Thread(target=wait, daemon=True).start()
