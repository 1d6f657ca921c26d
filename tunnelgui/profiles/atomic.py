"""Atomic file replacement: after a crash at any moment, the old or the new file, never a part."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    """Temporary files are hidden siblings, so they rename within one file system."""
    return f".{path.name}."


def atomic_write_bytes(path: Path | str, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data`: temp file in the same folder, fsync, rename, fsync the folder.

    On any error the temp file is removed, the old file is untouched, and the error propagates.
    The file gets `mode` when given; otherwise a new file is private (0600) and an existing file
    keeps its permissions. A symbolic link is written through: the temp file goes next to the
    link's final target and replaces it, so the link stays a link (dotfiles setups).
    """
    path = written_path(Path(path))
    folder = path.parent
    if mode is None:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(path.stat().st_mode)
    fd, temp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)


def written_path(path: Path) -> Path:
    """The file a save of `path` replaces: `path` itself, or the final target of a symlink."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def atomic_write_text(
    path: Path | str, text: str, encoding: str = "utf-8", mode: int | None = None
) -> None:
    """atomic_write_bytes for text; newlines are written as given (no platform translation)."""
    atomic_write_bytes(path, text.encode(encoding), mode)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; Windows cannot open folders, and there it is not needed."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(path: Path | str, older_than: float = 600.0) -> list[Path]:
    """Delete temp files a killed writer left next to `path` (or its symlink's target); recent
    ones may still be in use, unless the caller holds the folder's lock (older_than=0)."""
    path = written_path(Path(path))
    removed = []
    deadline = time.time() - older_than
    with contextlib.suppress(OSError):
        for candidate in path.parent.glob(f"{temp_prefix(path)}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if candidate.stat().st_mtime < deadline:
                    candidate.unlink()
                    removed.append(candidate)
    return removed


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if missing; the folder itself is made 0700, since it
    holds the user's profiles. An existing folder keeps the permissions its owner gave it."""
    folder = Path(folder)
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask; 0700 is what we mean
