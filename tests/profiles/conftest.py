"""Shared fixtures for the profiles tests."""

from __future__ import annotations

import pytest

from tunnelgui.profiles.listen_checks import local_addresses

# From TEST-NET-1 (documentation only); the bad fixture files use it as a listen host.
UNBOUND_ADDRESS = "192.0.2.77"


@pytest.fixture
def unbound_address() -> str:
    """An IPv4 address this machine does not have, nor the two after it (some sandboxes do use
    TEST-NET-1 addresses)."""
    near = {"192.0.2.77", "192.0.2.78", "192.0.2.79"}
    if near & set(local_addresses()):
        pytest.skip("this machine has an address in 192.0.2.77-79")
    return UNBOUND_ADDRESS
