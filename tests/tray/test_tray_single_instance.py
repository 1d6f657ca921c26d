"""Single instance: a second launch hands over to the first, stale leftovers are recovered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QMainWindow

from tunnelgui.ui.single_instance import LOCK_FILE_NAME, InstanceError, SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]
HELPER = Path(__file__).with_name("instance_helper.py")
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def start_helper(mode: str, config_dir: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(HELPER), mode, str(config_dir)],
        cwd=ROOT,
        env=ENV,
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
