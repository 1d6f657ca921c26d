"""The tray on a real X screen with a real tray host, driven by real mouse clicks."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = Path(__file__).with_name("real_tray_check.py")
SCREEN_WIDTH = 1024  # as the tray_display fixture starts Xvfb

pytestmark = [pytest.mark.tray, pytest.mark.slow]


@pytest.fixture(autouse=True)
def needs_xdotool():
    if shutil.which("xdotool") is None:
        pytest.skip("needs xdotool to click the tray icon (Debian package xdotool)")


def run_check(env: dict[str, str], scenario: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(CHECK), scenario],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    assert lines, f"no result (exit {done.returncode}); stderr:\n{done.stderr}"
    result = json.loads(lines[-1])
    assert "error" not in result, f"{result}\nstderr:\n{done.stderr}"
    assert done.returncode == 0, f"{result}\nstderr:\n{done.stderr}"
    return result


def test_tray_icon_menu_clicks_close_and_quit(tray_display):
    result = run_check(tray_display, "full")
    assert result["available"] and result["installed"]
    assert result["icon_embedded"] and result["icon_visible"]
    x, y, width, height = result["icon_geometry"]
    # trayer sits at the top right; the icon is inside it, not a stray window at 0,0.
    assert (x + width > SCREEN_WIDTH - 200, y < 24, width >= 16, height >= 16) == (
        True,
        True,
        True,
        True,
    ), result["icon_geometry"]
    assert result["idle_icon_colors"] > 4  # artwork, not an empty square
    checks = [
        "state_idle",
        "menu_opens",
        "toggle_starts",
        "state_active",
        "icon_redrawn",
        "group_menu_opens",
        "start_group",
        "toggle_stops",
        "state_error",
        "left_click_hides",
        "left_click_shows",
        "double_click_shows",
        "close_hides",
        "close_notice_remembered",
        "close_taken_by_tray",
        "stopped_all_on_quit",
        "icon_hidden_after_quit",
    ]
    assert {name: result[name] for name in checks} == dict.fromkeys(checks, True)
    assert result["quit_exit_code"] == 0
    assert result["tooltip"].splitlines()[:2] == ["TunnelGUI", "1 of 3 tunnels running"]
    _title, body, critical = result["notified"]
    assert "db-a failed" in body and critical
    assert result["qt_warnings"] == []


def needs_the_app():
    # find_spec, not an import: the app's modules build Qt objects that want a QApplication,
    # and this process has none (the app runs in the subprocess).
    if importlib.util.find_spec("tunnelgui.ui.app_session") is None:
        pytest.skip("needs the desktop app (the gui branch)")


def test_real_app_tray_drives_real_tunnels(tray_display):
    needs_the_app()
    result = run_check(tray_display, "app")
    checks = [
        "installed",
        "window_shown",
        "icon_settled",
        "state_idle",
        "menu_opens",
        "toggle_starts",
        "relays",
        "state_active",
        "group_menu_opens",
        "start_group",
        "toggle_stops",
        "state_error",
        "close_hides",
        "close_notice_saved",
        "still_relaying",
        "quit_menu_opens",
        "quit_chosen",
        "ports_closed_after_quit",
    ]
    assert {name: result[name] for name in checks} == dict.fromkeys(checks, True), result
    assert result["quit_exit_code"] == 0
    assert result["failed_entry"] == "\u26a0 busy \u2014 failed"
    _title, body, critical = result["notified"]
    assert body.startswith("busy failed: ") and critical
    assert result["qt_warnings"] == []


def test_app_quit_closes_the_window_for_real(tray_display):
    """File > Quit calls QApplication.quit(): Qt 6 closes the windows first, and those closes
    must not be mistaken for the user hiding the window to the tray."""
    needs_the_app()
    result = run_check(tray_display, "app-quit")
    assert result["installed"] and result["window_shown"]
    assert result["quit_exit_code"] == 0
    assert result["window_closed"]
    assert not result["close_notice_saved"]
    assert result["qt_warnings"] == []
