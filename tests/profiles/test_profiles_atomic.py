"""atomic_write_text: a failed or killed write leaves the old file whole."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tunnelgui.profiles import atomic
from tunnelgui.profiles.atomic import (
    atomic_write_bytes,
    atomic_write_text,
    remove_stale_temp_files,
)

ROOT = Path(__file__).resolve().parents[2]
OLD = '{"old": true}\n'


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file_privately(tmp_path):
    target = tmp_path / "profiles.json"
    atomic_write_text(target, "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_replacing_keeps_the_permissions_of_the_old_file(tmp_path):
    target = tmp_path / "shared.json"
    target.write_text(OLD)
    target.chmod(0o644)
    atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_write_failing_halfway_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "profiles.json"
    target.write_text(OLD)
    seen_partial: list[bytes] = []
    real_fdopen = os.fdopen

    class HalfWriter:
        """Writes half the data, then fails as a full disk would."""

        def __init__(self, fd: int, mode: str) -> None:
            self.file = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            self.file.close()

        def write(self, data: bytes) -> int:
            self.file.write(data[: len(data) // 2])
            self.file.flush()
            temp = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
            seen_partial.extend(p.read_bytes() for p in temp)
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", HalfWriter)
    new_text = '{"new": "' + "x" * 10_000 + '"}\n'
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(target, new_text)
    assert seen_partial and 0 < len(seen_partial[0]) < len(new_text)  # the failure was mid-write
    assert target.read_text() == OLD
    assert leftovers(tmp_path) == []


def test_a_failing_rename_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "profiles.json"
    target.write_text(OLD)

    def refuse(*_args):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(PermissionError):
        atomic_write_text(target, "new\n")
    assert target.read_text() == OLD
    assert leftovers(tmp_path) == []


WRITER = """
import sys
from tunnelgui.profiles.atomic import atomic_write_bytes
path, size = sys.argv[1], int(sys.argv[2])
contents = [b"A" * size + b"\\n", b"B" * size + b"\\n"]
atomic_write_bytes(path, contents[0])
print("ready", flush=True)
for round in range(100_000):
    atomic_write_bytes(path, contents[round % 2])
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15, 0.3])
def test_killing_the_writer_at_any_moment_leaves_a_whole_file(tmp_path, delay):
    target = tmp_path / "profiles.json"
    size = 2_000_000
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target), str(size)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
    data = target.read_bytes()
    assert data in (b"A" * size + b"\n", b"B" * size + b"\n")
    # A killed writer may leave its temp file; the store removes such files once they are old.
    for temp in tmp_path.glob(".profiles.json.*.tmp"):
        os.utime(temp, (time.time() - 3600, time.time() - 3600))
    remove_stale_temp_files(target)
    assert leftovers(tmp_path) == []


def test_recent_temp_files_are_not_removed(tmp_path):
    target = tmp_path / "profiles.json"
    fresh = tmp_path / ".profiles.json.abc.tmp"
    fresh.write_text("another writer is busy")
    unrelated = tmp_path / ".other.json.abc.tmp"
    unrelated.write_text("not ours")
    os.utime(unrelated, (time.time() - 3600, time.time() - 3600))
    assert remove_stale_temp_files(target) == []
    assert fresh.exists() and unrelated.exists()


def test_bytes_are_written_exactly(tmp_path):
    target = tmp_path / "data.bin"
    atomic_write_bytes(target, b"\r\n\x00\xff")
    assert target.read_bytes() == b"\r\n\x00\xff"
