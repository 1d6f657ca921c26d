"""The command line's own behaviour: version and usage errors."""

import subprocess
import sys
from pathlib import Path

from tunnelgui import __version__

ROOT = Path(__file__).resolve().parents[1]


def test_version_prints_and_exits_zero():
    done = subprocess.run(
        [sys.executable, "-m", "tunnelgui", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"tunnelgui {__version__}"


def test_unknown_command_is_usage_error():
    done = subprocess.run(
        [sys.executable, "-m", "tunnelgui", "frobnicate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "usage:" in done.stderr
