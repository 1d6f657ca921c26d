"""The tray menu model offscreen: entries, check marks, failure marks, groups and commands."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from tests.tray.fake_control import FakeControl
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.ui.tray_menu import TrayMenu


def profile(name: str, group: str = "", port: int = 18080) -> Profile:
    return Profile(
        name=name, listen_port=port, target_host="127.0.0.1", target_port=port + 1, group=group
    )


@pytest.fixture
def control():
    return FakeControl(
        [
            profile("web", port=18080),
            profile("Admin", port=18082),
            profile("postgres", group="db", port=18084),
            profile("redis", group="db", port=18086),
            profile("grafana", group="Monitoring", port=18088),
        ]
    )


def by_name(control: FakeControl, name: str) -> Profile:
    return next(p for p in control.profiles() if p.name == name)


class Window:
    """Only what the menu asks: is the window shown?"""

    def __init__(self) -> None:
        self.shown = True

    def visible(self) -> bool:
        return self.shown


@pytest.fixture
def window():
    return Window()


@pytest.fixture
def menu(qtbot, control, window):
    menu = TrayMenu(control, window_visible=window.visible)
    qtbot.addWidget(menu)
    return menu


def texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions()]


def test_top_level_layout_groups_first_then_ungrouped_then_commands(menu):
    assert texts(menu) == [
        "db (0/2 running)",
        "Monitoring (0/1 running)",
        "Admin",
        "web",
        "",
        "Start all",
        "Stop all",
        "Restart all running",
        "Check targets now",
        "",
        "Hide window",
        "Quit",
    ]


def test_restart_and_check_entries_act_on_running_tunnels_only(menu, control):
    restart = menu.find_action("trayRestartRunning")
    check = menu.find_action("trayCheckNow")
    assert not restart.isEnabled() and not check.isEnabled()  # nothing runs
    web = by_name(control, "web")
    control.set_status(web.id, TunnelStatus(TunnelState.LISTENING))
    menu.rebuild()
    restart = menu.find_action("trayRestartRunning")
    check = menu.find_action("trayCheckNow")
    assert restart.isEnabled() and check.isEnabled()
    check.trigger()
    restart.trigger()
    assert control.calls == [("check_all_running", ()), ("restart_all_running", ())]


def test_group_submenus_have_group_commands_and_members(menu, control):
    db, monitoring = menu.group_menus()
    assert db.objectName() == "trayGroup:db"
    assert db.accessibleName() == "Group db"
    assert texts(db) == ["Start group", "Stop group", "", "postgres", "redis"]
    assert texts(monitoring) == ["Start group", "Stop group", "", "grafana"]


def test_check_marks_follow_running_state(menu, control):
    web, postgres = by_name(control, "web"), by_name(control, "postgres")
    control.set_status(web.id, TunnelStatus(TunnelState.LISTENING))
    control.set_status(postgres.id, TunnelStatus(TunnelState.STARTING))
    menu.rebuild()
    checked = {
        action.data(): action.isChecked()
        for action in [menu.tunnel_action(p.id) for p in control.profiles()]
    }
    assert checked == {p.id: p.name in ("web", "postgres") for p in control.profiles()}
    assert menu.tunnel_action(postgres.id).text() == "postgres \u2014 starting\u2026"
    assert menu.tunnel_action(web.id).isCheckable()
    assert menu.tunnel_action(web.id).objectName() == f"trayTunnel:{web.id}"


def test_failed_and_unreachable_entries_are_marked(menu, control):
    web, redis = by_name(control, "web"), by_name(control, "redis")
    control.fail(web.id, "127.0.0.1:18080 is already in use by another program.")
    control.target(redis.id, TargetHealth.DOWN, "connection refused")
    menu.rebuild()
    failed = menu.tunnel_action(web.id)
    assert failed.text() == "\u26a0 web \u2014 failed"
    assert not failed.isChecked()
    assert "already in use" in failed.toolTip()
    assert "127.0.0.1:18080 \u2192 127.0.0.1:18081" in failed.toolTip()
    down = menu.tunnel_action(redis.id)
    assert down.text() == "redis \u2014 target unreachable"
    assert down.isChecked()
    assert "connection refused" in down.toolTip()
    assert texts(menu)[0] == "db (1/2 running)"
    control.fail(redis.id, "listener broke")
    menu.rebuild()
    assert texts(menu)[0] == "\u26a0 db (0/2 running)"


def test_toggling_an_entry_starts_and_stops_that_tunnel(menu, control):
    admin = by_name(control, "Admin")
    menu.tunnel_action(admin.id).trigger()
    assert control.calls == [("start", (admin.id,))]
    menu.rebuild()
    assert menu.tunnel_action(admin.id).isChecked()
    menu.tunnel_action(admin.id).trigger()
    assert control.calls[-1] == ("stop", (admin.id,))
    assert not control.status(admin.id).running


def test_failed_entry_toggles_to_a_fresh_start(menu, control):
    web = by_name(control, "web")
    control.fail(web.id, "port in use")
    menu.rebuild()
    menu.tunnel_action(web.id).trigger()
    assert control.calls == [("start", (web.id,))]


def test_group_commands_act_on_the_whole_group_and_enable_sensibly(menu, control):
    postgres, redis = by_name(control, "postgres"), by_name(control, "redis")
    start, stop = menu.find_action("trayStartGroup:db"), menu.find_action("trayStopGroup:db")
    assert start.isEnabled() and not stop.isEnabled()
    start.trigger()
    assert control.calls == [("start", (postgres.id, redis.id))]
    menu.rebuild()
    start, stop = menu.find_action("trayStartGroup:db"), menu.find_action("trayStopGroup:db")
    assert not start.isEnabled() and stop.isEnabled()
    stop.trigger()
    assert control.calls[-1] == ("stop", (postgres.id, redis.id))
    # The other group was never touched.
    assert not control.status(by_name(control, "grafana").id).running


def test_start_all_and_stop_all(menu, control):
    start_all, stop_all = menu.find_action("trayStartAll"), menu.find_action("trayStopAll")
    assert start_all.isEnabled() and not stop_all.isEnabled()
    start_all.trigger()
    assert control.calls == [("start_all", ())]
    menu.rebuild()
    start_all, stop_all = menu.find_action("trayStartAll"), menu.find_action("trayStopAll")
    assert not start_all.isEnabled() and stop_all.isEnabled()
    stop_all.trigger()
    assert control.calls[-1] == ("stop_all", ())


def test_window_and_quit_entries_emit_requests(qtbot, menu, window):
    assert menu.find_action("trayToggleWindow").text() == "Hide window"
    with qtbot.waitSignal(menu.toggleWindowRequested, timeout=1000):
        menu.find_action("trayToggleWindow").trigger()
    window.shown = False
    menu.rebuild()
    assert menu.find_action("trayToggleWindow").text() == "Show window"
    with qtbot.waitSignal(menu.quitRequested, timeout=1000):
        menu.find_action("trayQuit").trigger()


# Popping a menu up on the offscreen platform draws these two complaints; nothing else may warn.
offscreen_popup = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@offscreen_popup
def test_menu_is_rebuilt_when_it_opens(qtbot, menu, control):
    added = profile("new & shiny", port=18090)
    control.add(added)
    assert menu.tunnel_action(added.id) is None  # nothing rebuilt while closed
    with qtbot.waitSignal(menu.aboutToShow, timeout=1000):
        menu.popup(QPoint(0, 0))
    action = menu.tunnel_action(added.id)
    # "&" would otherwise become a keyboard mnemonic and vanish from the text.
    assert action.text() == "new && shiny"
    menu.hide()


@offscreen_popup
def test_open_menu_updates_check_marks_in_place(qtbot, menu, control):
    web = by_name(control, "web")
    with qtbot.waitSignal(menu.aboutToShow, timeout=1000):
        menu.popup(QPoint(0, 0))
    action = menu.tunnel_action(web.id)
    control.fail(web.id, "listener broke")
    menu.refresh_states()
    assert menu.tunnel_action(web.id) is action
    assert action.text() == "\u26a0 web \u2014 failed"
    control.set_status(web.id, TunnelStatus(TunnelState.LISTENING))
    menu.refresh_states()
    assert action.isChecked()
    menu.hide()


def test_rebuilds_do_not_pile_up_submenus(qtbot, menu):
    for _ in range(5):
        menu.rebuild()
    qtbot.wait(50)  # deleteLater runs on the event loop
    assert len(menu.findChildren(QMenu)) == 2


def test_empty_menu_says_so_and_keeps_the_commands(qtbot, window):
    menu = TrayMenu(FakeControl(), window_visible=window.visible)
    qtbot.addWidget(menu)
    empty = menu.find_action("trayNoTunnels")
    assert empty is not None and not empty.isEnabled()
    assert not menu.find_action("trayStartAll").isEnabled()
    assert not menu.find_action("trayStopAll").isEnabled()
    assert menu.find_action("trayQuit").isEnabled()
