"""Shared test setup: offscreen Qt, and a fresh config folder per test."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# Set before any Qt import so every widget test runs without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests assert English text: a developer's zh_CN locale must not translate the app under test
# (the translation tests choose their language explicitly).
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
os.environ["LANG"] = "C.UTF-8"
os.environ["LANGUAGE"] = "en"

import pytest

from tunnelgui.engine.listen import bind_failure


@pytest.fixture(autouse=True)
def isolated_config_dir(tmp_path, monkeypatch):
    """Every test gets its own config folder; the user's real profiles are never touched."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("TUNNELGUI_CONFIG_DIR", str(config))
    return config


@pytest.fixture
def english_catalog(qapp):
    """The window's English catalog, as the app installs it at startup (AppSession): English is
    the source language, but its plural forms ("1 tunnel", "2 tunnels") come from the catalog."""
    from tunnelgui.ui.translations import install_translators

    install_translators("en")


@pytest.fixture(autouse=True)
def _english_for_qt_tests(request):
    # Tests that build widgets or their text without the whole app read English like the app.
    if {"qapp", "qtbot"} & set(request.fixturenames):
        request.getfixturevalue("english_catalog")


# A listen address that comes and goes (tests of waiting listeners).
EXTRA_ADDRESS = "198.51.100.55"  # TEST-NET-2 (RFC 5737): never a real machine's address


def _ip(*args: str) -> bool:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)
    return done.returncode == 0


@pytest.fixture
def extra_address():
    """Add EXTRA_ADDRESS to lo when called; removed again at the end. Skips without the right."""
    if shutil.which("ip") is None:
        pytest.skip("needs the ip command")
    if bind_failure(EXTRA_ADDRESS, 0) is None:
        pytest.skip(f"{EXTRA_ADDRESS} is already an address of this machine")
    added = []

    def add() -> None:
        if not _ip("addr", "add", f"{EXTRA_ADDRESS}/32", "dev", "lo"):
            pytest.skip("not permitted to add an address to lo (needs root)")
        added.append(True)

    yield add
    if added:
        _ip("addr", "del", f"{EXTRA_ADDRESS}/32", "dev", "lo")


@pytest.fixture(autouse=True)
def isolated_ssh_config(tmp_path, monkeypatch):
    """The user's own ssh config is never read: the app's default points into the test's tmp."""
    from tunnelgui import paths

    ssh_config = tmp_path / "home-ssh" / "config"
    monkeypatch.setattr(paths, "user_ssh_config", lambda: ssh_config)
    return ssh_config


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_gui_thread(request):
    """After a Qt test, collect its garbage here, on the GUI thread. Left to chance, Python may
    collect a dropped QObject (a session, a controller with a QTimer) on the engine's or the
    poller's thread; Qt then cannot unregister its timers, and a dangling one crashes a later
    test inside the event loop."""
    yield
    if "qtbot" in request.fixturenames:
        gc.collect()


@pytest.fixture(autouse=True)
def isolated_runtime_dir(monkeypatch):
    """A private runtime folder per test (instance sockets), short enough for a socket path."""
    folder = tempfile.mkdtemp(prefix="tg-run-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
