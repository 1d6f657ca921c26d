"""A design measured against ours, for ssh_hop_bench: our listener accepts, then hands the client's
own socket to the shared master through its control socket (OpenSSH's mux protocol,
MUX_C_NEW_STDIO_FWD, the request `ssh -S CONTROL -W host:port` makes; PROTOCOL.mux), so ssh
reads and writes the client socket itself and no relay of ours stays in the data path.

No ssh process per connection: we speak the mux protocol ourselves, one control connection per
client connection (the master ties the stdio channel to it and closes it when the channel ends).
A plain selectors loop, no engine: it measures the data path and the set-up cost of the design.

Usage: python -m benchmarks.ssh_mux_forward LISTEN_PORT TARGET_PORT SSH_CONFIG CIPHER
"""

from __future__ import annotations

import array
import os
import selectors
import signal
import socket
import struct
import sys

from benchmarks.ssh_bench_master import bench_master

MUX_MSG_HELLO = 0x00000001
MUX_C_NEW_STDIO_FWD = 0x10000008
MUX_S_FAILURE = 0x80000003
MUX_S_PERMISSION_DENIED = 0x80000002
SSHMUX_VER = 4


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _packet(payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + payload


HELLO = _packet(struct.pack(">II", MUX_MSG_HELLO, SSHMUX_VER))
SPARE_CONTROLS = 4
POOL = os.environ.get("MUX_POOL", "1") == "1"


def stdio_request(host: str, port: int, request_id: int) -> bytes:
    """The stdio forward request, after our hello (the master reads packets exactly, so the
    fd-carrying bytes that follow are never swallowed by a larger read)."""
    body = struct.pack(">II", MUX_C_NEW_STDIO_FWD, request_id)
    body += _string(b"") + _string(host.encode()) + struct.pack(">I", port)
    return _packet(body)


def send_fd(sock: socket.socket, fd: int) -> None:
    """One byte carrying one fd, as OpenSSH's mm_send_fd (its receiver wants exactly one)."""
    sock.sendmsg([b"\0"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])


class MuxForwarder:
    def __init__(self, listen_port: int, host: str, port: int, control: str) -> None:
        self.selector = selectors.DefaultSelector()
        self.listener = socket.create_server(("127.0.0.1", listen_port), backlog=256)
        self.listener.setblocking(False)
        self.selector.register(self.listener, selectors.EVENT_READ, self.accept)
        self.host, self.port, self.control = host, port, control
        self.ids = 0
        # Control connections opened and greeted ahead of the clients that will use them: the
        # master's accept and hello exchange stay out of a new connection's path.
        self.spare: list[socket.socket] = []
        self.refill()

    def refill(self) -> None:
        while len(self.spare) < SPARE_CONTROLS:
            ctl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            ctl.settimeout(1.0)  # a master that stopped accepting must not hang the loop
            try:
                ctl.connect(self.control)
                ctl.sendall(HELLO)
            except OSError:
                ctl.close()
                return
            self.spare.append(ctl)

    def accept(self, _key: object) -> None:
        try:
            client, _ = self.listener.accept()
        except BlockingIOError:
            return
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # ssh -L sets it too
        pooled = bool(self.spare) and POOL
        ctl = self.spare.pop() if pooled else socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            if not pooled:
                ctl.connect(self.control)  # a Unix socket: done at once, or refused at once
                ctl.sendall(HELLO)
            self.ids += 1
            ctl.sendall(stdio_request(self.host, self.port, self.ids))
            send_fd(ctl, client.fileno())  # stdin
            send_fd(ctl, client.fileno())  # stdout: the same socket, ssh shuts down each way
        except OSError:
            ctl.close()
            client.close()
            return
        ctl.setblocking(False)
        # We keep our copy of the client socket until the master says the channel ended (it
        # closes the control connection then): a drop would shutdown() it, stats would come
        # from TCP_INFO.
        self.selector.register(
            ctl, selectors.EVENT_READ, lambda _key: self.control_read(ctl, client)
        )

    def control_read(self, ctl: socket.socket, client: socket.socket) -> None:
        try:
            data = ctl.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        # The master's hello and SESSION_OPENED; a FAILURE means the far side refused.
        failed = data and struct.pack(">I", MUX_S_FAILURE) in data
        if not data or failed:
            self.selector.unregister(ctl)
            ctl.close()
            client.close()

    def run(self, stop: list[bool]) -> None:
        while not stop:
            for key, _mask in self.selector.select(0.2):
                key.data(key)
            if POOL:
                self.refill()  # after the round's clients are on their way


def main() -> int:
    listen_port, target_port, config, cipher = sys.argv[1:5]
    with bench_master(config, cipher) as control:
        return _serve(listen_port, target_port, config, control)


def _serve(listen_port: str, target_port: str, config: str, control: str) -> int:
    stop: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    MuxForwarder(int(listen_port), "127.0.0.1", int(target_port), control).run(stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
