"""The README's table of config folders is what platformdirs gives on each platform."""

from __future__ import annotations

from pathlib import Path

import platformdirs.windows
from platformdirs.macos import MacOS
from platformdirs.unix import Unix

from tunnelgui.paths import APP_NAME

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_linux_and_macos_folders(monkeypatch):
    monkeypatch.setenv("HOME", "/home/me")
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(variable, raising=False)
    assert Unix(APP_NAME, appauthor=False).user_config_dir == "/home/me/.config/tunnelgui"
    assert (
        MacOS(APP_NAME, appauthor=False).user_config_dir
        == "/home/me/Library/Application Support/tunnelgui"
    )
    assert "`~/.config/tunnelgui`" in README
    assert "`~/Library/Application Support/tunnelgui`" in README


def test_windows_folder_is_local_appdata(monkeypatch):
    folders = {"CSIDL_LOCAL_APPDATA": r"C:\Users\me\AppData\Local"}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    found = platformdirs.windows.Windows(APP_NAME, appauthor=False).user_config_dir
    # os.path.join on this machine joins with "/", Windows itself with "\".
    assert found.replace("/", "\\") == r"C:\Users\me\AppData\Local\tunnelgui"
    assert r"`%LOCALAPPDATA%\tunnelgui`" in README


def test_overrides_are_documented():
    assert "--config-dir" in README
    assert "TUNNELGUI_CONFIG_DIR" in README
