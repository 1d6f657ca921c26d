"""validate_profile: every problem, per field, with messages a person understands."""

from __future__ import annotations

import dataclasses
import ipaddress

import pytest

from tunnelgui.engine.addresses import EXPOSED_MESSAGE
from tunnelgui.profiles.hosts import is_valid_hostname
from tunnelgui.profiles.listen_checks import local_addresses
from tunnelgui.profiles.model import Profile, ProfileOptions
from tunnelgui.profiles.problems import ValidationError, errors_in
from tunnelgui.profiles.validation import validate_profile


def make(**changes) -> Profile:
    options = changes.pop("options", {})
    base = Profile(name="web", listen_port=18080, target_host="example.com", target_port=80)
    return dataclasses.replace(base, options=ProfileOptions(**options), **changes)


def fields(problems, severity="error"):
    return [p.field for p in problems if p.severity == severity]


def messages(problems):
    return [p.message for p in problems]


def test_a_plain_profile_has_no_problems():
    assert validate_profile(make()) == []


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"name": ""}, "name", "Name must not be empty"),
        ({"name": "   "}, "name", "Name must not be empty"),
        ({"name": " web"}, "name", "must not start or end with spaces"),
        ({"name": "a\nb"}, "name", "line breaks"),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
        ({"listen_port": 0}, "listen_port", "Listen port must be between 1 and 65535"),
        ({"listen_port": 65536}, "listen_port", "Listen port must be between 1 and 65535"),
        ({"target_port": -1}, "target_port", "Target port must be between 1 and 65535"),
        ({"target_port": True}, "target_port", "Target port must be a whole number"),
        ({"target_host": ""}, "target_host", "Target host must not be empty"),
        ({"target_host": "exa mple.com"}, "target_host", "must not contain spaces"),
        ({"target_host": "[::1]"}, "target_host", "without brackets: ::1"),
        ({"target_host": "1.2.3.999"}, "target_host", "not a valid IPv4 address"),
        ({"target_host": "-bad-.example"}, "target_host", "not a valid host name"),
        ({"target_host": "a..b"}, "target_host", "not a valid host name"),
        ({"listen_host": "db.example.com"}, "listen_host", "must be an IP address of this"),
        ({"listen_host": ""}, "listen_host", "Listen host must not be empty"),
        ({"group": "a\tb"}, "group", "line breaks or control characters"),
        ({"notes": "x" * 10_001}, "notes", "at most 10000 characters"),
        ({"options": {"connect_timeout": 0}}, "options.connect_timeout", "more than 0"),
        ({"options": {"connect_timeout": 4000}}, "options.connect_timeout", "at most 3600"),
        ({"options": {"idle_timeout": -1}}, "options.idle_timeout", "between 0 (never)"),
        ({"options": {"idle_timeout": float("nan")}}, "options.idle_timeout", "between 0"),
        ({"options": {"max_connections": -1}}, "options.max_connections", "0 (no limit)"),
        ({"options": {"max_connections": 2.5}}, "options.max_connections", "whole number"),
    ],
)
def test_each_bad_field_is_named_with_a_readable_message(changes, field, text):
    problems = validate_profile(make(**changes))
    assert fields(problems) == [field], problems
    assert text in problems[0].message


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "db",
        "db.internal.",
        "my_host.lan",
        "192.168.1.10",
        "::1",
        "2001:db8::5",
        "fe80::1%lo",
        "bücher.example",
    ],
)
def test_host_names_and_ip_literals_are_valid_targets(host):
    assert validate_profile(make(target_host=host)) == []


def test_every_problem_is_reported_at_once():
    profile = make(
        name="",
        listen_port=0,
        target_host="",
        target_port=70000,
        options={"connect_timeout": -1, "max_connections": -5},
    )
    assert sorted(fields(validate_profile(profile))) == sorted(
        [
            "name",
            "listen_port",
            "target_host",
            "target_port",
            "options.connect_timeout",
            "options.max_connections",
        ]
    )


def test_names_are_unique_regardless_of_case():
    saved = make(name="Web", listen_port=18081)
    problems = validate_profile(make(name="web"), [saved])
    assert messages(errors_in(problems)) == ["Another profile is already named 'Web'"]


def test_the_profile_itself_is_not_its_own_duplicate():
    profile = make()
    edited = dataclasses.replace(profile, notes="edited")
    assert validate_profile(edited, [profile]) == []


def test_two_profiles_on_one_listen_address_get_a_warning_naming_both():
    web = make(name="web", listen_port=18080)
    db = make(name="db", listen_port=18080, target_host="db.internal")
    problems = validate_profile(web, [db])
    assert [(p.field, p.severity) for p in problems] == [("listen_port", "warning")]
    assert problems[0].message == "Two profiles listen on 127.0.0.1:18080: 'db' and 'web'"


def test_a_wildcard_listener_clashes_with_a_specific_one_on_the_same_port():
    web = make(name="web", listen_host="0.0.0.0", listen_port=18080)
    db = make(name="db", listen_port=18080)
    clash = [p for p in validate_profile(web, [db]) if p.field == "listen_port"]
    assert len(clash) == 1 and "cannot run at the same time" in clash[0].message
    other_port = make(name="db", listen_port=18081)
    assert not [p for p in validate_profile(web, [other_port]) if p.field == "listen_port"]


def test_listening_on_all_interfaces_is_allowed_with_a_warning():
    for host in ("0.0.0.0", "::"):
        problems = validate_profile(make(listen_host=host))
        assert [(p.field, p.severity, p.message) for p in problems] == [
            ("listen_host", "warning", EXPOSED_MESSAGE)
        ]


def test_loopback_listen_hosts_are_fine():
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1"):
        assert validate_profile(make(listen_host=host)) == [], host


def test_a_listen_address_this_machine_does_not_have_is_an_error(unbound_address):
    problems = validate_profile(make(listen_host=unbound_address))
    assert fields(problems) == ["listen_host"]
    assert f"{unbound_address} is not an address of this machine" in problems[0].message
    assert "127.0.0.1" in problems[0].message  # it suggests what is available


def test_the_machine_check_can_be_skipped_for_saved_files(unbound_address):
    problems = validate_profile(make(listen_host=unbound_address), check_machine=False)
    assert fields(problems) == []
    assert fields(problems, "warning") == ["listen_host"]


def test_a_non_loopback_address_of_this_machine_gets_an_exposure_warning():
    own = [a for a in local_addresses() if not ipaddress.ip_address(a).is_loopback]
    usable = [a for a in own if not ipaddress.ip_address(a).is_link_local]
    if not usable:
        pytest.skip("this machine has no non-loopback address")
    problems = validate_profile(make(listen_host=usable[0]))
    assert [(p.field, p.severity) for p in problems] == [("listen_host", "warning")]
    assert "other machines" in problems[0].message


def test_each_bad_allowed_network_is_named():
    profile = make(options={"allowed_networks": ("10.0.0.0/8", "10.1.2.3/16", "lan", "")})
    problems = validate_profile(profile)
    assert fields(problems) == ["options.allowed_networks"] * 3
    text = " | ".join(messages(problems))
    assert "'10.1.2.3/16' has bits set after the prefix length; did you mean 10.1.0.0/16?" in text
    assert "'lan' is not an IP network" in text
    assert "An allowed network is empty" in text


def test_allowed_networks_that_shut_out_a_loopback_listener_get_a_warning():
    profile = make(options={"allowed_networks": ("192.168.0.0/16",)})
    problems = validate_profile(profile)
    assert [(p.field, p.severity) for p in problems] == [("options.allowed_networks", "warning")]
    assert "no one can connect" in problems[0].message
    fine = make(options={"allowed_networks": ("127.0.0.0/8", "192.168.0.0/16")})
    assert validate_profile(fine) == []


def test_validation_error_carries_problems_and_reads_as_a_sentence():
    problems = validate_profile(make(name="", listen_port=0))
    error = ValidationError(problems)
    assert error.problems == problems
    assert str(error) == "Name must not be empty; Listen port must be between 1 and 65535, not 0"


@pytest.mark.parametrize(
    ("host", "valid"),
    [
        ("a" * 63 + ".com", True),
        ("a" * 64 + ".com", False),
        ("x." * 130, False),
        ("x." * 126 + "x", True),
        ("", False),
    ],
)
def test_hostname_length_limits(host, valid):
    assert is_valid_hostname(host) is valid
