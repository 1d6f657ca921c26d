"""A lock file per config folder, so two programs never read-merge-write profiles at once."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tunnelgui.i18n import _

LOCK_FILE_NAME = ".profiles.lock"
DEFAULT_LOCK_TIMEOUT = 10.0  # a save takes milliseconds; ten seconds means something is stuck
_POLL_INTERVAL = 0.02

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        # msvcrt.locking locks a byte range of the open file; byte 0 is the whole lock.
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockTimeout(OSError):
    """Another program held the lock for longer than the timeout; str() names it if known."""


def lock_path(folder: Path) -> Path:
    return Path(folder) / LOCK_FILE_NAME


def _holder_description() -> str:
    program = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv[:3]))
    return f"pid {os.getpid()} ({program or 'python'})"


def _read_holder(fd: int) -> str:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 500).decode("utf-8").strip()
    return ""


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the folder's lock file (created 0600) while the block runs.

    The lock is advisory (flock on POSIX, msvcrt.locking on Windows) and released by the
    kernel when the holder dies, so a killed writer never leaves the folder locked. Raises
    LockTimeout after `timeout` seconds, naming the program that holds it when it said so.
    """
    path = lock_path(folder)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)  # a lock file left by an older version may be 0644
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                holder = _read_holder(fd)
                message = (
                    _(
                        "another program ({holder}) has been saving profiles in {folder} for "
                        "more than {seconds} seconds; try again when it is done, or close it"
                    )
                    if holder
                    else _(
                        "another program has been saving profiles in {folder} for more than "
                        "{seconds} seconds; try again when it is done, or close it"
                    )
                )
                raise LockTimeout(
                    message.format(holder=holder, folder=folder, seconds=f"{timeout:g}")
                )
            time.sleep(_POLL_INTERVAL)
        try:
            # Who holds it, for the message another waiting program shows.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, _holder_description().encode("utf-8", "replace"))
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


class ReentrantFolderLock:
    """One program's hold on a folder's lock: taken once, re-entered by nested changes (flock
    locks belong to an open file, so a second open in the same process would wait on itself)."""

    def __init__(self, folder: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.folder = Path(folder)
        self.timeout = timeout
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._depth > 0

    @contextlib.contextmanager
    def hold(self, *, required: bool = True) -> Iterator[bool]:
        """Hold the lock while the block runs; yields whether it is held. required=False: go on
        without it when the folder is missing or its lock file cannot be made (a read-only
        folder, where nothing will be written). Raises LockTimeout, or OSError when required."""
        if self._depth:
            self._depth += 1
            try:
                yield True
            finally:
                self._depth -= 1
            return
        with contextlib.ExitStack() as stack:
            try:
                if required or self.folder.is_dir():
                    stack.enter_context(folder_lock(self.folder, self.timeout))
                    self._depth = 1
            except LockTimeout:
                raise
            except OSError:
                if required:
                    raise
            try:
                yield self._depth > 0
            finally:
                self._depth = 0
