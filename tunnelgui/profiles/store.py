"""ProfileStore: the saved profiles in profiles.json, validated, saved atomically, never lost."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from tunnelgui.engine.listen import next_free_port
from tunnelgui.i18n import _, ngettext
from tunnelgui.profiles.atomic import (
    atomic_write_bytes,
    make_private_folder,
    remove_stale_temp_files,
)
from tunnelgui.profiles.entries import parse_file
from tunnelgui.profiles.fileformat import (
    CURRENT_VERSION,
    DecodedFile,
    FormatError,
    NewerVersionError,
    ParsedProfiles,
    decode_file,
    dump_text,
    read_bounded,
)
from tunnelgui.profiles.filelock import DEFAULT_LOCK_TIMEOUT, LockTimeout, ReentrantFolderLock
from tunnelgui.profiles.listen_clashes import listen_overlaps
from tunnelgui.profiles.lookup import ProfileIndex, find_by_name, name_key
from tunnelgui.profiles.model import Profile, new_profile_id
from tunnelgui.profiles.problems import Problem, ValidationError
from tunnelgui.profiles.validation import validate_profile

FREE_PORT_SEARCH_LIMIT = 1000
PROFILES_FILE_MODE = 0o600  # the file names hosts and networks: the user's business only
# The folder cannot be written to: the store still reads, and saves nothing until it can.
_READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)
_COPY_SUFFIX = re.compile(r" \(copy(?: \d+)?\)$")


class StoreError(Exception):
    """The store cannot do what was asked; str() is a full sentence for the user."""


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _serialized(method: _Method) -> _Method:
    """Run a change of the store while holding the folder's lock, re-read to write."""

    @functools.wraps(method)
    def locked(self: ProfileStore, *args: Any, **kwargs: Any) -> Any:
        with self._locked():
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]


class _LockNeeded(Exception):
    """A load found it must write, and was not holding the lock: start it again locked."""


class ProfileStore:
    """The list of saved profiles, in the user's order. Use only from one thread (the GUI's).

    Every change is validated first (ValidationError lists the problems) and then written with
    an atomic replace. Each change holds the config folder's lock file (filelock.py) from the
    re-read to the write, so two programs (the app and `tunnelgui profiles add`, or two shells)
    never lose each other's edits: when the file changed since it was read, the store reloads
    before applying a change.
    """

    def __init__(self, path: Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.notices: list[str] = []
        self._profiles: list[Profile] = []
        self._digest: str | None = None  # sha256 of the file as last read or written
        self._lock = ReentrantFolderLock(self.path.parent, lock_timeout)
        self._lock_attempted = False  # a load that must write tried to take the lock
        # An old-format file read from a folder we cannot write: its backup is made by the
        # first save that can write (before that save replaces it).
        self._pending_backup: tuple[Path, bytes] | None = None

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

    def reload(self) -> None:
        """Read the file again (e.g. after another program changed it)."""
        self._load_locking_to_write()

    def changed_on_disk(self) -> bool:
        return self._read_digest() != self._digest

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
            name=self._copy_name(original.name),
            listen_port=self._next_free_port(original),
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

    @contextlib.contextmanager
    def _locked(self, *, required: bool = True) -> Iterator[None]:
        """Hold the folder's lock (re-entrant within this store). required=False (reading):
        go on without it when the folder is missing or cannot be written to, since such a
        read writes nothing."""
        first = not self._lock.held
        self._lock.timeout = self.lock_timeout
        with contextlib.ExitStack() as stack:
            try:
                if required:
                    make_private_folder(self.path.parent)
                held = stack.enter_context(self._lock.hold(required=required))
            except LockTimeout as error:
                raise StoreError(
                    _("Could not save profiles: {reason}.").format(reason=error)
                ) from None
            except OSError as error:
                raise StoreError(
                    _("Could not save profiles to {path}: {reason}").format(
                        path=self.path, reason=error.strerror or error
                    )
                ) from error
            if first and held:
                # Holding the lock, no other writer is mid-save: any temp file is a killed
                # writer's.
                remove_stale_temp_files(self.path, older_than=0)
            yield

    def _write(self, profiles: list[Profile]) -> None:
        try:
            data = dump_text(profiles).encode("utf-8")
        except UnicodeEncodeError as error:  # validation refuses such text; never a traceback
            raise StoreError(
                _("Could not save profiles: some text cannot be stored ({reason})").format(
                    reason=error.reason
                )
            ) from None
        try:
            with self._locked():
                if self._pending_backup is not None:
                    backup, old = self._pending_backup
                    atomic_write_bytes(backup, old, PROFILES_FILE_MODE)
                    self._pending_backup = None
                atomic_write_bytes(self.path, data, PROFILES_FILE_MODE)
        except OSError as error:
            raise StoreError(
                _("Could not save profiles to {path}: {reason}").format(
                    path=self.path, reason=error.strerror or error
                )
            ) from error
        self._digest = _digest(data)

    def _sync_with_disk(self) -> None:
        if self.changed_on_disk():
            self._load()
            self.notices.append(
                _(
                    "{file} was changed by another program; TunnelGUI read it again "
                    "before saving your change."
                ).format(file=self.path.name)
            )

    def _read_digest(self) -> str | None:
        try:
            return _digest(self.path.read_bytes())
        except OSError:
            return None

    def _load_locking_to_write(self) -> None:
        """Load without the lock (a plain read leaves the folder as it is); a load that must
        write (upgrade, move aside, new ids) starts again holding the lock, so it never
        overwrites a change another program saved in between."""
        try:
            self._load()
        except _LockNeeded:
            with self._locked(required=False):
                self._lock_attempted = True
                try:
                    self._load()
                finally:
                    self._lock_attempted = False

    def _before_load_writes(self) -> None:
        if not self._lock.held and not self._lock_attempted:
            raise _LockNeeded

    def _load(self) -> None:
        if not self._lock.held:
            remove_stale_temp_files(self.path)
        try:
            data = read_bounded(self.path)
        except FileNotFoundError:
            self._profiles, self._digest = [], None
            return
        except OSError as error:
            raise StoreError(
                _(
                    "Cannot read {path}: {reason}. Fix the file or its "
                    "folder, or start TunnelGUI with another --config-dir."
                ).format(path=self.path, reason=error.strerror or error)
            ) from error
        self._digest = _digest(data)
        self._profiles = []
        try:
            decoded = decode_file(data)
        except NewerVersionError as error:
            raise StoreError(
                _(
                    "{file} was written by a newer TunnelGUI (format version "
                    "{version}); this version understands up to {current}. "
                    "Upgrade TunnelGUI; the file was left unchanged."
                ).format(file=self.path.name, version=error.version, current=CURRENT_VERSION)
            ) from None
        except FormatError as error:
            self._set_aside_unreadable(str(error))
            return
        version = decoded.version

        backup = None
        if version < CURRENT_VERSION:
            # The copy is made before anything is converted, and the conversion stops if it fails.
            self._before_load_writes()
            backup = self._aside_path(f"v{version}-backup")
            try:
                atomic_write_bytes(backup, data, PROFILES_FILE_MODE)
            except OSError as error:
                if error.errno in _READ_ONLY_ERRNOS:
                    self._accept_read_only_upgrade(decoded, backup)
                    return
                raise StoreError(
                    _(
                        "{file} needs upgrading, but a backup copy could not be written "
                        "to {backup}: {reason}. The file was left unchanged."
                    ).format(file=self.path.name, backup=backup, reason=error.strerror or error)
                ) from error
        try:
            parsed = parse_file(decoded)
        except FormatError as error:
            self._set_aside_unreadable(str(error))
            return
        self._accept(parsed, data, backup)

    def _accept(self, parsed: ParsedProfiles, data: bytes, backup: Path | None) -> None:
        must_write = bool(parsed.errors or parsed.migrated or parsed.generated_ids)
        if must_write:
            self._before_load_writes()
        for warning in parsed.warnings:
            if not warning.where:
                self.notices.append(f"{self.path.name}: {warning}")
        if parsed.errors:
            aside = self._move_aside()
            count = len({problem.index for problem in parsed.errors})
            self.notices.append(
                ngettext(
                    "{count} profile in {file} could not be read and was left out: "
                    "{problems}. The original file was kept as {aside}.",
                    "{count} profiles in {file} could not be read and were left out: "
                    "{problems}. The original file was kept as {aside}.",
                    count,
                ).format(
                    count=count,
                    file=self.path.name,
                    problems=_("; ").join(str(p) for p in parsed.errors),
                    aside=aside,
                )
            )
        if backup is not None:
            self.notices.append(
                _(
                    "{file} was upgraded from format version {version} to "
                    "{current}; the old file was copied to {backup}."
                ).format(
                    file=self.path.name,
                    version=parsed.version,
                    current=CURRENT_VERSION,
                    backup=backup,
                )
            )
        if must_write:
            self._write(parsed.profiles)
        self._profiles = parsed.profiles

    def _accept_read_only_upgrade(self, decoded: DecodedFile, backup: Path) -> None:
        """An old file in a folder we cannot write: convert it in memory only; the backup and
        the upgrade are saved by the first change that can write."""
        try:
            parsed = parse_file(decoded)
        except FormatError as error:
            raise StoreError(
                _("{file} could not be read: {reason}.").format(file=self.path.name, reason=error)
            ) from None
        if parsed.errors:
            raise StoreError(
                _(
                    "{file} has profiles that could not be read ({problems}) and its folder "
                    "cannot be written to, so it was left unchanged."
                ).format(file=self.path.name, problems=_("; ").join(str(p) for p in parsed.errors))
            )
        self._pending_backup = (backup, decoded.data)
        self._profiles = parsed.profiles
        self.notices.append(
            _(
                "{file} is in an older format (version {version}) and its folder "
                "cannot be written to: it was read as it is, and will be upgraded (after a "
                "backup copy) by the first change that can be saved."
            ).format(file=self.path.name, version=parsed.version)
        )

    def _set_aside_unreadable(self, reason: str) -> None:
        aside = self._move_aside()
        self.notices.append(
            _(
                "{file} could not be read: {reason}. It was moved to {aside} and "
                "TunnelGUI started without profiles."
            ).format(file=self.path.name, reason=reason, aside=aside)
        )
        self._profiles, self._digest = [], None

    def _move_aside(self) -> Path:
        """Rename the file away, keeping its exact bytes; never continue if that fails, since the
        next save would overwrite it."""
        self._before_load_writes()
        aside = self._aside_path("corrupt")
        try:
            os.replace(self.path, aside)
        except OSError as error:
            raise StoreError(
                _(
                    "{path} cannot be read and could not be moved aside to {aside}: "
                    "{reason}. Move it away yourself, then start again."
                ).format(path=self.path, aside=aside, reason=error.strerror or error)
            ) from error
        if not aside.is_symlink():
            # The copy names the same hosts as the profiles: as private as the file we save
            # (a file the user wrote 0644 would otherwise stay readable to everyone).
            with contextlib.suppress(OSError):
                os.chmod(aside, PROFILES_FILE_MODE)
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
        # A copy of "db (copy)" is "db (copy 2)", not "db (copy) (copy)".
        name = _COPY_SUFFIX.sub("", name) or name
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
