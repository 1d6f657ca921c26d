# ruff: noqa: RUF001  (the expected text is Chinese, with its full-width punctuation)
"""The CLI in the environment's language (issue 14): real `python -m tunnelgui` processes under
LANG=zh_CN.UTF-8 speak Simplified Chinese, argparse's own words included; under LANG=C English."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tunnelgui.commands.profile_lines import text_width

ROOT = Path(__file__).resolve().parents[2]
CHINESE = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"}
ENGLISH = {"LANG": "C", "LANGUAGE": ""}  # LANGUAGE is not read under C, and empty besides


def environment(language: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)  # TUNNELGUI_CONFIG_DIR: the test's own folder (conftest)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    env.update(language, PYTHONIOENCODING="utf-8")
    return env


def tunnelgui(language: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tunnelgui", *args],
        cwd=ROOT,
        env=environment(language),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def first_stdout_line(language: dict[str, str], *args: str) -> tuple[str, str]:
    """Start a long-running command, take its first stdout line, stop it with SIGINT; returns
    (that line, everything on stderr)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tunnelgui", *args],
        cwd=ROOT,
        env=environment(language),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        line = process.stdout.readline().rstrip("\n")  # bounded: the process ends at the latest
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    assert process.returncode == 0, stderr
    return line, stderr


def test_help_is_chinese_including_argparse_words():
    done = tunnelgui(CHINESE, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("用法：tunnelgui ")
    assert "usage:" not in done.stdout
    assert "位置参数" in done.stdout and "选项" in done.stdout
    assert "显示此帮助信息并退出" in done.stdout  # argparse's -h
    assert "TCP 端口转发管理器。不带命令时打开桌面应用。" in done.stdout
    assert "将一个本地端口转发到目标，直到按下 Ctrl+C" in done.stdout  # forward's help


def test_subcommand_help_is_chinese():
    done = tunnelgui(CHINESE, "forward", "--help")
    assert done.returncode == 0, done.stderr
    assert "网络条件" in done.stdout  # the condition flags' group
    assert "每个字节延迟这么久" in done.stdout  # --latency
    assert "连接目标超过这么久就放弃（默认 10）" in done.stdout  # --connect-timeout


def test_profiles_add_out_of_range_port_is_a_chinese_error():
    done = tunnelgui(CHINESE, "profiles", "add", "db", "70000", "db.internal:5432")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == (
        "tunnelgui：错误：'70000' 中的端口必须在 1 到 65535 之间，而不是 70000"
    )


def test_forward_usage_error_is_chinese_with_exit_2():
    done = tunnelgui(CHINESE, "forward", "70000", "127.0.0.1:9")
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last == (
        "tunnelgui forward：错误：参数 [LISTEN_HOST:]LISTEN_PORT："
        "'70000' 中的端口必须在 1 到 65535 之间，而不是 70000"
    )
    assert done.stderr.startswith("用法：tunnelgui forward ")


def test_missing_argument_is_argparse_words_in_chinese():
    done = tunnelgui(CHINESE, "profiles", "add", "db")
    assert done.returncode == 2
    assert "错误：缺少以下必需参数：" in done.stderr


def test_profiles_list_and_show_are_chinese():
    added = tunnelgui(CHINESE, "profiles", "add", "db", "15432", "db.internal:5432", "--rate",
                      "to-client:1MiB/s")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.splitlines() == [
        "已添加 'db'：127.0.0.1:15432 -> db.internal:5432",
        "网络条件：速率 1MiB/s，每个连接，发往客户端",
    ]
    listed = tunnelgui(CHINESE, "profiles", "list")
    header, row = listed.stdout.splitlines()
    assert header.split() == ["名称", "监听", "目标", "分组", "自动启动", "网络条件"]
    # Wide characters take two columns: the cells stay under their headings.
    assert row.split() == ["db", "127.0.0.1:15432", "db.internal:5432", "1", "个（已开启）"]
    assert text_width(header[: header.index("监听")]) == row.index("127.0.0.1")
    shown = tunnelgui(CHINESE, "profiles", "show", "db")
    assert "自动启动：        否" in shown.stdout.splitlines()


def test_forward_start_line_is_chinese():
    line, stderr = first_stdout_line(CHINESE, "forward", "127.0.0.1:0", "127.0.0.1:9")
    assert re.fullmatch(r"正在转发 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:9（按 Ctrl\+C 停止）", line), (
        line
    )
    assert "Forwarding" not in stderr


def test_run_listening_forwarding_line_is_chinese():
    port = free_port()
    assert tunnelgui(CHINESE, "profiles", "add", "web", str(port), "127.0.0.1:9").returncode == 0
    line, _ = first_stdout_line(CHINESE, "run", "web")
    assert line == f"web：正在监听 127.0.0.1:{port}，转发到 127.0.0.1:9"


@pytest.mark.parametrize("language", [ENGLISH, {"LANG": "C.UTF-8", "LANGUAGE": "zh_CN"}])
def test_the_c_locale_gives_english(language):
    done = tunnelgui(language, "--help")
    assert done.stdout.startswith("usage: tunnelgui ")
    assert "positional arguments" in done.stdout
    assert "TCP port-forwarding manager" in done.stdout
    done = tunnelgui(language, "profiles", "add", "db", "70000", "db.internal:5432")
    assert done.stderr.strip() == (
        "tunnelgui: error: The port in '70000' must be between 1 and 65535, not 70000"
    )
    line, _ = first_stdout_line(language, "forward", "127.0.0.1:0", "127.0.0.1:9")
    assert re.fullmatch(r"Forwarding 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:9 \(Ctrl\+C to stop\)", line)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_port_in_use_is_said_in_chinese_and_in_english():
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        chinese = tunnelgui(CHINESE, "forward", str(port), "127.0.0.1:9")
        english = tunnelgui(ENGLISH, "forward", str(port), "127.0.0.1:9")
    assert chinese.returncode == english.returncode == 1
    assert f"127.0.0.1:{port} 已被另一个程序占用" in chinese.stderr, chinese.stderr
    assert f"127.0.0.1:{port} is already in use by another program." in english.stderr


def stderr_line_with(language: dict[str, str], words: str, *args: str) -> tuple[str, str]:
    """Start a long-running command, read its stderr until a line holds `words` (at most 30 s),
    stop it with SIGINT; returns (that line or "", everything it wrote on stderr)."""
    import select
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "tunnelgui", *args],
        cwd=ROOT,
        env=environment(language),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    said = b""
    found = ""
    try:
        fd = process.stderr.fileno()
        deadline = time.monotonic() + 30
        while not found and time.monotonic() < deadline:
            # Raw reads: a buffered reader could hold the line select() no longer sees.
            if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            said += chunk
            lines = said.decode("utf-8", "replace").split("\n")[:-1]  # whole lines only
            found = next((line for line in lines if words in line), "")
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    return found, (said + rest).decode("utf-8", "replace")


def test_a_refused_target_is_said_in_chinese_and_in_english():
    import socket

    # Bound, not listening: connecting is refused, and no other program takes the port.
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        target = f"127.0.0.1:{reserved.getsockname()[1]}"
        chinese, said = stderr_line_with(CHINESE, "无法访问", "forward", "127.0.0.1:0", target)
        english, told = stderr_line_with(ENGLISH, "unreachable", "forward", "127.0.0.1:0", target)
        status, shown = stderr_line_with(
            CHINESE, "不可达", "forward", "--stats-interval", "0.2", "127.0.0.1:0", target
        )
    # The start-up probe finds the target down; the engine's sentence, in the user's language.
    assert chinese == f"目标 {target} 无法访问：连接被拒绝。", said
    assert "unreachable" not in said and "refused" not in said
    assert english == f"The target {target} is unreachable: connection refused.", told
    # The status line gives the snapshot's reason in the same language.
    assert status.endswith("目标不可达 (连接被拒绝)"), shown
