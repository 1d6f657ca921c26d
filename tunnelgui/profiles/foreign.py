"""What the rinetd, OpenSSH and Toxiproxy config readers hand to the importer: forwards plus
notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from tunnelgui.i18n import _
from tunnelgui.profiles.lookup import name_key
from tunnelgui.profiles.model import Profile


@dataclass(frozen=True, slots=True)
class ForeignForward:
    profile: Profile
    origin: str  # where it came from in the file, e.g. "line 12"


@dataclass
class ForeignConfig:
    forwards: list[ForeignForward] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out or changed, and why


class ForeignConfigError(Exception):
    """A line (or an entry) the reader cannot make sense of; str() is e.g. "line 3: ..." or,
    with `where`, "proxy 'web' (#2), field 'listen': ..."."""

    def __init__(self, line: int, message: str, where: str = "") -> None:
        self.line = line
        place = where or _("line {number}").format(number=line)
        super().__init__(_("{where}: {problem}").format(where=place, problem=message))


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or "name (2)", "name (3)", ... whichever is not in `taken` (keys by name_key);
    the chosen name is added to `taken`."""
    candidate = name
    counter = 2
    while name_key(candidate) in taken:
        candidate = f"{name} ({counter})"
        counter += 1
    taken.add(name_key(candidate))
    return candidate


def decimal_port(text: str) -> int | None:
    """`text` as a port number when it is ASCII digits, else None. Any size is fine: more than
    five significant digits comes back as 65536, which is out of range like it. (str.isdigit
    alone also passes "²", which int() refuses.)"""
    if not (text.isascii() and text.isdigit()):
        return None
    significant = text.lstrip("0") or "0"
    return int(significant) if len(significant) <= 5 else 65536
