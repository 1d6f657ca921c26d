# ruff: noqa: RUF001  (the expected text is Chinese, with its full-width punctuation)
"""Engine events in the reader's language: real tunnels on loopback, their sentences read under
zh_CN (tunnelgui.i18n's catalog, handed to the engine as headless.py and the worker do) and in
English, which stays word for word what it was."""

from __future__ import annotations

import re

import pytest

from tests.engine.servers import (
    TcpServer,
    connect,
    recv_all,
    recv_exactly,
    reserved_port,
    spec_for,
    wait_until,
)
from tunnelgui import i18n
from tunnelgui.engine import Engine, EventKind, messages
from tunnelgui.engine.messages import N_, Phrase, say

ADDRESS = r"127\.0\.0\.1:\d+"


def hold(conn) -> None:
    """A target that answers "ok" and then waits for the client to end."""
    conn.sendall(b"ok")
    recv_all(conn)


@pytest.fixture
def language():
    """Choose a language for the engine's sentences; English and the engine's own functions
    again afterwards."""
    before = messages._, messages.ngettext
    messages.use_language(i18n._, i18n.ngettext)
    try:
        yield i18n.set_language
    finally:
        i18n.set_language("en")
        messages.use_language(*before)


def one(engine, tunnel_id, kind):
    found = [e for e in engine.events_since(0) if e.tunnel_id == tunnel_id and e.kind == kind]
    assert len(found) == 1, found
    return found[0].message


def run_tunnels(engine: Engine) -> tuple[str, str]:
    """A tunnel whose client says hello and ends, and one whose target refuses; returns their
    ids once every event is in."""
    with TcpServer(hold) as server, reserved_port() as refused:
        relayed = engine.start_tunnel(spec_for(server.port, tunnel_id="relayed"))
        with connect(relayed.listen_port) as client:
            assert recv_exactly(client, 2) == b"ok"
        wait_until(lambda: engine.events_since(0, {EventKind.CONNECTION_CLOSED}), what="close")
        dead = engine.start_tunnel(spec_for(refused.getsockname()[1], tunnel_id="refused"))
        with connect(dead.listen_port) as client:
            assert recv_all(client) == b""
        wait_until(lambda: engine.events_since(0, {EventKind.CONNECT_FAILED}), what="refusal")
        engine.stop_tunnel("relayed")
        wait_until(lambda: engine.events_since(0, {EventKind.TUNNEL_STOPPED}), what="stop")
    return "relayed", "refused"


def test_event_sentences_are_chinese_under_zh_cn(plain_engine, language):
    assert language("zh_CN") == "zh_CN"
    relayed, refused = run_tunnels(plain_engine)
    assert re.fullmatch(
        rf"隧道 'relayed' 在 {ADDRESS} 上监听，并转发到 {ADDRESS}。",
        one(plain_engine, relayed, EventKind.TUNNEL_STARTED),
    )
    assert re.fullmatch(
        rf"来自 {ADDRESS} 的连接 \d+ 已中继到 {ADDRESS}。",
        one(plain_engine, relayed, EventKind.CONNECTION_OPENED),
    )
    assert re.fullmatch(
        rf"来自 {ADDRESS} 的连接 \d+ 已被客户端关闭，历时 \S+ s（发往目标 0 B，发往客户端 2 B）。",
        one(plain_engine, relayed, EventKind.CONNECTION_CLOSED),
    )
    assert re.fullmatch(
        rf"隧道 'relayed' 已停止在 {ADDRESS} 上监听。",
        one(plain_engine, relayed, EventKind.TUNNEL_STOPPED),
    )
    assert re.fullmatch(
        rf"来自 {ADDRESS} 的连接 \d+ 已关闭：无法访问 {ADDRESS}（连接被拒绝）。",
        one(plain_engine, refused, EventKind.CONNECT_FAILED),
    )
    assert re.fullmatch(
        rf"目标 {ADDRESS} 无法访问：连接被拒绝。", one(plain_engine, refused, EventKind.TARGET_DOWN)
    )
    # The snapshot keeps the reason as the engine's English; say() words it for a display.
    stats = plain_engine.snapshot().tunnels[refused]
    assert stats.target_error == "connection refused"
    assert say(stats.target_error) == "连接被拒绝"


def test_english_sentences_are_unchanged(plain_engine, language):
    assert language("en") == "en"
    relayed, refused = run_tunnels(plain_engine)
    assert re.fullmatch(
        rf"Tunnel 'relayed' listens on {ADDRESS} and forwards to {ADDRESS}\.",
        one(plain_engine, relayed, EventKind.TUNNEL_STARTED),
    )
    assert re.fullmatch(
        rf"Connection \d+ from {ADDRESS} is relayed to {ADDRESS}\.",
        one(plain_engine, relayed, EventKind.CONNECTION_OPENED),
    )
    assert re.fullmatch(
        rf"Connection \d+ from {ADDRESS} was closed by the client after \S+ s "
        r"\(0 B to the target, 2 B to the client\)\.",
        one(plain_engine, relayed, EventKind.CONNECTION_CLOSED),
    )
    assert re.fullmatch(
        rf"Connection \d+ from {ADDRESS} was closed: cannot reach {ADDRESS} "
        r"\(connection refused\)\.",
        one(plain_engine, refused, EventKind.CONNECT_FAILED),
    )
    assert re.fullmatch(
        rf"The target {ADDRESS} is unreachable: connection refused\.",
        one(plain_engine, refused, EventKind.TARGET_DOWN),
    )


def test_a_sentence_is_worded_when_read_not_when_recorded(plain_engine, language):
    # Recorded while English was chosen, read after the switch: the reader's language wins,
    # since the loop stores only the formatting function and its arguments.
    language("en")
    with reserved_port() as refused:
        tunnel = plain_engine.start_tunnel(spec_for(refused.getsockname()[1]))
        with connect(tunnel.listen_port) as client:
            assert recv_all(client) == b""
        wait_until(lambda: plain_engine.events_since(0, {EventKind.CONNECT_FAILED}))
    language("zh_CN")
    assert "无法访问" in one(plain_engine, tunnel.tunnel_id, EventKind.CONNECT_FAILED)


def test_a_limit_refusal_counts_in_both_languages(plain_engine, language):
    language("zh_CN")
    with TcpServer(hold) as server:
        tunnel = plain_engine.start_tunnel(spec_for(server.port, max_connections=1))
        with connect(tunnel.listen_port) as first:
            assert recv_exactly(first, 2) == b"ok"
            with connect(tunnel.listen_port) as second:
                assert recv_all(second) == b""
            wait_until(lambda: plain_engine.events_since(0, {EventKind.CONNECTION_REJECTED}))
            rejected = one(plain_engine, tunnel.tunnel_id, EventKind.CONNECTION_REJECTED)
            assert re.fullmatch(rf"拒绝了来自 {ADDRESS} 的连接：隧道已有 1 个连接。", rejected)
            language("en")
            again = plain_engine.events_since(0, {EventKind.CONNECTION_REJECTED})
            assert again[-1].message.endswith(": the tunnel already has 1 connection.")


def test_a_phrase_is_english_text_and_translates_its_fields(language):
    idle = Phrase(N_("was closed after being idle for {seconds:g} s"), seconds=2.5)
    nested = Phrase(N_("was closed: {reason}"), reason=Phrase(N_("SSH failed: {error}"), error="x"))
    assert idle == "was closed after being idle for 2.5 s"
    assert nested == "was closed: SSH failed: x"
    language("zh_CN")
    assert say(idle) == "因空闲 2.5 秒而被关闭"
    assert say(nested) == "已被关闭：SSH 失败：x"
    assert say("words ssh said") == "words ssh said"  # not a msgid: as it is
    assert say("") == ""  # not the catalog's header
    assert messages.failure_reason("was closed by the client") == "closed by the client"
    assert say(messages.failure_reason("was closed by the client")) == "已被客户端关闭"
