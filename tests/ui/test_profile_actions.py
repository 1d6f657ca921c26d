"""The window's profile flows driven through their actions: import, export, duplicate, delete."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from tests.ui.loopback import free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore


def _exported_names(path) -> list[str]:
    return [entry["name"] for entry in json.loads(path.read_text())["profiles"]]


def test_import_action_asks_for_a_file_and_reports(qtbot, tmp_path, make_session):
    source = tmp_path / "source" / "profiles.json"
    source.parent.mkdir()
    ProfileStore.open(source).add(Profile("web", free_port(), "127.0.0.1", 80))
    window = make_session().window
    asked = []
    window.import_flow.ask_path = lambda: asked.append("import") or None  # cancelled
    window.action("import").trigger()
    assert asked == ["import"] and window.messages.current is None
    assert window.table.is_empty() and window.empty_hint.isVisible()

    window.import_flow.ask_path = lambda: source
    window.action("import").trigger()
    box = window.messages.current
    assert box is not None and box.windowTitle() == "Import finished"
    assert "Imported 1 profile from profiles.json." in box.text() and "Added: 'web'" in box.text()
    assert window.table.model().rowCount() == 1 and not window.empty_hint.isVisible()
    box.accept()
    assert window.messages.current is None


def test_export_writes_everything_and_export_selected_only_the_selection(qtbot, tmp_path, session):
    web = Profile("web", free_port(), "127.0.0.1", 80)
    db = Profile("db", free_port(), "127.0.0.1", 5432)
    cache = Profile("cache", free_port(), "127.0.0.1", 6379)
    for profile in (web, db, cache):
        session.controller.add_profile(profile)
    window = session.window
    target = tmp_path / "out.json"
    titles = []
    window.export_flow.ask_path = lambda title: titles.append(title) or target

    # One row is always selected; Export (Ctrl+E) still means all of them.
    window.table.select_ids([db.id])
    assert window.action("export").shortcut().toString() == "Ctrl+E"
    window.action("export").trigger()
    assert sorted(_exported_names(target)) == ["cache", "db", "web"]
    assert titles[-1] == "Export all 3 profiles"
    assert window.statusBar().currentMessage() == f"Exported all 3 profiles to {target}."

    assert window.action("export_selected").isEnabled()
    window.action("export_selected").trigger()
    assert _exported_names(target) == ["db"]
    assert titles[-1] == "Export the selected profile"
    assert window.statusBar().currentMessage() == f"Exported 1 selected profile to {target}."

    window.table.select_ids([db.id, web.id])
    window.action("export_selected").trigger()
    assert sorted(_exported_names(target)) == ["db", "web"]
    assert titles[-1] == "Export 2 selected profiles"

    window.table.select_ids([])
    assert not window.action("export_selected").isEnabled()
    window.action("export").trigger()
    assert len(_exported_names(target)) == 3
    file_menu = window.findChild(type(window.menuBar().actions()[0].menu()), "fileMenu")
    assert window.action("export_selected") in file_menu.actions()


def test_delete_of_several_names_them_and_removes_only_those(
    qtbot, isolated_config_dir, make_session
):
    profiles = [Profile(name, free_port(), "127.0.0.1", 80) for name in ("a", "b", "c")]
    store = ProfileStore.open(isolated_config_dir / "profiles.json")
    for profile in profiles:
        store.add(profile)
    window = make_session().window
    window.table.select_ids([profiles[0].id, profiles[2].id])
    window.action("delete").trigger()
    box = window.messages.current
    assert box is not None and box.objectName() == "confirmDeleteBox"
    assert box.text() == "Delete 2 tunnels?" and box.detailedText() == "a\nc"
    with qtbot.waitSignal(window.controller.profilesChanged, timeout=5000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert window.messages.current is None
    assert [p.name for p in window.controller.profiles()] == ["b"]
    assert window.table.selected_ids() == []
    assert not window.action("delete").isEnabled()


def test_duplicate_action_selects_the_copy_on_a_free_port(qtbot, isolated_config_dir, make_session):
    profile = Profile("web", free_port(), "127.0.0.1", 80)
    ProfileStore.open(isolated_config_dir / "profiles.json").add(profile)
    window = make_session().window
    window.table.select_ids([profile.id])
    window.action("duplicate").trigger()
    (copy_id,) = window.table.selected_ids()
    copy = window.controller.profile(copy_id)
    assert copy is not None and copy.name == "web (copy)"
    assert copy.listen_port != profile.listen_port
    assert window.details.title.text() == "web (copy)"
