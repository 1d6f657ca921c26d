"""Importing profiles that clash with saved ones: replace, keep both or skip, with a preview."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.loopback import free_port
from tunnelgui.profiles.exchange import export_profiles
from tunnelgui.profiles.model import Profile
from tunnelgui.ui.import_clash_dialog import ImportClashDialog


@pytest.fixture
def clashing(tmp_path, session):
    """Saved: web, db, api. The file: web (same id, new target port), db (same name, another
    id and target), api (an identical copy) and cache (new)."""
    web = Profile("web", free_port(), "127.0.0.1", 80)
    db = Profile("db", free_port(), "127.0.0.1", 5432, group="prod")
    api = Profile("api", free_port(), "127.0.0.1", 9000)
    for profile in (web, db, api):
        session.controller.add_profile(profile)
    cache = Profile("cache", free_port(), "127.0.0.1", 6379)
    new_db = Profile("db", db.listen_port, "10.0.0.9", 5432, group="staging")
    path = tmp_path / "shared.json"
    export_profiles(path, [replace(web, target_port=8080), new_db, api, cache])
    session.window.import_flow.ask_path = lambda: path
    return session, web, db, api, cache, path


def _open_dialog(qtbot, session) -> ImportClashDialog:
    session.window.action("import").trigger()
    dialog = session.window.import_flow.clash_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _names(session) -> list[str]:
    return sorted(p.name for p in session.controller.profiles())


def test_each_clash_is_listed_with_a_preview_and_chosen_one_by_one(qtbot, clashing):
    session, web, db = clashing[:3]
    before = session.controller.profiles()
    dialog = _open_dialog(qtbot, session)
    assert session.controller.profiles() == before  # nothing happens before the answer
    assert (
        "2 profiles in \u201cshared.json\u201d have the name or id"
        in dialog.findChild(type(dialog.preview), "importClashIntro").text()
    )
    table = dialog.table
    assert table.rowCount() == 2  # the identical api is no clash
    assert [table.item(row, 0).text() for row in range(2)] == ["web", "db"]
    assert table.item(0, 1).text() == "web (same id)"
    assert table.item(1, 1).text() == "db (same name)"
    assert table.item(0, 2).text() == "target port: 80 \u2192 8080"
    assert table.item(1, 2).text() == (
        "group: 'prod' \u2192 'staging'; target host: '127.0.0.1' \u2192 '10.0.0.9'"
    )
    # Every choice is reachable with Tab.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    table.setFocus()
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert all(combo in seen for combo in dialog.combos)
    table.selectRow(0)

    # Keep both is the default: nothing lost, and the preview warns about the shared port.
    assert [combo.currentText() for combo in dialog.combos] == ["Keep both", "Keep both"]
    assert dialog.preview.text() == (
        "\u201cweb\u201d: Added as \u201cweb (2)\u201d beside the saved \u201cweb\u201d. It "
        f"listens on 127.0.0.1:{web.listen_port} like \u201cweb\u201d: only one of them can run "
        "at a time."
    )
    dialog.combos[0].setCurrentText("Replace")
    assert dialog.preview.text() == (
        "\u201cweb\u201d: The saved \u201cweb\u201d is replaced by the one in the file: "
        "target port: 80 \u2192 8080."
    )
    dialog.combos[1].setCurrentText("Skip")
    assert table.currentRow() == 1
    assert dialog.preview.text() == (
        "\u201cdb\u201d: Nothing changes: the saved \u201cdb\u201d stays as it is."
    )
    with qtbot.waitSignal(session.controller.profilesChanged, timeout=5000):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert _names(session) == ["api", "cache", "db", "web"]
    assert session.controller.profile(web.id).target_port == 8080
    assert session.controller.profile(db.id) == db
    box = session.window.messages.current
    assert box.windowTitle() == "Import finished"
    assert "Replaced: 'web'" in box.text() and "Skipped (already saved): 'db'" in box.text()
    assert session.window.import_flow.clash_dialog is None
    box.accept()


@pytest.mark.parametrize(
    ("button", "names"),
    [
        ("skipAllButton", ["api", "cache", "db", "web"]),
        ("replaceAllButton", ["api", "cache", "db", "web"]),
        ("renameAllButton", ["api", "cache", "db", "db (2)", "web", "web (2)"]),
    ],
)
def test_one_choice_for_all(qtbot, clashing, button, names):
    session, web = clashing[:2]
    dialog = _open_dialog(qtbot, session)
    qtbot.mouseClick(
        dialog.findChild(type(dialog.all_buttons["skip"]), button), Qt.MouseButton.LeftButton
    )
    with qtbot.waitSignal(session.controller.profilesChanged, timeout=5000):
        dialog.accept()
    assert _names(session) == names
    replaced = button == "replaceAllButton"
    assert (session.controller.profile(web.id).target_port == 8080) is replaced
    saved_db = [p for p in session.controller.profiles() if p.name == "db"]
    assert [p.group for p in saved_db] == (["staging"] if replaced else ["prod"])
    session.window.messages.current.accept()


def test_cancel_imports_nothing(qtbot, clashing):
    session, *_ = clashing
    before = (session.controller.store.path.read_bytes(), session.controller.profiles())
    dialog = _open_dialog(qtbot, session)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert (session.controller.store.path.read_bytes(), session.controller.profiles()) == before
    assert session.window.messages.current is None


def test_no_dialog_when_nothing_clashes(qtbot, tmp_path, session):
    path = tmp_path / "new.json"
    export_profiles(path, [Profile("fresh", free_port(), "127.0.0.1", 80)])
    summary = session.window.import_flow.import_from(path)
    assert summary is not None and summary.added == ["fresh"]
    assert session.window.import_flow.clash_dialog is None
    session.window.messages.current.accept()
