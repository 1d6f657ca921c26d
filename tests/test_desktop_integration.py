"""--install-desktop-entry and --uninstall-desktop-entry, against a temporary XDG home."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tunnelgui import desktop_integration
from tunnelgui.desktop_integration import (
    DesktopIntegrationError,
    data_home,
    exec_quote,
    install,
    uninstall,
)
from tunnelgui.resource_paths import APP_ICON_SIZES, APP_ID, app_icon_png, resource_path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = Path("applications") / f"{APP_ID}.desktop"


def installed_icons(home: Path) -> list[Path]:
    hicolor = home / "icons" / "hicolor"
    return [hicolor / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in APP_ICON_SIZES] + [
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    ]


def entry_values(path: Path, key: str) -> list[str]:
    return [
        line.split("=", 1)[1]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(key + "=")
    ]


def test_install_writes_entry_and_icons_then_uninstall_removes_only_them(tmp_path):
    home = tmp_path / "share"
    neighbour = home / "applications" / "other.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\n", encoding="utf-8")

    lines = install(home, ["/opt/tunnelgui/bin/tunnelgui"])

    entry = home / ENTRY
    assert str(entry) in lines[0]
    assert entry_values(entry, "Exec") == [
        "/opt/tunnelgui/bin/tunnelgui",
        "/opt/tunnelgui/bin/tunnelgui --minimized",
    ]
    assert entry_values(entry, "TryExec") == ["/opt/tunnelgui/bin/tunnelgui"]
    assert entry_values(entry, "Icon") == [APP_ID]
    for size, icon in zip(APP_ICON_SIZES, installed_icons(home), strict=False):
        assert icon.read_bytes() == resource_path(app_icon_png(size)).read_bytes()
    assert installed_icons(home)[-1].suffix == ".svg"
    assert not list(home.rglob(".*"))  # no temporary files left behind

    lines = uninstall(home)
    assert lines == [
        f"Removed the desktop entry {entry}",
        f"Removed {len(APP_ICON_SIZES) + 1} app icons under {home / 'icons' / 'hicolor'}",
    ]
    assert not entry.exists()
    assert not any(icon.exists() for icon in installed_icons(home))
    assert neighbour.read_text(encoding="utf-8") == "[Desktop Entry]\n"
    assert uninstall(home) == [
        f"Nothing to remove: no TunnelGUI desktop entry or icons under {home}"
    ]


def test_installing_twice_replaces_the_entry(tmp_path):
    install(tmp_path, ["/old/tunnelgui"])
    install(tmp_path, ["/new/tunnelgui"])
    assert entry_values(tmp_path / ENTRY, "Exec")[0] == "/new/tunnelgui"


def test_installed_entry_passes_desktop_file_validate(tmp_path):
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed: install desktop-file-utils")
    install(tmp_path, ["/home/a user/my apps/tunnelgui"])
    done = subprocess.run(
        ["desktop-file-validate", str(tmp_path / ENTRY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert "error:" not in done.stdout


@pytest.mark.parametrize(
    ("argument", "written"),
    [
        ("/usr/bin/tunnelgui", "/usr/bin/tunnelgui"),
        ("--minimized", "--minimized"),
        ("/home/a user/tunnelgui", '"/home/a user/tunnelgui"'),
        ("/opt/100%/tunnelgui", "/opt/100%%/tunnelgui"),
        ('/odd"dir/tunnelgui', '"/odd\\\\"dir/tunnelgui"'),
        ("/cost$/tunnelgui", '"/cost\\\\$/tunnelgui"'),
        ("", '""'),
    ],
)
def test_exec_quote_follows_the_desktop_entry_spec(argument, written):
    assert exec_quote(argument) == written


def test_data_home_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert data_home() == tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")  # invalid per the spec: ignored
    assert data_home() == tmp_path / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert data_home() == tmp_path / ".local" / "share"


def test_launcher_prefers_the_running_console_script(tmp_path, monkeypatch):
    script = tmp_path / "bin" / "tunnelgui"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [str(script), "--install-desktop-entry"])
    assert desktop_integration.launcher_command() == [str(script)]


def test_launcher_falls_back_to_python_module(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", [str(ROOT / "tunnelgui" / "__main__.py")])
    monkeypatch.setenv("PATH", str(tmp_path))  # no tunnelgui command anywhere
    assert desktop_integration.launcher_command() == [sys.executable, "-m", "tunnelgui"]


def test_launcher_of_a_frozen_bundle_is_the_bundle(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert desktop_integration.launcher_command() == [sys.executable]


def run_cli(*args: str, data: Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "tunnelgui", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_install_and_uninstall(tmp_path):
    data = tmp_path / "share"
    done = run_cli("--install-desktop-entry", data=data, path=str(tmp_path / "empty"))
    assert done.returncode == 0, done.stderr
    assert f"Installed the desktop entry {data / ENTRY}" in done.stdout
    # Run as `python -m tunnelgui` with no tunnelgui command on PATH: the entry runs this Python.
    exec_line = entry_values(data / ENTRY, "Exec")[0]
    assert shlex.split(exec_line) == [sys.executable, "-m", "tunnelgui"]
    assert "Note: no 'tunnelgui' command was found" in done.stdout

    done = run_cli("--uninstall-desktop-entry", data=data)
    assert done.returncode == 0, done.stderr
    assert f"Removed the desktop entry {data / ENTRY}" in done.stdout
    assert not (data / ENTRY).exists()


def test_cli_reports_an_unwritable_place_in_one_line(tmp_path):
    blocker = tmp_path / "share"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    done = run_cli("--install-desktop-entry", data=blocker)
    assert done.returncode == 1
    assert done.stderr.startswith("tunnelgui: Cannot install the desktop entry under")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_cli_flags_take_no_command(tmp_path):
    done = run_cli("--install-desktop-entry", "run", data=tmp_path)
    assert done.returncode == 2
    assert "take no command" in done.stderr
    done = run_cli("--install-desktop-entry", "--uninstall-desktop-entry", data=tmp_path)
    assert done.returncode == 2
    assert "not allowed with" in done.stderr


def test_windows_and_macos_are_told_to_use_the_packaged_app(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(DesktopIntegrationError, match="packaged app"):
        install(tmp_path / "share", ["tunnelgui"])
    assert not (tmp_path / "share").exists()
