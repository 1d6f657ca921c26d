"""Finding saved profiles: by name (unique whatever the case or width) and by listen port."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from tunnelgui.profiles.model import Profile


def name_key(name: str) -> str:
    """Names are unique regardless of case, surrounding spaces and compatibility forms ("Web"
    clashes with "web", and full-width letters with their plain forms)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


class ProfileIndex:
    """Profiles indexed by name and by listen port: checking one profile against thousands of
    others is then a lookup, so validating a whole file stays linear in its length."""

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        self._by_name: dict[str, list[Profile]] = {}
        self._by_port: dict[object, list[Profile]] = {}
        for profile in profiles:
            self.add(profile)

    def add(self, profile: Profile) -> None:
        if isinstance(profile.name, str):
            self._by_name.setdefault(name_key(profile.name), []).append(profile)
        self._by_port.setdefault(_port_key(profile.listen_port), []).append(profile)

    def named(self, name: str, *, besides: Profile) -> list[Profile]:
        """The profiles whose name clashes with `name`, other than `besides` (same id)."""
        return [p for p in self._by_name.get(name_key(name), ()) if p.id != besides.id]

    def on_port(self, port: object, *, besides: Profile) -> list[Profile]:
        return [p for p in self._by_port.get(_port_key(port), ()) if p.id != besides.id]


def _port_key(port: object) -> object:
    # True == 1 as a dict key; a mistyped port must not meet port 1.
    return (type(port).__name__, port) if isinstance(port, bool) else port


def find_by_name(profiles: Iterable[Profile], name: str) -> Profile | None:
    """Exact name first, then ignoring case and surrounding spaces (names are unique so)."""
    candidates = list(profiles)
    exact = next((p for p in candidates if p.name == name), None)
    if exact is not None:
        return exact
    key = name_key(name)
    return next((p for p in candidates if name_key(p.name) == key), None)


def pick_by_names(
    profiles: Iterable[Profile], names: Iterable[str]
) -> tuple[list[Profile], list[str]]:
    """The profiles with these names, each once and in the order asked; and the names that
    matched nothing."""
    candidates = list(profiles)
    found: list[Profile] = []
    missing: list[str] = []
    for name in names:
        profile = find_by_name(candidates, name)
        if profile is None:
            missing.append(name)
        elif profile not in found:
            found.append(profile)
    return found, missing
