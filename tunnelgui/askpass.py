"""ssh's prompts (SSH_ASKPASS) answered by the process that runs the tunnels: app or terminal."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import shlex
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Callable

MAX_PROMPT = 64 * 1024
# Nobody answering for this long is a "no": ssh then fails with its own message.
ANSWER_TIMEOUT = 300.0

Answer = Callable[[str, bool], "str | None"]  # (ssh's prompt verbatim, secret) -> reply / None


def is_secret(prompt: str) -> bool:
    """A passphrase or password (hidden while typed), not the yes/no question ssh asks about a
    new host key (whose answer is typed back in the open)."""
    return "(yes/no" not in prompt


class PromptServer:
    """A private Unix socket that the askpass launcher (`program`) asks; each question is
    answered by `answer` on a thread of its own. SSH_ASKPASS=program, one server per process."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.folder = tempfile.mkdtemp(prefix="tunnelgui-askpass-")  # 0700
        self.socket_path = os.path.join(self.folder, "askpass.sock")
        self.program = os.path.join(self.folder, "askpass")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.socket_path)
        self.sock.listen(8)
        command = shlex.join([sys.executable, "-m", "tunnelgui.askpass", self.socket_path])
        with open(self.program, "w", encoding="utf-8") as launcher:
            launcher.write(f'#!/bin/sh\nexec {command} "$@"\n')
        os.chmod(self.program, 0o700)
        self.closed = False
        self.thread = threading.Thread(target=self._accept, name="askpass", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self.thread.join(5)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _accept(self) -> None:
        while not self.closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(ANSWER_TIMEOUT)
            try:
                request = json.loads(conn.makefile("rb").readline(MAX_PROMPT))
                prompt = str(request["prompt"])
            except (OSError, ValueError, KeyError, TypeError):
                return
            reply = self.answer(prompt, is_secret(prompt))
            message = {"cancel": True} if reply is None else {"answer": reply}
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps(message).encode() + b"\n")


_TERMINAL = threading.Lock()


def terminal_answer(prompt: str, secret: bool) -> str | None:
    """Ask on this process's terminal (headless runs); None when there is none."""
    with _TERMINAL:
        try:
            if secret:
                return getpass.getpass(prompt)
            with open("/dev/tty", "r+", encoding="utf-8") as tty:
                tty.write(prompt)
                tty.flush()
                line = tty.readline()
        except (OSError, EOFError):
            return None
    return line.rstrip("\n") if line else None


def main(argv: list[str]) -> int:
    """The launcher's side: `python -m tunnelgui.askpass SOCKET PROMPT` -> answer on stdout."""
    if len(argv) < 2:
        print("usage: python -m tunnelgui.askpass SOCKET PROMPT", file=sys.stderr)
        return 2
    socket_path, prompt = argv[0], " ".join(argv[1:])
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(socket_path)
            sock.sendall(json.dumps({"prompt": prompt}).encode() + b"\n")
            reply = json.loads(sock.makefile("rb").readline(MAX_PROMPT) or b"{}")
    except (OSError, ValueError):
        return 1
    if "answer" not in reply:
        return 1
    sys.stdout.write(str(reply["answer"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
