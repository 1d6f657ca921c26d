"""ProfileStore: the saved profiles in profiles.json, validated, saved atomically, never lost."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

from tunnelgui.engine.listen import next_free_port
from tunnelgui.profiles.atomic import atomic_write_bytes, remove_stale_temp_files
from tunnelgui.profiles.entries import parse_file
from tunnelgui.profiles.fileformat import (
    CURRENT_VERSION,
    FormatError,
    NewerVersionError,
    ParsedProfiles,
    decode_file,
    dump_text,
    read_bounded,
)
from tunnelgui.profiles.model import Profile, new_profile_id
from tunnelgui.profiles.validation import (
    Problem,
    ValidationError,
    find_by_name,
    listen_overlaps,
    name_key,
    validate_profile,
)

FREE_PORT_SEARCH_LIMIT = 1000


class StoreError(Exception):
    """The store cannot do what was asked; str() is a full sentence for the user."""


class ProfileStore:
    """The list of saved profiles, in the user's order. Use only from one thread (the GUI's).

    Every change is validated first (ValidationError lists the problems) and then written with
    an atomic replace. When another program (e.g. `tunnelgui profiles add` while the app runs)
    changed the file since it was read, the store reloads before applying a change, so neither
    side's edits are overwritten.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.notices: list[str] = []
        self._profiles: list[Profile] = []
        self._digest: str | None = None  # sha256 of the file as last read or written

    @classmethod
    def open(cls, path: Path | str) -> ProfileStore:
        """Load `path` (missing = no profiles yet). Never raises for a corrupt file: it is moved
        aside and a notice says where. Raises StoreError for a file from a newer TunnelGUI (left
        untouched) or one that cannot be read at all (permissions)."""
        store = cls(Path(path))
        store._load()
        return store

    # --- reading --------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    def get(self, profile_id: str) -> Profile | None:
        return next((p for p in self._profiles if p.id == profile_id), None)

    def find_by_name(self, name: str) -> Profile | None:
        return find_by_name(self._profiles, name)

    def reload(self) -> None:
        """Read the file again (e.g. after another program changed it)."""
        self._load()

    def changed_on_disk(self) -> bool:
        return self._read_digest() != self._digest

    # --- changing -------------------------------------------------------------------------

    def add(self, profile: Profile) -> list[Problem]:
        """Validate and save; returns the warnings (errors raise ValidationError)."""
        self._sync_with_disk()
        if self.get(profile.id) is not None:
            raise StoreError(f"A profile with the id of {profile.name!r} is already saved")
        return self._commit([*self._profiles, profile], [profile])

    def update(self, profile: Profile) -> None:
        """Save new values for the profile with the same id, keeping its place in the list.

        The bind check of the listen host runs only when the host changed, so an edit is not
        refused just because, say, the VPN interface the profile listens on is down right now.
        """
        self._sync_with_disk()
        old = self.get(profile.id)
        if old is None:
            raise StoreError(
                f"The profile {profile.name!r} is no longer saved (another program may have "
                "removed it); add it again"
            )
        updated = [profile if p.id == profile.id else p for p in self._profiles]
        self._commit(updated, [profile], check_machine=old.listen_host != profile.listen_host)

    def remove(self, profile_ids: Iterable[str]) -> None:
        """Remove these profiles; ids that are not saved are ignored."""
        self._sync_with_disk()
        doomed = set(profile_ids)
        kept = [p for p in self._profiles if p.id not in doomed]
        if len(kept) != len(self._profiles):
            self._commit(kept, [])

    def duplicate(self, profile_id: str) -> Profile:
        """Save a copy named "web (copy)" with a new id on the next free listen port. The copy
        does not autostart: it is a draft to edit, not a second tunnel to run at login."""
        self._sync_with_disk()
        original = self.get(profile_id)
        if original is None:
            raise StoreError("The profile to duplicate is no longer saved")
        copy = dataclasses.replace(
            original,
            id=new_profile_id(),
            name=self._copy_name(original.name),
            listen_port=self._next_free_port(original),
            autostart=False,
        )
        self._commit([*self._profiles, copy], [copy])
        return copy

    def apply(self, remove_ids: Iterable[str], add: Iterable[Profile]) -> None:
        """Remove and add several profiles as one change: all validated, then one save."""
        self._sync_with_disk()
        doomed = set(remove_ids)
        added = list(add)
        kept = [p for p in self._profiles if p.id not in doomed]
        clash = {p.id for p in kept} & {p.id for p in added}
        if clash:
            raise StoreError("Some profiles to add have the id of a saved profile")
        self._commit([*kept, *added], added)

    # --- internals ------------------------------------------------------------------------

    def _commit(
        self, new_list: list[Profile], changed: list[Profile], *, check_machine: bool = True
    ) -> list[Problem]:
        """Validate the changed profiles against the new list, save it; returns the warnings."""
        problems = []
        for profile in changed:
            others = [p for p in new_list if p is not profile]
            problems += validate_profile(profile, others, check_machine=check_machine)
        if any(p.is_error for p in problems):
            raise ValidationError(problems)
        self._write(new_list)
        self._profiles = new_list
        return problems

    def _write(self, profiles: list[Profile]) -> None:
        data = dump_text(profiles).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, data)
        except OSError as error:
            raise StoreError(
                f"Could not save profiles to {self.path}: {error.strerror or error}"
            ) from error
        self._digest = _digest(data)

    def _sync_with_disk(self) -> None:
        if self.changed_on_disk():
            self._load()
            self.notices.append(
                f"{self.path.name} was changed by another program; TunnelGUI read it again "
                "before saving your change."
            )

    def _read_digest(self) -> str | None:
        try:
            return _digest(self.path.read_bytes())
        except OSError:
            return None

    def _load(self) -> None:
        remove_stale_temp_files(self.path)
        try:
            data = read_bounded(self.path)
        except FileNotFoundError:
            self._profiles, self._digest = [], None
            return
        except OSError as error:
            raise StoreError(
                f"Cannot read {self.path}: {error.strerror or error}. Fix the file or its "
                "folder, or start TunnelGUI with another --config-dir."
            ) from error
        self._digest = _digest(data)
        self._profiles = []
        try:
            decoded = decode_file(data)
        except NewerVersionError as error:
            raise StoreError(
                f"{self.path.name} was written by a newer TunnelGUI (format version "
                f"{error.version}); this version understands up to {CURRENT_VERSION}. "
                "Upgrade TunnelGUI; the file was left unchanged."
            ) from None
        except FormatError as error:
            self._set_aside_unreadable(str(error))
            return
        version = decoded.version

        backup = None
        if version < CURRENT_VERSION:
            # The copy is made before anything is converted, and the conversion stops if it fails.
            backup = self._aside_path(f"v{version}-backup")
            try:
                atomic_write_bytes(backup, data)
            except OSError as error:
                raise StoreError(
                    f"{self.path.name} needs upgrading, but a backup copy could not be written "
                    f"to {backup}: {error.strerror or error}. The file was left unchanged."
                ) from error
        try:
            parsed = parse_file(decoded)
        except FormatError as error:
            self._set_aside_unreadable(str(error))
            return
        self._accept(parsed, data, backup)

    def _accept(self, parsed: ParsedProfiles, data: bytes, backup: Path | None) -> None:
        for warning in parsed.warnings:
            if not warning.where:
                self.notices.append(f"{self.path.name}: {warning}")
        if parsed.errors:
            aside = self._move_aside()
            count = len({problem.index for problem in parsed.errors})
            self.notices.append(
                f"{count} profile{'s' if count != 1 else ''} in {self.path.name} could not be "
                f"read and {'were' if count != 1 else 'was'} left out: "
                + "; ".join(str(p) for p in parsed.errors)
                + f". The original file was kept as {aside}."
            )
        if backup is not None:
            self.notices.append(
                f"{self.path.name} was upgraded from format version {parsed.version} to "
                f"{CURRENT_VERSION}; the old file was copied to {backup}."
            )
        if parsed.errors or parsed.migrated or parsed.generated_ids:
            self._write(parsed.profiles)
        self._profiles = parsed.profiles

    def _set_aside_unreadable(self, reason: str) -> None:
        aside = self._move_aside()
        self.notices.append(
            f"{self.path.name} could not be read: {reason}. It was moved to {aside} and "
            "TunnelGUI started without profiles."
        )
        self._profiles, self._digest = [], None

    def _move_aside(self) -> Path:
        """Rename the file away, keeping its exact bytes; never continue if that fails, since the
        next save would overwrite it."""
        aside = self._aside_path("corrupt")
        try:
            os.replace(self.path, aside)
        except OSError as error:
            raise StoreError(
                f"{self.path} cannot be read and could not be moved aside to {aside}: "
                f"{error.strerror or error}. Move it away yourself, then start again."
            ) from error
        self._digest = None
        return aside

    def _aside_path(self, kind: str) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        candidate = self.path.with_name(f"{self.path.name}.{kind}-{stamp}")
        counter = 2
        while candidate.exists():
            candidate = self.path.with_name(f"{self.path.name}.{kind}-{stamp}-{counter}")
            counter += 1
        return candidate

    def _copy_name(self, name: str) -> str:
        taken = {name_key(p.name) for p in self._profiles}
        candidate = f"{name} (copy)"
        counter = 2
        while name_key(candidate) in taken:
            candidate = f"{name} (copy {counter})"
            counter += 1
        return candidate

    def _next_free_port(self, original: Profile) -> int:
        """The next port above the original's that no profile on an overlapping host uses and
        that no other program holds right now; the original port if none is found nearby."""
        used = {
            p.listen_port
            for p in self._profiles
            if listen_overlaps(p.listen_host, original.listen_host)
        }
        port = next_free_port(
            original.listen_host, original.listen_port, FREE_PORT_SEARCH_LIMIT, skip=used
        )
        return original.listen_port if port is None else port


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
