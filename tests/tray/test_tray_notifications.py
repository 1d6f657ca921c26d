"""Notifications: failures and target reachability, one message per burst, none per connection."""

from __future__ import annotations

import pytest

from tests.tray.fake_control import FakeControl
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TargetHealth, TunnelState, TunnelStatus
from tunnelgui.ui.notifications import TunnelNotifier

# Short windows keep the tests quick; the values are not asserted on.
COALESCE = 0.05
WAIT_MS = 5000


def profile(name: str, port: int) -> Profile:
    return Profile(name=name, listen_port=port, target_host="127.0.0.1", target_port=port + 1)


class Switch:
    def __init__(self) -> None:
        self.on = True

    def __call__(self) -> bool:
        return self.on


@pytest.fixture
def control():
    return FakeControl([profile("web", 18080), profile("db", 18082), profile("cache", 18084)])


@pytest.fixture
def enabled():
    return Switch()


@pytest.fixture
def notifier(control, enabled):
    notifier = TunnelNotifier(control, enabled, coalesce_seconds=COALESCE, min_interval_seconds=0)
    control.changed.connect(notifier.on_changed)
    return notifier


def ids(control: FakeControl) -> dict[str, str]:
    return {p.name: p.id for p in control.profiles()}


def test_a_failure_is_announced_with_its_reason(qtbot, control, notifier):
    web = ids(control)["web"]
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS) as blocker:
        control.fail(web, "127.0.0.1:18080 is already in use by another program.")
    title, body, critical = blocker.args
    assert critical
    assert title == "TunnelGUI: tunnel problem"
    assert body == "web failed: 127.0.0.1:18080 is already in use by another program."


def test_target_down_and_back_up(qtbot, control, notifier):
    db = ids(control)["db"]
    control.start([db])
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS) as blocker:
        control.target(db, TargetHealth.DOWN, "connection refused")
    assert blocker.args == [
        "TunnelGUI: tunnel problem",
        "db: target 127.0.0.1:18083 is unreachable (connection refused).",
        True,
    ]
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS) as blocker:
        control.target(db, TargetHealth.UP)
    assert blocker.args == ["TunnelGUI", "db: target 127.0.0.1:18083 is reachable again.", False]


def test_a_burst_becomes_one_message(qtbot, control, notifier):
    names = ids(control)
    received = []
    notifier.notify.connect(lambda title, body, critical: received.append((title, body, critical)))
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS):
        for name in ("web", "db", "cache"):
            control.target(names[name], TargetHealth.DOWN, "timed out")
    qtbot.wait(200)  # a second message would be due by now
    assert len(received) == 1
    title, body, critical = received[0]
    assert title == "TunnelGUI: 3 tunnel changes"
    assert critical
    assert [line.split(":")[0] for line in body.splitlines()] == ["web", "db", "cache"]


def test_long_bursts_are_summarized(qtbot):
    control = FakeControl([profile(f"t{n}", 18100 + 2 * n) for n in range(7)])
    notifier = TunnelNotifier(control, lambda: True, coalesce_seconds=COALESCE)
    control.changed.connect(notifier.on_changed)
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS) as blocker:
        for p in control.profiles():
            control.fail(p.id, "listener broke")
    body = blocker.args[1]
    assert body.splitlines()[-1] == "\u2026and 3 more; see the window for details."
    assert len(body.splitlines()) == 5


def test_plain_starts_stops_and_first_good_health_are_not_news(qtbot, control, notifier):
    names = ids(control)
    with qtbot.assertNotEmitted(notifier.notify, wait=300):
        control.start_all()
        control.target(names["web"], TargetHealth.UP)
        control.set_status(names["db"], TunnelStatus(TunnelState.STARTING))
        control.stop_all()


def test_a_flap_inside_the_window_says_nothing(qtbot, control, notifier):
    db = ids(control)["db"]
    control.target(db, TargetHealth.UP)
    with qtbot.assertNotEmitted(notifier.notify, wait=300):
        control.target(db, TargetHealth.DOWN, "refused")
        control.target(db, TargetHealth.UP)


def test_disabled_notifications_stay_silent_and_do_not_replay_later(qtbot, control, enabled):
    notifier = TunnelNotifier(control, enabled, coalesce_seconds=COALESCE)
    control.changed.connect(notifier.on_changed)
    enabled.on = False
    web, db = ids(control)["web"], ids(control)["db"]
    with qtbot.assertNotEmitted(notifier.notify, wait=300):
        control.fail(web, "broke")
    enabled.on = True
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS) as blocker:
        control.fail(db, "broke too")
    assert blocker.args[1] == "db failed: broke too"


def test_state_at_start_is_not_announced(qtbot, control):
    web = ids(control)["web"]
    control.fail(web, "already failed before the notifier existed")
    notifier = TunnelNotifier(control, lambda: True, coalesce_seconds=COALESCE)
    control.changed.connect(notifier.on_changed)
    with qtbot.assertNotEmitted(notifier.notify, wait=300):
        control.changed.emit()


def test_messages_are_rate_limited(qtbot, control):
    """After a message, changes wait out the minimum interval and then come as one."""
    notifier = TunnelNotifier(
        control, lambda: True, coalesce_seconds=COALESCE, min_interval_seconds=3.0
    )
    control.changed.connect(notifier.on_changed)
    names = ids(control)
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS):
        control.fail(names["web"], "first")
    received = []
    notifier.notify.connect(lambda title, body, critical: received.append((title, body, critical)))
    control.fail(names["db"], "second")
    qtbot.wait(round(COALESCE * 1000) * 4)
    control.fail(names["cache"], "third")
    with qtbot.waitSignal(notifier.notify, timeout=WAIT_MS):
        pass
    assert len(received) == 1
    assert received[0][1].splitlines() == ["db failed: second", "cache failed: third"]
