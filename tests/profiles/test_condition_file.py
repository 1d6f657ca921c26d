"""Network conditions in the profiles file: written exactly, read back equal, every bad value
refused with its place named, and a shaped profile refused by a reader that does not know them."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

from tunnelgui.engine.conditions import (
    EFFECT_TYPES,
    Bandwidth,
    CloseAfter,
    Condition,
    Direction,
    Latency,
    ResetAfter,
    Slicer,
    SlowClose,
    Stall,
)
from tunnelgui.profiles.condition_fields import EFFECT_KINDS, MAX_CONDITIONS, kind_of
from tunnelgui.profiles.condition_presets import PRESETS
from tunnelgui.profiles.entries import parse_file, parse_text
from tunnelgui.profiles.exchange import export_profiles, import_file
from tunnelgui.profiles.fileformat import dump_text, profile_to_dict, read_profiles_file
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore

FIXTURES = Path(__file__).parent / "fixtures"


def shaped(*conditions: Condition, name: str = "web", port: int = 18080) -> Profile:
    return Profile(name, port, "localhost", 80, id=f"id-{name}", conditions=conditions)


def one_of_each() -> tuple[Condition, ...]:
    return (
        Condition(Latency(0.2, jitter=0.05)),
        Condition(Bandwidth(1024 * 1024, shared=True), Direction.TO_CLIENT),
        Condition(Slicer(64, delay=0.001, size_variation=16), Direction.TO_TARGET, False, 0.25),
        Condition(Stall(0.0), enabled=False),
        Condition(ResetAfter(bytes=1 << 20, seconds=30.0), probability=0.5),
        Condition(CloseAfter(1000), Direction.TO_CLIENT),
        Condition(SlowClose(2.0)),
    )


def entry_with(*conditions: object) -> dict:
    return {
        "id": "p1",
        "name": "web",
        "listen_port": 18080,
        "target_host": "localhost",
        "target_port": 80,
        "conditions": list(conditions),
    }


def problems_of(*conditions: object) -> list[str]:
    text = json.dumps(
        {"format": "tunnelgui-profiles", "version": 2, "profiles": [entry_with(*conditions)]}
    )
    parsed = parse_text(text)
    assert parsed.profiles == [], "a profile with a bad condition must be refused"
    return [str(problem) for problem in parsed.errors]


def test_every_engine_effect_and_field_is_declared():
    assert {kind.effect for kind in EFFECT_KINDS} == set(EFFECT_TYPES)
    for kind in EFFECT_KINDS:
        assert {f.attribute for f in kind.fields} == set(kind.effect.__slots__), kind.type_name
        keys = [f.key for f in kind.fields]
        assert len(set(keys)) == len(keys) and set(kind.required) <= set(keys)


def test_each_kind_of_condition_round_trips_exactly():
    profile = shaped(*one_of_each())
    text = dump_text([profile])
    assert parse_text(text).profiles == [profile]
    written = json.loads(text)["profiles"][0]["conditions"]
    assert written[0] == {
        "type": "latency", "direction": "both", "enabled": True, "probability": 1.0,
        "seconds": 0.2, "jitter_seconds": 0.05,
    }  # fmt: skip
    assert [c["type"] for c in written] == [kind_of(c.effect).type_name for c in one_of_each()]


def test_floats_keep_their_exact_value():
    chooser = random.Random(11)
    conditions = tuple(
        Condition(
            Latency(chooser.uniform(0, 86400), chooser.random()), probability=chooser.random()
        )
        for _ in range(MAX_CONDITIONS)
    )
    again = parse_text(dump_text([shaped(*conditions)])).profiles[0].conditions
    assert again == conditions
    assert [c.effect.seconds.hex() for c in again] == [c.effect.seconds.hex() for c in conditions]


def test_presets_round_trip():
    profiles = [shaped(*p.conditions, name=p.key, port=18000 + i) for i, p in enumerate(PRESETS)]
    assert parse_text(dump_text(profiles)).profiles == profiles


def test_a_profile_without_conditions_writes_no_key_so_older_versions_read_it():
    assert "conditions" not in profile_to_dict(shaped())
    # Even switched-off conditions are written: nothing is lost, and an older TunnelGUI refuses
    # the profile (unknown field) rather than run a tunnel the user shaped unshaped.
    off = shaped(Condition(Latency(1.0), enabled=False))
    assert profile_to_dict(off)["conditions"][0]["enabled"] is False


def test_hand_written_file_with_defaults_loads(tmp_path):
    parsed = parse_file(read_profiles_file(FIXTURES / "good" / "conditions-v2.json"))
    assert parsed.errors == []
    (profile,) = parsed.profiles
    assert profile.conditions == (
        Condition(Latency(0.2, 0.05)),
        Condition(Bandwidth(1048576), Direction.TO_CLIENT),
        Condition(Slicer(64, 0.001, 16)),
        Condition(Stall(0.0), enabled=False),
        Condition(ResetAfter(bytes=1048576), probability=0.5),
        Condition(CloseAfter(1000), Direction.TO_CLIENT),
        Condition(SlowClose(2.0)),
    )
    assert isinstance(profile.conditions[6].effect.seconds, float)  # 2 in the file


@pytest.mark.parametrize("name", ["v1.json", "full-v2.json", "minimal-v2.json"])
def test_old_files_still_load_without_conditions(name):
    parsed = parse_file(read_profiles_file(FIXTURES / "good" / name))
    assert parsed.errors == [] and parsed.profiles
    assert all(p.conditions == () for p in parsed.profiles)


BAD = [
    ({"type": "packet_loss", "seconds": 1}, "conditions[1].type", "not a kind of condition"),
    ({"type": "latncy", "seconds": 1}, "conditions[1].type", "did you mean 'latency'"),
    ({"seconds": 1}, "conditions[1].type", "is missing"),
    ({"type": 7}, "conditions[1].type", "not a kind of condition"),
    ({"type": "latency", "seconds": -0.1}, "conditions[1].seconds", "0 or more"),
    ({"type": "latency", "seconds": "200ms"}, "conditions[1].seconds", "a number of seconds"),
    ({"type": "latency", "seconds": True}, "conditions[1].seconds", "a number of seconds"),
    ({"type": "latency", "seconds": 1e300}, "conditions[1].seconds", "from 0 to 24h"),
    ({"type": "latency", "seconds": 10**400}, "conditions[1].seconds", "from 0 to 24h"),
    (
        {"type": "latency", "seconds": 0.1, "jitter": 0.1},
        "conditions[1].jitter",
        "'jitter_seconds'",
    ),
    ({"type": "latency"}, "conditions[1].seconds", "is missing"),
    ({"type": "latency", "seconds": 1, "probability": 2}, "probability", "between 0 and 1"),
    ({"type": "latency", "seconds": 1, "probability": "half"}, "probability", "from 0 to 1"),
    ({"type": "latency", "seconds": 1, "direction": "up"}, "direction", "to_target, to_client"),
    ({"type": "latency", "seconds": 1, "direction": ["both"]}, "direction", "got a list"),
    ({"type": "latency", "seconds": 1, "enabled": "yes"}, "enabled", "true or false"),
    ({"type": "bandwidth", "bytes_per_second": 0}, "bytes_per_second", "from 1B/s to 1TiB/s"),
    ({"type": "bandwidth", "bytes_per_second": 1.5}, "bytes_per_second", "a whole number"),
    ({"type": "bandwidth", "bytes_per_second": 10**20}, "bytes_per_second", "far more"),
    ({"type": "bandwidth", "bytes_per_second": 1, "shared": 1}, "shared", "true or false"),
    ({"type": "slicer", "piece_bytes": 0}, "piece_bytes", "from 1B"),
    ({"type": "slicer", "piece_bytes": 8, "variation_bytes": 8}, "variation_bytes", "smaller"),
    ({"type": "close_after", "bytes": -1}, "conditions[1].bytes", "0 or more"),
    ({"type": "close_after"}, "conditions[1].bytes", "is missing"),
    ({"type": "slow_close", "seconds": None}, "conditions[1].seconds", "got null"),
    ("latency", "conditions[1]", "must be a JSON object"),
    ([], "conditions[1]", "must be a JSON object"),
]


@pytest.mark.parametrize(("condition", "where", "fragment"), BAD)
def test_each_bad_value_is_refused_where_it_is(condition, where, fragment):
    problems = problems_of(condition)
    assert any(f"field '{where}" in p or where in p for p in problems), problems
    assert any(fragment in p for p in problems), problems
    assert all(p.startswith("profile 'web' (#1), field 'conditions") for p in problems), problems


def test_every_bad_condition_of_a_profile_is_reported_at_once_with_its_number():
    problems = problems_of(
        {"type": "latency", "seconds": 0.1},
        {"type": "latency", "seconds": -1},
        {"type": "bandwidth", "bytes_per_second": 0},
    )
    assert len(problems) == 2
    assert "conditions[2].seconds" in problems[0] and "conditions[3]" in problems[1]


def test_conditions_must_be_a_list_of_bounded_length():
    assert "must be a list" in problems_of_raw({"type": "latency", "seconds": 1})[0]
    many = [{"type": "latency", "seconds": 0.1}] * (MAX_CONDITIONS + 1)
    assert f"at most {MAX_CONDITIONS}" in problems_of(*many)[0]


def problems_of_raw(value: object) -> list[str]:
    entry = entry_with()
    entry["conditions"] = value
    text = json.dumps({"format": "tunnelgui-profiles", "version": 2, "profiles": [entry]})
    return [str(p) for p in parse_text(text).errors]


def test_a_duplicate_key_inside_a_condition_is_refused():
    text = json.dumps(
        {"format": "tunnelgui-profiles", "version": 2, "profiles": [entry_with("HOLE")]}
    ).replace('"HOLE"', '{"type": "latency", "seconds": 1, "seconds": 0.1}')
    problems = [str(p) for p in parse_text(text).errors]
    assert any("conditions[1].seconds" in p and "twice" in p for p in problems), problems


def test_a_bad_condition_leaves_the_others_of_the_file_loaded(tmp_path):
    path = tmp_path / "profiles.json"
    good = shaped(Condition(Latency(0.1)), name="good", port=18081)
    document = json.loads(dump_text([good]))
    document["profiles"].append(entry_with({"type": "latency", "seconds": -1}))
    path.write_text(json.dumps(document))
    store = ProfileStore.open(path)
    assert store.profiles() == [good]
    assert any("conditions[1].seconds" in notice for notice in store.notices)
    assert list(tmp_path.glob("profiles.json.corrupt*")), "the original must be kept aside"


def test_store_export_and_import_carry_conditions(tmp_path):
    store = ProfileStore.open(tmp_path / "a" / "profiles.json")
    profile = shaped(*one_of_each())
    store.add(profile)
    assert ProfileStore.open(tmp_path / "a" / "profiles.json").profiles() == [profile]
    export_profiles(tmp_path / "out.json", [profile])
    other = ProfileStore.open(tmp_path / "b" / "profiles.json")
    summary = import_file(other, tmp_path / "out.json")
    assert summary.added == ["web"]
    assert other.profiles() == [profile]
    # A copy that differs only in its conditions is not "already saved".
    changed = dataclasses.replace(profile, conditions=profile.conditions[:1])
    export_profiles(tmp_path / "changed.json", [changed])
    summary = import_file(other, tmp_path / "changed.json")
    assert summary.renamed == [("web", "web (2)")] or summary.added
