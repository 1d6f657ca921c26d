"""Reading each profile entry of a decoded profiles file, with located problems and migrations."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from tunnelgui.engine.addresses import AddressError, parse_address
from tunnelgui.i18n import _, translated_error
from tunnelgui.profiles.condition_format import FIELD as CONDITIONS_FIELD
from tunnelgui.profiles.condition_format import read_conditions
from tunnelgui.profiles.fileformat import (
    CURRENT_VERSION,
    OPTION_KEYS,
    PROFILE_KEYS,
    TOP_LEVEL_KEYS,
    DecodedFile,
    FileProblem,
    FormatError,
    JsonObject,
    ParsedProfiles,
    load_json,
    read_version,
)
from tunnelgui.profiles.json_values import closest, describe_value, show_value
from tunnelgui.profiles.lookup import ProfileIndex
from tunnelgui.profiles.model import DEFAULT_LISTEN_HOST, Profile, ProfileOptions, option_fields
from tunnelgui.profiles.problems import Severity
from tunnelgui.profiles.validation import MAX_ID_LENGTH, validate_profile

# Unknown keys inside a profile are errors, not warnings: a misspelt optional key would otherwise
# be dropped silently, and for "allowed_networks" that would open a tunnel to everyone. Unknown
# top-level keys only produce a warning, since no profile's meaning depends on them.

# Version 1 kept these options as flat keys of the profile; later options never were.
V1_OPTION_KEYS = ("connect_timeout", "idle_timeout", "max_connections", "allowed_networks")
# How the file holds each kind of option (see _check_kind).
_FILE_KINDS = {"seconds": "seconds", "count": "count", "networks": "text list", "switch": "bool"}


def parse_text(text: str, *, check_machine: bool = False) -> ParsedProfiles:
    return parse_data(load_json(text), check_machine=check_machine)


def parse_file(decoded: DecodedFile, *, check_machine: bool = False) -> ParsedProfiles:
    return parse_data(decoded.document, check_machine=check_machine)


def parse_data(data: Any, *, check_machine: bool = False) -> ParsedProfiles:
    """Read a decoded file of any known version, migrating each profile step by step.

    Raises FormatError when the file as a whole is unusable; otherwise returns the profiles
    that passed and a located error for each that did not (callers decide: import refuses,
    the store salvages). check_machine: also check listen hosts can be bound here.
    """
    version = read_version(data)
    result = ParsedProfiles(version=version)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            result.warnings.append(
                FileProblem(
                    "", _("ignored unknown top-level key {key}").format(key=repr(key)), "warning"
                )
            )
    if "profiles" not in data:
        raise FormatError(_('the "profiles" list is missing'))
    entries = data["profiles"]
    if not isinstance(entries, list):
        raise FormatError(
            _('"profiles" must be a list, found {found}').format(found=describe_value(entries))
        )

    seen_ids: dict[str, int] = {}
    accepted = ProfileIndex()
    for index, entry in enumerate(entries, start=1):
        reader = _EntryReader(index, entry)
        try:
            for step_from in range(version, CURRENT_VERSION):
                entry = _ENTRY_STEPS[step_from](entry, reader)
            profile = reader.read_v2(entry)
        except _EntryRefused:
            result.errors += reader.problems
            continue
        if profile.id in seen_ids:
            reader.fail("id", f"the same id as profile #{seen_ids[profile.id]}")
        # Validate even an entry with mistyped fields (standing in defaults for them), so the
        # user sees every problem of the entry at once; problems of the stand-ins are dropped.
        problems = [
            p
            for p in validate_profile(profile, accepted, check_machine=check_machine)
            if p.field not in reader.bad_fields
        ]
        located = [reader.problem(p.field, p.message, p.severity) for p in problems]
        errors = reader.problems + [p for p in located if p.severity == "error"]
        if errors:
            result.errors += errors
            continue
        result.warnings += located
        seen_ids[profile.id] = index
        result.profiles.append(profile)
        accepted.add(profile)
        result.generated_ids += reader.generated_id
    return result


_STAND_INS: dict[str, Any] = {
    "name": "?",
    "listen_host": DEFAULT_LISTEN_HOST,
    "listen_port": 1,
    "target_host": "localhost",
    "target_port": 1,
    "autostart": False,
    "group": "",
    "notes": "",
    "via": "",
    "ssh_config": "",
}


_REQUIRED = object()  # take(): the key has no default


class _EntryRefused(Exception):
    """This profile entry cannot be read; its reader holds the located problems."""


class _EntryReader:
    """Reads one profile entry, collecting every problem before giving up on it."""

    def __init__(self, index: int, entry: Any) -> None:
        self.index = index
        self.name = ""
        self.problems: list[FileProblem] = []
        self.generated_id = False
        self.bad_fields: set[str] = set()
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            self.name = entry["name"]

    def where(self, field_name: str = "") -> str:
        if self.name:
            who = _("profile {name} (#{number})").format(name=repr(self.name), number=self.index)
        else:
            who = _("profile #{number}").format(number=self.index)
        if field_name:
            return _("{profile}, field {field}").format(profile=who, field=repr(field_name))
        return who

    def problem(self, field_name: str, message: str, severity: Severity = "error") -> FileProblem:
        return FileProblem(self.where(field_name), message, severity, self.index)

    def fail(self, field_name: str, message: str) -> None:
        self.bad_fields.add(field_name)
        self.problems.append(self.problem(field_name, message))

    def check_object(self, entry: Any, known: Iterable[str], prefix: str = "") -> dict:
        if not isinstance(entry, dict):
            found = describe_value(entry)
            message = (
                _("field {field} must be a JSON object, found {found}").format(
                    field=repr(prefix.rstrip(".")), found=found
                )
                if prefix
                else _("each profile must be a JSON object, found {found}").format(found=found)
            )
            self.problems.append(
                FileProblem(
                    self.where() if prefix else _("profile #{number}").format(number=self.index),
                    message,
                    index=self.index,
                )
            )
            raise _EntryRefused
        known = tuple(known)
        for key in getattr(entry, "duplicate_keys", ()):
            self.fail(prefix + key, _("appears twice; keep one"))
        for key in entry:
            if key not in known:
                close = closest(key, known)
                message = (
                    _("unknown field; did you mean {key}?").format(key=repr(close))
                    if close
                    else _("unknown field")
                )
                self.fail(prefix + key, message)
        return entry

    def take(
        self, entry: dict, key: str, kind: str, *, prefix: str = "", default: Any = _REQUIRED
    ) -> Any:
        """entry[key] checked against `kind`; a problem (and None) when missing or mistyped."""
        if key not in entry:
            if default is not _REQUIRED:
                return default
            self.fail(prefix + key, _("is missing"))
            return None
        value = entry[key]
        expectation = _check_kind(value, kind)
        if expectation:
            message = _("must be {expected}, got {found}")
            self.fail(prefix + key, message.format(expected=expectation, found=show_value(value)))
            return None
        return _as_seconds(value) if kind == "seconds" else value

    def read_v2(self, entry: Any) -> Profile:
        """The entry as a Profile; mistyped fields are recorded as problems and stood in for by
        harmless values, so validation can still report on the rest of the entry."""
        entry = self.check_object(entry, PROFILE_KEYS)
        profile_id = self.take(entry, "id", "id", default=None)
        values = {
            "name": self.take(entry, "name", "text"),
            "listen_host": self.take(entry, "listen_host", "text", default=DEFAULT_LISTEN_HOST),
            "listen_port": self.take(entry, "listen_port", "port"),
            "target_host": self.take(entry, "target_host", "text"),
            "target_port": self.take(entry, "target_port", "port"),
            "autostart": self.take(entry, "autostart", "bool", default=False),
            "group": self.take(entry, "group", "text", default=""),
            "notes": self.take(entry, "notes", "text", default=""),
            "via": self.take(entry, "via", "text", default=""),
            "ssh_config": self.take(entry, "ssh_config", "text", default=""),
            "options": self._read_options(entry.get("options", JsonObject())),
            "conditions": self._read_conditions(entry),
        }
        for key, value in values.items():
            if value is None:
                values[key] = _STAND_INS[key]
        if profile_id is None:
            self.generated_id = "id" not in self.bad_fields
            return Profile(**values)
        return Profile(id=profile_id, **values)

    def _read_conditions(self, entry: dict) -> tuple:
        if CONDITIONS_FIELD not in entry:
            return ()
        conditions, problems = read_conditions(entry[CONDITIONS_FIELD])
        for field_name, message in problems:
            self.fail(field_name, message)
        return conditions

    def _read_options(self, raw: Any) -> ProfileOptions:
        prefix = "options."
        try:
            raw = self.check_object(raw, OPTION_KEYS, prefix)
        except _EntryRefused:
            return ProfileOptions()
        defaults = ProfileOptions()
        values: dict[str, Any] = {}
        for name, declared in option_fields():
            default = getattr(defaults, name)
            value = self.take(raw, name, _FILE_KINDS[declared.kind], prefix=prefix, default=default)
            if value is None:  # mistyped: the problem is recorded, the default stands in
                value = default
            values[name] = tuple(value) if declared.kind == "networks" else value
        return ProfileOptions(**values)


def _as_seconds(value: int | float) -> float:
    """A number of seconds as a float; a whole number too long for one is infinitely many
    seconds, which validation then reports as out of range for that field."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _check_kind(value: Any, kind: str) -> str:
    """What `value` should have been, or "" when it is of the right kind."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if kind == "port":
        return "" if is_int and 1 <= value <= 65535 else _("an integer between 1 and 65535")
    if kind == "count":
        return "" if is_int and value >= 0 else _("a whole number (0 or more)")
    if kind == "seconds":
        ok = (is_int or isinstance(value, float)) and value >= 0
        return "" if ok else _("a number of seconds (0 or more)")
    if kind == "bool":
        return "" if isinstance(value, bool) else _("true or false")
    if kind == "text":
        return "" if isinstance(value, str) else _("a text string")
    if kind == "id":
        ok = isinstance(value, str) and value.strip() and len(value) <= MAX_ID_LENGTH
        message = _("a non-empty text of at most {count} characters")
        return "" if ok else message.format(count=MAX_ID_LENGTH)
    if kind == "text list":
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return "" if ok else _('a list of text strings, like ["192.168.1.0/24"]')
    raise AssertionError(kind)


# --- migrations: one small step per version, applied to each profile entry ----------------


def _entry_v1_to_v2(entry: Any, reader: _EntryReader) -> dict:
    """v1 "listen"/"target" strings become host and port fields; flat options move under
    "options". The id is left out, so reading assigns a new one."""
    entry = reader.check_object(
        entry, ("name", "listen", "target", "autostart", "group", "notes", *V1_OPTION_KEYS)
    )
    upgraded = JsonObject({k: v for k, v in entry.items() if k not in ("listen", "target")})
    for key, host_key, port_key, default_host in (
        ("listen", "listen_host", "listen_port", DEFAULT_LISTEN_HOST),
        ("target", "target_host", "target_port", None),
    ):
        raw = reader.take(entry, key, "text")
        if raw is None:
            continue
        try:
            upgraded[host_key], upgraded[port_key] = parse_address(raw, default_host, key)
        except AddressError as error:
            reader.fail(key, translated_error(error))
    options = JsonObject()
    for key in V1_OPTION_KEYS:
        if key in upgraded:
            options[key] = upgraded.pop(key)
    if options:
        upgraded["options"] = options
    if reader.problems:
        raise _EntryRefused
    return upgraded


_ENTRY_STEPS: dict[int, Callable[[Any, _EntryReader], dict]] = {1: _entry_v1_to_v2}
