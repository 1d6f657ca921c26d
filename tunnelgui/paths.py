"""Where TunnelGUI keeps its files: one place that resolves the config folder."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import platformdirs

APP_NAME = "tunnelgui"
CONFIG_DIR_ENV = "TUNNELGUI_CONFIG_DIR"
PROFILES_FILE_NAME = "profiles.json"
SETTINGS_FILE_NAME = "settings.json"


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for profiles and settings: --config-dir, else $TUNNELGUI_CONFIG_DIR, else the
    platform's user config folder (e.g. ~/.config/tunnelgui on Linux)."""
    if override:
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(CONFIG_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def profiles_path(override: str | os.PathLike[str] | None = None) -> Path:
    return config_dir(override) / PROFILES_FILE_NAME


def settings_path(override: str | os.PathLike[str] | None = None) -> Path:
    return config_dir(override) / SETTINGS_FILE_NAME


def user_ssh_config() -> Path:
    """The ssh client config OpenSSH reads by default: in the account's home folder from the
    password database, not $HOME (tests replace this function; they never read ~/.ssh)."""
    try:
        home = pwd.getpwuid(os.getuid()).pw_dir
    except KeyError:
        home = str(Path.home())
    return Path(home) / ".ssh" / "config"
