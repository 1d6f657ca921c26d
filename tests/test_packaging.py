"""packaging/: the systemd unit, the PyInstaller files and the bundle icons are well-formed."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImageReader

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
UNIT = PACKAGING / "systemd" / "tunnelgui-run.service"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def test_systemd_unit_runs_tunnelgui_run_and_restarts_on_failure():
    service = unit()["Service"]
    assert service["ExecStart"] == "%h/.local/bin/tunnelgui run"
    assert service["Restart"] == "on-failure"
    assert unit()["Install"]["WantedBy"] == "default.target"


def test_systemd_unit_passes_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian package systemd)")
    # verify insists that ExecStart exists: point it at a stand-in tunnelgui.
    program = tmp_path / "tunnelgui"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    text = UNIT.read_text(encoding="utf-8").replace("%h/.local/bin/tunnelgui", str(program))
    copy = tmp_path / UNIT.name
    copy.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert UNIT.name not in done.stderr  # no complaint about our unit (others may be noisy)


def test_pyinstaller_files_are_valid_python_and_bash():
    for script in ("tunnelgui.spec", "pyinstaller_entry.py"):
        path = PACKAGING / script
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    done = subprocess.run(
        ["bash", "-n", str(PACKAGING / "build-pyinstaller.sh")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_pyinstaller_entry_runs_the_cli():
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "pyinstaller_entry.py"), "--version"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("tunnelgui ")


@pytest.mark.parametrize(
    ("name", "sizes"),
    [
        ("tunnelgui.ico", [16, 24, 32, 48, 64, 128, 256]),
        ("tunnelgui.icns", [16, 32, 64, 128, 256, 512, 32, 64, 256, 512]),
    ],
)
def test_bundle_icons_hold_every_size(qapp, name, sizes):
    reader = QImageReader(str(PACKAGING / "icons" / name))
    found = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        found.append(image.width())
    assert found == sizes
