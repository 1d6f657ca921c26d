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


def test_export_action_writes_the_selection_or_everything(qtbot, tmp_path, session):
    web = Profile("web", free_port(), "127.0.0.1", 80)
    db = Profile("db", free_port(), "127.0.0.1", 5432)
    session.controller.add_profile(web)
    session.controller.add_profile(db)
    window = session.window
    target = tmp_path / "out.json"
    window.export_flow.ask_path = lambda: target

    window.table.select_ids([db.id])
    window.action("export").trigger()
    assert _exported_names(target) == ["db"]
    assert window.statusBar().currentMessage() == f"Exported 1 profile to {target}."

    window.table.select_ids([])
    window.action("export").trigger()
    assert sorted(_exported_names(target)) == ["db", "web"]
    assert window.statusBar().currentMessage() == f"Exported 2 profiles to {target}."


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


def test_duplicate_action_selects_the_copy_on_a_free_port(
    qtbot, isolated_config_dir, make_session
):
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
