"""A translation whose placeholders are wrong (a renamed field, another format spec) never makes
reading an event raise: the sentence comes out in English. And a reason said in English is the
English the engine worded. Real engine, real loopback tunnel."""

from __future__ import annotations

import pytest

from tests.engine.servers import TcpServer, connect, recv_exactly, spec_for, wait_until
from tunnelgui.engine import Engine, EventKind, messages

STARTED = "Tunnel {label!r} listens on {listen} and forwards to {target}."
OPENED = "Connection {conn_id} from {peer} is relayed to {target}."


def hold(conn) -> None:
    conn.sendall(b"ok")
    conn.recv(16)


@pytest.mark.parametrize(
    ("msgid", "bad"),
    [
        (STARTED, "隧道 {name!r} 在 {listen} 上监听并转发到 {target}。"),  # renamed field
        (OPENED, "来自 {peer} 的连接 {conn_id:s} 已中继到 {target}。"),  # spec, same names
    ],
)
def test_a_bad_translation_does_not_break_reading_events(msgid, bad):
    before = messages._, messages.ngettext
    messages.use_language(lambda m: bad if m == msgid else m, before[1])
    try:
        with Engine() as engine, TcpServer(hold) as server:
            tunnel = engine.start_tunnel(spec_for(server.port, tunnel_id="t"))
            with connect(tunnel.listen_port) as client:
                assert recv_exactly(client, 2) == b"ok"
                wait_until(
                    lambda: engine.events_since(0, {EventKind.CONNECTION_OPENED}), what="open"
                )
                for event in engine.events_since(0):
                    text = event.message  # what headless.wait_for_signal prints
                    assert text
    finally:
        messages.use_language(*before)


def test_failure_reason_said_in_english_keeps_its_english():
    """A handed connection closed while it connects fails with failure_reason(close reason):
    "closed because ...", not the close reason's "was closed because ...", when said too."""
    from tunnelgui import i18n

    before = messages._, messages.ngettext
    messages.use_language(i18n._, i18n.ngettext)
    try:
        i18n.set_language("en")
        reason = messages.failure_reason(messages.N_("was closed because the tunnel stopped"))
        assert str(reason) == "closed because the tunnel stopped"
        assert messages.say(reason) == str(reason)
        line = messages.connect_failed(7, ("127.0.0.1", 5), "db:5432", reason)
        assert "(closed because the tunnel stopped)" in line, line
    finally:
        messages.use_language(*before)


def test_headless_run_survives_a_bad_translation():
    """forward/run print each notable event as it comes: a bad catalog entry must not end the
    run (wait_for_signal returns for the signal, not with a KeyError)."""
    import os
    import signal
    import threading

    from tunnelgui import headless

    before = messages._, messages.ngettext
    up = "The target {target} is reachable."
    bad = "目标 {host} 可以访问。"  # renamed field
    try:
        with TcpServer(hold) as server, headless.running_engine() as engine:
            # running_engine() hands i18n's functions over; a bad catalog entry stands in here.
            messages.use_language(lambda m: bad if m == up else m, before[1])
            tunnel = engine.start_tunnel(spec_for(server.port, tunnel_id="t"))
            with connect(tunnel.listen_port) as client:  # TARGET_UP, a notable event
                assert recv_exactly(client, 2) == b"ok"
            timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGTERM))
            timer.start()
            try:
                assert headless.wait_for_signal(engine) == 0  # the signal stops it, not a crash
            finally:
                timer.cancel()
    finally:
        messages.use_language(*before)
