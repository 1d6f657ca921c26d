"""StoreFile: the profiles file under a ProfileStore, read without loss and written atomically.

Reading upgrades an old format (after a backup copy), moves a file it cannot read aside and
refuses one from a newer TunnelGUI; writing holds the config folder's lock (filelock.py).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

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
from tunnelgui.profiles.model import Profile

PROFILES_FILE_MODE = 0o600  # the file names hosts and networks: the user's business only
# The folder cannot be written to: the store still reads, and saves nothing until it can.
_READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


class StoreError(Exception):
    """The store cannot do what was asked; str() is a full sentence for the user."""


class _LockNeeded(Exception):
    """A load found it must write, and was not holding the lock: start it again locked."""


class StoreFile:
    """The file half of ProfileStore: its profiles as last read or written, the notices that
    reading produced, and the folder's lock. Use only from one thread (the GUI's)."""

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

    def reload(self) -> None:
        """Read the file again (e.g. after another program changed it)."""
        self._load_locking_to_write()

    def changed_on_disk(self) -> bool:
        return self._read_digest() != self._digest

    # --- writing --------------------------------------------------------------------------

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

    # --- reading --------------------------------------------------------------------------

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
            self._pending_backup = None  # the old file it would have kept is gone
            return
        except OSError as error:
            raise StoreError(
                _(
                    "Cannot read {path}: {reason}. Fix the file or its "
                    "folder, or start TunnelGUI with another --config-dir."
                ).format(path=self.path, reason=error.strerror or error)
            ) from error
        # The store takes this file's profiles and digest only once it has accepted the file
        # (_accept, _accept_read_only_upgrade, _set_aside_unreadable): a file it refuses (a
        # newer TunnelGUI's, say) leaves the store as it was and still "changed on disk", so
        # the next save reads it again and refuses again instead of writing over it.
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
        # Read afresh: this file decides whether a backup is still owed (another program may
        # have upgraded it, with its own backup).
        self._pending_backup = None
        if must_write:
            self._write(parsed.profiles)  # and the digest of what it wrote
        else:
            self._digest = _digest(data)
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
        self._digest = _digest(decoded.data)
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


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
