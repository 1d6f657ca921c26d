"""Fixtures for tray tests: a virtual X screen with a real tray host (Xvfb + trayer)."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator

import pytest

TRAYER_ARGS = (
    "--edge", "top", "--align", "right", "--widthtype", "request",
    "--height", "24", "--transparent", "false",
)  # fmt: skip
XVFB_ARGS = ("-nolisten", "tcp", "-screen", "0", "1024x768x24")
START_TIMEOUT = 30.0


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _read_display_number(pipe_fd: int, xvfb: subprocess.Popen) -> str:
    """Xvfb -displayfd writes the display number it picked once it accepts clients."""
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([pipe_fd], [], [], START_TIMEOUT)
        if not ready:
            raise RuntimeError(f"Xvfb did not report a display within {START_TIMEOUT:.0f} s")
        chunk = os.read(pipe_fd, 64)
        if not chunk:
            raise RuntimeError(f"Xvfb exited early (status {xvfb.poll()})")
        data += chunk
    return data.decode().strip()


@pytest.fixture(scope="module")
def tray_display() -> Iterator[dict[str, str]]:
    """A private X display (-nolisten tcp; the number Xvfb picks is free by construction) with
    trayer running on it. Yields the environment for a Qt process on that screen; both processes
    are stopped afterwards, whatever happened in the test."""
    xvfb_path, trayer_path = shutil.which("Xvfb"), shutil.which("trayer")
    if xvfb_path is None or trayer_path is None:
        missing = " and ".join(
            name for name, path in (("Xvfb", xvfb_path), ("trayer", trayer_path)) if not path
        )
        pytest.skip(
            f"needs {missing} for a real system tray (Debian packages xvfb and trayer; "
            ".ci/run installs them when run as root)"
        )
    xvfb = trayer = None
    read_fd, write_fd = os.pipe()
    with tempfile.TemporaryFile() as xvfb_log, tempfile.TemporaryFile() as trayer_log:
        try:
            xvfb = subprocess.Popen(
                [xvfb_path, "-displayfd", str(write_fd), *XVFB_ARGS],
                pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL,
                stdout=xvfb_log,
                stderr=xvfb_log,
                start_new_session=True,
            )
            os.close(write_fd)
            write_fd = -1
            display = f":{_read_display_number(read_fd, xvfb)}"
            env = {
                key: value
                for key, value in os.environ.items()
                # Keep Qt on the X11 tray of this screen, not a desktop's D-Bus tray.
                if key not in ("DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY")
            }
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
            trayer = subprocess.Popen(
                [trayer_path, *TRAYER_ARGS],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=trayer_log,
                stderr=trayer_log,
                start_new_session=True,
            )
            yield env
        finally:
            if write_fd >= 0:
                os.close(write_fd)
            os.close(read_fd)
            _stop(trayer)
            _stop(xvfb)
