"""The table of good and bad profiles files: how import and the store treat each one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tunnelgui.commands.run import RunError, load_profiles
from tunnelgui.profiles import fileformat
from tunnelgui.profiles.entries import parse_text
from tunnelgui.profiles.exchange import ImportRefused, import_file
from tunnelgui.profiles.fileformat import CURRENT_VERSION, dump_text
from tunnelgui.profiles.store import ProfileStore, StoreError

FIXTURES = Path(__file__).parent / "fixtures"

GOOD = {
    "full-v2.json": ["web", "db over IPv6"],
    "minimal-v2.json": ["minimal"],
    "empty-v2.json": [],
    "v1.json": ["web", "v6"],
    "unknown-top-level-key.json": ["scripted"],
    "utf8-bom.json": ["bom"],
    "conditions-v2.json": ["slow api"],
}

# file -> what the refusal must say (besides the file's name)
BAD = {
    "not-json.json": "not valid JSON at line 2",
    "top-level-list.json": "not a TunnelGUI profiles file (expected a JSON object",
    "wrong-marker.json": "not a TunnelGUI profiles file (\"format\" is 'something-else'",
    "no-marker.json": 'not a TunnelGUI profiles file (no "format": "tunnelgui-profiles" marker',
    "version-string.json": "\"version\" must be a whole number from 1 to 2, got '2'",
    "newer-version.json": "newer TunnelGUI (format version 3); this version understands up to 2",
    "profiles-not-list.json": '"profiles" must be a list, found an object',
    "no-profiles-list.json": 'the "profiles" list is missing',
    "version-zero.json": '"version" must be a whole number from 1 to 2, got 0',
    "port-string.json": "profile 'web' (#2), field 'listen_port': must be an integer between 1 "
    "and 65535, got '80a'",
    "port-out-of-range.json": "profile 'web' (#1), field 'listen_port': must be an integer "
    "between 1 and 65535, got 70000",
    "missing-target.json": "profile 'web' (#1), field 'target_host': is missing",
    "duplicate-names.json": "profile 'Web' (#2), field 'name': Another profile is already "
    "named 'web'",
    "duplicate-ids.json": "profile 'two' (#2), field 'id': the same id as profile #1",
    "misspelt-key.json": "profile 'web' (#1), field 'options.allowed_network': unknown field; "
    "did you mean 'allowed_networks'?",
    "autostart-string.json": "profile 'web' (#1), field 'autostart': must be true or false, "
    "got 'yes'",
    "bad-network.json": "profile 'web' (#1), field 'options.allowed_networks': Allowed network "
    "'192.168.1.300/24' is not an IP network",
    "bad-target-host.json": "profile 'web' (#1), field 'target_host': Target host "
    "'exa mple.com' must not contain spaces",
    "unbindable-listen-host.json": "profile 'web' (#1), field 'listen_host': Listen host "
    "192.0.2.77 is not an address of this machine",
    "profile-not-object.json": "profile #1: each profile must be a JSON object, found a text",
    "nan-timeout.json": "not valid JSON (NaN is not allowed in a profiles file)",
    "v1-bad-listen.json": "profile 'old' (#1), field 'listen': The port in 'localhost:http' "
    "must be a number",
    "duplicate-key.json": "profile 'web' (#1), field 'listen_port': appears twice",
    "condition-negative-latency.json": "profile 'web' (#1), field 'conditions[1].seconds': "
    "must be a number of seconds (0 or more), got -0.2",
}

# Problems of the file as a whole: said right after "file X: ", as a sentence.
WHOLE_FILE = {
    "not-json.json",
    "nan-timeout.json",
    "top-level-list.json",
    "wrong-marker.json",
    "no-marker.json",
    "version-string.json",
    "version-zero.json",
    "profiles-not-list.json",
    "no-profiles-list.json",
}

SALVAGED = {
    "port-string.json": ["db"],
    "duplicate-names.json": ["web"],
    "duplicate-ids.json": ["one"],
}

# Saved files are read without the machine check: a VPN address may just be down right now.
LOADS_IN_STORE = {"unbindable-listen-host.json"}

# Far deeper than Python's recursion limit, which json's decoder runs into (generated, not kept
# as fixtures: they are large).
DEEPLY_NESTED = {
    "lists": "[" * 100_000,
    "objects": '{"format": "tunnelgui-profiles", "version": 2, "profiles": [' + '{"a": ' * 100_000,
}


def test_every_fixture_is_in_the_table():
    assert sorted(p.name for p in (FIXTURES / "good").iterdir()) == sorted(GOOD)
    assert sorted(p.name for p in (FIXTURES / "bad").iterdir()) == sorted(BAD)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_files_import_completely(tmp_path, name):
    store = ProfileStore.open(tmp_path / "profiles.json")
    summary = import_file(store, FIXTURES / "good" / name)
    assert summary.added == GOOD[name]
    assert [p.name for p in store.profiles()] == GOOD[name]
    assert [p.name for p in ProfileStore.open(store.path).profiles()] == GOOD[name]


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_refused_naming_file_profile_and_field(tmp_path, request, name):
    if name == "unbindable-listen-host.json":
        request.getfixturevalue("unbound_address")
    store = ProfileStore.open(tmp_path / "profiles.json")
    bad = FIXTURES / "bad" / name
    with pytest.raises(ImportRefused) as refused:
        import_file(store, bad)
    message = str(refused.value)
    assert message.startswith(f"file {bad}")
    assert BAD[name] in message
    assert store.profiles() == []
    assert not store.path.exists()


@pytest.mark.parametrize("name", sorted(WHOLE_FILE))
def test_whole_file_problems_read_as_a_sentence_after_the_file_name(tmp_path, name):
    bad = FIXTURES / "bad" / name
    with pytest.raises(ImportRefused) as refused:
        import_file(ProfileStore.open(tmp_path / "profiles.json"), bad)
    assert str(refused.value).startswith(f"file {bad}: {BAD[name]}")
    with pytest.raises(RunError) as run_refused:
        load_profiles(str(bad), None)
    assert str(run_refused.value).startswith(f"file {bad}: {BAD[name]}")
    saved = tmp_path / "profiles.json"
    shutil.copyfile(bad, saved)
    [notice] = ProfileStore.open(saved).notices
    assert notice.startswith(f"profiles.json could not be read: {BAD[name]}")


@pytest.mark.parametrize("name", sorted(set(BAD) - LOADS_IN_STORE - {"newer-version.json"}))
def test_a_bad_saved_file_is_moved_aside_with_its_bytes_and_a_notice(isolated_config_dir, name):
    saved = isolated_config_dir / "profiles.json"
    shutil.copyfile(FIXTURES / "bad" / name, saved)
    original = saved.read_bytes()
    store = ProfileStore.open(saved)
    asides = list(isolated_config_dir.glob("profiles.json.corrupt-*"))
    assert len(asides) == 1
    assert asides[0].read_bytes() == original
    assert any(str(asides[0]) in notice for notice in store.notices)
    # The good entries of a partly bad file are kept, and saved again right away.
    salvaged = SALVAGED.get(name, [])
    assert [p.name for p in store.profiles()] == salvaged
    reopened = ProfileStore.open(saved)
    assert [p.name for p in reopened.profiles()] == salvaged and reopened.notices == []


def test_a_saved_file_with_an_unbindable_listen_host_still_loads(tmp_path):
    saved = tmp_path / "profiles.json"
    shutil.copyfile(FIXTURES / "bad" / "unbindable-listen-host.json", saved)
    store = ProfileStore.open(saved)
    assert [p.listen_host for p in store.profiles()] == ["192.0.2.77"]
    assert store.notices == []


def test_a_newer_saved_file_is_refused_and_left_byte_for_byte(isolated_config_dir):
    saved = isolated_config_dir / "profiles.json"
    shutil.copyfile(FIXTURES / "bad" / "newer-version.json", saved)
    original = saved.read_bytes()
    with pytest.raises(StoreError) as refused:
        ProfileStore.open(saved)
    assert str(refused.value) == (
        "profiles.json was written by a newer TunnelGUI (format version 3); this version "
        "understands up to 2. Upgrade TunnelGUI; the file was left unchanged."
    )
    assert saved.read_bytes() == original
    assert sorted(p.name for p in isolated_config_dir.iterdir()) == ["profiles.json"]


def test_all_problems_of_an_entry_are_reported_together():
    text = json.dumps(
        {
            "format": "tunnelgui-profiles",
            "version": 2,
            "profiles": [
                {
                    "name": "web",
                    "listen_port": "80a",
                    "target_host": "exa mple",
                    "target_port": 80,
                    "options": {"allowed_networks": ["10.0.0.1/8"], "max_connections": -1},
                }
            ],
        }
    )
    parsed = parse_text(text)
    assert [p.where for p in parsed.errors] == [
        "profile 'web' (#1), field 'listen_port'",
        "profile 'web' (#1), field 'options.max_connections'",
        "profile 'web' (#1), field 'target_host'",
        "profile 'web' (#1), field 'options.allowed_networks'",
    ]
    assert parsed.profiles == []


def test_written_files_read_back_equal_and_are_stable():
    parsed = parse_text((FIXTURES / "good" / "full-v2.json").read_text())
    text = dump_text(parsed.profiles)
    again = parse_text(text)
    assert again.profiles == parsed.profiles
    assert dump_text(again.profiles) == text
    document = json.loads(text)
    assert document["format"] == "tunnelgui-profiles" and document["version"] == CURRENT_VERSION
    assert list(document["profiles"][0]) == sorted(document["profiles"][0])  # sorted keys
    assert text.endswith("}\n") and '\n  "profiles"' in text  # pretty-printed


def test_version_1_is_migrated_field_by_field():
    parsed = parse_text((FIXTURES / "good" / "v1.json").read_text())
    assert parsed.version == 1 and parsed.migrated
    web, v6 = parsed.profiles
    assert (web.listen_host, web.listen_port, web.target_host, web.target_port) == (
        "127.0.0.1",
        18080,
        "example.com",
        80,
    )
    assert web.autostart and web.group == "work" and web.notes == "old"
    assert web.options.connect_timeout == 5 and web.options.idle_timeout == 300
    assert web.options.max_connections == 10
    assert web.options.allowed_networks == ("127.0.0.0/8",)
    assert (v6.listen_host, v6.listen_port, v6.target_host, v6.target_port) == (
        "::1",
        15432,
        "2001:db8::10",
        5432,
    )
    assert web.id != v6.id and parsed.generated_ids == 2


@pytest.mark.parametrize("kind", sorted(DEEPLY_NESTED))
def test_deeply_nested_json_is_refused_like_any_malformed_file(tmp_path, kind):
    deep = tmp_path / "deep.json"
    deep.write_text(DEEPLY_NESTED[kind])
    store = ProfileStore.open(tmp_path / "profiles.json")
    with pytest.raises(ImportRefused) as refused:
        import_file(store, deep)
    assert str(refused.value).startswith(f"file {deep}")
    assert "nested too deeply to be a profiles file" in str(refused.value)
    assert store.profiles() == [] and not store.path.exists()


@pytest.mark.parametrize("kind", sorted(DEEPLY_NESTED))
def test_a_deeply_nested_saved_file_is_moved_aside(isolated_config_dir, kind):
    saved = isolated_config_dir / "profiles.json"
    saved.write_text(DEEPLY_NESTED[kind])
    original = saved.read_bytes()
    store = ProfileStore.open(saved)
    [aside] = isolated_config_dir.glob("profiles.json.corrupt-*")
    assert aside.read_bytes() == original
    assert store.profiles() == []
    assert store.notices == [
        "profiles.json could not be read: nested too deeply to be a profiles file. It was "
        f"moved to {aside} and TunnelGUI started without profiles."
    ]


def test_store_import_and_run_share_one_reading_of_a_file(tmp_path, monkeypatch):
    """Too large and not UTF-8 are said the same way by all three readers (one function)."""
    monkeypatch.setattr(fileformat, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.json"
    big.write_text(dump_text([]).replace("[]", "[" + " " * 80 + "]"))
    latin = tmp_path / "latin.json"
    latin.write_bytes(dump_text([]).replace("tunnelgui", "tunnelgu\u00ef").encode("latin-1"))
    too_large = "it is larger than 0 MiB, far more than any profiles file holds"
    with pytest.raises(ImportRefused, match=f"file {big}: {too_large}"):
        import_file(ProfileStore.open(tmp_path / "profiles.json"), big)
    with pytest.raises(ImportRefused, match=f"file {latin}: it is not UTF-8 text"):
        import_file(ProfileStore.open(tmp_path / "profiles.json"), latin)
    with pytest.raises(RunError, match=f"file {big}: {too_large}"):
        load_profiles(str(big), None)
    with pytest.raises(RunError, match=f"{latin} is not UTF-8 text"):
        load_profiles(str(latin), None)
    saved = tmp_path / "saved" / "profiles.json"
    saved.parent.mkdir()
    shutil.copy(big, saved)
    store = ProfileStore.open(saved)
    assert store.profiles() == []
    assert store.notices[0].startswith(f"profiles.json could not be read: {too_large}. It was")
