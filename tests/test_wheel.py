"""The wheel ships every resource: build it, install it apart from the checkout, and use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tunnelgui import __version__
from tunnelgui.resource_paths import APP_ID, all_resource_names

ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh interpreter whose cwd is outside the checkout: reports where things came from.
PROBE = """
import json, sys
from PySide6.QtGui import QGuiApplication
import tunnelgui
from tunnelgui import resource_paths
from tunnelgui.ui import icons
app = QGuiApplication([])
qicons = [icons.app_icon()]
qicons += [icons.tray_icon(state) for state in resource_paths.TrayState]
qicons += [icons.action_icon(name) for name in resource_paths.ACTION_ICONS]
print(json.dumps({
    "package": tunnelgui.__file__,
    "root": str(resource_paths.resources_root()),
    "paths": [str(resource_paths.resource_path(n)) for n in resource_paths.all_resource_names()],
    "null_icons": sum(icon.pixmap(22, 22).isNull() for icon in qicons),
}))
"""


def pip(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def run_outside(
    command: list[str], cwd: Path, pythonpath: Path | None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath is not None:
        environment["PYTHONPATH"] = str(pythonpath)
    environment.update(env)
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # No build isolation and no index: hatchling comes from the test venv, nothing is downloaded.
    dist = tmp_path_factory.mktemp("dist")
    pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), str(ROOT))
    (built,) = dist.glob("tunnelgui-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel))
    return target


def test_wheel_holds_the_package_and_every_resource(wheel):
    assert wheel.name == f"tunnelgui-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for resource in all_resource_names():
        assert f"tunnelgui/resources/{resource}" in names
    top_level = {name.split("/", 1)[0] for name in names}
    assert top_level == {"tunnelgui", f"tunnelgui-{__version__}.dist-info"}
    assert "tunnelgui/resource_paths.py" in names


def test_installed_wheel_finds_every_resource_inside_itself(installed, tmp_path):
    done = run_outside([sys.executable, "-c", PROBE], cwd=tmp_path, pythonpath=installed)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["package"]).resolve().is_relative_to(installed.resolve())
    assert Path(report["root"]) == installed / "tunnelgui" / "resources"
    assert len(report["paths"]) == len(all_resource_names())
    for path in map(Path, report["paths"]):
        assert path.is_relative_to(installed)
        assert path.is_file()
    assert report["null_icons"] == 0


def test_installed_command_runs_and_installs_its_desktop_entry(installed, tmp_path):
    command = installed / "bin" / "tunnelgui"
    done = run_outside([str(command), "--version"], cwd=tmp_path, pythonpath=installed)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"tunnelgui {__version__}"

    data = tmp_path / "share"
    done = run_outside(
        [str(command), "--install-desktop-entry"],
        cwd=tmp_path,
        pythonpath=installed,
        XDG_DATA_HOME=str(data),
    )
    assert done.returncode == 0, done.stderr
    entry = (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    # The menu starts exactly the command that installed the entry.
    assert f"\nExec={command}\n" in entry
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()

    done = run_outside(
        [str(command), "--uninstall-desktop-entry"],
        cwd=tmp_path,
        pythonpath=installed,
        XDG_DATA_HOME=str(data),
    )
    assert done.returncode == 0, done.stderr
    assert not (data / "applications" / f"{APP_ID}.desktop").exists()


def test_editable_install_finds_resources_in_the_checkout(tmp_path):
    target = tmp_path / "editable"
    pip(
        "install",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--target",
        str(target),
        "-e",
        str(ROOT),
    )
    # --target is not a site folder, so its .pth (which points at the checkout) is read by hand.
    probe = f"import site; site.addsitedir({str(target)!r})\n" + PROBE
    done = run_outside([sys.executable, "-c", probe], cwd=tmp_path, pythonpath=None)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["package"]) == ROOT / "tunnelgui" / "__init__.py"
    assert Path(report["root"]) == ROOT / "resources"
    assert report["null_icons"] == 0
