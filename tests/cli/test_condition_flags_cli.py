"""The network-condition flags of `forward` and `profiles add`: what they build, how bad values
are refused (exit 2, one error line, no traceback), and real runs saying a tunnel is shaped."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_forward_cli import Forwarder
from tests.engine.servers import TcpServer, connect, echo, recv_exactly, wait_until
from tunnelgui.cli import build_parser
from tunnelgui.commands.condition_flags import ConditionFlagError, conditions_from_args
from tunnelgui.engine.conditions import (
    EFFECT_TYPES,
    Bandwidth,
    CloseAfter,
    Condition,
    Direction,
    Latency,
    ResetAfter,
    Slicer,
    SlowClose,
    Stall,
)
from tunnelgui.profiles.condition_presets import preset

ROOT = Path(__file__).resolve().parents[2]


def built(*flags: str, command: str = "forward") -> tuple[Condition, ...]:
    words = (
        ["forward", "8080", "db:1"]
        if command == "forward"
        else ["profiles", "add", "n", "1", "db:1"]
    )
    return conditions_from_args(build_parser().parse_args([*words, *flags]))


def run(*args: str, config: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TUNNELGUI_CONFIG_DIR"}
    extra = ["--config-dir", str(config)] if config else []
    return subprocess.run(
        [sys.executable, "-m", "tunnelgui", *args, *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_no_flags_no_conditions():
    assert built() == ()


def test_each_flag_builds_its_condition_in_a_fixed_order():
    every = built(
        "--latency", "1ms", "--rate", "1", "--slice", "1", "--stall", "0", "--reset-after",
        "1B", "--close-after", "0", "--slow-close", "0",
    )  # fmt: skip
    assert {type(c.effect) for c in every} == set(EFFECT_TYPES), "an effect has no flag"
    assert built(
        "--slow-close", "2s", "--close-after", "1000", "--reset-after", "1MiB",
        "--reset-after", "30s", "--stall", "0", "--slice", "64B", "--slice-delay", "1ms",
        "--slice-variation", "16", "--rate", "1MiB/s", "--latency", "200ms", "--jitter", "50ms",
    ) == (
        Condition(Latency(0.2, 0.05)),
        Condition(Bandwidth(1 << 20)),
        Condition(Slicer(64, 0.001, 16)),
        Condition(Stall(0.0)),
        Condition(ResetAfter(bytes=1 << 20, seconds=30.0)),
        Condition(CloseAfter(1000)),
        Condition(SlowClose(2.0)),
    )  # fmt: skip


def test_directions_prefixes_and_repeats():
    assert built(
        "--rate", "to-client:1MiB/s", "--rate", "to_target:256KiB/s", "--latency", "10ms",
        "--direction", "to-client",
    ) == (
        Condition(Latency(0.01), Direction.TO_CLIENT),
        Condition(Bandwidth(1 << 20), Direction.TO_CLIENT),
        Condition(Bandwidth(256 << 10), Direction.TO_TARGET),
    )  # fmt: skip
    assert built("--rate", "1mbit/s", "--shared-rate") == (Condition(Bandwidth(125_000, True)),)
    resets = built("--reset-after", "to-target:1KiB", "--reset-after", "to-client:5s")
    assert resets == (
        Condition(ResetAfter(bytes=1024), Direction.TO_TARGET),
        Condition(ResetAfter(seconds=5.0), Direction.TO_CLIENT),
    )


def test_preset_probability_and_switched_off():
    three_g = preset("3g").conditions
    assert built("--preset", "3G") == three_g
    halves = built("--preset", "3g", "--stall", "1s", "--probability", "0.5")
    assert [c.probability for c in halves] == [0.5] * 4
    assert halves[:3] == tuple(Condition(c.effect, c.direction, True, 0.5) for c in three_g)
    off = built("--latency", "1s", "--conditions-off", command="profiles")
    assert off == (Condition(Latency(1.0), enabled=False),)


@pytest.mark.parametrize(
    ("flags", "fragment"),
    [
        (["--jitter", "5ms"], "--jitter needs --latency"),
        (["--slice-delay", "5ms"], "--slice-delay needs --slice"),
        (["--shared-rate"], "--shared-rate needs --rate"),
        (["--slice", "8", "--slice-variation", "8"], "smaller than the piece size"),
    ],
)
def test_flags_that_need_another_are_refused(flags, fragment):
    with pytest.raises(ConditionFlagError) as raised:
        built(*flags)
    assert fragment in str(raised.value)


BAD_VALUES = [
    (["--latency", "200"], "argument --latency: '200' needs a unit: 200ms or 200s"),
    (["--latency=-5ms"], "argument --latency: '-5ms' is not a duration"),
    (["--latency", "25h"], "Latency: delay must be from 0 to 24h, not 25h"),
    (["--rate", "0"], "Bandwidth cap: rate must be from 1B/s to 1TiB/s, not 0B/s"),
    (["--rate", "2TiB/s"], "not 2TiB/s"),
    (["--rate", "1Mb/s"], "write MB/s for bytes or mbit/s for bits"),
    (["--rate", "up:1MiB/s"], "'up' is not a direction"),
    (["--probability", "2"], "not a share of connections from 0 to 1"),
    (["--probability", "nan"], "not a share of connections"),
    (["--preset", "5g"], "no preset '5g'; known presets: 3g, bad-wifi"),
    (["--reset-after", "30"], "'30' needs a unit: 30B for bytes or 30s for seconds"),
    (["--reset-after", "0s"], "more than 0"),
    (["--slice", "0"], "piece size must be from 1B"),
    (["--close-after", "lots"], "'lots' is not a size"),
    (["--stall", "soon"], "'soon' is not a duration"),
    (["--slow-close", "99999999999999999999999s"], "is not a duration"),
    (["--jitter", "1ms"], "--jitter needs --latency (e.g. --latency 200ms)"),
    (["--latency", "\udce9s"], "is not a duration"),
]


@pytest.mark.parametrize(("flags", "fragment"), BAD_VALUES)
@pytest.mark.parametrize("command", ["forward", "profiles add"])
def test_bad_values_exit_two_with_one_clear_line(tmp_path, command, flags, fragment):
    words = ["forward", "18099", "127.0.0.1:9"] if command == "forward" else [
        "profiles", "add", "web", "18099", "127.0.0.1:9"]  # fmt: skip
    done = run(*words, *flags, config=tmp_path)
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and fragment in errors[0], done.stderr
    assert not (tmp_path / "profiles.json").exists()


def test_profiles_add_saves_them_and_list_show_and_run_use_them(tmp_path):
    done = run(
        "profiles", "add", "slow", "18098", "127.0.0.1:9", "--latency", "200ms", "--jitter",
        "50ms", "--rate", "to-client:1MiB/s", "--close-after", "1500", config=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Conditions: latency 200ms ± 50ms; rate 1MiB/s per connection, to the client" in (
        done.stdout
    )
    saved = json.loads((tmp_path / "profiles.json").read_text())["profiles"][0]["conditions"]
    assert saved[0] == {"type": "latency", "direction": "both", "enabled": True,
                        "probability": 1.0, "seconds": 0.2, "jitter_seconds": 0.05}  # fmt: skip
    assert saved[1]["bytes_per_second"] == 1048576 and saved[1]["direction"] == "to_client"
    assert saved[2] == {"type": "close_after", "direction": "both", "enabled": True,
                        "probability": 1.0, "bytes": 1500}  # fmt: skip
    listing = run("profiles", "list", config=tmp_path).stdout.splitlines()
    assert listing[0].split()[-1] == "CONDITIONS" and listing[1].split()[-2:] == ["3", "on"]
    shown = run("profiles", "show", "slow", config=tmp_path).stdout
    assert "Condition 2:      rate 1MiB/s per connection, to the client" in shown
    assert "Condition 3:      close after 1500B" in shown


def test_run_starts_a_saved_shaped_profile_and_says_how(tmp_path):
    port = free_port()
    with TcpServer(echo) as server:
        done = run("profiles", "add", "slow", str(port), f"127.0.0.1:{server.port}",
                   "--latency", "20ms", "--stall", "to-target:0", config=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
        proc = subprocess.Popen(
            [sys.executable, "-m", "tunnelgui", "run", "--config-dir", str(tmp_path)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            line = proc.stderr.readline().rstrip("\n")
            assert line == (
                "tunnelgui: shaped: slow: latency 20ms; stall (until switched off), to the target"
            )
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(30)
            finally:
                if proc.poll() is None:  # never leave it running for the next tests
                    proc.kill()
                    proc.wait(10)
                proc.stdout.close()
                proc.stderr.close()
            assert code == 0


def test_forward_with_conditions_says_it_is_shaped_and_relays():
    with TcpServer(echo) as server, Forwarder(
        "0", f"127.0.0.1:{server.port}", "--latency", "20ms", "--rate", "to-client:1MiB/s",
    ) as forwarder:  # fmt: skip
        port = int(forwarder.start_line().group(2))
        wait_until(lambda: forwarder.stderr_lines, what="the shaped line")
        assert forwarder.stderr_lines == [
            f"tunnelgui: shaped: 127.0.0.1:{port}: latency 20ms; rate 1MiB/s per connection, "
            "to the client"
        ]
        with connect(port) as client:
            client.sendall(b"shaped bytes")
            assert recv_exactly(client, 12) == b"shaped bytes"
        code, _ = forwarder.stop(signal.SIGINT)
        assert code == 0


def test_quiet_still_says_it_is_shaped():
    with (
        TcpServer(echo) as server,
        Forwarder("0", f"127.0.0.1:{server.port}", "--preset", "offline", "--quiet") as forwarder,
    ):
        wait_until(lambda: forwarder.stderr_lines, what="the shaped line")
        assert forwarder.stderr_lines[0].endswith(": stall (until switched off)")
        assert forwarder.stop(signal.SIGTERM)[0] == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
