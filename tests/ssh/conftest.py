"""Fixtures for SSH-hop tests: a real sshd on loopback and a client side of our own."""

from __future__ import annotations

import os

import pytest

from tests.engine.servers import wait_until
from tests.ssh.sshd import SSHD, SshWorld, ssh_children
from tunnelgui.engine import Engine


@pytest.fixture
def ssh_world(tmp_path):
    if not os.path.exists(SSHD):
        pytest.skip("needs openssh-server (packaging/setup.sh --test installs it)")
    world = SshWorld(tmp_path / "ssh")
    yield world
    world.close()


@pytest.fixture
def hop_engine():
    """A running engine; after the test, no ssh child of ours may be left (within 2 s)."""
    with Engine() as running:
        yield running
    wait_until(lambda: not ssh_children(), timeout=2.0, what="every ssh child reaped")
