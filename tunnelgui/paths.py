"""Where TunnelGUI keeps its files: one place that resolves the config folder."""

from __future__ import annotations

import contextlib
import errno
import os
import pwd
import stat
import sys
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


class RuntimeDirError(OSError):
    """No private folder for sockets could be found or made; str() says why."""


def runtime_dir() -> Path:
    """A private (0700, ours) folder for sockets: $XDG_RUNTIME_DIR/tunnelgui when the session
    has one, else the platform's runtime folder where that is in the user's home (macOS), else
    "runtime" in our user cache folder. Never a name in /tmp that another user could create
    first (platformdirs falls back to /tmp/runtime-UID on Linux). Raises RuntimeDirError."""
    candidates: list[Path] = []
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and Path(xdg).is_absolute():
        candidates.append(Path(xdg) / APP_NAME)
    if sys.platform == "darwin":
        candidates.append(Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False)))
    candidates.append(Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "runtime")
    reasons = []
    for folder in candidates:
        try:
            return private_folder(folder)
        except OSError as error:
            reasons.append(f"{folder}: {error.strerror or error}")
    raise RuntimeDirError("no private folder for the instance socket (" + "; ".join(reasons) + ")")


def private_folder(folder: Path) -> Path:
    """`folder`, made 0700 if missing, after checking it is a real folder of ours that no one
    else can write to (or read). OSError when it is not."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(errno.ENOTDIR, "not a folder (or a symbolic link)")
    if hasattr(os, "getuid"):
        if info.st_uid != os.getuid():
            raise OSError(errno.EPERM, f"owned by another user (uid {info.st_uid})")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(folder, 0o700)  # ours: tighten it rather than give up
    return folder
