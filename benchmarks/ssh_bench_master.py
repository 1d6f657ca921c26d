"""The ssh master the SSH-hop benchmark prototypes start (ssh_w_forward, ssh_mux_forward,
ssh_mux_pair): one `ssh -N -M` to the benchmark's `bastion` with its control socket in a private
temporary folder, ended and cleaned up on exit."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator


@contextlib.contextmanager
def bench_master(config: str, cipher: str) -> Iterator[str]:
    """Yields the control socket's path once it exists (or after 30 s: the prototype then
    fails on its first connection, which the benchmark reports)."""
    folder = tempfile.mkdtemp(prefix="tunnelgui-bench-")  # 0700
    control = os.path.join(folder, "master.sock")
    master = subprocess.Popen(
        ["ssh", "-F", config, "-o", f"Ciphers={cipher}", "-N", "-T", "-M", "-S", control,
         "-o", "ControlPersist=no", "bastion"],
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not os.path.exists(control) and time.monotonic() < deadline:
            time.sleep(0.01)
        yield control
    finally:
        master.terminate()
        try:
            master.wait(5)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait(5)
        shutil.rmtree(folder, ignore_errors=True)  # its control socket is gone with the master
