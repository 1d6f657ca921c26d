"""Without a system tray (offscreen here, some desktops in real life) the app runs from its
window alone: no tray object, no warnings, closing the window really closes it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from tests.tray.fake_control import FakeControl, MemoryPreferences
from tunnelgui.profiles.model import Profile
from tunnelgui.ui.tray import TrayWaiter, bring_to_front, install_tray, show_initial_window


def make_window(qtbot) -> QMainWindow:
    window = QMainWindow()
    window.setObjectName("mainWindow")
    qtbot.addWidget(window)
    return window


def test_no_tray_no_icon_and_no_warning(qtbot):
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    control = FakeControl(
        [Profile(name="web", listen_port=18080, target_host="::1", target_port=1)]
    )
    window = make_window(qtbot)
    # pytest-qt fails this test on any Qt warning, e.g. the one a tray icon made here would log.
    assert install_tray(control, window, MemoryPreferences()) is None


def test_closing_the_window_closes_it(qtbot):
    window = make_window(qtbot)
    install_tray(FakeControl(), window, MemoryPreferences())
    show_initial_window(window, None, minimized=False)
    assert window.isVisible()
    assert window.close()
    assert not window.isVisible()


def test_minimized_start_without_tray_iconifies_and_says_why(qtbot, capsys):
    window = make_window(qtbot)
    show_initial_window(window, None, minimized=True, explain=True)
    assert window.isMinimized()
    assert capsys.readouterr().err == (
        "tunnelgui: this desktop has no system tray; starting with the window minimized instead.\n"
    )


def test_minimized_from_settings_is_quiet(qtbot, capsys):
    window = make_window(qtbot)
    show_initial_window(window, None, minimized=True, explain=False)
    assert window.isMinimized()
    assert capsys.readouterr().err == ""


# The offscreen platform cannot raise windows and says so; real platforms do.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_bring_to_front_restores_a_minimized_window(qtbot):
    window = make_window(qtbot)
    window.showMinimized()
    bring_to_front(window)
    assert window.isVisible() and not window.isMinimized()


def test_no_waiting_for_a_tray_where_none_can_come(qtbot):
    window = make_window(qtbot)
    install_tray(FakeControl(), window, MemoryPreferences(), window)
    assert window.findChildren(TrayWaiter) == []


class Flag:
    def __init__(self, value: bool) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.value


def test_tray_waiter_installs_once_the_tray_appears(qtbot):
    available = Flag(False)
    made = []
    waiter = TrayWaiter(lambda: made.append("tray") or "tray", available=available, interval_ms=10)
    qtbot.waitUntil(lambda: available.calls >= 3, timeout=5000)
    assert made == [] and waiter.waiting
    available.value = True
    with qtbot.waitSignal(waiter.installed, timeout=5000):
        pass
    assert waiter.tray == "tray"
    assert made == ["tray"] and not waiter.waiting
    calls = available.calls
    qtbot.wait(50)
    assert available.calls == calls  # polling stopped


def test_tray_waiter_gives_up(qtbot):
    available = Flag(False)
    waiter = TrayWaiter(lambda: "tray", available=available, interval_ms=5, attempts=4)
    qtbot.waitUntil(lambda: not waiter.waiting, timeout=5000)
    assert available.calls == 4
    assert waiter.tray is None
