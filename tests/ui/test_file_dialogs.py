"""The import and export dialogs of the real window: they open in the user's home, then in the
last folder used; import lists every format it reads and shows hidden folders (~/.ssh); a .json
file that is not JSON is refused as such."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.ui.loopback import free_port
from tunnelgui.profiles.model import Profile
from tunnelgui.ui import file_dialogs

SSH_CONFIG = "Host bastion\n    HostName 127.0.0.1\n    LocalForward {port} db.internal:5432\n"


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)  # the process's folder, which no dialog may open in
    monkeypatch.setattr(file_dialogs, "FOLDERS", file_dialogs.FolderMemory())  # a fresh session
    return home


def _answer_dialog(qtbot, answer) -> list[dict]:
    """Wait for the next file dialog, note what it shows, then let `answer(dialog)` close it."""
    seen: list[dict] = []

    def look() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog)]
        visible = [d for d in dialogs if d.isVisible()]
        if not visible:
            QTimer.singleShot(20, look)
            return
        dialog = visible[0]
        seen.append(
            {
                "name": dialog.objectName(),
                "folder": Path(dialog.directory().absolutePath()),
                "filters": dialog.nameFilters(),
                "hidden": bool(dialog.filter() & QDir.Filter.Hidden),
            }
        )
        answer(dialog)

    QTimer.singleShot(0, look)
    return seen


def _choose(path: Path):
    def answer(dialog: QFileDialog) -> None:
        dialog.selectFile(str(path))
        dialog.accept()

    return answer


def _cancel(dialog: QFileDialog) -> None:
    dialog.reject()


def test_import_opens_in_home_shows_hidden_folders_then_remembers_the_folder(qtbot, home, session):
    window = session.window
    config = home / ".ssh" / "config"
    config.write_text(SSH_CONFIG.format(port=free_port()))
    seen = _answer_dialog(qtbot, _choose(config))
    window.import_flow.run()
    assert seen and seen[0]["name"] == "importFileDialog"
    assert seen[0]["folder"] == home
    assert seen[0]["hidden"]  # ~/.ssh is listed
    filters = " ".join(seen[0]["filters"])
    for format_name in ("TunnelGUI profiles", "rinetd", "OpenSSH", "Toxiproxy"):
        assert format_name in filters
    assert "config" in seen[0]["filters"][0] and "*.json" in seen[0]["filters"][0]
    box = window.messages.current
    assert box is not None and box.windowTitle() == "Import finished", box.text()
    box.accept()
    assert [p.via for p in session.controller.profiles()] == ["bastion"]

    # The next dialog, import or export, opens where the last file was chosen.
    seen = _answer_dialog(qtbot, _cancel)
    window.import_flow.run()
    assert seen[0]["folder"] == home / ".ssh"
    seen = _answer_dialog(qtbot, _cancel)
    window.export_flow.run([p.id for p in session.controller.profiles()])
    assert seen[0]["name"] == "exportFileDialog" and seen[0]["folder"] == home / ".ssh"


def test_export_opens_in_home_not_the_process_folder(qtbot, home, session, tmp_path):
    profile = Profile(name="db", listen_port=free_port(), target_host="127.0.0.1", target_port=9)
    session.controller.add_profile(profile)
    seen = _answer_dialog(qtbot, _cancel)
    session.window.export_flow.run([profile.id], everything=True)
    assert seen[0]["folder"] == home != Path.cwd()


def test_a_json_file_that_is_not_json_is_refused_as_not_valid_json(qtbot, home, session):
    broken = home / "tunnels.json"
    broken.write_text("8080 127.0.0.1 5432 extra\nthis is not json\n")
    assert session.window.import_flow.import_from(broken) is None
    box = session.window.messages.current
    assert box is not None and box.windowTitle() == "Import refused"
    assert "not valid JSON at line 1" in box.text(), box.text()
    assert "port number" not in box.text() and "rinetd" not in box.text()
    box.accept()
    assert session.controller.profiles() == []
