"""Shared test setup: offscreen Qt, and a fresh config folder per test."""

from __future__ import annotations

import os

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
def isolated_ssh_config(tmp_path, monkeypatch):
    """The user's own ssh config is never read: the app's default points into the test's tmp."""
    from tunnelgui import paths

    ssh_config = tmp_path / "home-ssh" / "config"
    monkeypatch.setattr(paths, "user_ssh_config", lambda: ssh_config)
    return ssh_config
