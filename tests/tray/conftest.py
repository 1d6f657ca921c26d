"""Fixtures for tray tests: a virtual X screen (Xvfb) with or without a real tray host (trayer)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import pytest

# -noreset: an X server resets when its last client leaves, and clients that connect during the
# reset (trayer, the app under test) fail with "cannot open display".
XVFB_ARGS = ("-nolisten", "tcp", "-noreset", "-screen", "0", "1024x768x24")
TRAYER_ARGS = (
    "--edge", "top", "--align", "right", "--widthtype", "request",
    "--height", "24", "--transparent", "false",
)  # fmt: skip
START_TIMEOUT = 30.0


def _die_with_parent() -> None:
    """Runs in the child before exec: if the test process dies without cleaning up (a crash,
    SIGKILL), the kernel stops Xvfb and trayer too (Linux; elsewhere the fixture's finally is
    all there is)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


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


def _xlib() -> ctypes.CDLL:
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    x11.XGetSelectionOwner.restype = ctypes.c_ulong
    x11.XGetSelectionOwner.argtypes = (ctypes.c_void_p, ctypes.c_ulong)
    x11.XCloseDisplay.argtypes = (ctypes.c_void_p,)
    return x11


def _tray_owner_present(display: str) -> bool:
    """True when some program owns the X11 tray selection of screen 0 (what Qt checks too)."""
    x11 = _xlib()
    connection = x11.XOpenDisplay(display.encode())
    if not connection:
        return False
    try:
        selection = x11.XInternAtom(connection, b"_NET_SYSTEM_TRAY_S0", 0)
        return x11.XGetSelectionOwner(connection, selection) != 0
    finally:
        x11.XCloseDisplay(connection)


class VirtualScreen:
    """A private X display (-nolisten tcp; the number Xvfb picks is free by construction),
    optionally with trayer. `env` is the environment for a Qt process on that screen."""

    def __init__(self, xvfb_path: str, trayer_path: str) -> None:
        self._trayer_path = trayer_path
        self._trayer: subprocess.Popen | None = None
        self._xvfb: subprocess.Popen | None = None
        read_fd, write_fd = os.pipe()
        try:
            self._xvfb = subprocess.Popen(
                [xvfb_path, "-displayfd", str(write_fd), *XVFB_ARGS],
                pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
            os.close(write_fd)
            write_fd = -1
            self.display = f":{_read_display_number(read_fd, self._xvfb)}"
        except BaseException:
            self.close()
            raise
        finally:
            if write_fd >= 0:
                os.close(write_fd)
            os.close(read_fd)
        self.env = {
            key: value
            for key, value in os.environ.items()
            # Keep Qt on the X11 tray of this screen, not a desktop's D-Bus tray.
            if key not in ("DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY")
        }
        self.env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb")

    def start_tray(self) -> None:
        """Start trayer and wait until it owns the tray selection."""
        with tempfile.TemporaryFile() as log:
            self._trayer = subprocess.Popen(
                [self._trayer_path, *TRAYER_ARGS],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
            deadline = time.monotonic() + START_TIMEOUT
            while not _tray_owner_present(self.display):
                if self._trayer.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace").strip() or "no output"
                    raise RuntimeError(
                        f"trayer did not take the tray on {self.display} "
                        f"(status {self._trayer.poll()}): {output}"
                    )
                time.sleep(0.05)

    def close(self) -> None:
        _stop(self._trayer)
        _stop(self._xvfb)


def _tools() -> tuple[str, str]:
    xvfb_path, trayer_path = shutil.which("Xvfb"), shutil.which("trayer")
    if xvfb_path is None or trayer_path is None:
        missing = " and ".join(
            name for name, path in (("Xvfb", xvfb_path), ("trayer", trayer_path)) if not path
        )
        pytest.skip(
            f"needs {missing} for a real system tray (Debian packages xvfb and trayer; "
            ".ci/run installs them when run as root)"
        )
    return xvfb_path, trayer_path


@pytest.fixture(scope="module")
def tray_display() -> Iterator[dict[str, str]]:
    """The environment for a Qt process on a virtual screen whose tray is up. Xvfb and trayer
    are stopped afterwards, whatever happened in the tests."""
    screen = VirtualScreen(*_tools())
    try:
        screen.start_tray()
        yield screen.env
    finally:
        screen.close()


@pytest.fixture
def screen_without_tray() -> Iterator[VirtualScreen]:
    """A virtual screen with no tray yet; the test may start one with start_tray()."""
    screen = VirtualScreen(*_tools())
    try:
        yield screen
    finally:
        screen.close()
