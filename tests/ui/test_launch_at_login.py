"""Launch at login: the settings box writes and removes a valid XDG autostart entry."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tunnelgui.desktop_entry import (
    launches_at_login,
    login_entry_path,
    login_entry_text,
    set_launch_at_login,
)

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="XDG autostart is for freedesktop.org desktops"
)


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def main_group(text: str) -> dict[str, str]:
    group = text.split("[Desktop Action", 1)[0]
    return dict(line.split("=", 1) for line in group.splitlines() if "=" in line)


def test_the_entry_starts_minimized_and_passes_desktop_file_validate(config_home):
    set_launch_at_login(True, command=["/home/a user/bin/tunnelgui"])
    entry = login_entry_path()
    assert entry == config_home / "autostart" / "io.github.tunnelgui.TunnelGUI.desktop"
    values = main_group(entry.read_text(encoding="utf-8"))
    assert values["Exec"] == '"/home/a user/bin/tunnelgui" --minimized'
    assert values["X-GNOME-Autostart-enabled"] == "true"
    assert launches_at_login()
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed: install desktop-file-utils")
    done = subprocess.run(
        ["desktop-file-validate", str(entry)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "error:" not in done.stdout, done.stdout
    set_launch_at_login(False)
    assert not entry.exists() and not launches_at_login()
    set_launch_at_login(False)  # nothing there: nothing to do, no error


def test_only_the_main_exec_line_gets_minimized():
    text = login_entry_text(["/usr/bin/tunnelgui"])
    assert text.count("--minimized") == 2  # the main Exec, and the action that already had it
    assert "Exec=/usr/bin/tunnelgui --minimized\n" in text


def test_the_settings_box_writes_and_removes_the_entry(qtbot, session, config_home):
    window = session.window
    entry = login_entry_path()
    window.action("settings").trigger()
    dialog = window.settings_dialog
    box = dialog.launch_at_login
    assert box.objectName() == "launchAtLoginCheck" and box.accessibleName()
    assert not box.isHidden() and not box.isChecked()
    box.setChecked(True)
    dialog.accept()
    assert entry.is_file()
    assert "--minimized" in main_group(entry.read_text(encoding="utf-8"))["Exec"]

    window.action("settings").trigger()
    dialog = window.settings_dialog
    assert dialog.launch_at_login.isChecked()  # read from the file that is there
    dialog.launch_at_login.setChecked(False)
    dialog.accept()
    assert not entry.exists()


def test_a_login_entry_that_cannot_be_written_is_explained(qtbot, session, config_home):
    config_home.mkdir()
    (config_home / "autostart").write_text("a file where the folder should be")
    window = session.window
    window.action("settings").trigger()
    window.settings_dialog.launch_at_login.setChecked(True)
    window.settings_dialog.accept()
    box = window.messages.current
    assert box is not None and "Cannot create the login entry" in box.text()
