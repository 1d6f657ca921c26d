"""Render the app icon's PNG sizes, the Windows .ico and the macOS .icns from the SVG sources.

Run after packaging/draw_icons.py:  python packaging/render_icons.py
Outputs (committed): resources/icons/hicolor/<N>x<N>/apps/<app id>.png for each size the desktops
look for, and packaging/icons/tunnelgui.ico / tunnelgui.icns for the PyInstaller builds.
`--contact-sheet FILE` also draws every icon at 16/22/24/48 px on light and dark panels, to look at.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS_DIR = ROOT / "resources" / "icons"
APP_ID = "io.github.tunnelgui.TunnelGUI"
APP_SVG = ICONS_DIR / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types that hold PNG data, by pixel size (the @2x types reuse the bigger renders).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
SHEET_SIZES = (16, 22, 24, 48)
SHEET_BACKGROUNDS = ("#f2f2f2", "#d6d6d6", "#2b2b2b", "#1d2b3a")


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding PNG images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    directory, payload = b"", b""
    for size, data in pngs.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + directory + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon family holding PNG images."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_app_icons() -> None:
    for size in PNG_SIZES:
        target = ICONS_DIR / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png_bytes(render(APP_SVG, size)))
        print(f"wrote {target}")
    pngs = {size: png_bytes(render(APP_SVG, size)) for size in sorted({*ICO_SIZES, 512})}
    bundle_dir = ROOT / "packaging" / "icons"
    bundle_dir.mkdir(parents=True, exist_ok=True)
    (bundle_dir / "tunnelgui.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (bundle_dir / "tunnelgui.icns").write_bytes(icns_bytes(pngs))
    print(f"wrote {bundle_dir / 'tunnelgui.ico'} and {bundle_dir / 'tunnelgui.icns'}")


def contact_sheet(target: Path, zoom: int = 3) -> None:
    """Every SVG at small sizes on light and dark panels, enlarged without smoothing."""
    svgs = sorted(ICONS_DIR.rglob("*.svg"))
    pad, label_width = 8, 120
    column = sum(size + pad for size in SHEET_SIZES) + pad
    row = max(SHEET_SIZES) + 2 * pad
    sheet = QImage(
        label_width + column * len(SHEET_BACKGROUNDS),
        row * len(svgs),
        QImage.Format.Format_ARGB32,
    )
    sheet.fill(QColor("white"))
    painter = QPainter(sheet)
    painter.setFont(QFont("DejaVu Sans", 8))
    for index, svg in enumerate(svgs):
        top = index * row
        painter.setPen(QColor("black"))
        painter.drawText(4, top + row // 2, svg.stem.removeprefix(f"{APP_ID}").strip(".") or "app")
        for number, background in enumerate(SHEET_BACKGROUNDS):
            left = label_width + number * column
            painter.fillRect(left, top, column, row, QColor(background))
            x = left + pad
            for size in SHEET_SIZES:
                painter.drawImage(x, top + pad, render(svg, size))
                x += size + pad
    painter.end()
    enlarged = sheet.scaled(
        sheet.width() * zoom,
        sheet.height() * zoom,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )
    enlarged.save(str(target))
    print(f"wrote {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contact-sheet", type=Path, metavar="FILE", help="also draw this PNG")
    parser.add_argument("--only-sheet", action="store_true", help="draw the sheet only")
    parser.add_argument("--zoom", type=int, default=3, help="enlargement of the sheet")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication([])
    if not args.only_sheet:
        write_app_icons()
    if args.contact_sheet:
        contact_sheet(args.contact_sheet, args.zoom)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
