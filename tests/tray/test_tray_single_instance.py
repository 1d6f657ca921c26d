"""Single instance: a second launch hands over to the first, stale leftovers are recovered."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QMainWindow

from tunnelgui import paths
from tunnelgui.ui.single_instance import (
    LOCK_FILE_NAME,
    InstanceError,
    SingleInstance,
    peer_is_same_user,
    server_name,
    server_path,
)

ROOT = Path(__file__).resolve().parents[2]
HELPER = Path(__file__).with_name("instance_helper.py")


def helper_env() -> dict[str, str]:
    # Read at launch time: the test's private runtime folder (XDG_RUNTIME_DIR) is set per test.
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def start_helper(mode: str, config_dir: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(HELPER), mode, str(config_dir)],
        cwd=ROOT,
        env=helper_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def finish(process: subprocess.Popen, qtbot, timeout: float = 60) -> tuple[int, dict, str]:
    """Wait for the helper while this process's event loop keeps answering it."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        qtbot.wait(20)
    if process.poll() is None:
        process.kill()
    out, err = process.communicate(timeout=10)
    lines = out.strip().splitlines()
    return process.returncode, json.loads(lines[-1]) if lines else {}, err


@pytest.fixture
def primary(tmp_path):
    instance = SingleInstance(tmp_path / "cfg")
    assert instance.acquire()
    yield instance
    instance.release()


def test_second_launch_hands_over_and_first_is_asked_to_show(qtbot, primary):
    assert primary.listening
    process = start_helper("launch", primary.config_dir)
    with qtbot.waitSignal(primary.showRequested, timeout=60_000):
        pass
    code, result, err = finish(process, qtbot)
    assert (code, result["primary"]) == (0, False), err
    assert result["name"] == primary.name


def test_after_release_the_next_launch_is_primary(qtbot, tmp_path):
    first = SingleInstance(tmp_path / "cfg")
    assert first.acquire()
    first.release()
    code, result, err = finish(start_helper("launch", tmp_path / "cfg"), qtbot)
    assert (code, result["primary"]) == (0, True), err


def test_other_config_folder_is_another_instance(qtbot, primary, tmp_path):
    code, result, err = finish(start_helper("launch", tmp_path / "other"), qtbot)
    assert (code, result["primary"]) == (0, True), err


def test_leftovers_of_a_crashed_instance_are_recovered(qtbot, tmp_path):
    config = tmp_path / "cfg"
    code, result, err = finish(start_helper("crash", config), qtbot)
    assert code == -9, err
    assert result["primary"]
    assert (config / LOCK_FILE_NAME).exists()  # the dead process could not clean up
    instance = SingleInstance(config)
    try:
        assert instance.acquire()
        assert instance.listening
        # And it answers the next launch, through the socket name the dead one had left.
        process = start_helper("launch", config)
        with qtbot.waitSignal(instance.showRequested, timeout=60_000):
            pass
        code, result, err = finish(process, qtbot)
        assert (code, result["primary"]) == (0, False), err
    finally:
        instance.release()


def test_a_live_lock_holder_that_does_not_answer_is_reported_not_robbed(qtbot, tmp_path):
    config = tmp_path / "cfg"
    config.mkdir()
    holder = start_helper("hold-lock", config, stdin=subprocess.PIPE)
    try:
        assert json.loads(holder.stdout.readline()) == {"locked": True}
        instance = SingleInstance(config)
        with pytest.raises(InstanceError) as caught:
            instance.acquire(startup_grace_seconds=0.3)
        message = str(caught.value)
        assert "does not respond" in message
        assert str(config / LOCK_FILE_NAME) in message
        assert (config / LOCK_FILE_NAME).exists()
    finally:
        holder.communicate(input="", timeout=30)
    assert holder.returncode == 0


def test_unknown_requests_are_refused(qtbot, primary):
    socket = QLocalSocket()
    socket.connectToServer(primary.name)
    assert socket.waitForConnected(5000)
    socket.write(QByteArray(b"format c:\n"))
    reply = b""
    with qtbot.assertNotEmitted(primary.showRequested):
        deadline = time.monotonic() + 10
        while b"\n" not in reply and time.monotonic() < deadline:
            qtbot.wait(20)
            reply += bytes(socket.readAll().data())
    socket.abort()
    assert reply == b"error unknown request\n"


def test_server_name_depends_on_the_resolved_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cfg"
    folder.mkdir()
    link = tmp_path / "link"
    link.symlink_to(folder)
    monkeypatch.chdir(tmp_path)
    assert server_name(folder) == server_name(link) == server_name(Path("cfg"))
    assert server_name(folder) != server_name(tmp_path / "other")
    assert server_name(folder).startswith("tunnelgui-")
    assert len(server_name(folder)) <= 70


# The offscreen platform cannot raise windows and says so; real platforms do.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hand_off_brings_the_window_back(qtbot, primary):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    primary.raise_on_request(window)
    process = start_helper("launch", primary.config_dir)
    with qtbot.waitSignal(primary.showRequested, timeout=60_000):
        pass
    code, result, err = finish(process, qtbot)
    assert (code, result["primary"]) == (0, False), err
    assert window.isVisible() and not window.isMinimized()


def test_the_socket_lives_in_the_private_runtime_folder(tmp_path, isolated_runtime_dir):
    instance = SingleInstance(tmp_path / "cfg")
    assert instance.acquire()
    try:
        folder = isolated_runtime_dir / "tunnelgui"
        assert Path(instance.name).parent == folder
        assert Path(instance.name).exists()
        assert folder.stat().st_mode & 0o777 == 0o700
    finally:
        instance.release()


def test_without_a_session_runtime_folder_ours_is_private_and_not_in_tmp(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    home = Path(tempfile.mkdtemp(prefix="tg-home-"))  # short: it ends in a socket path
    try:
        monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
        folder = paths.runtime_dir()
        assert folder.is_relative_to(home)
        assert folder.stat().st_mode & 0o777 == 0o700
        assert str(server_path(tmp_path / "cfg")).startswith(str(folder))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_a_runtime_folder_of_another_user_is_not_used(monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("making a folder owned by another user needs root")
    session = Path(tempfile.mkdtemp(prefix="tg-xdg-"))
    try:
        squatted = session / "tunnelgui"
        squatted.mkdir(mode=0o777)
        os.chown(squatted, 65534, 65534)
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(session))
        monkeypatch.setenv("XDG_CACHE_HOME", str(session / "cache"))
        assert paths.runtime_dir() == session / "cache" / "tunnelgui" / "runtime"
    finally:
        shutil.rmtree(session, ignore_errors=True)


def squatter(path: Path) -> int:
    """A process of another user (nobody) listening on `path`, as a squatter would; its pid."""
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no Qt, no pytest, only a socket, then _exit
        try:
            os.close(ready_read)
            os.setgid(65534)
            os.setuid(65534)
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(str(path))
            server.listen(4)
            os.write(ready_write, b"1")
            for _ in range(20):
                conn, _ = server.accept()
                conn.sendall(b"ok\n")
                conn.close()
        finally:
            os._exit(0)
    os.close(ready_write)
    assert os.read(ready_read, 1) == b"1"
    os.close(ready_read)
    return pid


def test_a_squatter_of_another_user_is_not_trusted(qtbot, tmp_path, capfd):
    if os.geteuid() != 0:
        pytest.skip("running a process as another user needs root")
    shared = Path(tempfile.mkdtemp(prefix="tg-sq-"))
    shared.chmod(0o777)
    pid = squatter(shared / "instance.sock")
    try:
        instance = SingleInstance(tmp_path / "cfg")
        instance.name = str(shared / "instance.sock")  # where a squatter got in first
        assert instance.notify_running_instance() is False
        assert "another user's program" in capfd.readouterr().err
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        shutil.rmtree(shared, ignore_errors=True)


def test_peer_check_knows_this_user():
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with left, right:
        assert peer_is_same_user(left.fileno()) in (True, None)
        if sys.platform.startswith("linux"):
            assert peer_is_same_user(left.fileno()) is True
