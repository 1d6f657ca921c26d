"""Add TunnelGUI to the user's application menu (XDG desktop entry and icons), or remove it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tunnelgui.desktop_entry import (
    EXECUTABLE_NAME,
    DesktopIntegrationError,
    check_platform,
    desktop_entry_text,
    exec_quote,
    launcher_command,
    write_atomically,
)
from tunnelgui.i18n import _, ngettext
from tunnelgui.resource_paths import (
    APP_ICON_SIZES,
    APP_ICON_SVG,
    APP_ID,
    DESKTOP_ENTRY,
    ResourceNotFoundError,
    app_icon_png,
    resource_path,
)

# desktop_entry's names that callers and tests know from here.
__all__ = [
    "DesktopIntegrationError",
    "data_home",
    "desktop_entry_text",
    "exec_quote",
    "install",
    "launcher_command",
    "uninstall",
]


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (as the spec says)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def _icon_targets(home: Path) -> list[tuple[str, Path]]:
    """(resource name, installed path) for every icon we install."""
    hicolor = home / "icons" / "hicolor"
    targets = [
        (app_icon_png(size), hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
        for size in APP_ICON_SIZES
    ]
    targets.append((APP_ICON_SVG, hicolor / "scalable" / "apps" / f"{APP_ID}.svg"))
    return targets


def install(home: Path | None = None, command: list[str] | None = None) -> list[str]:
    """Install the desktop entry and the app icons under `home` (default: data_home()).

    Returns one line per thing done, for the user.
    """
    check_platform()
    home = home or data_home()
    command = command or launcher_command()
    entry = home / "applications" / DESKTOP_ENTRY
    try:
        icons = [(resource_path(name), target) for name, target in _icon_targets(home)]
        text = desktop_entry_text(command)
        for source, target in icons:
            write_atomically(target, source.read_bytes())
        write_atomically(entry, text.encode("utf-8"))
    except ResourceNotFoundError as error:
        raise DesktopIntegrationError(str(error)) from error
    except OSError as error:
        raise DesktopIntegrationError(
            _(
                "Cannot install the desktop entry under {folder}: {reason}. "
                "Check that the folder is writable, or set XDG_DATA_HOME to one that is."
            ).format(folder=home, reason=error.strerror or error)
        ) from error
    lines = [
        _("Installed the desktop entry {entry} (starts {command})").format(
            entry=entry, command=" ".join(command)
        ),
        ngettext(
            "Installed {count} app icon under {folder}",
            "Installed {count} app icons under {folder}",
            len(icons),
        ).format(count=len(icons), folder=home / "icons" / "hicolor"),
    ]
    if command[1:2] == ["-m"]:
        lines.append(
            _(
                "Note: no '{executable}' command was found, so the entry runs '{command}'; "
                "that works only while this Python can import tunnelgui "
                "(install TunnelGUI with pip, then run this again)."
            ).format(executable=EXECUTABLE_NAME, command=" ".join(command))
        )
    return lines


def uninstall(home: Path | None = None) -> list[str]:
    """Remove what install() put under `home`; other files there are left alone."""
    check_platform()
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
            _("Cannot remove the desktop entry under {folder}: {reason}.").format(
                folder=home, reason=error.strerror or error
            )
        ) from error
    if not removed_entry and not removed_icons:
        return [
            _("Nothing to remove: no TunnelGUI desktop entry or icons under {folder}").format(
                folder=home
            )
        ]
    lines = [_("Removed the desktop entry {entry}").format(entry=entry)] if removed_entry else []
    if removed_icons:
        lines.append(
            ngettext(
                "Removed {count} app icon under {folder}",
                "Removed {count} app icons under {folder}",
                removed_icons,
            ).format(count=removed_icons, folder=home / "icons" / "hicolor")
        )
    return lines


def main(install_entry: bool) -> int:
    """The --install-desktop-entry / --uninstall-desktop-entry flags: print what was done."""
    try:
        lines = install() if install_entry else uninstall()
    except DesktopIntegrationError as error:
        print(_("tunnelgui: {message}").format(message=error), file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0
