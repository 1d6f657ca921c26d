"""ProfileStore: the saved profiles in profiles.json, validated, saved atomically, never lost."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from tunnelgui.i18n import _
from tunnelgui.profiles.duplicates import copy_listen_port, copy_name
from tunnelgui.profiles.lookup import ProfileIndex, find_by_name
from tunnelgui.profiles.model import Profile, new_profile_id
from tunnelgui.profiles.problems import Problem, ValidationError
from tunnelgui.profiles.store_file import StoreError, StoreFile
from tunnelgui.profiles.validation import validate_profile

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _serialized(method: _Method) -> _Method:
    """Run a change of the store while holding the folder's lock, re-read to write."""

    @functools.wraps(method)
    def locked(self: ProfileStore, *args: Any, **kwargs: Any) -> Any:
        with self._locked():
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]


class ProfileStore(StoreFile):
    """The list of saved profiles, in the user's order. Use only from one thread (the GUI's).

    Every change is validated first (ValidationError lists the problems) and then written with
    an atomic replace. Each change holds the config folder's lock file (filelock.py) from the
    re-read to the write, so two programs (the app and `tunnelgui profiles add`, or two shells)
    never lose each other's edits: when the file changed since it was read, the store reloads
    before applying a change.
    """

    @classmethod
    def open(cls, path: Path | str) -> ProfileStore:
        """Load `path` (missing = no profiles yet). Never raises for a corrupt file: it is moved
        aside and a notice says where. Raises StoreError for a file from a newer TunnelGUI (left
        untouched) or one that cannot be read at all (permissions)."""
        store = cls(Path(path))
        try:
            store._load_locking_to_write()
        except StoreError as error:
            # What was already done (a file moved aside) must not go unsaid.
            if store.notices:
                raise StoreError(" ".join([*store.notices, str(error)])) from error
            raise
        return store

    # --- reading --------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    def get(self, profile_id: str) -> Profile | None:
        return next((p for p in self._profiles if p.id == profile_id), None)

    def find_by_name(self, name: str) -> Profile | None:
        return find_by_name(self._profiles, name)

    # --- changing -------------------------------------------------------------------------

    @_serialized
    def add(self, profile: Profile) -> list[Problem]:
        """Validate and save; returns the warnings (errors raise ValidationError)."""
        self._sync_with_disk()
        if self.get(profile.id) is not None:
            raise StoreError(
                _("A profile with the id of {name} is already saved").format(
                    name=repr(profile.name)
                )
            )
        return self._commit([*self._profiles, profile], [profile])

    @_serialized
    def update(self, profile: Profile) -> None:
        """Save new values for the profile with the same id, keeping its place in the list.

        The bind check of the listen host runs only when the host changed, so an edit is not
        refused just because, say, the VPN interface the profile listens on is down right now.
        """
        self._sync_with_disk()
        old = self.get(profile.id)
        if old is None:
            raise StoreError(
                _(
                    "The profile {name} is no longer saved (another program may have "
                    "removed it); add it again"
                ).format(name=repr(profile.name))
            )
        updated = [profile if p.id == profile.id else p for p in self._profiles]
        self._commit(updated, [profile], check_machine=old.listen_host != profile.listen_host)

    @_serialized
    def remove(self, profile_ids: Iterable[str]) -> None:
        """Remove these profiles; ids that are not saved are ignored."""
        self._sync_with_disk()
        doomed = set(profile_ids)
        kept = [p for p in self._profiles if p.id not in doomed]
        if len(kept) != len(self._profiles):
            self._commit(kept, [])

    @_serialized
    def duplicate(self, profile_id: str) -> Profile:
        """Save a copy named "web (copy)" with a new id on the next free listen port. The copy
        does not autostart: it is a draft to edit, not a second tunnel to run at login."""
        self._sync_with_disk()
        original = self.get(profile_id)
        if original is None:
            raise StoreError(_("The profile to duplicate is no longer saved"))
        copy = dataclasses.replace(
            original,
            id=new_profile_id(),
            name=copy_name(original.name, self._profiles),
            listen_port=copy_listen_port(original, self._profiles),
            autostart=False,
        )
        self._commit([*self._profiles, copy], [copy])
        return copy

    @_serialized
    def apply(self, remove_ids: Iterable[str], add: Iterable[Profile]) -> None:
        """Remove and add several profiles as one change: all validated, then one save."""
        self._sync_with_disk()
        doomed = set(remove_ids)
        added = list(add)
        kept = [p for p in self._profiles if p.id not in doomed]
        clash = {p.id for p in kept} & {p.id for p in added}
        if clash:
            raise StoreError(_("Some profiles to add have the id of a saved profile"))
        self._commit([*kept, *added], added)

    # --- internals ------------------------------------------------------------------------

    def _commit(
        self, new_list: list[Profile], changed: list[Profile], *, check_machine: bool = True
    ) -> list[Problem]:
        """Validate the changed profiles against the new list, save it; returns the warnings."""
        problems = []
        index = ProfileIndex(new_list)  # one index for all: an import of thousands is linear
        for profile in changed:
            problems += validate_profile(profile, index, check_machine=check_machine)
        if any(p.is_error for p in problems):
            raise ValidationError(problems)
        self._write(new_list)
        self._profiles = new_list
        return problems
