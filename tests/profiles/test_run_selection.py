"""Which profiles `tunnelgui run` starts, and how it reads --file."""

from __future__ import annotations

import dataclasses
import json
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


def test_an_empty_file_says_so(tmp_path):
    empty = FIXTURES / "good" / "empty-v2.json"
    with pytest.raises(RunError) as refused:
        load_profiles(str(empty), None)
    assert str(refused.value) == f"{empty} holds no profiles"


def test_a_file_with_no_usable_profile_lists_why(capsys):
    bad = FIXTURES / "bad" / "port-out-of-range.json"
    with pytest.raises(RunError) as refused:
        load_profiles(str(bad), None)
    assert str(refused.value) == (
        f"none of the profiles in {bad} could be used: profile 'web' (#1), field "
        "'listen_port': must be an integer between 1 and 65535, got 70000"
    )
    assert capsys.readouterr().err == ""  # the one error line says it all


def test_many_unusable_profiles_are_listed_up_to_three(tmp_path):
    entries = [
        {"name": f"p{i}", "listen_port": 0, "target_host": "h", "target_port": 1}
        for i in range(1, 6)
    ]
    many = tmp_path / "many.json"
    many.write_text(json.dumps({"format": "tunnelgui-profiles", "version": 2, "profiles": entries}))
    with pytest.raises(RunError) as refused:
        load_profiles(str(many), None)
    message = str(refused.value)
    assert message.startswith(f"none of the profiles in {many} could be used: profile 'p1' (#1)")
    assert "'p3' (#3)" in message and "'p4'" not in message
    assert message.endswith("(and 2 more problems)")


def test_unknown_names_in_a_file_name_the_file():
    with pytest.raises(RunError) as refused:
        select_profiles([profile("a")], ["x"], "exported.json")
    assert str(refused.value) == "No profile named 'x' in exported.json"
