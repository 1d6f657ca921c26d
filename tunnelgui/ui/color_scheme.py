"""Light or dark: the one place that says which the app shows now, and tells when it changes.

The palette is the truth, since everything we paint sits on its colours: the scheme the system
reports (QStyleHints.colorScheme, Qt 6.5+) or the user's setting decides which palette we want,
and where the platform does not follow (it ignores setColorScheme, or reports Unknown), a Fusion
light or dark palette is applied, or the palette's own window lightness is taken as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from tunnelgui.settings import COLOR_SCHEMES

SCHEMES = COLOR_SCHEMES  # the setting's values, declared once in settings.py
# WCAG 2 asks 3:1 for graphics and large text (the chart's lines, dots, badges, tray icons).
GRAPHICS_CONTRAST = 3.0


# -- contrast ---------------------------------------------------------------------------------


def luminance(color: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    rgb = color.toRgb()
    return (
        0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF())
    )


def contrast(fg: QColor, bg: QColor) -> float:
    """WCAG contrast ratio, 1 to 21. A translucent `fg` counts as blended over `bg`."""
    lighter, darker = sorted((luminance(over(fg, bg)), luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(fg: QColor, bg: QColor) -> bool:
    """Whether `fg` stands out from `bg` enough for a line, a dot or an icon (WCAG 3:1)."""
    return contrast(fg, bg) >= GRAPHICS_CONTRAST


def over(fg: QColor, bg: QColor) -> QColor:
    """`fg` painted over an opaque `bg` (alpha blended)."""
    alpha = fg.alphaF()
    return QColor.fromRgbF(
        fg.redF() * alpha + bg.redF() * (1 - alpha),
        fg.greenF() * alpha + bg.greenF() * (1 - alpha),
        fg.blueF() * alpha + bg.blueF() * (1 - alpha),
    )


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`amount` of `b` in `a` (0 = a, 1 = b)."""
    faded = QColor(b)
    faded.setAlphaF(amount)
    return over(faded, a)


def is_dark_palette(palette: QPalette) -> bool:
    """A dark palette has a window darker than its text (what "dark" means where the system
    reports no scheme)."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


# -- colours that come in a light and a dark version --------------------------------------------


@dataclass(frozen=True, slots=True)
class Shade:
    """One colour we paint, chosen for a light background and for a dark one."""

    light: str
    dark: str

    def on(self, dark: bool) -> QColor:
        return QColor(self.dark if dark else self.light)

    def now(self) -> QColor:
        return self.on(is_dark())


# The editor's message colours (text on the window colour): WCAG 3:1 or better on both palettes.
ERROR_TEXT = Shade("#c0392b", "#ff7b6b")
WARNING_TEXT = Shade("#b9770e", "#f5b041")


def error_color() -> str:
    """The colour of an error sentence for the scheme shown now, as a style sheet takes it."""
    return ERROR_TEXT.now().name()


def warning_color() -> str:
    return WARNING_TEXT.now().name()


# -- palettes for platforms that do not switch by themselves ------------------------------------


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return style.standardPalette()


def dark_palette() -> QPalette:
    """Fusion's colours turned dark: grey surfaces, light text, a blue that reads on both."""
    roles = QPalette.ColorRole
    palette = QPalette()
    for role, color in (
        (roles.Window, "#2d2d2d"),
        (roles.WindowText, "#e8e8e8"),
        (roles.Base, "#1e1e1e"),
        (roles.AlternateBase, "#262626"),
        (roles.ToolTipBase, "#3a3a3a"),
        (roles.ToolTipText, "#e8e8e8"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.Text, "#e8e8e8"),
        (roles.Button, "#353535"),
        (roles.ButtonText, "#e8e8e8"),
        (roles.BrightText, "#ff6b6b"),
        (roles.Light, "#4a4a4a"),
        (roles.Midlight, "#3e3e3e"),
        (roles.Mid, "#2a2a2a"),
        (roles.Dark, "#1a1a1a"),
        (roles.Shadow, "#0a0a0a"),
        (roles.Highlight, "#2f6fb3"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#6cb4ee"),
        (roles.LinkVisited, "#b48ee8"),
    ):
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7f7f7f"))
    palette.setColor(disabled, roles.Highlight, QColor("#505050"))
    return palette


# -- the watcher --------------------------------------------------------------------------------


class ColorScheme(QObject):
    """Follows the system's scheme (or the forced one) and says when light/dark flips.

    One per application (see `color_scheme()`); painting code asks `is_dark()`, widgets that
    cache pictures per scheme connect to `changed`.
    """

    changed = Signal(bool)  # dark now

    def __init__(self, app: QGuiApplication, setting: str = "system") -> None:
        super().__init__(app)
        self.setObjectName("colorScheme")
        self._app = app
        self._setting = "system"
        self._own_palette = False  # we set the app palette (so "system" must give it back)
        self._applying = False
        self._dark = is_dark_palette(app.palette())
        app.styleHints().colorSchemeChanged.connect(self._follow_system)
        # The desktop can change the palette without a scheme change (a theme switch). Qt 6
        # prefers an ApplicationPaletteChange event filter, but one on the application sees
        # every event of every object: a Python call each. The signal costs nothing between changes.
        app.paletteChanged.connect(self._on_palette_changed)
        self.apply(setting)

    @property
    def setting(self) -> str:
        return self._setting

    def is_dark(self) -> bool:
        return self._dark

    def apply(self, setting: str) -> None:
        """Use "system", "light" or "dark" from now on (anything else counts as "system")."""
        self._setting = setting if setting in SCHEMES else "system"
        hints = self._app.styleHints()
        self._applying = True
        try:
            if self._setting == "system":
                hints.unsetColorScheme()
            else:
                wanted = Qt.ColorScheme.Dark if self._setting == "dark" else Qt.ColorScheme.Light
                hints.setColorScheme(wanted)
            self._match_palette()
        finally:
            self._applying = False
        self._update()

    def wanted_dark(self) -> bool | None:
        """Dark or light as the setting or the system asks; None when nobody says."""
        if self._setting != "system":
            return self._setting == "dark"
        scheme = self._app.styleHints().colorScheme()
        if scheme == Qt.ColorScheme.Unknown:
            return None
        return scheme == Qt.ColorScheme.Dark

    def _match_palette(self) -> None:
        """Give the app the palette it should have when the platform did not switch it."""
        if self._own_palette:
            # Back to the platform's palette first: it may follow the scheme by itself.
            self._own_palette = False
            self._app.setPalette(QPalette())
        wanted = self.wanted_dark()
        if wanted is None or is_dark_palette(self._app.palette()) == wanted:
            return
        self._own_palette = True
        self._app.setPalette(dark_palette() if wanted else light_palette())

    def _follow_system(self, _scheme: Qt.ColorScheme) -> None:
        if self._applying:
            return
        self._applying = True
        try:
            self._match_palette()
        finally:
            self._applying = False
        self._update()

    def _update(self) -> None:
        dark = is_dark_palette(self._app.palette())
        if dark != self._dark:
            self._dark = dark
            self.changed.emit(dark)
            # Widgets repaint on a palette change by themselves; this covers those whose
            # pictures depend on the scheme but whose palette did not change.
            if isinstance(self._app, QApplication):
                for widget in self._app.topLevelWidgets():
                    widget.update()

    def _on_palette_changed(self, _palette: QPalette) -> None:
        if not self._applying:
            self._update()


def color_scheme() -> ColorScheme:
    """The application's ColorScheme, made on first use (following the system)."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication), "color_scheme() needs a QGuiApplication"
    found = app.findChild(ColorScheme, "colorScheme")
    return found if found is not None else ColorScheme(app)


def is_dark() -> bool:
    """Whether the app shows a dark palette now."""
    return color_scheme().is_dark()
