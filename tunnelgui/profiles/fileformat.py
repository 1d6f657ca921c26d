"""The profiles file format as a whole: reading and decoding a file (one function for the store,
import and `run --file`), its version check, and writing. Reading each profile entry, with
located errors and the stepwise migrations, is in entries.py.

The same shape is used for profiles.json and for exported files:
    {"format": "tunnelgui-profiles", "version": 2, "profiles": [{...}, ...]}

Version history:
    1  each profile had "listen" and "target" as "host:port" strings, the options as flat keys
       (connect_timeout, idle_timeout, max_connections, allowed_networks) and no id.
    2  "listen_host"/"listen_port", "target_host"/"target_port", options nested under
       "options", and a stable "id". Later fields, each written only when a profile uses it,
       so that a version without it refuses that profile (unknown field) instead of running
       it differently: "via" and "ssh_config" (an SSH hop), "conditions" (network conditions,
       condition_format.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tunnelgui.i18n import _, ngettext
from tunnelgui.profiles.condition_format import condition_to_dict
from tunnelgui.profiles.json_values import describe_value, show_value
from tunnelgui.profiles.model import Profile, option_fields
from tunnelgui.profiles.problems import Severity

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
    "via",  # written only for a profile with an SSH hop: older versions refuse such a
    "ssh_config",  # profile instead of silently connecting straight to its target
    "conditions",  # likewise only when there are any: an older version refuses a shaped
    # profile (unknown field) rather than run it unshaped, so no version step is needed
)
OPTION_KEYS = tuple(name for name, _ in option_fields())  # each a key under "options"
TOP_LEVEL_KEYS = ("format", "version", "profiles")
# Thousands of profiles take a few MiB; a larger file is a mistake, not worth reading into memory.
MAX_FILE_BYTES = 16 * 1024 * 1024


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
            _(
                "written by a newer TunnelGUI (format version {version}); "
                "this version understands up to {current}"
            ).format(version=version, current=CURRENT_VERSION)
        )


class NotTextError(FormatError):
    """The file's bytes are not UTF-8 text."""

    def __init__(self) -> None:
        super().__init__(_("it is not UTF-8 text"))


class TooLargeError(FormatError):
    """The file is larger than MAX_FILE_BYTES."""

    def __init__(self) -> None:
        super().__init__(
            _("it is larger than {size} MiB, far more than any profiles file holds").format(
                size=MAX_FILE_BYTES // (1024 * 1024)
            )
        )


@dataclass(frozen=True, slots=True)
class DecodedFile:
    """A profiles file read and decoded: its exact bytes, the JSON document and its version."""

    data: bytes
    document: Any
    version: int


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
    options = {}
    for name, declared in option_fields():
        value = getattr(profile.options, name)
        options[name] = list(value) if declared.kind == "networks" else value
    entry = {
        "id": profile.id,
        "name": profile.name,
        "listen_host": profile.listen_host,
        "listen_port": profile.listen_port,
        "target_host": profile.target_host,
        "target_port": profile.target_port,
        "autostart": profile.autostart,
        "group": profile.group,
        "notes": profile.notes,
        "options": options,
    }
    if profile.via:
        entry["via"] = profile.via
    if profile.ssh_config:
        entry["ssh_config"] = profile.ssh_config
    if profile.conditions:
        entry["conditions"] = [condition_to_dict(c) for c in profile.conditions]
    return entry


def dump_text(profiles: Iterable[Profile]) -> str:
    """The file's text: pretty, sorted keys, UTF-8 friendly, ending in a newline."""
    document = {
        "format": FORMAT_MARKER,
        "version": CURRENT_VERSION,
        "profiles": [profile_to_dict(p) for p in profiles],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- reading ------------------------------------------------------------------------------


class JsonObject(dict):
    """A JSON object that remembers keys it saw twice (json keeps only the last silently)."""

    duplicate_keys: tuple[str, ...] = ()


def _object_hook(pairs: list[tuple[str, Any]]) -> JsonObject:
    result = JsonObject()
    repeated = []
    for key, value in pairs:
        if key in result and key not in repeated:
            repeated.append(key)
        result[key] = value
    result.duplicate_keys = tuple(repeated)
    return result


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in a profiles file")


def read_bounded(path: Path) -> bytes:
    """The file's bytes, reading no more than one byte past MAX_FILE_BYTES (decode_file then
    refuses it). Raises OSError (FileNotFoundError when missing)."""
    with open(path, "rb") as file:
        return file.read(MAX_FILE_BYTES + 1)


def decode_text(data: bytes) -> str:
    """The bytes of a file of forwards (profiles, rinetd or ssh config) as text: NotTextError,
    TooLargeError."""
    if len(data) > MAX_FILE_BYTES:
        raise TooLargeError
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotTextError from None


def decode_file(data: bytes) -> DecodedFile:
    """The one decoding of a profiles file's bytes: size limit, UTF-8, strict JSON (no NaN, no
    deep nesting), our format marker and a version this TunnelGUI reads. Raises FormatError
    (NotTextError, TooLargeError, NewerVersionError among them) saying what is wrong."""
    document = load_json(decode_text(data))
    return DecodedFile(data, document, read_version(document))


def read_profiles_file(path: Path) -> DecodedFile:
    """Read and decode the profiles file at `path`: OSError when it cannot be read, FormatError
    when it is not a profiles file this version can use."""
    return decode_file(read_bounded(path))


def load_json(text: str) -> Any:
    """Parse JSON strictly (no NaN/Infinity); FormatError says where it broke."""
    try:
        return json.loads(text, object_pairs_hook=_object_hook, parse_constant=_refuse_constant)
    except RecursionError:
        # json's decoder recurses once per level of [ or {; a real profiles file has four.
        raise FormatError(_("nested too deeply to be a profiles file")) from None
    except json.JSONDecodeError as error:
        raise FormatError(
            _("not valid JSON at line {line}, column {column} ({reason})").format(
                line=error.lineno, column=error.colno, reason=error.msg
            )
        ) from None
    except ValueError as error:
        raise FormatError(_("not valid JSON ({reason})").format(reason=error)) from None


def read_version(data: Any) -> int:
    """The format version of a decoded file; FormatError if it is not our format at all."""
    if not isinstance(data, dict):
        raise FormatError(
            _(
                'not a TunnelGUI profiles file (expected a JSON object with "format": '
                '"{marker}", found {found})'
            ).format(marker=FORMAT_MARKER, found=describe_value(data))
        )
    if "format" not in data:
        raise FormatError(
            _('not a TunnelGUI profiles file (no "format": "{marker}" marker)').format(
                marker=FORMAT_MARKER
            )
        )
    if data["format"] != FORMAT_MARKER:
        raise FormatError(
            _("not a TunnelGUI profiles file (\"format\" is {found}, expected '{marker}')").format(
                found=show_value(data["format"]), marker=FORMAT_MARKER
            )
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version < 10**9:
        raise FormatError(
            _('"version" must be a whole number from 1 to {current}, got {found}').format(
                current=CURRENT_VERSION,
                found=show_value(version) if "version" in data else _("nothing"),
            )
        )
    if version > CURRENT_VERSION:
        raise NewerVersionError(version)
    if getattr(data, "duplicate_keys", ()):
        keys = _(", ").join(repr(key) for key in data.duplicate_keys)
        raise FormatError(
            ngettext(
                "the top-level key {keys} appears more than once; keep one, since only the "
                "last would be read",
                "the top-level keys {keys} appear more than once; keep one, since only the "
                "last would be read",
                len(data.duplicate_keys),
            ).format(keys=keys)
        )
    return version
