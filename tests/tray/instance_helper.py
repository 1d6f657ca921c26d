"""Run as a separate process by the single-instance tests: another launch of the app, as far as
the instance lock and local socket are concerned.

    python tests/tray/instance_helper.py MODE CONFIG_DIR
MODE: "launch" (acquire, print the outcome as JSON, exit), "crash" (acquire, then die by SIGKILL
leaving the lock file and socket behind), "hold-lock" (hold the lock file without listening
until stdin closes).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile

from tunnelgui.ui.single_instance import LOCK_FILE_NAME, InstanceError, SingleInstance


def main() -> int:
    mode, config_dir = sys.argv[1], Path(sys.argv[2])
    app = QCoreApplication([])  # noqa: F841 (local sockets want an application object)
    if mode == "hold-lock":
        lock = QLockFile(str(config_dir / LOCK_FILE_NAME))
        lock.setStaleLockTime(0)
        print(json.dumps({"locked": lock.tryLock(0)}), flush=True)
        sys.stdin.read()
        lock.unlock()
        return 0
    instance = SingleInstance(config_dir)
    try:
        primary = instance.acquire(startup_grace_seconds=1.0)
    except InstanceError as error:
        print(json.dumps({"error": str(error)}), flush=True)
        return 1
    print(json.dumps({"primary": primary, "name": instance.name}), flush=True)
    if mode == "crash" and primary:
        os.kill(os.getpid(), signal.SIGKILL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
