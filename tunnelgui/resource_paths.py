"""Find TunnelGUI's shipped files (icons, desktop entry, metainfo) wherever the app runs from."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

APP_ID = "io.github.tunnelgui.TunnelGUI"  # desktop file id, icon name, AppStream id

DESKTOP_ENTRY = f"{APP_ID}.desktop"
METAINFO = f"{APP_ID}.metainfo.xml"
APP_ICON_SVG = f"icons/hicolor/scalable/apps/{APP_ID}.svg"
APP_ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


class TrayState(StrEnum):
    """What the tray icon shows; when several apply, the first in this order wins:
    ERROR (a tunnel failed) > WARNING (a running tunnel's target is unreachable) >
    ACTIVE (some tunnel runs) > IDLE (none runs)."""

    ERROR = "error"
    WARNING = "warning"
    ACTIVE = "active"
    IDLE = "idle"


ACTION_ICONS = (
    "add",
    "edit",
    "duplicate",
    "delete",
    "start",
    "stop",
    "start-all",
    "stop-all",
    "import",
    "export",
)


# The gettext catalogs of tunnelgui.i18n (issue 14): the compiled .mo is what is read; the .pot
# and .po sources beside it are what packaging/gettext.sh makes it from.
GETTEXT_LANGUAGES = ("zh_CN",)
GETTEXT_TEMPLATE = "locale/tunnelgui.pot"


def gettext_catalog_name(language: str, suffix: str = "mo") -> str:
    return f"locale/{language}/LC_MESSAGES/tunnelgui.{suffix}"


# The window's Qt catalogs (packaging/translations.sh): the .ts sources and the compiled .qm.
# English holds only its plural forms.
WINDOW_LANGUAGES = ("zh_CN", "en")


def window_translation_name(language: str, suffix: str = "qm") -> str:
    return f"translations/tunnelgui_{language}.{suffix}"


class ResourceNotFoundError(FileNotFoundError):
    """A file the app ships is missing: the installation is incomplete."""


def app_icon_png(size: int) -> str:
    if size not in APP_ICON_SIZES:
        raise ValueError(f"no {size}px app icon; sizes: {', '.join(map(str, APP_ICON_SIZES))}")
    return f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"


def tray_icon_name(state: TrayState | str) -> str:
    return f"icons/tray/tray-{TrayState(state).value}.svg"


def action_icon_name(name: str) -> str:
    if name not in ACTION_ICONS:
        raise ValueError(f"no action icon {name!r}; known: {', '.join(ACTION_ICONS)}")
    return f"icons/actions/{name}.svg"


def all_resource_names() -> list[str]:
    """Every resource the app uses, as names for resource_path() (checked by the tests)."""
    return [
        DESKTOP_ENTRY,
        METAINFO,
        APP_ICON_SVG,
        *(app_icon_png(size) for size in APP_ICON_SIZES),
        *(tray_icon_name(state) for state in TrayState),
        *(action_icon_name(name) for name in ACTION_ICONS),
        GETTEXT_TEMPLATE,
        *(
            gettext_catalog_name(lang, suffix)
            for lang in GETTEXT_LANGUAGES
            for suffix in ("po", "mo")
        ),
        *(
            window_translation_name(language, suffix)
            for language in WINDOW_LANGUAGES
            for suffix in ("ts", "qm")
        ),
    ]


def _candidate_roots() -> list[Path]:
    package_dir = Path(__file__).resolve().parent
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # a PyInstaller bundle: the spec puts resources at tunnelgui/resources
        roots.append(Path(bundle) / "tunnelgui" / "resources")
    roots.append(package_dir / "resources")  # an installed wheel (force-included there)
    roots.append(package_dir.parent / "resources")  # a source checkout or an editable install
    return roots


def resources_root() -> Path:
    """The folder holding the shipped resources.

    A folder counts only when it holds the desktop entry, so a stray `resources` folder beside
    an installed package (e.g. in site-packages) is never mistaken for ours.
    """
    candidates = _candidate_roots()
    for root in candidates:
        if (root / DESKTOP_ENTRY).is_file():
            return root
    searched = ", ".join(str(root) for root in candidates)
    raise ResourceNotFoundError(
        f"TunnelGUI's resources folder is missing (looked in {searched}). "
        "Reinstall TunnelGUI, or run it from a complete source checkout."
    )


def resource_path(name: str) -> Path:
    """The path of one shipped file, e.g. resource_path("icons/tray/tray-active.svg").

    Raises ResourceNotFoundError naming the file when it is not there.
    """
    path = resources_root() / name
    if not path.is_file():
        raise ResourceNotFoundError(
            f"TunnelGUI's resource file {name} is missing (expected at {path}). "
            "Reinstall TunnelGUI, or run it from a complete source checkout."
        )
    return path
