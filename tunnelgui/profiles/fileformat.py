"""The profiles file format: strict reading with located errors, stepwise migration, writing.

The same shape is used for profiles.json and for exported files:
    {"format": "tunnelgui-profiles", "version": 2, "profiles": [{...}, ...]}

Version history:
    1  each profile had "listen" and "target" as "host:port" strings, the options as flat keys
       (connect_timeout, idle_timeout, max_connections, allowed_networks) and no id.
    2  "listen_host"/"listen_port", "target_host"/"target_port", options nested under
       "options", and a stable "id".

Unknown keys inside a profile are errors, not warnings: a misspelt optional key would otherwise
be dropped silently, and for "allowed_networks" that would open a tunnel to everyone. Unknown
top-level keys only produce a warning, since no profile's meaning depends on them.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tunnelgui.engine.addresses import AddressError, parse_address
from tunnelgui.profiles.model import DEFAULT_LISTEN_HOST, Profile, ProfileOptions
from tunnelgui.profiles.validation import Severity, validate_profile

FORMAT_MARKER = "tunnelgui-profiles"
CURRENT_VERSION = 2

PROFILE_KEYS = (
    "id",
    "name",
    "listen_host",
    "listen_port",
    "target_host",
    "target_port",
    "autostart",
    "group",
    "notes",
    "options",
)
OPTION_KEYS = ("connect_timeout", "idle_timeout", "max_connections", "allowed_networks")
TOP_LEVEL_KEYS = ("format", "version", "profiles")
MAX_ID_LENGTH = 200


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A problem at a place in a file: `where` is e.g. "profile 'web' (#2), field 'listen_port'"
    ("" for the file as a whole)."""

    where: str
    message: str
    severity: Severity = "error"
    index: int | None = None  # the profile's position in the file, from 1

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class FormatError(Exception):
    """The file as a whole cannot be read; str() says what is wrong with it, e.g. "not valid
    JSON at line 3, column 5 (...)" or '"version" must be ...', and is meant to follow the
    file's name and a colon ("file X: ...", "profiles.json could not be read: ...")."""


class NewerVersionError(FormatError):
    """Written by a newer TunnelGUI; never modify such a file."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(
            f"written by a newer TunnelGUI (format version {version}); "
            f"this version understands up to {CURRENT_VERSION}"
        )


@dataclass
class ParsedProfiles:
    """What could be read: the good profiles, and a located problem for each one left out."""

    version: int  # the version the file was written in
    profiles: list[Profile] = field(default_factory=list)
    errors: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)
    generated_ids: int = 0  # profiles that had no id and were given one

    @property
    def migrated(self) -> bool:
        return self.version < CURRENT_VERSION


# --- writing ------------------------------------------------------------------------------


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    options = profile.options
    return {
        "id": profile.id,
        "name": profile.name,
        "listen_host": profile.listen_host,
        "listen_port": profile.listen_port,
        "target_host": profile.target_host,
        "target_port": profile.target_port,
        "autostart": profile.autostart,
        "group": profile.group,
        "notes": profile.notes,
        "options": {
            "connect_timeout": options.connect_timeout,
            "idle_timeout": options.idle_timeout,
            "max_connections": options.max_connections,
            "allowed_networks": list(options.allowed_networks),
        },
    }


def dump_text(profiles: Iterable[Profile]) -> str:
    """The file's text: pretty, sorted keys, UTF-8 friendly, ending in a newline."""
    document = {
        "format": FORMAT_MARKER,
        "version": CURRENT_VERSION,
        "profiles": [profile_to_dict(p) for p in profiles],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- reading ------------------------------------------------------------------------------


class _Object(dict):
    """A JSON object that remembers keys it saw twice (json keeps only the last silently)."""

    duplicate_keys: tuple[str, ...] = ()


def _object_hook(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    repeated = []
    for key, value in pairs:
        if key in result and key not in repeated:
            repeated.append(key)
        result[key] = value
    result.duplicate_keys = tuple(repeated)
    return result


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in a profiles file")


def load_json(text: str) -> Any:
    """Parse JSON strictly (no NaN/Infinity); FormatError says where it broke."""
    try:
        return json.loads(text, object_pairs_hook=_object_hook, parse_constant=_refuse_constant)
    except RecursionError:
        # json's decoder recurses once per level of [ or {; a real profiles file has four.
        raise FormatError("nested too deeply to be a profiles file") from None
    except json.JSONDecodeError as error:
        raise FormatError(
            f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})"
        ) from None
    except ValueError as error:
        raise FormatError(f"not valid JSON ({error})") from None


def parse_text(text: str, *, check_machine: bool = False) -> ParsedProfiles:
    return parse_data(load_json(text), check_machine=check_machine)


def read_version(data: Any) -> int:
    """The format version of a decoded file; FormatError if it is not our format at all."""
    if not isinstance(data, dict):
        raise FormatError(
            f"not a TunnelGUI profiles file (expected a JSON object with "
            f'"format": "{FORMAT_MARKER}", found {_describe(data)})'
        )
    if "format" not in data:
        raise FormatError(f'not a TunnelGUI profiles file (no "format": "{FORMAT_MARKER}" marker)')
    if data["format"] != FORMAT_MARKER:
        raise FormatError(
            f'not a TunnelGUI profiles file ("format" is {_show(data["format"])}, '
            f"expected '{FORMAT_MARKER}')"
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FormatError(
            f'"version" must be a whole number from 1 to {CURRENT_VERSION}, '
            f"got {_show(version) if 'version' in data else 'nothing'}"
        )
    if version > CURRENT_VERSION:
        raise NewerVersionError(version)
    return version


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
                FileProblem("", f"ignored unknown top-level key {key!r}", "warning")
            )
    if "profiles" not in data:
        raise FormatError('the "profiles" list is missing')
    entries = data["profiles"]
    if not isinstance(entries, list):
        raise FormatError(f'"profiles" must be a list, found {_describe(entries)}')

    seen_ids: dict[str, int] = {}
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
            for p in validate_profile(profile, result.profiles, check_machine=check_machine)
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
        who = f"profile {self.name!r} (#{self.index})" if self.name else f"profile #{self.index}"
        return f"{who}, field {field_name!r}" if field_name else who

    def problem(self, field_name: str, message: str, severity: Severity = "error") -> FileProblem:
        return FileProblem(self.where(field_name), message, severity, self.index)

    def fail(self, field_name: str, message: str) -> None:
        self.bad_fields.add(field_name)
        self.problems.append(self.problem(field_name, message))

    def check_object(self, entry: Any, known: Iterable[str], prefix: str = "") -> dict:
        if not isinstance(entry, dict):
            what = f"field {prefix.rstrip('.')!r}" if prefix else "each profile"
            self.problems.append(
                FileProblem(
                    self.where() if prefix else f"profile #{self.index}",
                    f"{what} must be a JSON object, found {_describe(entry)}",
                    index=self.index,
                )
            )
            raise _EntryRefused
        known = tuple(known)
        for key in getattr(entry, "duplicate_keys", ()):
            self.fail(prefix + key, "appears twice; keep one")
        for key in entry:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.fail(prefix + key, f"unknown field{hint}")
        return entry

    def take(
        self, entry: dict, key: str, kind: str, *, prefix: str = "", default: Any = _REQUIRED
    ) -> Any:
        """entry[key] checked against `kind`; a problem (and None) when missing or mistyped."""
        if key not in entry:
            if default is not _REQUIRED:
                return default
            self.fail(prefix + key, "is missing")
            return None
        value = entry[key]
        expectation = _check_kind(value, kind)
        if expectation:
            self.fail(prefix + key, f"must be {expectation}, got {_show(value)}")
            return None
        return float(value) if kind == "seconds" else value

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
            "options": self._read_options(entry.get("options", _Object())),
        }
        for key, value in values.items():
            if value is None:
                values[key] = _STAND_INS[key]
        if profile_id is None:
            self.generated_id = "id" not in self.bad_fields
            return Profile(**values)
        return Profile(id=profile_id, **values)

    def _read_options(self, raw: Any) -> ProfileOptions:
        prefix = "options."
        try:
            raw = self.check_object(raw, OPTION_KEYS, prefix)
        except _EntryRefused:
            return ProfileOptions()
        defaults = ProfileOptions()
        values = {
            "connect_timeout": self.take(
                raw, "connect_timeout", "seconds", prefix=prefix, default=defaults.connect_timeout
            ),
            "idle_timeout": self.take(
                raw, "idle_timeout", "seconds", prefix=prefix, default=defaults.idle_timeout
            ),
            "max_connections": self.take(
                raw, "max_connections", "count", prefix=prefix, default=defaults.max_connections
            ),
            "allowed_networks": self.take(
                raw, "allowed_networks", "text list", prefix=prefix, default=[]
            ),
        }
        for key, value in values.items():
            if value is None:
                values[key] = getattr(defaults, key)
        values["allowed_networks"] = tuple(values["allowed_networks"])
        return ProfileOptions(**values)


def _check_kind(value: Any, kind: str) -> str:
    """What `value` should have been, or "" when it is of the right kind."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if kind == "port":
        return "" if is_int and 1 <= value <= 65535 else "an integer between 1 and 65535"
    if kind == "count":
        return "" if is_int and value >= 0 else "a whole number (0 or more)"
    if kind == "seconds":
        ok = (is_int or isinstance(value, float)) and value >= 0
        return "" if ok else "a number of seconds (0 or more)"
    if kind == "bool":
        return "" if isinstance(value, bool) else "true or false"
    if kind == "text":
        return "" if isinstance(value, str) else "a text string"
    if kind == "id":
        ok = isinstance(value, str) and value.strip() and len(value) <= MAX_ID_LENGTH
        return "" if ok else f"a non-empty text of at most {MAX_ID_LENGTH} characters"
    if kind == "text list":
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return "" if ok else 'a list of text strings, like ["192.168.1.0/24"]'
    raise AssertionError(kind)


def _show(value: Any) -> str:
    """A value as the user wrote it, for messages: '80a', 80.5, true, null, a list."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return repr(value)
    return _describe(value)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a text string"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return "a number"


# --- migrations: one small step per version, applied to each profile entry ----------------


def _entry_v1_to_v2(entry: Any, reader: _EntryReader) -> dict:
    """v1 "listen"/"target" strings become host and port fields; flat options move under
    "options". The id is left out, so reading assigns a new one."""
    entry = reader.check_object(
        entry, ("name", "listen", "target", "autostart", "group", "notes", *OPTION_KEYS)
    )
    upgraded = _Object({k: v for k, v in entry.items() if k not in ("listen", "target")})
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
            reader.fail(key, str(error))
    options = _Object()
    for key in OPTION_KEYS:
        if key in upgraded:
            options[key] = upgraded.pop(key)
    if options:
        upgraded["options"] = options
    if reader.problems:
        raise _EntryRefused
    return upgraded


_ENTRY_STEPS: dict[int, Callable[[Any, _EntryReader], dict]] = {1: _entry_v1_to_v2}
