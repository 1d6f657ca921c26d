"""Add TunnelGUI to the user's application menu (XDG desktop entry and icons), or remove it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from tunnelgui.profiles.atomic import atomic_write_bytes
from tunnelgui.resource_paths import (
    APP_ICON_SIZES,
    APP_ICON_SVG,
    APP_ID,
    DESKTOP_ENTRY,
    ResourceNotFoundError,
    app_icon_png,
    resource_path,
)

EXECUTABLE_NAME = "tunnelgui"
# Characters that force an Exec argument into double quotes (Desktop Entry spec, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopIntegrationError(Exception):
    """The desktop entry cannot be installed or removed; str() is a full sentence."""


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (as the spec says)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


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
        key, _, value = line.partition("=")
        if key == "Exec" and value.split(" ", 1)[0] == EXECUTABLE_NAME:
            line = "Exec=" + launcher + value[len(EXECUTABLE_NAME) :]
        elif key == "TryExec":
            line = "TryExec=" + command[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _icon_targets(home: Path) -> list[tuple[str, Path]]:
    """(resource name, installed path) for every icon we install."""
    hicolor = home / "icons" / "hicolor"
    targets = [
        (app_icon_png(size), hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
        for size in APP_ICON_SIZES
    ]
    targets.append((APP_ICON_SVG, hicolor / "scalable" / "apps" / f"{APP_ID}.svg"))
    return targets


def _write_atomically(target: Path, data: bytes) -> None:
    """Never leave a half-written file where the desktop would read it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data, mode=0o644)


def _check_platform() -> None:
    if sys.platform in ("win32", "darwin"):
        raise DesktopIntegrationError(
            "Desktop entries are for Linux and other freedesktop.org desktops; on Windows and "
            "macOS use the packaged app instead (see packaging/README.md)."
        )


def install(home: Path | None = None, command: list[str] | None = None) -> list[str]:
    """Install the desktop entry and the app icons under `home` (default: data_home()).

    Returns one line per thing done, for the user.
    """
    _check_platform()
    home = home or data_home()
    command = command or launcher_command()
    entry = home / "applications" / DESKTOP_ENTRY
    try:
        icons = [(resource_path(name), target) for name, target in _icon_targets(home)]
        text = desktop_entry_text(command)
        for source, target in icons:
            _write_atomically(target, source.read_bytes())
        _write_atomically(entry, text.encode("utf-8"))
    except ResourceNotFoundError as error:
        raise DesktopIntegrationError(str(error)) from error
    except OSError as error:
        raise DesktopIntegrationError(
            f"Cannot install the desktop entry under {home}: {error.strerror or error}. "
            "Check that the folder is writable, or set XDG_DATA_HOME to one that is."
        ) from error
    lines = [
        f"Installed the desktop entry {entry} (starts {' '.join(command)})",
        f"Installed {len(icons)} app icons under {home / 'icons' / 'hicolor'}",
    ]
    if command[1:2] == ["-m"]:
        lines.append(
            f"Note: no '{EXECUTABLE_NAME}' command was found, so the entry runs "
            f"'{' '.join(command)}'; that works only while this Python can import tunnelgui "
            "(install TunnelGUI with pip, then run this again)."
        )
    return lines


def uninstall(home: Path | None = None) -> list[str]:
    """Remove what install() put under `home`; other files there are left alone."""
    _check_platform()
    home = home or data_home()
    entry = home / "applications" / DESKTOP_ENTRY
    removed_entry = False
    removed_icons = 0
    try:
        if entry.is_file():
            entry.unlink()
            removed_entry = True
        for _name, target in _icon_targets(home):
            if target.is_file():
                target.unlink()
                removed_icons += 1
    except OSError as error:
        raise DesktopIntegrationError(
            f"Cannot remove the desktop entry under {home}: {error.strerror or error}."
        ) from error
    if not removed_entry and not removed_icons:
        return [f"Nothing to remove: no TunnelGUI desktop entry or icons under {home}"]
    lines = [f"Removed the desktop entry {entry}"] if removed_entry else []
    if removed_icons:
        lines.append(f"Removed {removed_icons} app icons under {home / 'icons' / 'hicolor'}")
    return lines


def main(install_entry: bool) -> int:
    """The --install-desktop-entry / --uninstall-desktop-entry flags: print what was done."""
    try:
        lines = install() if install_entry else uninstall()
    except DesktopIntegrationError as error:
        print(f"tunnelgui: {error}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0
