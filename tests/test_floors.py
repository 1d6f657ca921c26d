"""The floors of ARCHITECTURE.md hold: the import contracts in pyproject.toml are kept (and do fail
on a broken floor), the engine needs nothing outside the standard library, and every module
imports cleanly on its own (no Qt objects built at import time)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_contracts_are_kept():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "BROKEN" not in done.stdout
    assert done.stdout.count("KEPT") >= 4


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory) -> Path:
    """A copy of the package and its contracts, for breaking a floor on purpose."""
    root = tmp_path_factory.mktemp("floors")
    shutil.copytree(
        ROOT / "tunnelgui", root / "tunnelgui", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        # A UI module reaching the engine's loop or the Engine: the UI may only use value types.
        ("ui/naming.py", "tunnelgui.engine.loop"),
        ("ui/naming.py", "tunnelgui.engine.engine"),
        # A lower floor loading an upper one.
        ("engine/addresses.py", "tunnelgui.profiles.model"),
        ("profiles/model.py", "tunnelgui.worker"),
        ("worker/tunnel_worker.py", "tunnelgui.ui.naming"),
        # Qt where it must never be.
        ("profiles/store.py", "PySide6.QtCore"),
    ],
)
def test_a_broken_floor_fails_the_contracts(tree_copy, module, imported):
    path = tree_copy / "tunnelgui" / module
    importer = "tunnelgui." + module.removesuffix(".py").replace("/", ".")
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + f"\nimport {imported}  # noqa\n", encoding="utf-8")
        done = lint_imports(tree_copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode != 0, done.stdout[-3000:]
    assert "BROKEN" in done.stdout
    # import-linter names external packages by their top level.
    expected = imported if imported.startswith("tunnelgui.") else imported.split(".")[0]
    assert f"{importer} -> {expected}" in done.stdout, done.stdout[-3000:]


def test_the_engine_imports_only_the_standard_library():
    graph = grimp.build_graph("tunnelgui", include_external_packages=True, cache_dir=None)
    engine = {"tunnelgui.engine"} | graph.find_descendants("tunnelgui.engine")
    outside = {
        imported.split(".")[0]
        for module in engine
        for imported in graph.find_modules_directly_imported_by(module)
        if not imported.startswith("tunnelgui.")
    }
    assert outside, "the graph saw no imports at all"
    assert outside <= set(sys.stdlib_module_names), sorted(outside - set(sys.stdlib_module_names))
    inside = {
        imported
        for module in engine
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("tunnelgui.") and imported not in engine
    }
    assert not inside, f"the engine imports {sorted(inside)}"


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


def test_the_command_line_starts_without_qt():
    """cli.py imports the app only when the GUI is asked for: headless commands load no Qt
    (a static contract cannot see a deferred import, so this one is checked by running it)."""
    loaded = loaded_after_import("tunnelgui.cli")
    offenders = [name for name in loaded if name.split(".")[0] in ("PySide6", "shiboken6")]
    assert not offenders, f"importing tunnelgui.cli loads {offenders[:5]}"


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
