"""The desktop entry and AppStream metainfo pass the validators and agree with the app."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tunnelgui import __version__
from tunnelgui.resource_paths import APP_ID, DESKTOP_ENTRY, METAINFO, resource_path

INSTALL_HINT = "install the Debian package {} (bash .ci/run does this as root)"


def run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        package = "desktop-file-utils" if command[0] == "desktop-file-validate" else "appstream"
        pytest.skip(f"{command[0]} is not installed: " + INSTALL_HINT.format(package))
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_desktop_entry_passes_desktop_file_validate():
    done = run_validator("desktop-file-validate", str(resource_path(DESKTOP_ENTRY)))
    assert done.returncode == 0, done.stdout + done.stderr
    # Hints are advice; errors and warnings are not accepted.
    assert "error:" not in done.stdout
    assert "warning:" not in done.stdout


def test_metainfo_passes_appstreamcli_validate():
    done = run_validator("appstreamcli", "validate", "--no-net", str(resource_path(METAINFO)))
    assert done.returncode == 0, done.stdout + done.stderr


def desktop_entry() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read_string(resource_path(DESKTOP_ENTRY).read_text(encoding="utf-8"))
    return parser


def test_desktop_entry_starts_the_installed_command_with_our_icon():
    entry = desktop_entry()["Desktop Entry"]
    assert entry["Exec"] == "tunnelgui"
    assert entry["Icon"] == APP_ID
    assert entry["Type"] == "Application"
    assert set(entry["Categories"].rstrip(";").split(";")) == {"Network", "Utility"}
    assert "port" in entry["Keywords"].split(";")


def test_metainfo_agrees_with_the_app():
    root = ET.parse(resource_path(METAINFO)).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_ENTRY
    assert root.findtext("provides/binary") == "tunnelgui"
    assert root.find("content_rating") is not None
    screenshot = root.findtext("screenshots/screenshot/image")
    assert screenshot is not None
    assert screenshot.startswith("https://")
    # The newest release listed is the version being shipped: bumping __version__ needs notes.
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__
    assert newest.find("description") is not None
