"""Opens TunnelGUI with demo profiles and live loopback traffic, for docs/screenshot.png.

    ../shared/tools/screenshot docs/screenshot.png --wait 90 -- \
        python docs/screenshot_demo.py
    ../shared/tools/screenshot docs/screenshot-dark.png --wait 90 -- \
        python docs/screenshot_demo.py --dark

A child process plays the targets and the clients (all on 127.0.0.1), so the app's own process
does only what it does for a user.
"""

from __future__ import annotations

import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- the child: targets and clients ----------------------------------------------------------


def serve_answers(listener: socket.socket) -> None:
    """A target that answers each request with four times as many bytes (a download-heavy API)."""

    def handle(conn: socket.socket) -> None:
        with conn:
            try:
                while data := conn.recv(65536):
                    conn.sendall(b"r" * (len(data) * 4))
            except OSError:
                pass

    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def client(port: int, phase: float, scale: float) -> None:
    """Requests at a rate that drifts slowly, like real use; reconnects now and then."""
    began = time.monotonic()
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port)) as sock:
                for _ in range(random.randint(40, 400)):
                    t = time.monotonic() - began
                    level = 1.1 + math.sin(t / 17 + phase) + 0.4 * math.sin(t / 5.3 + 2 * phase)
                    size = max(256, int(scale * level * random.uniform(0.7, 1.3)))
                    sock.sendall(b"q" * size)
                    wanted, got = size * 4, 0
                    while got < wanted:
                        got += len(sock.recv(65536))
                    time.sleep(0.1)
        except OSError:
            time.sleep(0.5)


def run_child(info_path: Path) -> None:
    answers = socket.create_server(("127.0.0.1", 0))
    blocker = socket.create_server(("127.0.0.1", 0))  # holds a port so one profile fails
    info = {
        "answers": answers.getsockname()[1],
        "blocked": blocker.getsockname()[1],
        "web": free_port(),
        "metrics": free_port(),
    }
    threading.Thread(target=serve_answers, args=(answers,), daemon=True).start()
    info_path.write_text(json.dumps(info))
    # Clients wait for the app's listeners.
    while True:
        try:
            socket.create_connection(("127.0.0.1", info["web"]), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    for index in range(5):
        threading.Thread(
            target=client, args=(info["web"], index * 0.25, 2_500), daemon=True
        ).start()
    threading.Thread(target=client, args=(info["metrics"], 0.5, 600), daemon=True).start()
    # Leave with the app: the screenshot tool ends the parent only.
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)


# -- the parent: profiles, then the app ------------------------------------------------------


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        run_child(Path(sys.argv[2]))
        return 0
    sys.path.insert(0, str(ROOT))
    from tunnelgui.profiles.model import Profile, ProfileOptions
    from tunnelgui.profiles.store import ProfileStore

    config = Path(tempfile.mkdtemp(prefix="tunnelgui-demo-"))
    info_path = config / "demo-ports.json"
    child = subprocess.Popen([sys.executable, __file__, "--child", str(info_path)])
    try:
        while not info_path.exists():
            time.sleep(0.05)
        time.sleep(0.1)
        info = json.loads(info_path.read_text())
        if "--dark" in sys.argv[1:]:
            (config / "settings.json").write_text('{"color_scheme": "dark"}\n')
        store = ProfileStore.open(config / "profiles.json")
        for profile in (
            Profile("web frontend", info["web"], "127.0.0.1", info["answers"], autostart=True,
                    group="dev", notes="Local checkout of the web app"),
            Profile("metrics", info["metrics"], "127.0.0.1", info["answers"], autostart=True,
                    group="dev"),
            Profile("postgres", 15432, "127.0.0.1", free_port(), autostart=True, group="dev"),
            Profile("redis", info["blocked"], "127.0.0.1", 6379, autostart=True, group="staging"),
            Profile("billing api", 18443, "billing.internal.example", 443, group="prod",
                    options=ProfileOptions(max_connections=50,
                                           allowed_networks=("10.0.0.0/8",))),
            Profile("grafana", 13000, "grafana.internal.example", 3000, group="prod"),
        ):  # fmt: skip
            store.add(profile)
        from tunnelgui.cli import main as cli_main

        return cli_main(["--config-dir", str(config)])
    finally:
        child.terminate()
        child.wait(5)


if __name__ == "__main__":
    sys.exit(main())
