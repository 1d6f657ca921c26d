"""Shipped resources: every icon exists, looks right, and is found from every kind of install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from tunnelgui import resource_paths
from tunnelgui.resource_paths import (
    ACTION_ICONS,
    APP_ICON_SIZES,
    DESKTOP_ENTRY,
    ResourceNotFoundError,
    TrayState,
    all_resource_names,
    app_icon_png,
    resource_path,
    resources_root,
)
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus, count_tunnels
from tunnelgui.ui.icons import action_icon, app_icon, tray_icon, tray_state_of

ROOT = Path(__file__).resolve().parents[1]


def test_source_checkout_uses_top_level_resources_folder():
    assert resources_root() == ROOT / "resources"


@pytest.mark.parametrize("name", all_resource_names())
def test_every_resource_resolves_to_a_file(name):
    path = resource_path(name)
    assert path.is_file()
    assert path.stat().st_size > 0


def test_every_shipped_file_is_known():
    # A file in resources/ that no name points at is either dead weight or a forgotten constant.
    shipped = {
        path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources").rglob("*")
        if path.is_file()
    }
    assert shipped == set(all_resource_names())


def test_missing_resource_names_the_file_and_what_to_do():
    with pytest.raises(ResourceNotFoundError, match=r"icons/nope\.svg is missing.*Reinstall"):
        resource_path("icons/nope.svg")


def test_unknown_icon_names_are_refused():
    with pytest.raises(ValueError, match="known: add"):
        resource_paths.action_icon_name("frobnicate")
    with pytest.raises(ValueError, match="sizes: 16"):
        app_icon_png(17)
    with pytest.raises(ValueError):
        resource_paths.tray_icon_name("sleepy")


def test_pyinstaller_bundle_folder_wins(tmp_path, monkeypatch):
    bundled = tmp_path / "tunnelgui" / "resources"
    bundled.mkdir(parents=True)
    (bundled / DESKTOP_ENTRY).write_text("[Desktop Entry]\n", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_root() == bundled
    assert resource_path(DESKTOP_ENTRY) == bundled / DESKTOP_ENTRY


def test_folder_without_our_desktop_entry_is_not_taken(tmp_path, monkeypatch):
    # e.g. an unrelated "resources" folder: without our marker file it must be skipped.
    (tmp_path / "tunnelgui" / "resources").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_root() == ROOT / "resources"


def test_no_resources_anywhere_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(resource_paths, "_candidate_roots", lambda: [tmp_path / "nothing"])
    with pytest.raises(ResourceNotFoundError, match="resources folder is missing"):
        resources_root()


def test_drawn_svgs_match_their_generator():
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "draw_icons.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", [name for name in all_resource_names() if name.endswith(".svg")])
def test_svgs_are_valid_square_images(name):
    renderer = QSvgRenderer(str(resource_path(name)))
    assert renderer.isValid()
    assert renderer.defaultSize() == QSize(64, 64)


@pytest.mark.parametrize("size", APP_ICON_SIZES)
def test_app_icon_pngs_have_their_size_and_transparent_corners(size):
    image = QImage(str(resource_path(app_icon_png(size))))
    assert image.size() == QSize(size, size)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_qicons_render(qapp):
    for icon in [app_icon(), *(tray_icon(s) for s in TrayState), *map(action_icon, ACTION_ICONS)]:
        assert not icon.isNull()
        pixmap = icon.pixmap(22, 22)
        assert not pixmap.isNull()
        # Something is drawn: the middle of every icon is not transparent.
        assert pixmap.toImage().pixelColor(11, 11).alpha() > 0


def test_tray_states_look_different(qapp):
    images = {state: tray_icon(state).pixmap(24, 24).toImage() for state in TrayState}
    for first in TrayState:
        for second in TrayState:
            if first < second:
                assert images[first] != images[second], (first, second)


def test_app_icon_uses_the_rendered_png_at_its_sizes(qapp):
    sizes = app_icon().availableSizes()
    assert {size.width() for size in sizes} >= set(APP_ICON_SIZES)


def status(state=TunnelState.LISTENING, target=TargetHealth.UNKNOWN):
    return TunnelStatus(state=state, target=target)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], TrayState.IDLE),
        ([status(TunnelState.STOPPED)], TrayState.IDLE),
        ([status(TunnelState.STOPPED), status()], TrayState.ACTIVE),
        ([status(TunnelState.STARTING)], TrayState.ACTIVE),
        ([status(target=TargetHealth.UP), status(target=TargetHealth.DOWN)], TrayState.WARNING),
        # A stopped tunnel's old target state does not count.
        ([status(TunnelState.STOPPED, TargetHealth.DOWN)], TrayState.IDLE),
        ([status(target=TargetHealth.DOWN), status(TunnelState.FAILED)], TrayState.ERROR),
        ([status(TunnelState.FAILED), status(TunnelState.STOPPED)], TrayState.ERROR),
    ],
)
def test_tray_state_of(statuses, expected):
    assert tray_state_of(count_tunnels(statuses)) is expected
