"""ProfileStore: validated changes, atomic saves, migration with backup, recovery."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import shutil
import socket
import time
from pathlib import Path

import pytest

from tunnelgui import paths
from tunnelgui.profiles import store_file
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import Profile, ProfileOptions
from tunnelgui.profiles.problems import ValidationError
from tunnelgui.profiles.store import ProfileStore, StoreError

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(isolated_config_dir) -> ProfileStore:
    return ProfileStore.open(paths.profiles_path())


def web(**changes) -> Profile:
    base = Profile(name="web", listen_port=18080, target_host="example.com", target_port=80)
    return dataclasses.replace(base, **changes)


def saved_names(store: ProfileStore) -> list[str]:
    return [p.name for p in ProfileStore.open(store.path).profiles()]


def test_the_store_lives_in_the_config_dir(store, isolated_config_dir):
    assert store.path == isolated_config_dir / "profiles.json"
    assert store.profiles() == [] and store.notices == []
    assert not store.path.exists()  # nothing is written until something changes


def test_add_update_remove_are_saved(store):
    profile = web(options=ProfileOptions(max_connections=3, allowed_networks=("127.0.0.0/8",)))
    store.add(profile)
    assert ProfileStore.open(store.path).profiles() == [profile]
    edited = dataclasses.replace(profile, name="website", notes="edited")
    store.update(edited)
    assert ProfileStore.open(store.path).profiles() == [edited]
    assert store.get(profile.id) == edited
    assert store.find_by_name("WEBSITE") == edited
    store.remove([profile.id, "no-such-id"])
    assert ProfileStore.open(store.path).profiles() == []


def test_a_refused_change_leaves_the_file_alone(store):
    store.add(web())
    before = store.path.read_bytes()
    with pytest.raises(ValidationError) as refused:
        store.add(web(name="WEB", listen_port=0))
    assert [p.field for p in refused.value.problems if p.is_error] == ["name", "listen_port"]
    with pytest.raises(ValidationError):
        store.update(dataclasses.replace(store.profiles()[0], target_host=""))
    assert store.path.read_bytes() == before
    assert saved_names(store) == ["web"]


def test_warnings_do_not_block_a_change(store):
    store.add(web(listen_host="0.0.0.0"))
    store.add(web(name="db", listen_host="127.0.0.1"))  # clashes with the wildcard: a warning
    assert saved_names(store) == ["web", "db"]


def test_update_keeps_the_order_and_refuses_unknown_profiles(store):
    first, second = web(name="a"), web(name="b", listen_port=18081)
    store.add(first)
    store.add(second)
    store.update(dataclasses.replace(first, name="a2"))
    assert saved_names(store) == ["a2", "b"]
    with pytest.raises(StoreError, match="no longer saved"):
        store.update(web(name="ghost"))


def test_an_unreachable_listen_host_blocks_only_when_it_changes(store, unbound_address):
    # A saved profile for a VPN address that is down right now can still be edited.
    stale = web(listen_host=unbound_address)
    store.path.write_text(dump_text([stale]))
    store.reload()
    store.update(dataclasses.replace(stale, notes="still editable"))
    with pytest.raises(ValidationError, match="not an address of this machine"):
        store.update(dataclasses.replace(stale, listen_host="192.0.2.78"))
    with pytest.raises(ValidationError, match="not an address of this machine"):
        store.add(web(name="new", listen_host="192.0.2.79"))


def test_duplicate_gets_a_copy_name_a_new_id_and_the_next_free_port(store):
    original = web(autostart=True)
    store.add(original)
    store.add(web(name="other", listen_port=18081))
    copy = store.duplicate(original.id)
    assert copy.name == "web (copy)" and copy.id != original.id
    assert copy.listen_port == 18082  # 18081 is another profile's
    assert not copy.autostart
    assert (copy.target_host, copy.target_port, copy.options) == (
        original.target_host,
        original.target_port,
        original.options,
    )
    again = store.duplicate(original.id)
    assert again.name == "web (copy 2)" and again.listen_port == 18083
    assert saved_names(store) == ["web", "other", "web (copy)", "web (copy 2)"]


def test_duplicate_skips_a_port_another_program_holds(store):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        if busy == 65535:
            pytest.skip("the system handed out the last port")
        store.add(web(listen_port=busy - 1))
        copy = store.duplicate(store.profiles()[0].id)
        assert copy.listen_port != busy and copy.listen_port > busy - 1


def test_an_old_version_is_migrated_after_a_backup_copy(store):
    original = (FIXTURES / "good" / "v1.json").read_bytes()
    store.path.write_bytes(original)
    migrated = ProfileStore.open(store.path)
    backups = list(store.path.parent.glob("profiles.json.v1-backup-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert len(migrated.notices) == 1
    assert "upgraded from format version 1 to 2" in migrated.notices[0]
    assert str(backups[0]) in migrated.notices[0]
    document = json.loads(store.path.read_text())
    assert document["version"] == 2
    assert [p["name"] for p in document["profiles"]] == ["web", "v6"]
    # The ids given during migration are saved, so they stay the same from now on.
    assert ProfileStore.open(store.path).profiles() == migrated.profiles()
    assert ProfileStore.open(store.path).notices == []


def test_not_json_is_moved_aside_and_the_store_starts_empty(store):
    store.path.write_bytes(b"\x00\x01 garbage {")
    store.reload()
    asides = list(store.path.parent.glob("profiles.json.corrupt-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == b"\x00\x01 garbage {"
    assert store.notices == [
        f"profiles.json could not be read: not valid JSON at line 1, column 1 (Expecting "
        f"value). It was moved to {asides[0]} and TunnelGUI started without profiles."
    ]
    store.add(web())
    assert saved_names(store) == ["web"]
    assert asides[0].read_bytes() == b"\x00\x01 garbage {"


def test_not_utf8_is_moved_aside(store):
    store.path.write_bytes(b'{"format": "\xff"}')
    store.reload()
    assert "it is not UTF-8 text" in store.notices[0]
    assert len(list(store.path.parent.glob("profiles.json.corrupt-*"))) == 1


def test_two_corrupt_files_in_one_second_keep_both(store):
    for content in (b"first", b"second"):
        store.path.write_bytes(content)
        store.reload()
    kept = sorted(p.read_bytes() for p in store.path.parent.glob("profiles.json.corrupt-*"))
    assert kept == [b"first", b"second"]


def test_changes_by_another_program_are_not_overwritten(store):
    store.add(web())
    other = ProfileStore.open(store.path)  # e.g. `tunnelgui profiles add` while the app runs
    other.add(web(name="from the cli", listen_port=18081))
    store.add(web(name="from the app", listen_port=18082))
    assert saved_names(store) == ["web", "from the cli", "from the app"]
    assert [p.name for p in store.profiles()] == ["web", "from the cli", "from the app"]
    assert "changed by another program" in store.notices[-1]


def test_a_file_removed_by_another_program_is_noticed(store):
    store.add(web())
    store.path.unlink()
    store.add(web(name="next", listen_port=18081))
    assert saved_names(store) == ["next"]


def test_stale_temp_files_are_cleaned_on_open(store):
    stale = store.path.parent / ".profiles.json.k1ll3d.tmp"
    stale.write_text("half a file")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    ProfileStore.open(store.path)
    assert not stale.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs permissions")
def test_an_unreadable_file_is_an_error_not_a_reset(store):
    store.add(web())
    store.path.chmod(0)
    try:
        with pytest.raises(StoreError, match="Cannot read"):
            ProfileStore.open(store.path)
    finally:
        store.path.chmod(0o600)
    assert saved_names(store) == ["web"]


def test_a_save_that_fails_is_a_store_error_and_changes_nothing(store, monkeypatch):
    store.add(web())
    before = store.path.read_bytes()

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_file, "atomic_write_bytes", disk_full)
    with pytest.raises(StoreError, match=r"Could not save profiles to .*No space left on device"):
        store.add(web(name="db", listen_port=18081))
    assert [p.name for p in store.profiles()] == ["web"]
    assert store.path.read_bytes() == before


def test_an_unreadable_path_is_an_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    with pytest.raises(StoreError, match="Cannot read"):
        ProfileStore.open(blocker / "profiles.json")


def test_a_newer_file_is_refused_on_reload_too(store):
    store.add(web())
    shutil.copyfile(FIXTURES / "bad" / "newer-version.json", store.path)
    with pytest.raises(StoreError, match="newer TunnelGUI"):
        store.add(web(name="x", listen_port=18081))
    assert json.loads(store.path.read_text())["version"] == 3
