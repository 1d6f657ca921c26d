"""The floors of ARCHITECTURE.md hold: lower floors never load upper ones, and every module imports
cleanly on its own (no Qt objects built at import time, which crashes without a QApplication)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Which modules a floor may not load, directly or through its imports.
FORBIDDEN = {
    "tunnelgui.engine": ("PySide6", "platformdirs", "tunnelgui.profiles", "tunnelgui.worker"),
    "tunnelgui.profiles.store": ("PySide6", "tunnelgui.worker", "tunnelgui.ui"),
    "tunnelgui.profiles.exchange": ("PySide6", "tunnelgui.worker", "tunnelgui.ui"),
    "tunnelgui.headless": ("PySide6", "tunnelgui.ui"),
    "tunnelgui.cli": ("PySide6", "tunnelgui.ui", "tunnelgui.worker"),
    "tunnelgui.worker": ("tunnelgui.ui", "tunnelgui.app"),
}


def loaded_after_import(module: str) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_floor_does_not_load_upper_floors(module):
    loaded = loaded_after_import(module)
    for forbidden in FORBIDDEN[module]:
        offenders = [
            name for name in loaded if name == forbidden or name.startswith(forbidden + ".")
        ]
        assert not offenders, f"importing {module} loads {offenders}"


def test_every_module_imports_without_a_qapplication():
    code = (
        "import importlib, pkgutil, tunnelgui\n"
        "for info in pkgutil.walk_packages(tunnelgui.__path__, 'tunnelgui.'):\n"
        "    if info.name != 'tunnelgui.__main__':\n"
        "        importlib.import_module(info.name)\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip() == "ok"
