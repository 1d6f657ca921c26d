"""Hostile input: unsavable text, look-alike names, huge numbers, odd ports and file tricks."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tunnelgui.engine.addresses import AddressError, parse_address, parse_port
from tunnelgui.profiles.entries import parse_text
from tunnelgui.profiles.fileformat import FormatError, decode_file
from tunnelgui.profiles.model import Profile, ProfileOptions
from tunnelgui.profiles.problems import ValidationError
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.profiles.text_checks import printable
from tunnelgui.profiles.validation import validate_profile

ROOT = Path(__file__).resolve().parents[2]


def web(**changes) -> Profile:
    base = Profile(name="web", listen_port=18080, target_host="localhost", target_port=80)
    return dataclasses.replace(base, **changes)


def errors(profile: Profile) -> dict[str, str]:
    return {
        p.field: p.message for p in validate_profile(profile, check_machine=False) if p.is_error
    }


def entry(**fields) -> dict:
    base = {
        "id": "p1",
        "name": "web",
        "listen_host": "127.0.0.1",
        "listen_port": 18080,
        "target_host": "localhost",
        "target_port": 80,
    }
    return {**base, **fields}


def file_text(*entries: dict, raw_tail: str = "") -> str:
    body = json.dumps({"format": "tunnelgui-profiles", "version": 2, "profiles": list(entries)})
    return body if not raw_tail else body[:-1] + raw_tail


# --- text that can never be saved ---------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "group", "notes", "target_host", "listen_host", "id"])
def test_a_lone_surrogate_is_refused_naming_the_field(field):
    found = errors(web(**{field: "caf\udce9"}))
    assert field in found
    assert "U+DCE9" in found[field] or field.endswith("host")


def test_a_file_with_a_surrogate_escape_keeps_the_other_profiles_and_says_so(tmp_path):
    path = tmp_path / "profiles.json"
    text = file_text(entry(), entry(id="p2", name="db", listen_port=18081, notes="caf\\udce9"))
    path.write_text(text.replace("caf\\\\udce9", "caf\\udce9"))
    store = ProfileStore.open(path)
    assert [p.name for p in store.profiles()] == ["web"]
    assert any("U+DCE9" in notice and "kept as" in notice for notice in store.notices)
    store.add(web(name="api", listen_port=18082, id="p3"))  # saving works again
    assert [p.name for p in ProfileStore.open(path).profiles()] == ["web", "api"]


def test_a_non_utf8_name_on_the_command_line_is_refused(tmp_path):
    name = os.fsencode("caf") + b"\xe9"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tunnelgui",
            "--config-dir",
            os.fsencode(str(tmp_path)),
            b"profiles",
            b"add",
            name,
            b"18080",
            b"localhost:80",
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr and b"U+DCE9" in done.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "tunnelgui", "--config-dir", str(tmp_path), "profiles", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listing.returncode == 0 and "No profiles saved" in listing.stdout


# --- look-alike names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "char",
    [
        "\u200b",
        "\u200d",
        "\ufeff",
        "\u202e",
        "\u202a",
        "\u2066",
        "\u2069",
        "\u2028",
        "\u2029",
        "\x85",
        "\x9b",
    ],
)
@pytest.mark.parametrize("field", ["name", "group", "id"])
def test_invisible_and_bidi_characters_are_refused_in_names(field, char):
    found = errors(web(**{field: f"d{char}b"}))
    assert f"U+{ord(char):04X}" in found[field] and "at character 2" in found[field]


def test_c1_controls_are_refused_in_notes_but_line_breaks_are_fine():
    assert "notes" in errors(web(notes="a\x9bb"))
    assert "notes" not in errors(web(notes="line one\nline two\ttab"))


def test_full_width_look_alikes_clash_with_the_plain_name():
    problems = validate_profile(
        web(name="\uff57\uff45\uff42", id="p2"), [web(id="p1")], check_machine=False
    )
    assert any(p.field == "name" and "already named 'web'" in p.message for p in problems)


def test_list_never_lets_a_name_steer_the_terminal(tmp_path):
    path = tmp_path / "profiles.json"
    spoof = "db\u202e\x9b31m"  # a bidi override and a C1 CSI, hand-written into the file
    path.write_text(file_text(entry(name="ok"), entry(id="p2", name=spoof, listen_port=18081)))
    done = subprocess.run(
        [sys.executable, "-m", "tunnelgui", "--config-dir", str(tmp_path), "profiles", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    for stream in (done.stdout, done.stderr):
        assert "\u202e" not in stream and "\x9b" not in stream
    assert "U+202E" in done.stderr  # the notice says why the profile was left out


def test_printable_escapes_what_a_terminal_would_obey():
    assert printable("a\u202eb\x1b[0m\u200bc") == "a\\u202eb\\x1b[0m\\u200bc"


# --- huge and odd numbers -----------------------------------------------------------------

HUGE = "9" * 400
NUMERIC = {
    "listen_port": None,
    "target_port": None,
    "options.connect_timeout": "connect_timeout",
    "options.idle_timeout": "idle_timeout",
    "options.max_connections": "max_connections",
}


def with_number(field: str, literal: str) -> str:
    if field.startswith("options."):
        text = file_text(entry(options={field.split(".")[1]: 12345}))
    else:
        text = file_text(entry(**{field: 12345}))
    return text.replace("12345", literal)


@pytest.mark.parametrize("field", list(NUMERIC))
@pytest.mark.parametrize("literal", [HUGE, "-" + HUGE, "1e400", "-1e400", "1" + "0" * 4000])
def test_a_huge_number_is_a_field_error_not_an_overflow(field, literal):
    parsed = parse_text(with_number(field, literal))
    assert not parsed.profiles
    assert any(field in problem.where for problem in parsed.errors), parsed.errors
    assert all(len(str(problem)) < 400 for problem in parsed.errors)


@pytest.mark.parametrize("field", list(NUMERIC))
@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_refused(field, literal):
    with pytest.raises(FormatError, match="not allowed"):
        parse_text(with_number(field, literal))


def test_minus_zero_is_checked_like_zero():
    parsed = parse_text(with_number("options.connect_timeout", "-0"))
    assert any("connect_timeout" in problem.where for problem in parsed.errors)
    assert parse_text(with_number("options.idle_timeout", "-0.0")).profiles


def test_huge_option_values_in_validation_do_not_overflow():
    big = 10**400
    options = ProfileOptions(connect_timeout=big, idle_timeout=big, max_connections=big)
    found = errors(web(options=options, listen_port=big, target_port=-big))
    assert set(found) >= {
        "options.connect_timeout",
        "options.idle_timeout",
        "options.max_connections",
        "listen_port",
        "target_port",
    }
    assert all(len(message) < 200 for message in found.values())


def test_a_huge_version_is_not_echoed_whole():
    text = json.dumps({"format": "tunnelgui-profiles", "version": 1, "profiles": []})
    with pytest.raises(FormatError) as caught:
        decode_file(text.replace('"version": 1', '"version": ' + "9" * 4000).encode())
    assert len(str(caught.value)) < 200


def test_a_repeated_profiles_key_is_refused():
    text = '{"format": "tunnelgui-profiles", "version": 2, "profiles": [], "profiles": []}'
    with pytest.raises(FormatError, match="'profiles' appears more than once"):
        decode_file(text.encode())


@pytest.mark.parametrize("text", ["١٧٢٠٤", "8_080", "+80", " 80", "\uff18\uff10", "0x50"])
def test_ports_take_ascii_digits_only(text):
    with pytest.raises(AddressError):
        parse_port(text)
    with pytest.raises(AddressError):
        parse_address(f"127.0.0.1:{text}")


def test_the_cli_refuses_unicode_digits_in_option_values(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tunnelgui",
            "--config-dir",
            str(tmp_path),
            "profiles",
            "add",
            "web",
            "18080",
            "localhost:80",
            "--max-connections",
            "١٢",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "invalid int value" in done.stderr


def test_a_surrogate_in_a_validated_add_raises_validation_not_encoding(tmp_path):
    store = ProfileStore.open(tmp_path / "profiles.json")
    with pytest.raises(ValidationError, match=r"U\+DCE9"):
        store.add(web(notes="caf\udce9"))
    assert not (tmp_path / "profiles.json").exists()


def test_an_ipv4_mapped_loopback_listen_host_is_not_warned_as_exposed():
    profile = web(
        listen_host="::ffff:127.0.0.1",
        options=ProfileOptions(allowed_networks=("::ffff:127.0.0.1/128",)),
    )
    problems = validate_profile(profile, check_machine=False)
    assert [p for p in problems if p.field in ("listen_host", "options.allowed_networks")] == []
