"""Launching the app: a second launch hands over to the running one; a tray host that starts
after the app (as at login) still gets the icon."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tunnelgui.ui.single_instance import SingleInstance

ROOT = Path(__file__).resolve().parents[2]
LAUNCH_TIMEOUT = 120  # generous: two cores shared by several test runs


@pytest.fixture(autouse=True)
def needs_the_app():
    # find_spec, not an import: the app module may build Qt objects on import.
    if importlib.util.find_spec("tunnelgui.app") is None:
        pytest.skip("needs the desktop app (tunnelgui/app.py, the gui branch)")


def tunnelgui(config_dir: Path, *args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tunnelgui", "--config-dir", str(config_dir), *args],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_process(process: subprocess.Popen, qtbot=None, timeout: float = LAUNCH_TIMEOUT):
    """Wait for the process to end (spinning this process's event loop when a qtbot is given,
    so an in-process instance can answer it); kill it if it does not."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if qtbot is not None:
            qtbot.wait(20)
        else:
            time.sleep(0.05)
    if process.poll() is None:
        process.kill()
    out, err = process.communicate(timeout=30)
    return process.returncode, out, err


def test_second_launch_exits_and_asks_the_first_to_show(qtbot, tmp_path):
    config = tmp_path / "cfg"
    running = SingleInstance(config)
    assert running.acquire()
    try:
        second = tunnelgui(config, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        with qtbot.waitSignal(running.showRequested, timeout=LAUNCH_TIMEOUT * 1000):
            pass
        code, _out, err = wait_process(second, qtbot)
        assert code == 0, err
        # It handed over before opening anything: no profiles or settings written.
        assert sorted(p.name for p in config.iterdir()) == ["instance.lock"]
    finally:
        running.release()


def xdotool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    return done.stdout


def visible_windows(env: dict[str, str], pid: int) -> list[tuple[int, int]]:
    """(width, height) of each mapped window of process `pid` (Qt sets _NET_WM_PID). The app's
    tray icon is one too, a small one, docked in the tray host's panel."""
    sizes = []
    for window_id in xdotool(env, "search", "--onlyvisible", "--pid", str(pid)).split():
        geometry = xdotool(env, "getwindowgeometry", "--shell", window_id)
        values = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
        if "WIDTH" in values:
            sizes.append((int(values["WIDTH"]), int(values["HEIGHT"])))
    return sizes


def icons(env: dict[str, str], app: subprocess.Popen) -> list[tuple[int, int]]:
    return [size for size in visible_windows(env, app.pid) if 1 < size[0] <= 64]


def main_windows(env: dict[str, str], app: subprocess.Popen) -> list[tuple[int, int]]:
    return [size for size in visible_windows(env, app.pid) if size[0] > 64]


def wait_for(condition, timeout: float, process: subprocess.Popen) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@pytest.mark.tray
@pytest.mark.slow
def test_two_real_launches_on_a_desktop_with_a_tray(tray_display, tmp_path):
    """The first app starts hidden in the tray (--minimized); the second launch exits 0 and the
    first one's window appears."""
    if shutil.which("xdotool") is None:
        pytest.skip("needs xdotool to look for the window (Debian package xdotool)")
    config = tmp_path / "cfg"
    first = tunnelgui(config, "--minimized", env=tray_display)
    try:
        # Up and running once its tray icon is on screen.
        assert wait_for(lambda: bool(icons(tray_display, first)), LAUNCH_TIMEOUT, first), (
            first.poll()
        )
        time.sleep(1.0)  # time enough for a window that should not be there to appear
        assert main_windows(tray_display, first) == []  # hidden in the tray
        code, _out, err = wait_process(tunnelgui(config, env=tray_display))
        assert code == 0, err
        assert wait_for(lambda: bool(main_windows(tray_display, first)), 30, first)
        assert first.poll() is None  # still the one app
    finally:
        first.terminate()
        code, _out, err = wait_process(first, timeout=30)


@pytest.mark.tray
@pytest.mark.slow
def test_a_tray_host_that_starts_later_still_gets_the_icon(screen_without_tray, tmp_path):
    if shutil.which("xdotool") is None:
        pytest.skip("needs xdotool to look for the window (Debian package xdotool)")
    env = screen_without_tray.env
    app = tunnelgui(tmp_path / "cfg", env=env)
    try:
        assert wait_for(lambda: bool(main_windows(env, app)), LAUNCH_TIMEOUT, app), app.poll()
        assert icons(env, app) == []
        screen_without_tray.start_tray()
        assert wait_for(lambda: bool(icons(env, app)), 30, app), app.poll()
    finally:
        app.terminate()
        wait_process(app, timeout=30)
