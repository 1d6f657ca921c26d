"""A real OpenSSH server on 127.0.0.1 for tests, with its own keys, ssh_config and known_hosts."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import psutil

SSHD = "/usr/sbin/sshd"
SSH_KEYGEN = shutil.which("ssh-keygen") or "/usr/bin/ssh-keygen"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def keygen(path: Path, comment: str) -> Path:
    subprocess.run(
        [SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True
    )
    return path


class Sshd:
    """`sshd -D -e` as the current user, StrictModes off (tmp folders), no PAM."""

    def __init__(self, folder: Path, client_key: Path, name: str = "sshd") -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.host_key = keygen(folder / f"{name}_host_key", name)
        self.authorized = folder / f"{name}_authorized_keys"
        self.authorized.write_text(Path(f"{client_key}.pub").read_text())
        self.port = free_port()
        self.config = folder / f"{name}_config"
        self.log = folder / f"{name}.log"
        self.config.write_text(
            f"ListenAddress 127.0.0.1:{self.port}\n"
            f"HostKey {self.host_key}\n"
            f"AuthorizedKeysFile {self.authorized}\n"
            f"PidFile {folder / (name + '.pid')}\n"
            "StrictModes no\nUsePAM no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPermitRootLogin yes\n"
            "AllowTcpForwarding yes\nAllowStreamLocalForwarding yes\n"
            "LogLevel VERBOSE\nMaxStartups 100:30:200\nMaxSessions 50\n"
        )
        self.proc: subprocess.Popen | None = None

    def known_hosts_line(self) -> str:
        public = Path(f"{self.host_key}.pub").read_text().split()
        return f"[127.0.0.1]:{self.port} {public[0]} {public[1]}\n"

    def start(self) -> Sshd:
        if os.geteuid() == 0:
            # As root sshd wants its privilege-separation folder (the ssh service makes it).
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [SSHD, "-D", "-e", "-f", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"sshd did not start: {self.log.read_text()}") from None
                time.sleep(0.02)
        raise RuntimeError("sshd did not listen within 10 s")

    def stop(self) -> None:
        """Kill sshd and every session process it forked (they share its process group)."""
        if self.proc is None:
            return
        try:
            sessions = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            sessions = []
        for process in [psutil.Process(self.proc.pid), *sessions]:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()  # sessions may have made groups of their own
        self.proc.wait(10)
        self.proc = None


class SshWorld:
    """One sshd plus a client side of our own: key, known_hosts and ssh_config (never ~/.ssh)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        self.key = keygen(folder / "client_key", "tunnelgui-test")
        self.sshd = Sshd(folder / "server", self.key).start()
        self.known_hosts = folder / "known_hosts"
        self.known_hosts.write_text(self.sshd.known_hosts_line())
        self.config = folder / "ssh_config"
        self.write_config()

    def write_config(self, extra: str = "") -> None:
        user = psutil.Process().username()
        self.config.write_text(
            f"Host bastion\n  HostName 127.0.0.1\n  Port {self.sshd.port}\n  User {user}\n"
            f"{extra}"
            f"Host *\n  IdentityFile {self.key}\n  IdentitiesOnly yes\n"
            f"  UserKnownHostsFile {self.known_hosts}\n  GlobalKnownHostsFile /dev/null\n"
            "  StrictHostKeyChecking ask\n  IdentityAgent none\n  LogLevel ERROR\n"
        )

    def add_inner_server(self) -> Sshd:
        """A second sshd, named "inner" in the config, for ProxyJump through bastion."""
        inner = Sshd(self.folder / "inner", self.key, name="inner").start()
        self.inner = inner
        with open(self.known_hosts, "a") as known:
            known.write(inner.known_hosts_line())
        user = psutil.Process().username()
        self.write_config(f"Host inner\n  HostName 127.0.0.1\n  Port {inner.port}\n  User {user}\n")
        return inner

    def close(self) -> None:
        self.sshd.stop()
        inner = getattr(self, "inner", None)
        if inner is not None:
            inner.stop()


def ssh_children() -> list[psutil.Process]:
    """ssh client processes that are children of this test process (direct or deeper)."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.name() == "ssh" and child.status() != psutil.STATUS_ZOMBIE:
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found
