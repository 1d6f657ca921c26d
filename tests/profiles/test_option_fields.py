"""Each option is declared once (ProfileOptions) and is in the file format, validation, the CLI
and the engine's spec; an option missing from any of them fails here (the editor: tests/ui)."""

from __future__ import annotations

import dataclasses

import pytest

from tunnelgui.cli import build_parser
from tunnelgui.commands.option_flags import options_from_args
from tunnelgui.engine.spec import TunnelSpec
from tunnelgui.engine.values import fields as value_fields
from tunnelgui.profiles.entries import parse_text
from tunnelgui.profiles.fileformat import OPTION_KEYS, dump_text, profile_to_dict
from tunnelgui.profiles.model import OptionField, Profile, ProfileOptions, option_fields
from tunnelgui.profiles.validation import validate_profile

NAMES = [f.name for f in dataclasses.fields(ProfileOptions)]


def other_value(declared: OptionField) -> object:
    """A valid value that is not the default, for each kind of option."""
    if declared.kind == "seconds":
        return declared.maximum / 3
    if declared.kind == "count":
        return int(declared.maximum) // 3
    if declared.kind == "switch":
        return not getattr(ProfileOptions(), declared_name(declared))
    return ("10.0.0.0/8", "::1/128")


def declared_name(declared: OptionField) -> str:
    return next(name for name, d in option_fields() if d is declared)


def cli_words(declared: OptionField, value: object) -> list[str]:
    if declared.kind == "switch":
        return [declared.cli_flag if value else "--no-" + declared.cli_flag[2:]]
    return [declared.cli_flag, *(list(value) if isinstance(value, tuple) else [str(value)])]


def bad_value(declared: OptionField) -> object:
    if declared.kind == "networks":
        return ("10.0.0.1/8",)
    if declared.kind == "switch":
        return "yes"
    return declared.maximum + 1


def spec_value(spec: TunnelSpec, name: str) -> object:
    """The spec's value of option `name`, where its declaration says the spec keeps it."""
    value: object = spec
    for part in (dict(option_fields())[name].spec_field or name).split("."):
        value = getattr(value, part)
    return value


def test_every_option_field_has_a_complete_declaration():
    assert [name for name, _ in option_fields()] == NAMES
    for name, declared in option_fields():
        assert declared.label and declared.editor_label and declared.help, name
        assert declared.cli_flag == "--" + declared.cli_flag[2:], name
        if declared.kind == "switch":  # on or off: no value to name or bound
            assert isinstance(getattr(ProfileOptions(), name), bool), name
            continue
        assert declared.metavar, name
        if declared.kind != "networks":
            assert declared.minimum < declared.maximum, name


def test_every_option_is_a_key_of_the_file_and_reads_back():
    assert tuple(NAMES) == OPTION_KEYS
    options = ProfileOptions(**{name: other_value(d) for name, d in option_fields()})
    assert options != ProfileOptions()
    profile = Profile("web", 18080, "127.0.0.1", 80, options=options)
    assert set(profile_to_dict(profile)["options"]) == set(NAMES)
    assert parse_text(dump_text([profile])).profiles == [profile]


@pytest.mark.parametrize("name", NAMES)
def test_every_option_is_range_checked(name):
    declared = dict(option_fields())[name]
    options = dataclasses.replace(ProfileOptions(), **{name: bad_value(declared)})
    problems = validate_profile(Profile("web", 18080, "127.0.0.1", 80, options=options))
    assert [p.field for p in problems if p.is_error] == [f"options.{name}"]


@pytest.mark.parametrize(
    "command", [["profiles", "add", "web", "18080", "h:80"], ["forward", "18080", "h:80"]]
)
def test_every_option_has_a_flag_on_each_command(command):
    values = {name: other_value(declared) for name, declared in option_fields()}
    flags = [
        item for name, declared in option_fields() for item in cli_words(declared, values[name])
    ]
    args = build_parser().parse_args([*command, *flags])
    assert options_from_args(args) == ProfileOptions(**values)
    defaults = build_parser().parse_args(command)
    assert options_from_args(defaults) == ProfileOptions()


def test_every_option_reaches_the_engine_spec():
    spec_fields = set(value_fields(TunnelSpec))
    places = {name: (d.spec_field or name).split(".")[0] for name, d in option_fields()}
    assert set(places.values()) <= spec_fields
    options = ProfileOptions(**{name: other_value(d) for name, d in option_fields()})
    spec = Profile("web", 18080, "127.0.0.1", 80, options=options).to_spec()
    default_spec = Profile("web", 18080, "127.0.0.1", 80).to_spec()
    for name in NAMES:
        assert spec_value(spec, name) == getattr(options, name), name
        assert spec_value(default_spec, name) == getattr(ProfileOptions(), name), name
