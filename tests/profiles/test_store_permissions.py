"""Who may read the saved profiles: a private folder and file, symlinks kept, read-only folders."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.settings import Settings, save_settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")

FIXTURES = Path(__file__).parent / "fixtures"


def web(name: str = "web", port: int = 18080) -> Profile:
    return Profile(name=name, listen_port=port, target_host="localhost", target_port=80)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_config_folder_is_0700_and_the_file_0600(tmp_path):
    folder = tmp_path / "nested" / "tunnelgui"
    old_umask = os.umask(0o022)
    try:
        ProfileStore.open(folder / "profiles.json").add(web())
        save_settings(folder / "settings.json", Settings())
    finally:
        os.umask(old_umask)
    assert mode(folder) == 0o700
    assert mode(folder / "profiles.json") == 0o600
    assert mode(folder / "settings.json") == 0o600


def test_a_hand_written_0644_file_becomes_0600_on_the_next_save(tmp_path):
    path = tmp_path / "profiles.json"
    ProfileStore.open(path).add(web())
    path.chmod(0o644)
    ProfileStore.open(path).add(web("db", 18081))
    assert mode(path) == 0o600


def test_a_symlinked_file_is_written_through_and_stays_a_link(tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "tunnelgui-profiles.json"
    ProfileStore.open(real).add(web())
    config = tmp_path / "linked-config"
    config.mkdir()
    link = config / "profiles.json"
    link.symlink_to(real)
    ProfileStore.open(link).add(web("db", 18081))
    assert link.is_symlink() and link.resolve() == real
    assert [p["name"] for p in json.loads(real.read_text())["profiles"]] == ["web", "db"]
    assert sorted(os.listdir(config)) == [".profiles.lock", "profiles.json"]
    assert not [name for name in os.listdir(dotfiles) if name.endswith(".tmp")]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """No one may add files to `folder` (root ignores mode bits: there, the immutable flag)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder read-only for root here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_v1_file_in_a_read_only_folder_is_listed_and_upgraded_once_writable(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "profiles.json").write_bytes((FIXTURES / "good" / "v1.json").read_bytes())
    before = sorted(os.listdir(folder))
    tunnelgui = Path(sys.executable).with_name("tunnelgui")
    with read_only(folder):
        listing = subprocess.run(
            [str(tunnelgui), "--config-dir", str(folder), "profiles", "list"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert sorted(os.listdir(folder)) == before  # nothing written
    assert listing.returncode == 0, listing.stderr
    assert "older format" in listing.stderr
    assert listing.stdout.startswith("NAME") and len(listing.stdout.splitlines()) > 1
    store = ProfileStore.open(folder / "profiles.json")
    assert store.profiles()
    assert any(name.startswith("profiles.json.v1-backup") for name in os.listdir(folder))


def v1_store_opened_read_only(tmp_path: Path) -> tuple[Path, bytes, ProfileStore]:
    """A v1 file in a folder that was read-only while the store opened it (writable after):
    the folder, the file's bytes, the store (its upgrade and backup still owed)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    original = (FIXTURES / "good" / "v1.json").read_bytes()
    (folder / "profiles.json").write_bytes(original)
    with read_only(folder):
        store = ProfileStore.open(folder / "profiles.json")
    return folder, original, store


def test_a_read_only_store_saves_the_backup_before_its_first_upgrade(tmp_path):
    folder, original, store = v1_store_opened_read_only(tmp_path)
    names = [p.name for p in store.profiles()]
    store.add(web("new-one", 18090))
    backups = list(folder.glob("profiles.json.v1-backup-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert [p.name for p in ProfileStore.open(folder / "profiles.json").profiles()] == [
        *names,
        "new-one",
    ]


def test_a_read_only_store_forgets_its_pending_backup_once_another_program_upgraded(tmp_path):
    """Read-only: the upgrade (and its backup) waits for the first save. If another program
    upgrades the file meanwhile, that one's backup is the backup: the save makes no second."""
    folder, original, store = v1_store_opened_read_only(tmp_path)
    time.sleep(1.1)  # backup names carry the second: theirs must not be the name ours had
    other = ProfileStore.open(folder / "profiles.json")  # writable now: upgrades, backs up
    [backup] = folder.glob("profiles.json.v1-backup-*")
    other.add(web("theirs", 18091))
    store.add(web("mine", 18092))  # reads their file again first
    assert list(folder.glob("profiles.json.v1-backup-*")) == [backup]
    assert backup.read_bytes() == original
    names = [p.name for p in ProfileStore.open(folder / "profiles.json").profiles()]
    assert names[-2:] == ["theirs", "mine"]


def test_a_damaged_file_moved_aside_is_private_like_a_saved_one(tmp_path):
    saved = tmp_path / "profiles.json"
    saved.write_text('{"version": 2, "profiles": [', encoding="utf-8")  # cut off mid-write
    saved.chmod(0o644)  # as a user's editor may have left it
    store = ProfileStore.open(saved)
    [aside] = tmp_path.glob("profiles.json.corrupt-*")
    assert aside.read_text(encoding="utf-8") == '{"version": 2, "profiles": ['
    assert mode(aside) == 0o600
    assert any(str(aside) in notice for notice in store.notices)
