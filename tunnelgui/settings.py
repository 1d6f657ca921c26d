"""App settings (autostart, tray, notifications): a small JSON file next to the profiles."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from tunnelgui.i18n import SUPPORTED, _
from tunnelgui.profiles.atomic import atomic_write_text, make_private_folder

SETTINGS_VERSION = 1
COLOR_SCHEMES = ("system", "light", "dark")
# Text settings that take one of a few values; anything else falls back to the default.
CHOICES: dict[str, tuple[str, ...]] = {"language": ("", *SUPPORTED), "color_scheme": COLOR_SCHEMES}


@dataclass(frozen=True, slots=True)
class Settings:
    start_autostart_tunnels: bool = True  # start profiles marked autostart when the app opens
    close_to_tray: bool = True  # closing the window hides it to the tray (when there is one)
    start_minimized: bool = False  # open hidden in the tray
    notifications: bool = True  # tray messages when a tunnel fails or its target goes down/up
    # The ssh client config for SSH hops of profiles that name none ("" = the user's own).
    ssh_config: str = ""
    close_notice_shown: bool = False  # the "still running in the tray" hint was shown once
    # Where the window was and how it was laid out, as Qt saved it (base64); "" = defaults.
    window_geometry: str = ""
    window_splitter: str = ""
    table_header: str = ""
    # The interface language: "" = the system's (LANG/LANGUAGE), else a code from
    # tunnelgui.i18n.SUPPORTED ("en", "zh_CN").
    language: str = ""
    # Light or dark: "system" follows the desktop's colour scheme; "light" or "dark" force one.
    color_scheme: str = "system"


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    settings: Settings
    notice: str = ""  # a sentence for the user when the file could not be used as it was


def load_settings(path: Path) -> LoadedSettings:
    """Read settings; a missing file gives defaults. A damaged file is never fatal: its readable
    values are kept, the rest fall back to defaults, and `notice` says so. The file itself is
    left alone until the user saves settings."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except OSError as error:
        return LoadedSettings(
            Settings(),
            _("Could not read the settings file {path} ({reason}); using defaults.").format(
                path=path, reason=error.strerror
            ),
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        # UnicodeDecodeError is a ValueError; RecursionError comes from absurdly nested arrays.
        if isinstance(error, json.JSONDecodeError):
            message = _(
                "The settings file {path} is not valid JSON (line {line}); using defaults. "
                "Saving settings will replace it."
            ).format(path=path, line=error.lineno)
        else:
            message = _(
                "The settings file {path} is not valid JSON; using defaults. "
                "Saving settings will replace it."
            ).format(path=path)
        return LoadedSettings(Settings(), message)
    if not isinstance(data, dict):
        return LoadedSettings(
            Settings(),
            _("The settings file {path} does not hold settings; using defaults.").format(path=path),
        )
    values = {}
    ignored = []
    for field in fields(Settings):
        if field.name not in data:
            continue
        value = data[field.name]
        # bool is checked exactly: JSON's 1 is not true here, nor "yes".
        if type(value) is type(field.default):
            values[field.name] = value
        else:
            ignored.append(field)
    notices = []
    if ignored:
        kinds = {isinstance(f.default, bool) for f in ignored}
        names = ", ".join(f.name for f in ignored)
        if kinds == {True}:
            notice = _("In {path}, {names} should be true or false; using the default instead.")
        elif kinds == {False}:
            notice = _("In {path}, {names} should be text; using the default instead.")
        else:
            notice = _(
                "In {path}, {names} should be text or true or false; using the default instead."
            )
        notices.append(notice.format(path=path, names=names))
    for name, allowed in CHOICES.items():
        if name in values and values[name] not in allowed:
            # A hand-edited or future value ("fr", "sepia"): the default, and say so.
            shown = ", ".join(f'"{choice}"' for choice in allowed)
            notices.append(
                _("In {path}, {name} {value} is not one of {shown}; using the default instead.")
                .format(path=path, name=name, value=repr(values.pop(name)), shown=shown)
            )
    notice = " ".join(notices)
    return LoadedSettings(replace(Settings(), **values), notice)


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically: a crash mid-write leaves the previous file intact."""
    make_private_folder(path.parent)
    data = {"version": SETTINGS_VERSION, **asdict(settings)}
    atomic_write_text(path, json.dumps(data, indent=2) + "\n", mode=0o600)


class SettingsFile:
    """The current settings and where they live; also what the tray reads (TrayPreferences)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        loaded = load_settings(path)
        self.settings = loaded.settings
        self.notice = loaded.notice

    def update(self, settings: Settings) -> None:
        """Save and use `settings`; raises OSError when the file cannot be written (the
        settings still apply for this session)."""
        self.settings = settings
        save_settings(self.path, settings)

    def close_to_tray(self) -> bool:
        return self.settings.close_to_tray

    def notifications(self) -> bool:
        return self.settings.notifications

    def close_notice_shown(self) -> bool:
        return self.settings.close_notice_shown

    def remember_layout(self, geometry: str, splitter: str, header: str) -> None:
        """Keep the window's place and layout for the next start; not worth an error if the
        file cannot be written."""
        layout = {"window_geometry": geometry, "window_splitter": splitter, "table_header": header}
        if all(getattr(self.settings, key) == value for key, value in layout.items()):
            return
        with contextlib.suppress(OSError):
            self.update(replace(self.settings, **layout))

    def remember_close_notice_shown(self) -> None:
        # If it cannot be saved the hint shows again next time; nothing worse.
        with contextlib.suppress(OSError):
            self.update(replace(self.settings, close_notice_shown=True))
