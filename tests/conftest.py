"""Shared test setup: offscreen Qt, and a fresh config folder per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# Set before any Qt import so every widget test runs without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def isolated_config_dir(tmp_path, monkeypatch):
    """Every test gets its own config folder; the user's real profiles are never touched."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("TUNNELGUI_CONFIG_DIR", str(config))
    return config


@pytest.fixture(autouse=True)
def isolated_runtime_dir(monkeypatch):
    """A private runtime folder per test (instance sockets), short enough for a socket path."""
    folder = tempfile.mkdtemp(prefix="tg-run-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
