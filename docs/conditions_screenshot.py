"""Opens TunnelGUI with a shaped tunnel selected and its Conditions tab shown, for
docs/conditions.png (and, with --editor, the profile editor's Conditions tab):

    ../shared/tools/screenshot docs/conditions.png --wait 8 -- \
        .venv/bin/python docs/conditions_screenshot.py
    convert docs/conditions.png -crop 1180x640+0+0 +repage docs/conditions.png  # the window

Everything listens on 127.0.0.1; the targets are echo servers on a thread of this process.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def echo_server() -> int:
    listener = socket.create_server(("127.0.0.1", 0))

    def handle(conn: socket.socket) -> None:
        with conn:
            while data := conn.recv(65536):
                conn.sendall(data)

    def serve() -> None:
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tunnelgui.engine.conditions import Condition, Direction, Latency, ResetAfter
    from tunnelgui.profiles.condition_presets import preset
    from tunnelgui.profiles.model import Profile
    from tunnelgui.ui.app_session import AppSession

    app = QApplication(sys.argv)
    config = Path(tempfile.mkdtemp(prefix="tunnelgui-conditions-"))
    target = echo_server()
    session = AppSession(config)
    controller = session.controller
    api = Profile("api (slow link)", free_port(), "127.0.0.1", target, group="dev")
    web = Profile("web frontend", free_port(), "127.0.0.1", target, group="dev")
    db = Profile("postgres", free_port(), "127.0.0.1", target, group="dev")
    for profile in (api, web, db):
        controller.add_profile(profile)
    conditions = (
        *preset("3g").conditions,
        Condition(Latency(2.0), Direction.TO_CLIENT, enabled=False),
        Condition(ResetAfter(bytes=1024 * 1024), probability=0.25),
    )
    controller.set_conditions(api.id, conditions)
    controller.set_conditions(web.id, preset("bad-wifi").conditions)
    session.start()
    controller.start([api.id, web.id, db.id])
    window = session.window
    window.resize(1180, 640)
    window.table.select_ids([api.id])
    details = window.details
    details.tabs.setCurrentWidget(details.conditions_tab)
    if "--editor" in sys.argv:
        QTimer.singleShot(800, lambda: _open_editor(window, api.id))
    code = app.exec()
    session.shutdown()
    return code


def _open_editor(window, profile_id: str) -> None:
    window.editor_flow.edit(profile_id)
    editor = window.editor_flow.editor
    editor.tabs.setCurrentWidget(editor.conditions_editor)


if __name__ == "__main__":
    sys.exit(main())
