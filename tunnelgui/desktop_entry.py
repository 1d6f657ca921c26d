"""The XDG desktop entry's text and the login (autostart) entry, for the CLI and the settings."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from tunnelgui.i18n import _
from tunnelgui.profiles.atomic import atomic_write_bytes
from tunnelgui.resource_paths import DESKTOP_ENTRY, ResourceNotFoundError, resource_path

EXECUTABLE_NAME = "tunnelgui"
# Characters that force an Exec argument into double quotes (Desktop Entry spec, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopIntegrationError(Exception):
    """The desktop entry cannot be installed or removed; str() is a full sentence."""


def config_home() -> Path:
    """$XDG_CONFIG_HOME, or ~/.config when it is unset or not absolute; autostart/ is in it."""
    value = os.environ.get("XDG_CONFIG_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".config"


def launcher_command() -> list[str]:
    """How the desktop should start this very installation of TunnelGUI."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the bundle's own executable
        return [sys.executable]
    started_as = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started_as and started_as.stem == EXECUTABLE_NAME and started_as.is_file():
        return [str(started_as.absolute())]  # the console script that is running now
    on_path = shutil.which(EXECUTABLE_NAME)
    if on_path:
        return [str(Path(on_path).absolute())]
    return [sys.executable, "-m", "tunnelgui"]


def exec_quote(argument: str) -> str:
    """One argument of an Exec line, quoted and escaped as the Desktop Entry spec requires."""
    argument = argument.replace("%", "%%")
    if argument and not (_RESERVED & set(argument)):
        quoted = argument
    else:
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        quoted = f'"{escaped}"'
    # The whole value is also a desktop-file string, where a backslash is written twice.
    return quoted.replace("\\", "\\\\")


def desktop_entry_text(command: list[str]) -> str:
    """The shipped desktop entry with Exec and TryExec pointing at `command`."""
    launcher = " ".join(exec_quote(part) for part in command)
    lines = []
    for line in resource_path(DESKTOP_ENTRY).read_text(encoding="utf-8").splitlines():
        key, _sep, value = line.partition("=")
        if key == "Exec" and value.split(" ", 1)[0] == EXECUTABLE_NAME:
            line = "Exec=" + launcher + value[len(EXECUTABLE_NAME) :]
        elif key == "TryExec":
            line = "TryExec=" + command[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_atomically(target: Path, data: bytes) -> None:
    """Never leave a half-written file where the desktop would read it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data, mode=0o644)


def check_platform() -> None:
    if sys.platform in ("win32", "darwin"):
        raise DesktopIntegrationError(
            _(
                "Desktop entries are for Linux and other freedesktop.org desktops; on Windows "
                "and macOS use the packaged app instead (see packaging/README.md)."
            )
        )


def login_entry_path(home: Path | None = None) -> Path:
    """Where the desktop starts TunnelGUI at login: autostart/ under config_home()."""
    return (home or config_home()) / "autostart" / DESKTOP_ENTRY


def login_entry_text(command: list[str]) -> str:
    """The desktop entry, starting hidden in the tray (`--minimized`) and without a busy
    cursor, for the autostart folder."""
    lines = []
    main_group = False
    for line in desktop_entry_text(command).splitlines():
        if line.startswith("["):
            main_group = line == "[Desktop Entry]"
        if main_group and line.startswith("Exec="):
            lines += [line + " --minimized", "X-GNOME-Autostart-enabled=true"]
            continue
        if main_group and line.startswith("StartupNotify="):
            line = "StartupNotify=false"
        lines.append(line)
    return "\n".join(lines) + "\n"


def launches_at_login(home: Path | None = None) -> bool:
    return login_entry_path(home).is_file()


def set_launch_at_login(
    enabled: bool, home: Path | None = None, command: list[str] | None = None
) -> None:
    """Write or remove the autostart entry. Raises DesktopIntegrationError (a sentence)."""
    check_platform()
    entry = login_entry_path(home)
    try:
        if enabled:
            write_atomically(entry, login_entry_text(command or launcher_command()).encode())
        elif entry.is_file():
            entry.unlink()
    except ResourceNotFoundError as error:
        raise DesktopIntegrationError(str(error)) from error
    except OSError as error:
        message = (
            _("Cannot create the login entry {entry}: {reason}.")
            if enabled
            else _("Cannot remove the login entry {entry}: {reason}.")
        )
        raise DesktopIntegrationError(
            message.format(entry=entry, reason=error.strerror or error)
        ) from error


def login_items_supported() -> bool:
    """XDG autostart is for Linux and other freedesktop.org desktops (README: macOS, Windows)."""
    return sys.platform not in ("win32", "darwin")
