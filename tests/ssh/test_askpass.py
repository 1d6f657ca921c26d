"""ssh's questions go to our askpass helper verbatim; the answer decides, never a default."""

from __future__ import annotations

import threading

from tests.engine.servers import TcpServer, connect, echo, recv_exactly, tunnel_stats, wait_until
from tests.ssh.test_hop import hop_spec, hop_state
from tunnelgui.askpass import PromptServer, is_secret
from tunnelgui.engine import HopState
from tunnelgui.engine.values import replace


class Answers:
    def __init__(self, reply: str | None) -> None:
        self.reply = reply
        self.asked: list[tuple[str, bool]] = []
        self.lock = threading.Lock()

    def __call__(self, prompt: str, secret: bool) -> str | None:
        with self.lock:
            self.asked.append((prompt, secret))
        return self.reply


def with_askpass(world, port: int, server: PromptServer, **options):
    spec = hop_spec(world, port, **options)
    hop = replace(spec.target_transport, askpass=server.program)
    return replace(spec, target_transport=hop)


def test_an_unknown_host_key_is_asked_and_no_fails_cleanly(hop_engine, ssh_world):
    ssh_world.known_hosts.write_text("")
    answers = Answers("no")
    server = PromptServer(answers)
    try:
        spec = with_askpass(ssh_world, 9, server)
        hop_engine.start_tunnel(spec)
        wait_until(lambda: hop_state(hop_engine, spec) is HopState.FAILED, what="refused")
        [(prompt, secret)] = answers.asked
        assert "ED25519 key fingerprint is SHA256:" in prompt  # ssh's question, verbatim
        assert "(yes/no/[fingerprint])?" in prompt and not secret
        assert "Host key verification failed" in tunnel_stats(hop_engine, spec.tunnel_id).hop_error
        assert ssh_world.known_hosts.read_text() == ""
    finally:
        server.close()


def test_answering_yes_accepts_the_key_and_the_hop_works(hop_engine, ssh_world):
    ssh_world.known_hosts.write_text("")
    answers = Answers("yes")
    server = PromptServer(answers)
    try:
        with TcpServer(echo) as target:
            spec = with_askpass(ssh_world, target.port, server)
            port = hop_engine.start_tunnel(spec).listen_port
            wait_until(lambda: hop_state(hop_engine, spec) is HopState.READY, what="ready")
            with connect(port) as client:
                client.sendall(b"trusted")
                assert recv_exactly(client, 7) == b"trusted"
        assert len(answers.asked) == 1
        assert "127.0.0.1" in ssh_world.known_hosts.read_text()  # ssh itself recorded it
    finally:
        server.close()


def test_a_passphrase_prompt_is_secret():
    assert is_secret("Enter passphrase for key '/home/me/.ssh/id_ed25519': ")
    assert not is_secret("Are you sure you want to continue connecting (yes/no/[fingerprint])? ")
