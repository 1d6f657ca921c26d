"""Light and dark: the scheme follows the setting live, and everything we paint reads on both."""

from __future__ import annotations

import json
import socket
import time

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette
from PySide6.QtWidgets import QComboBox

from tunnelgui.profiles.model import Profile
from tunnelgui.resource_paths import TrayState
from tunnelgui.traffic_history import RateSample
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.ui.color_scheme import (
    ERROR_TEXT,
    GRAPHICS_CONTRAST,
    WARNING_TEXT,
    color_scheme,
    contrast,
    dark_palette,
    is_dark,
    light_palette,
    readable,
)
from tunnelgui.ui.icons import tray_icon
from tunnelgui.ui.profile_table import Column
from tunnelgui.ui.shaping import SHAPED_SHADE, WAVE_SHADE, _shaped_dot
from tunnelgui.ui.status_icons import SHADES, key_icon, status_icon
from tunnelgui.ui.traffic_chart import TO_CLIENT_SHADE, TO_TARGET_SHADE, TrafficChart
from tunnelgui.ui.tunnel_marks import EXPOSED, GLOBE_SHADE, badge_icon


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SCHEMES = {"light": False, "dark": True}
# What a tray can sit on: a white or light grey panel, GNOME's black bar, a dark grey one.
LIGHT_PANELS = ("#ffffff", "#efefef")
DARK_PANELS = ("#2d2d2d", "#000000")


@pytest.fixture
def scheme(qapp):
    """The app's ColorScheme, given back to "system" (and the platform's palette) afterwards."""
    found = color_scheme()
    yield found
    found.apply("system")
    assert not found.is_dark()


def backgrounds(dark: bool) -> list[QColor]:
    """Where our colours sit: table rows (base, alternate), the window and menus."""
    palette = dark_palette() if dark else light_palette()
    roles = QPalette.ColorRole
    return [palette.color(role) for role in (roles.Base, roles.AlternateBase, roles.Window)]


def on_background(icon: QIcon, background: QColor, size: int = 24) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(background)
    painter = QPainter(image)
    icon.paint(painter, 0, 0, size, size)
    painter.end()
    return image


def pixels(image: QImage) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]


def count_near(image: QImage, color: QColor, tolerance: int = 12) -> int:
    def near(pixel: QColor) -> bool:
        return all(
            abs(a - b) <= tolerance
            for a, b in zip(pixel.getRgb()[:3], color.getRgb()[:3], strict=True)
        )

    return sum(1 for pixel in pixels(image) if near(pixel))


# -- the contrast rule itself --------------------------------------------------------------------


def test_contrast_is_wcag():
    black, white = QColor("black"), QColor("white")
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(white, white) == pytest.approx(1.0)
    assert contrast(QColor("#767676"), white) == pytest.approx(4.54, abs=0.01)
    assert readable(QColor("#949494"), white)  # 3.03
    assert not readable(QColor("#969696"), white)  # 2.96: the old grey "stopped" dot
    translucent = QColor(0, 0, 0, 0)
    assert contrast(translucent, white) == pytest.approx(1.0)  # blended: nothing shows


# -- every colour pair we paint ------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMES)
def test_every_colour_we_paint_reads_on_the_schemes_backgrounds(name):
    dark = SCHEMES[name]
    painted = {
        **{f"state {key}": shade for key, shade in SHADES.items()},
        "shaped badge": SHAPED_SHADE,
        "exposed globe": GLOBE_SHADE,
        "chart to target": TO_TARGET_SHADE,
        "chart to client": TO_CLIENT_SHADE,
        "error text": ERROR_TEXT,
        "warning text": WARNING_TEXT,
    }
    failing = [
        f"{what} {shade.on(dark).name()} on {bg.name()}: {contrast(shade.on(dark), bg):.2f}"
        for what, shade in painted.items()
        for bg in backgrounds(dark)
        if not readable(shade.on(dark), bg)
    ]
    assert failing == []
    # The wave drawn on the shaped badge.
    assert readable(WAVE_SHADE.on(dark), SHAPED_SHADE.on(dark))


@pytest.mark.parametrize("name", SCHEMES)
def test_the_charts_text_and_series_read_on_its_background(qtbot, name):
    chart = TrafficChart()
    qtbot.addWidget(chart)
    chart.setPalette(dark_palette() if SCHEMES[name] else light_palette())
    colors = chart.colors()
    assert colors.background == chart.palette().color(QPalette.ColorRole.Base)
    for what in ("axis", "to_target", "to_client"):
        assert readable(getattr(colors, what), colors.background), what
    assert contrast(colors.text, colors.background) >= 4.5  # the legend is body text
    assert contrast(colors.grid, colors.background) < GRAPHICS_CONTRAST  # faint on purpose


# -- the chart, forced dark then switched to light live ------------------------------------------


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _chart_with_traffic(qtbot) -> TrafficChart:
    chart = TrafficChart(span=60)
    qtbot.addWidget(chart)
    chart.resize(480, 220)
    chart.show()
    qtbot.waitExposed(chart)
    now = time.monotonic()
    samples = [
        RateSample(now - 50 + i, 20_000 + 800 * (i % 9), 60_000 + 1500 * (i % 7)) for i in range(51)
    ]
    chart.set_samples(samples, now)
    return chart


def _check_chart_image(image: QImage, dark: bool) -> None:
    background = image.pixelColor(image.width() - 3, image.height() // 2)
    assert (background.lightnessF() < 0.25) is dark, background.name()
    for shade in (TO_TARGET_SHADE, TO_CLIENT_SHADE):
        color = shade.on(dark)
        assert count_near(image, color) >= 40, color.name()  # the line and the legend swatch
        assert readable(color, background)
    # Axis labels on the left: their darkest (light: darkest, dark: lightest) pixels are the
    # glyphs' cores, which must stand out.
    labels = image.copy(0, 0, 40, image.height())
    assert max(contrast(p, background) for p in pixels(labels)) >= GRAPHICS_CONTRAST


def test_forcing_dark_paints_the_chart_dark_and_light_comes_back_live(qtbot, scheme):
    chart = _chart_with_traffic(qtbot)
    assert not scheme.is_dark()
    counter = PaintCounter()
    chart.installEventFilter(counter)

    changes = []
    scheme.changed.connect(changes.append)
    scheme.apply("dark")
    assert scheme.is_dark() and is_dark() and changes == [True]
    qtbot.waitUntil(lambda: counter.paints > 0, timeout=2000)
    _check_chart_image(chart.grab().toImage(), dark=True)

    painted = counter.paints
    scheme.apply("light")
    assert not scheme.is_dark() and changes == [True, False]
    qtbot.waitUntil(lambda: counter.paints > painted, timeout=2000)
    _check_chart_image(chart.grab().toImage(), dark=False)
    scheme.changed.disconnect(changes.append)


def test_a_scheme_the_system_does_not_report_comes_from_the_palettes_lightness(qtbot, scheme):
    # Offscreen (as on many Linux desktops) Qt reports no scheme: a theme that turns the
    # palette dark is what says "dark".
    app = QGuiApplication.instance()
    assert app.styleHints().colorScheme() == Qt.ColorScheme.Unknown
    changes = []
    scheme.changed.connect(changes.append)
    try:
        app.setPalette(dark_palette())
        assert scheme.is_dark() and changes == [True]
        assert status_icon(TunnelStatus(TunnelState.FAILED)) is not None
        assert (
            status_icon(TunnelStatus(TunnelState.FAILED)).cacheKey()
            == key_icon(TunnelState.FAILED, True).cacheKey()
        )
    finally:
        app.setPalette(QPalette())
        scheme.changed.disconnect(changes.append)
    assert not scheme.is_dark() and changes == [True, False]


# -- state dots and badges -----------------------------------------------------------------------


def _icons(dark: bool) -> dict[str, QIcon]:
    icons = {str(key): key_icon(key, dark) for key in SHADES}
    icons["shaped"] = _shaped_dot(TargetHealth.UP, dark)
    icons[EXPOSED] = badge_icon(EXPOSED, dark)
    return icons


@pytest.mark.parametrize("name", SCHEMES)
def test_state_icons_are_distinct_and_read_on_the_palettes_base(qapp, name):
    dark = SCHEMES[name]
    for background in backgrounds(dark):
        images = {key: on_background(icon, background) for key, icon in _icons(dark).items()}
        for key, image in images.items():
            standing_out = [p for p in pixels(image) if readable(p, background)]
            assert len(standing_out) >= 30, f"{key} on {background.name()}"
        assert len({bytes(image.constBits()) for image in images.values()}) == len(images)


def test_state_icons_are_drawn_once_per_scheme(qapp, scheme):
    failed = TunnelStatus(TunnelState.FAILED)
    light, dark = key_icon(TunnelState.FAILED, False), key_icon(TunnelState.FAILED, True)
    assert light.cacheKey() != dark.cacheKey()
    assert status_icon(failed).cacheKey() == light.cacheKey()
    scheme.apply("dark")
    assert status_icon(failed).cacheKey() == dark.cacheKey()
    assert badge_icon(EXPOSED).cacheKey() == badge_icon(EXPOSED, True).cacheKey()


# -- tray icons ----------------------------------------------------------------------------------


def edge_contrast(icon: QIcon, panel: str, size: int) -> float:
    """How well the icon's outline stands out: along the middle of each side, the best
    contrast within its outer 3 pixels; the worst side counts."""
    image = on_background(icon, QColor(panel), size)
    middle, background = size // 2, QColor(panel)
    sides = (
        [(x, middle) for x in range(3)],
        [(size - 1 - x, middle) for x in range(3)],
        [(middle, y) for y in range(3)],
        [(middle, size - 1 - y) for y in range(3)],
    )
    return min(max(contrast(image.pixelColor(x, y), background) for x, y in side) for side in sides)


@pytest.mark.parametrize("panel", LIGHT_PANELS + DARK_PANELS)
@pytest.mark.parametrize("size", [16, 22, 32])
def test_tray_icons_stand_out_on_light_and_dark_panels(qapp, panel, size):
    found = {
        state.value: round(edge_contrast(tray_icon(state), panel, size), 2) for state in TrayState
    }
    assert all(value >= GRAPHICS_CONTRAST for value in found.values()), found


# -- the setting ---------------------------------------------------------------------------------


def test_the_colours_setting_is_saved_and_applied_live(qtbot, isolated_config_dir, session, scheme):
    session.controller.add_profile(Profile("db", free_port(), "127.0.0.1", 9, autostart=False))
    window = session.window
    window.action("settings").trigger()
    dialog = window.settings_dialog
    combo = dialog.findChild(QComboBox, "colorSchemeCombo")
    assert combo is not None and combo.accessibleName() == "Colours"
    assert combo.currentData() == "system"
    combo.setCurrentIndex(combo.findData("dark"))
    dialog.accept()

    saved = json.loads((isolated_config_dir / "settings.json").read_text())
    assert saved["color_scheme"] == "dark"
    assert scheme.is_dark()
    # Qt hands the new palette to each widget from its event loop.
    qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.25)
    table = window.table
    index = table.model().index(0, int(Column.STATE))
    icon = index.data(Qt.ItemDataRole.DecorationRole)
    assert icon.cacheKey() == key_icon(TunnelState.STOPPED, True).cacheKey()
    corner = table.viewport().grab().toImage().pixelColor(5, table.viewport().height() - 5)
    assert corner.lightnessF() < 0.25

    window.action("settings").trigger()
    assert window.settings_dialog.color_scheme.currentData() == "dark"
    window.settings_dialog.color_scheme.setCurrentIndex(0)
    window.settings_dialog.accept()
    assert not scheme.is_dark()
    qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Base).lightnessF() > 0.75)


def test_a_dark_setting_is_used_from_the_first_paint(
    qtbot, isolated_config_dir, make_session, scheme
):
    (isolated_config_dir / "settings.json").write_text('{"color_scheme": "dark"}')
    session = make_session()
    assert scheme.is_dark()
    assert session.window.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.25


def test_an_unknown_setting_follows_the_system(qtbot, scheme):
    scheme.apply("purple")
    assert scheme.setting == "system" and not scheme.is_dark()
