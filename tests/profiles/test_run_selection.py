"""Which profiles `tunnelgui run` starts, and how it reads --file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tunnelgui.commands.run import RunError, load_profiles, select_profiles
from tunnelgui.profiles.model import Profile

FIXTURES = Path(__file__).parent / "fixtures"


def profile(name: str, autostart: bool = False) -> Profile:
    base = Profile(name=name, listen_port=18080, target_host="h", target_port=1)
    return dataclasses.replace(base, autostart=autostart)


def names(profiles) -> list[str]:
    return [p.name for p in profiles]


def test_by_default_the_autostart_profiles_run():
    chosen = select_profiles([profile("a"), profile("b", True), profile("c", True)], [])
    assert names(chosen) == ["b", "c"]


def test_all_run_when_none_is_marked_autostart():
    assert names(select_profiles([profile("a"), profile("b")], [])) == ["a", "b"]


def test_named_profiles_run_in_the_given_order_once_each():
    saved = [profile("a"), profile("Web"), profile("c", True)]
    assert names(select_profiles(saved, ["c", "web", "a", "C"])) == ["c", "Web", "a"]


def test_unknown_names_are_all_listed():
    with pytest.raises(RunError, match="No profile named 'x', 'y'"):
        select_profiles([profile("a")], ["x", "a", "y"])


def test_nothing_to_run():
    with pytest.raises(RunError, match="No profiles to run"):
        select_profiles([], [])


def test_a_file_is_read_without_changing_it(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    old = folder / "v1.json"
    old.write_bytes((FIXTURES / "good" / "v1.json").read_bytes())
    before = old.read_bytes()
    assert names(load_profiles(str(old), None)) == ["web", "v6"]
    assert old.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["v1.json"]  # no backup, no migration


def test_bad_entries_of_a_file_are_reported_and_the_rest_run(capsys):
    loaded = load_profiles(str(FIXTURES / "bad" / "port-string.json"), None)
    assert names(loaded) == ["db"]
    err = capsys.readouterr().err
    assert "left out of" in err and "profile 'web' (#2), field 'listen_port'" in err


def test_a_newer_file_is_refused(tmp_path):
    with pytest.raises(RunError, match="newer TunnelGUI"):
        load_profiles(str(FIXTURES / "bad" / "newer-version.json"), None)
