"""Two programs saving profiles at once: every change survives (the folder's lock file)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tunnelgui.profiles.filelock import LOCK_FILE_NAME, folder_lock
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore, StoreError

TUNNELGUI = Path(sys.executable).with_name("tunnelgui")
EACH = 40  # per writer; enough to lose some without the lock, bounded for a shared machine


def cli_loop(config_dir: Path, prefix: str, first_port: int) -> subprocess.Popen:
    script = (
        f'for i in $(seq {EACH}); do "{TUNNELGUI}" --config-dir "{config_dir}" profiles add '
        f'"{prefix}$i" $(({first_port} + i)) localhost:80 >/dev/null || exit 1; done'
    )
    return subprocess.Popen(["bash", "-c", script], stderr=subprocess.PIPE, text=True)


def store_loop(config_dir: Path, prefix: str, first_port: int) -> subprocess.Popen:
    """The app's way of saving (ProfileStore from a long-lived process), without Qt."""
    code = textwrap.dedent(
        f"""
        from tunnelgui.profiles.model import Profile
        from tunnelgui.profiles.store import ProfileStore
        store = ProfileStore.open({str(config_dir / "profiles.json")!r})
        for i in range(1, {EACH} + 1):
            store.add(Profile(name=f"{prefix}{{i}}", listen_port={first_port} + i,
                              target_host="localhost", target_port=80))
        """
    )
    return subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)


def finish(*writers: subprocess.Popen) -> None:
    for writer in writers:
        try:
            _, err = writer.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            writer.kill()
            writer.communicate()
            raise
        assert writer.returncode == 0, err


def saved_names(config_dir: Path) -> set[str]:
    return {p.name for p in ProfileStore.open(config_dir / "profiles.json").profiles()}


def test_two_cli_loops_keep_every_profile(tmp_path):
    finish(cli_loop(tmp_path, "a", 20000), cli_loop(tmp_path, "b", 21000))
    expected = {f"{prefix}{i}" for prefix in "ab" for i in range(1, EACH + 1)}
    assert saved_names(tmp_path) == expected


def test_the_apps_store_and_the_cli_keep_every_profile(tmp_path):
    finish(store_loop(tmp_path, "app", 22000), cli_loop(tmp_path, "cli", 23000))
    expected = {f"{prefix}{i}" for prefix in ("app", "cli") for i in range(1, EACH + 1)}
    assert saved_names(tmp_path) == expected


def test_a_held_lock_times_out_with_a_message_naming_the_holder(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from tunnelgui.profiles.filelock import folder_lock\n"
            f"with folder_lock({str(tmp_path)!r}):\n"
            "    print('held', flush=True); time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        store = ProfileStore.open(tmp_path / "profiles.json")
        store.lock_timeout = 0.3
        profile = Profile(name="web", listen_port=18080, target_host="localhost", target_port=80)
        with pytest.raises(StoreError, match=rf"another program \(pid {holder.pid} .*try again"):
            store.add(profile)
        assert not (tmp_path / "profiles.json").exists()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # The kernel let go of the dead holder's lock: the next save goes through.
    store.add(profile)
    assert saved_names(tmp_path) == {"web"}


def test_the_lock_file_is_private_and_the_lock_is_reentrant_per_store(tmp_path):
    with folder_lock(tmp_path):
        pass
    assert (tmp_path / LOCK_FILE_NAME).stat().st_mode & 0o777 == 0o600
    store = ProfileStore.open(tmp_path / "profiles.json")
    store.add(Profile(name="web", listen_port=18080, target_host="localhost", target_port=80))
    store.duplicate(store.profiles()[0].id)
    assert len(ProfileStore.open(tmp_path / "profiles.json").profiles()) == 2


def test_a_killed_writers_temp_file_is_removed_by_the_next_save(tmp_path):
    tmp_path = tmp_path / "fresh"
    store = ProfileStore.open(tmp_path / "profiles.json")
    store.add(Profile(name="web", listen_port=18080, target_host="localhost", target_port=80))
    left = tmp_path / ".profiles.json.abc123.tmp"
    left.write_text("half a file")  # fresh: a killed writer's, seconds ago
    store.add(Profile(name="db", listen_port=18081, target_host="localhost", target_port=80))
    assert not left.exists()
    assert sorted(os.listdir(tmp_path)) == [LOCK_FILE_NAME, "profiles.json"]
