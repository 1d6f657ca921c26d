"""TrafficChart: a QPainter line chart of the last minutes of a tunnel's rates, both directions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from tunnelgui.engine.units import axis_scale, format_rate
from tunnelgui.i18n import _
from tunnelgui.traffic_history import RateSample
from tunnelgui.ui.color_scheme import Shade, color_scheme, is_dark_palette, mix
from tunnelgui.wording import DOWN, TO_CLIENT, TO_TARGET, UP

# Both read (3:1 or more) on the light and the dark palette's base (tests/ui/test_color_scheme.py).
TO_TARGET_SHADE = Shade("#c0590a", "#f0a04b")  # orange: what clients send
TO_CLIENT_SHADE = Shade("#2471a3", "#5dade2")  # blue: what the target answers
# How much of the text colour the axis labels take over the background: faint, yet 3:1.
AXIS_TEXT_AMOUNT = 0.62
GRID_AMOUNT = 0.12
# Samples further apart than this are separate runs: the line breaks instead of bridging them.
GAP_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class ChartColors:
    background: QColor
    text: QColor  # the legend
    axis: QColor  # rate and time labels, the placeholder
    grid: QColor  # gridlines: a faint guide, not something to read
    to_target: QColor
    to_client: QColor


class TrafficChart(QWidget):
    """Draws rate samples (oldest first) against time; the right edge is `now`.

    Feed it with set_samples() a few times a second; it keeps nothing but the last samples it was
    given, so scrolling is just the time axis moving with `now`.
    """

    def __init__(self, parent: QWidget | None = None, span: float = 180.0) -> None:
        super().__init__(parent)
        self.setObjectName("trafficChart")
        self.setAccessibleName(self.tr("Traffic chart"))
        self.span = span
        self._samples: list[RateSample] = []
        self._now = 0.0
        self._placeholder = self.tr("Not running")
        self._scale = axis_scale(0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)
        color_scheme().changed.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def set_samples(self, samples: Sequence[RateSample], now: float) -> None:
        horizon = now - self.span - GAP_SECONDS
        kept = [sample for sample in samples if sample.time >= horizon]
        if not kept and not self._samples:
            self._now = now
            return  # empty before and after: the placeholder stays, no repaint per tick
        self._samples = kept
        self._now = now
        peak = max(
            (max(s.to_target, s.to_client) for s in self._samples if s.time >= now - self.span),
            default=0.0,
        )
        # Grow at once so the line never leaves the chart; shrink only when clearly too tall,
        # so the scale does not twitch with every burst.
        if peak * 1.05 > self._scale.maximum or peak < self._scale.maximum / 3:
            self._scale = axis_scale(peak * 1.05)
        self.setAccessibleDescription(self.describe())
        self.update()

    def set_placeholder(self, text: str) -> None:
        """Shown in the middle while there is nothing to draw."""
        if text != self._placeholder:
            self._placeholder = text
            self.update()

    def samples(self) -> list[RateSample]:
        return list(self._samples)

    def scale_maximum(self) -> float:
        return self._scale.maximum

    def latest(self) -> RateSample | None:
        return self._samples[-1] if self._samples else None

    def describe(self) -> str:
        latest = self.latest()
        if latest is None:
            return self._placeholder
        return self.tr("{0} {1} {2}, {3} {4} {5}").format(
            UP,
            _(TO_TARGET),
            format_rate(latest.to_target),
            DOWN,
            _(TO_CLIENT),
            format_rate(latest.to_client),
        )

    # -- painting -------------------------------------------------------------------------------

    def colors(self) -> ChartColors:
        """What the chart paints with now: the palette's, and the series' for its lightness."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.WindowText)
        dark = is_dark_palette(palette)
        return ChartColors(
            background=background,
            text=text,
            axis=mix(background, text, AXIS_TEXT_AMOUNT),
            grid=mix(background, text, GRID_AMOUNT),
            to_target=TO_TARGET_SHADE.on(dark),
            to_client=TO_CLIENT_SHADE.on(dark),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        colors = self.colors()
        faint, grid = colors.axis, colors.grid
        metrics = QFontMetrics(self.font())
        line_height = metrics.height()

        painter.fillRect(self.rect(), colors.background)
        levels = self._scale.levels()
        labels = [self._scale.label(level) for level in levels]
        label_width = max(metrics.horizontalAdvance(label) for label in labels)
        plot = QRectF(
            label_width + 14,
            line_height + 12,
            self.width() - label_width - 24,
            self.height() - 2 * line_height - 20,
        )
        if plot.width() < 20 or plot.height() < 20:
            return

        # Horizontal gridlines with rate labels on the left.
        painter.setFont(self.font())
        for level, label in zip(levels, labels, strict=True):
            y = plot.bottom() - plot.height() * level / self._scale.maximum
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(faint)
            painter.drawText(
                QRectF(0, y - line_height / 2, label_width + 8, line_height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        # Vertical gridlines each minute, labelled by how long ago.
        step = 60.0 if self.span > 90 else 15.0
        ago = 0.0
        while ago <= self.span + 0.001:
            x = plot.right() - plot.width() * ago / self.span
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(faint)
            text = self.tr("now") if ago == 0 else _ago_label(ago)
            width = metrics.horizontalAdvance(text)
            left = min(max(x - width / 2, plot.left() - 6), self.width() - width - 4)
            painter.drawText(QPointF(left, plot.bottom() + line_height + 2), text)
            ago += step

        # set_samples() already kept only the samples within the span.
        if not self._samples:
            painter.setPen(faint)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self._placeholder)
        else:
            painter.save()
            painter.setClipRect(plot.adjusted(0, -2, 0, 1))
            for color, value in (
                (colors.to_client, lambda s: s.to_client),
                (colors.to_target, lambda s: s.to_target),
            ):
                self._paint_series(painter, plot, self._samples, color, value)
            painter.restore()
        self._paint_legend(painter, plot, metrics, colors)

    def _paint_series(
        self,
        painter: QPainter,
        plot: QRectF,
        samples: Sequence[RateSample],
        color: QColor,
        value: Callable[[RateSample], float],
    ) -> None:
        def point(sample: RateSample) -> QPointF:
            x = plot.right() - plot.width() * (self._now - sample.time) / self.span
            y = plot.bottom() - plot.height() * min(value(sample) / self._scale.maximum, 1.02)
            return QPointF(x, y)

        runs: list[list[QPointF]] = [[]]
        previous: RateSample | None = None
        for sample in samples:
            if previous is not None and sample.time - previous.time > GAP_SECONDS:
                runs.append([])
            runs[-1].append(point(sample))
            previous = sample
        fill = QColor(color)
        fill.setAlpha(40)
        for run in runs:
            if not run:
                continue
            line = QPainterPath(run[0])
            for p in run[1:]:
                line.lineTo(p)
            area = QPainterPath(line)
            area.lineTo(QPointF(run[-1].x(), plot.bottom()))
            area.lineTo(QPointF(run[0].x(), plot.bottom()))
            area.closeSubpath()
            # Cheap strokes on purpose: Qt rasterises in C++ while holding Python's GIL, and
            # three minutes of bursty traffic (720 jagged points) stroked with a 1.8 px pen took
            # Qt's stroker ~0.4 s per series per tick, stalling the engine's thread with it. A
            # cosmetic 1 px line is drawn by its fast path (~100x less), and the translucent
            # fill needs no antialiasing under it (3x less).
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.fillPath(area, fill)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            pen = QPen(color, 1.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(line)

    def _paint_legend(
        self, painter: QPainter, plot: QRectF, metrics: QFontMetrics, colors: ChartColors
    ) -> None:
        latest = self.latest()
        x = plot.left()
        y = 4 + metrics.ascent()
        for color, label, value in (
            (colors.to_target, f"{UP} {_(TO_TARGET)}", latest.to_target if latest else None),
            (colors.to_client, f"{DOWN} {_(TO_CLIENT)}", latest.to_client if latest else None),
        ):
            painter.setPen(QPen(color, 3))
            mid = 4 + metrics.height() / 2
            painter.drawLine(QPointF(x, mid), QPointF(x + 14, mid))
            x += 20
            text = label if value is None else f"{label}  {format_rate(value)}"
            painter.setPen(colors.text)
            painter.drawText(QPointF(x, y), text)
            x += metrics.horizontalAdvance(text) + 22


def _ago_label(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return QCoreApplication.translate("TrafficChart", "-{0} min").format(int(seconds // 60))
    return QCoreApplication.translate("TrafficChart", "-{0} s").format(int(seconds))
