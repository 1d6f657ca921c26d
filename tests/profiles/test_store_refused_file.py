"""A file the store refuses (a newer TunnelGUI's) is never written over: a refused reload or
save leaves the store as it was, and every later save refuses again, saying why."""

from __future__ import annotations

import json

import pytest

from tunnelgui.profiles.fileformat import CURRENT_VERSION, dump_text
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore, StoreError


def profile(name: str, port: int) -> Profile:
    return Profile(name=name, listen_port=port, target_host="h", target_port=port - 10000)


def newer_file(profiles: list[Profile]) -> str:
    """What a newer TunnelGUI may write: a format version this one does not know."""
    document = json.loads(dump_text(profiles))
    document["version"] = CURRENT_VERSION + 1
    return json.dumps(document)


def test_a_save_after_a_refused_reload_does_not_overwrite_a_newer_file(tmp_path):
    path = tmp_path / "profiles.json"
    path.write_text(dump_text([profile("mine", 10001)]))
    store = ProfileStore.open(path)
    newer_text = newer_file([profile("mine", 10001), profile("theirs", 10002)])
    path.write_text(newer_text)
    with pytest.raises(StoreError, match="newer TunnelGUI"):
        store.reload()  # what the controller does when the file changed (it shows the error)
    assert [p.name for p in store.profiles()] == ["mine"]  # kept what it had
    # The controller keeps what it has; the user adds a profile: refused again, not written.
    with pytest.raises(StoreError, match="newer TunnelGUI"):
        store.add(profile("new", 10003))
    assert path.read_text() == newer_text


def test_every_save_after_a_newer_file_appeared_is_refused(tmp_path):
    """No reload between: the first save refuses ("written by a newer TunnelGUI ... left
    unchanged"); the user tries again, and again."""
    path = tmp_path / "profiles.json"
    path.write_text(dump_text([]))
    store = ProfileStore.open(path)
    newer_text = newer_file([profile("theirs", 10002)])
    path.write_text(newer_text)
    for attempt in range(3):
        with pytest.raises(StoreError, match="newer TunnelGUI"):
            store.add(profile(f"new{attempt}", 10003 + attempt))
        assert path.read_text() == newer_text
