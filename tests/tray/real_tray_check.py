"""Run by test_tray_real.py in a subprocess on an Xvfb screen with trayer: drives the real tray
icon with real mouse clicks (xdotool) and prints one JSON line of what it saw.

    DISPLAY=:N QT_QPA_PLATFORM=xcb python tests/tray/real_tray_check.py [full|app-quit]

"full" goes through the menu, clicks, close-to-tray and Quit from the menu over an in-memory
controller; "app" does the same with the whole app (store, worker, engine: real tunnels on
loopback); "app-quit" checks that the app's own File > Quit closes the window for real.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction, QCloseEvent, QImage
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSystemTrayIcon

from tests.tray.fake_control import FakeControl, MemoryPreferences
from tunnelgui.profiles.model import Profile
from tunnelgui.resource_paths import TrayState
from tunnelgui.tunnel_status import TunnelState
from tunnelgui.ui.translations import install_translators
from tunnelgui.ui.tray import TrayIcon, install_tray, show_initial_window

WAIT = 15.0  # seconds for any one thing to happen on screen
XDOTOOL = shutil.which("xdotool")

warnings: list[str] = []


def on_qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        warnings.append(message)


def spin(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        spin(20)
    return True


def xdotool(*args: str) -> None:
    subprocess.run([XDOTOOL, *args], check=True, timeout=WAIT)


def click_at(point: QPoint, button: int = 1) -> None:
    # No --sync: it waits for a motion event, and there is none when the pointer is there already.
    xdotool("mousemove", str(point.x()), str(point.y()))
    spin(100)  # let Qt see the pointer arrive (hover highlights the menu entry)
    xdotool("click", str(button))


def icon_center(tray: TrayIcon) -> QPoint:
    return tray.tray.geometry().center()


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    )


class _XEvent(ctypes.Union):
    _fields_ = (("xclient", _XClientMessageEvent), ("pad", ctypes.c_long * 24))


def ask_window_manager_to_close(window: QMainWindow) -> None:
    """Send WM_DELETE_WINDOW, as a window manager does when the user clicks the close button
    (Xvfb has no window manager to click). Qt turns it into a spontaneous close event."""
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    x11.XSendEvent.argtypes = (
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_long,
        ctypes.POINTER(_XEvent),
    )
    x11.XFlush.argtypes = (ctypes.c_void_p,)
    x11.XCloseDisplay.argtypes = (ctypes.c_void_p,)
    display = x11.XOpenDisplay(None)
    if not display:
        raise RuntimeError("cannot open the X display")
    try:
        event = _XEvent()
        event.xclient.type = 33  # ClientMessage
        event.xclient.window = int(window.winId())
        event.xclient.message_type = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
        event.xclient.format = 32
        event.xclient.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
        x11.XSendEvent(display, int(window.winId()), 0, 0, ctypes.byref(event))
        x11.XFlush(display)
    finally:
        x11.XCloseDisplay(display)


class RecordingWindow(QMainWindow):
    """Counts the close events that reach the window itself (the tray did not take them)."""

    def __init__(self) -> None:
        super().__init__()
        self.closes_reached = 0

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closes_reached += 1
        event.accept()


def icon_settled(tray: TrayIcon) -> bool:
    before = tray.tray.geometry()
    spin(300)
    return not before.isEmpty() and tray.tray.geometry() == before and before.topLeft() != QPoint()


def open_menu(tray: TrayIcon) -> bool:
    """Right click the icon until the menu shows: a click that lands on a message balloon
    (Qt draws those next to the icon on plain X11 trays) only dismisses the balloon."""
    tray.menu.hide()
    for _attempt in range(3):
        click_at(icon_center(tray), button=3)
        if wait_until(tray.menu.isVisible, timeout=WAIT / 3):
            return True
    return False


def click_action(menu: QMenu, action: QAction) -> None:
    click_at(menu.mapToGlobal(menu.actionGeometry(action).center()))


def grab_icon(app: QApplication, tray: TrayIcon) -> QImage:
    geometry = tray.tray.geometry()
    screen = app.primaryScreen()
    return (
        screen.grabWindow(0, geometry.x(), geometry.y(), geometry.width(), geometry.height())
        .toImage()
        .convertToFormat(QImage.Format.Format_RGB32)
    )


def distinct_colors(image: QImage) -> int:
    return len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())})


def main() -> int:
    result: dict[str, object] = {}
    try:
        return run_checks(result)
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
        print(json.dumps(result))
        raise


def run_checks(result: dict[str, object]) -> int:
    scenario = sys.argv[1] if len(sys.argv) > 1 else "full"
    qInstallMessageHandler(on_qt_message)
    app = QApplication(sys.argv[:1])
    # As AppSession does at startup: the English catalog holds the plural forms ("1 tunnel").
    install_translators("en")
    result["xdotool"] = XDOTOOL is not None

    result["available"] = wait_until(QSystemTrayIcon.isSystemTrayAvailable)
    if not result["available"] or XDOTOOL is None:
        print(json.dumps(result))
        return 1
    if scenario == "app":
        return check_real_app(app, result)
    if scenario == "app-quit":
        return check_app_quit(app, result)

    web = Profile(name="web", listen_port=18080, target_host="127.0.0.1", target_port=18081)
    db_a = Profile(
        name="db-a", listen_port=18082, target_host="127.0.0.1", target_port=18083, group="db"
    )
    db_b = Profile(
        name="db-b", listen_port=18084, target_host="127.0.0.1", target_port=18085, group="db"
    )
    control = FakeControl([web, db_a, db_b])
    window = RecordingWindow()
    window.setObjectName("mainWindow")
    window.setWindowTitle("TunnelGUI")
    window.resize(480, 320)
    preferences = MemoryPreferences()
    tray = install_tray(control, window, preferences)
    result["installed"] = tray is not None
    if tray is None:
        print(json.dumps(result))
        return 1
    show_initial_window(window, tray, minimized=False)

    # The tray host embeds the icon and gives it a place on screen.
    result["icon_embedded"] = wait_until(lambda: not tray.tray.geometry().isEmpty())
    # trayer first maps its panel at 0,0 and moves it to its edge once it knows its width.
    result["icon_settled"] = wait_until(lambda: icon_settled(tray))
    geometry = tray.tray.geometry()
    result["icon_geometry"] = [geometry.x(), geometry.y(), geometry.width(), geometry.height()]
    result["icon_visible"] = tray.tray.isVisible()
    wait_until(lambda: window.isVisible())
    spin(300)
    idle_image = grab_icon(app, tray)
    result["idle_icon_colors"] = distinct_colors(idle_image)
    result["state_idle"] = tray.state == TrayState.IDLE

    # Right click opens the menu; clicking the "web" entry starts that tunnel.
    result["menu_opens"] = open_menu(tray)
    web_action = tray.menu.tunnel_action(web.id)
    click_action(tray.menu, web_action)
    result["toggle_starts"] = wait_until(lambda: control.status(web.id).running)
    result["state_active"] = wait_until(lambda: tray.state == TrayState.ACTIVE)
    result["tooltip"] = tray.tray.toolTip()
    spin(300)
    result["icon_redrawn"] = grab_icon(app, tray) != idle_image

    # The group submenu: hover the group, then "Start group".
    open_menu(tray)
    group_menu = tray.menu.group_menus()[0]
    click_at(tray.menu.mapToGlobal(tray.menu.actionGeometry(group_menu.menuAction()).center()))
    result["group_menu_opens"] = wait_until(group_menu.isVisible)
    click_action(group_menu, tray.menu.find_action("trayStartGroup:db"))
    result["start_group"] = wait_until(
        lambda: control.status(db_a.id).running and control.status(db_b.id).running
    )

    # Clicking the checked "web" entry again stops it.
    open_menu(tray)
    click_action(tray.menu, tray.menu.tunnel_action(web.id))
    result["toggle_stops"] = wait_until(lambda: not control.status(web.id).running)

    # A failure becomes a tray message and the error icon.
    messages: list[list[object]] = []
    tray.notifier.notify.connect(lambda *args: messages.append(list(args)))
    control.fail(db_a.id, "127.0.0.1:18082 is already in use by another program.")
    result["state_error"] = wait_until(lambda: tray.state == TrayState.ERROR)
    result["notified"] = wait_until(lambda: bool(messages), timeout=WAIT) and messages[0]

    # Left click hides the window, another shows it again.
    click_at(icon_center(tray))
    result["left_click_hides"] = wait_until(lambda: not window.isVisible())
    spin(app.doubleClickInterval() + 200)  # two separate clicks, not a double click
    click_at(icon_center(tray))
    result["left_click_shows"] = wait_until(window.isVisible)
    # A double click ends with the window shown, whatever its first click did.
    spin(app.doubleClickInterval() + 200)
    xdotool("click", "--repeat", "2", "--delay", "80", "1")
    spin(app.doubleClickInterval() + 200)
    result["double_click_shows"] = window.isVisible()

    # Closing the window (the window manager's close button) hides it to the tray and tells
    # the user once.
    ask_window_manager_to_close(window)
    result["close_hides"] = wait_until(lambda: not window.isVisible())
    result["close_notice_remembered"] = preferences.notice_shown
    result["close_taken_by_tray"] = window.closes_reached == 0

    # Quit from the menu, inside the real event loop this time.
    def choose_quit() -> None:
        if open_menu(tray):
            click_action(tray.menu, tray.menu.find_action("trayQuit"))

    QTimer.singleShot(0, choose_quit)
    QTimer.singleShot(round(WAIT * 2000), lambda: app.exit(7))
    result["quit_exit_code"] = app.exec()
    result["stopped_all_on_quit"] = control.calls[-1] == ("stop_all", ())
    result["icon_hidden_after_quit"] = not tray.tray.isVisible()
    result["qt_warnings"] = warnings
    print(json.dumps(result))
    return 0


def refused(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            return False
    except ConnectionRefusedError:
        return True


def listening(control: object, profile: Profile) -> bool:
    return control.status(profile.id).state is TunnelState.LISTENING


def start_real_app(app: QApplication, profiles: list[Profile]):
    """The app as run_app builds it, on a fresh config folder holding `profiles`."""
    from tunnelgui.profiles.store import ProfileStore

    # Imported by name: the module comes with the desktop app (the gui branch).
    AppSession = importlib.import_module("tunnelgui.ui.app_session").AppSession

    config_dir = Path(tempfile.mkdtemp(prefix="tunnelgui-tray-check-"))
    store = ProfileStore.open(config_dir / "profiles.json")
    for profile in profiles:
        store.add(profile)
    session = AppSession(config_dir)
    app.aboutToQuit.connect(session.shutdown)
    session.start()
    return session, config_dir


def check_real_app(app: QApplication, result: dict[str, object]) -> int:
    from tests.ui.loopback import EchoServer, exchange, free_port
    from tunnelgui.settings import load_settings

    echo = EchoServer()
    squatter = socket.create_server(("127.0.0.1", 0))
    web = Profile(
        name="web", listen_port=free_port(), target_host="127.0.0.1", target_port=echo.port
    )
    db_a = Profile(
        name="db-a",
        listen_port=free_port(),
        target_host="127.0.0.1",
        target_port=echo.port,
        group="db",
    )
    db_b = Profile(
        name="db-b",
        listen_port=free_port(),
        target_host="127.0.0.1",
        target_port=echo.port,
        group="db",
    )
    busy = Profile(
        name="busy",
        listen_port=squatter.getsockname()[1],
        target_host="127.0.0.1",
        target_port=echo.port,
    )
    try:
        session, config_dir = start_real_app(app, [web, db_a, db_b, busy])
        tray, window, control = session.tray, session.window, session.controller
        result["installed"] = tray is not None
        if tray is None:
            print(json.dumps(result))
            return 1
        result["window_shown"] = wait_until(window.isVisible)
        # No window manager keeps the panel on top here: keep the window off the tray's corner.
        window.setGeometry(0, 200, 640, 480)
        result["icon_settled"] = wait_until(lambda: icon_settled(tray))
        result["state_idle"] = tray.state == TrayState.IDLE

        result["menu_opens"] = open_menu(tray)
        click_action(tray.menu, tray.menu.tunnel_action(web.id))
        result["toggle_starts"] = wait_until(lambda: listening(control, web))
        result["relays"] = exchange(web.listen_port, b"via the tray") == b"via the tray"
        result["state_active"] = wait_until(lambda: tray.state == TrayState.ACTIVE)

        open_menu(tray)
        group_menu = tray.menu.group_menus()[0]
        click_at(tray.menu.mapToGlobal(tray.menu.actionGeometry(group_menu.menuAction()).center()))
        result["group_menu_opens"] = wait_until(group_menu.isVisible)
        click_action(group_menu, tray.menu.find_action("trayStartGroup:db"))
        result["start_group"] = wait_until(
            lambda: listening(control, db_a) and listening(control, db_b)
        ) and all(exchange(p.listen_port, p.name.encode()) == p.name.encode() for p in (db_a, db_b))

        open_menu(tray)
        click_action(tray.menu, tray.menu.tunnel_action(web.id))
        result["toggle_stops"] = wait_until(lambda: refused(web.listen_port))

        messages: list[list[object]] = []
        tray.notifier.notify.connect(lambda *args: messages.append(list(args)))
        open_menu(tray)
        click_action(tray.menu, tray.menu.tunnel_action(busy.id))
        result["state_error"] = wait_until(lambda: tray.state == TrayState.ERROR)
        result["notified"] = wait_until(lambda: bool(messages), timeout=WAIT) and messages[0]
        open_menu(tray)
        result["failed_entry"] = tray.menu.tunnel_action(busy.id).text()
        tray.menu.hide()

        ask_window_manager_to_close(window)
        result["close_hides"] = wait_until(lambda: not window.isVisible())
        result["close_notice_saved"] = load_settings(
            config_dir / "settings.json"
        ).settings.close_notice_shown
        result["still_relaying"] = exchange(db_a.listen_port, b"hidden") == b"hidden"

        quit_chosen: list[bool] = []
        tray.menu.quitRequested.connect(lambda: quit_chosen.append(True))

        def choose_quit() -> None:
            result["quit_menu_opens"] = open_menu(tray)
            click_action(tray.menu, tray.menu.find_action("trayQuit"))

        QTimer.singleShot(0, choose_quit)
        QTimer.singleShot(round(WAIT * 2000), lambda: app.exit(7))
        result["quit_exit_code"] = app.exec()
        result["quit_chosen"] = bool(quit_chosen)
        result["ports_closed_after_quit"] = all(refused(p.listen_port) for p in (web, db_a, db_b))
    finally:
        squatter.close()
        echo.close()
    result["qt_warnings"] = warnings
    print(json.dumps(result))
    return 0


def check_app_quit(app: QApplication, result: dict[str, object]) -> int:
    """File > Quit with the window shown: the app quits, no "still running in the tray" hint."""
    from tunnelgui.settings import load_settings

    session, config_dir = start_real_app(app, [])
    result["installed"] = session.tray is not None
    result["window_shown"] = wait_until(session.window.isVisible)
    QTimer.singleShot(300, session.window.action("quit").trigger)
    QTimer.singleShot(round(WAIT * 2000), lambda: app.exit(7))
    result["quit_exit_code"] = app.exec()
    result["window_closed"] = not session.window.isVisible()
    result["close_notice_saved"] = load_settings(
        config_dir / "settings.json"
    ).settings.close_notice_shown
    result["qt_warnings"] = warnings
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
