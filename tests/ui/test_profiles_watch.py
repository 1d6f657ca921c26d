"""Profiles saved by another program while the window is open (the real CLI in a child
process) appear within a second; the app's own saves and bursts of writes cause no reloads;
an editor open meanwhile keeps what was typed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from PySide6.QtCore import Qt

from tests.ui.loopback import free_port
from tunnelgui.profiles.model import Profile

APPEAR_MS = 10_000  # the watcher needs ~0.2 s; generous for a loaded machine (measured below)


def cli_add(config_dir, name: str, port: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "tunnelgui", "profiles", "add", name, str(port), "127.0.0.1:9"],
        env={**os.environ, "TUNNELGUI_CONFIG_DIR": str(config_dir)},
        check=True,
        capture_output=True,
        timeout=60,
    )


def names(session) -> list[str]:
    return sorted(p.name for p in session.controller.profiles())


def test_profiles_added_with_the_cli_appear_in_the_open_window(qtbot, isolated_config_dir, session):
    session.controller.add_profile(Profile("web", free_port(), "127.0.0.1", 80))
    cli_add(isolated_config_dir, "cli one", free_port())
    written = time.monotonic()
    qtbot.waitUntil(lambda: names(session) == ["cli one", "web"], timeout=APPEAR_MS)
    took = time.monotonic() - written
    model = session.window.table.profile_model
    assert model.rowCount() == 2
    # The save replaced the file (rename): the watch follows the new file, a second add shows.
    cli_add(isolated_config_dir, "cli two", free_port())
    qtbot.waitUntil(lambda: names(session) == ["cli one", "cli two", "web"], timeout=APPEAR_MS)
    print(f"first CLI profile shown {took:.2f} s after the CLI returned")


def test_own_saves_and_bursts_do_not_reload(qtbot, isolated_config_dir, session):
    reloads = []
    controller = session.controller
    original = controller.reload_if_changed_on_disk

    def counting() -> bool:
        done = original()
        reloads.append(done)
        return done

    controller.reload_if_changed_on_disk = counting
    controller.add_profile(Profile("web", free_port(), "127.0.0.1", 80))
    controller.add_profile(Profile("api", free_port(), "127.0.0.1", 81))
    qtbot.wait(600)
    assert True not in reloads  # our own saves: looked at, not read again

    # Another program rewrites the file 20 times in a row: one look after the burst settles.
    path = controller.store.path
    data = json.loads(path.read_text())
    for n in range(20):
        data["profiles"][0]["notes"] = f"edit {n}"
        path.write_text(json.dumps(data))
    qtbot.waitUntil(lambda: controller.profiles()[0].notes == "edit 19", timeout=APPEAR_MS)
    qtbot.wait(400)
    assert reloads.count(True) <= 2, reloads


def test_an_open_editor_keeps_its_text_and_both_changes_are_kept(
    qtbot, isolated_config_dir, session
):
    window = session.window
    window.action("add").trigger()
    editor = window.editor_flow.editor
    qtbot.keyClicks(editor.name_edit, "typed in the editor")
    editor.listen_port_spin.setValue(free_port())
    qtbot.keyClicks(editor.target_host_edit, "127.0.0.1")
    editor.target_port_spin.setValue(5432)
    cli_add(isolated_config_dir, "from the cli", free_port())
    qtbot.waitUntil(lambda: names(session) == ["from the cli"], timeout=APPEAR_MS)
    assert window.editor_flow.editor is editor and editor.isVisible()
    assert editor.name_edit.text() == "typed in the editor"
    with qtbot.waitSignal(session.controller.profilesChanged, timeout=5000):
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert names(session) == ["from the cli", "typed in the editor"]
    on_disk = json.loads(session.controller.store.path.read_text())
    assert sorted(p["name"] for p in on_disk["profiles"]) == names(session)


def test_a_profile_removed_by_another_program_stops_its_tunnel(
    qtbot, isolated_config_dir, session, echo_server
):
    port = free_port()
    session.controller.add_profile(Profile("web", port, "127.0.0.1", echo_server.port))
    (profile,) = session.controller.profiles()
    session.controller.start([profile.id])
    qtbot.waitUntil(lambda: session.controller.status(profile.id).running, timeout=APPEAR_MS)
    subprocess.run(
        [sys.executable, "-m", "tunnelgui", "profiles", "remove", "web"],
        env={**os.environ, "TUNNELGUI_CONFIG_DIR": str(isolated_config_dir)},
        check=True,
        capture_output=True,
        timeout=60,
    )
    qtbot.waitUntil(lambda: session.controller.profiles() == [], timeout=APPEAR_MS)
    qtbot.waitUntil(lambda: not session.controller.status(profile.id).running, timeout=APPEAR_MS)
