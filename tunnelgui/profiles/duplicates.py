"""What a duplicate of a profile is given: a "(copy N)" name no profile has, a free listen port."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tunnelgui.engine.listen import next_free_port
from tunnelgui.profiles.listen_clashes import listen_overlaps
from tunnelgui.profiles.lookup import name_key
from tunnelgui.profiles.model import Profile

FREE_PORT_SEARCH_LIMIT = 1000
_COPY_SUFFIX = re.compile(r" \(copy(?: \d+)?\)$")


def copy_name(name: str, profiles: Iterable[Profile]) -> str:
    """The name of a copy of `name` that none of `profiles` has."""
    # A copy of "db (copy)" is "db (copy 2)", not "db (copy) (copy)".
    name = _COPY_SUFFIX.sub("", name) or name
    taken = {name_key(p.name) for p in profiles}
    candidate = f"{name} (copy)"
    counter = 2
    while name_key(candidate) in taken:
        candidate = f"{name} (copy {counter})"
        counter += 1
    return candidate


def copy_listen_port(original: Profile, profiles: Iterable[Profile]) -> int:
    """The next port above the original's that no profile on an overlapping host uses and
    that no other program holds right now; the original port if none is found nearby."""
    used = {p.listen_port for p in profiles if listen_overlaps(p.listen_host, original.listen_host)}
    port = next_free_port(
        original.listen_host, original.listen_port, FREE_PORT_SEARCH_LIMIT, skip=used
    )
    return original.listen_port if port is None else port
