"""The relay benchmark harness runs end to end in --quick mode (no timing is asserted)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import congestion
from benchmarks.forwarders import HAProxy

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_quick_run_measures_every_metric_for_direct_and_the_stand_in(tmp_path):
    report_path = tmp_path / "report.json"
    table_path = tmp_path / "report.md"
    command = [
        sys.executable, "-m", "benchmarks.relay_bench", "--quick", "--subject", "naive",
        "--idle", "20,60", "--no-install", "--quiet", "--congestion", "system",
        "--json", str(report_path), "--markdown", str(table_path),
    ]  # fmt: skip
    socat = shutil.which("socat") is not None
    if not socat:
        command.append("--skip-socat")
    haproxy = HAProxy.available()
    if not haproxy:
        command.append("--skip-haproxy")
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(report_path.read_text())
    medians = report["medians"]

    stand_in = "naive-stand-in"
    assert report["subject"] == stand_in
    expected = {"up_mbps", "down_mbps", "parallel_mbps", "cpu_per_gib", "rtt_p50_us",
                "rtt_p99_us", "conn_seq", "conn_conc", "idle_base_mib", "idle_mib_20",
                "idle_mib_60", "idle_kib_20", "idle_kib_60"}  # fmt: skip
    assert set(medians) == expected
    for key in expected:
        assert medians[key][stand_in] > 0, key
    for key in ("up_mbps", "down_mbps", "parallel_mbps", "rtt_p50_us", "conn_seq", "conn_conc"):
        assert medians[key]["direct"] > 0, key
    # Direct has no forwarder process to weigh or time.
    assert medians["cpu_per_gib"]["direct"] is None
    assert medians["idle_mib_60"]["direct"] is None
    assert medians["rtt_p99_us"]["direct"] >= medians["rtt_p50_us"]["direct"]
    assert ("socat" in report["forwarders"]) is socat
    if socat:
        assert medians["up_mbps"]["socat"] > 0
    assert ("haproxy-splice" in report["forwarders"]) is haproxy
    if haproxy:
        assert medians["conn_seq"]["haproxy"] > 0
        assert medians["up_mbps"]["haproxy-splice"] > 0
    [only_pass] = report["passes"]
    assert only_pass["congestion"] == congestion.system_default()

    table = table_path.read_text()
    columns = [
        "direct",
        *(["socat"] if socat else []),
        *(["haproxy", "haproxy-splice"] if haproxy else []),
    ]
    assert f"| metric | {' | '.join(columns)} | naive-stand-in |" in table
    assert f"Under congestion control {congestion.system_default()} (the system default)" in table
    assert "| single stream client->target (MB/s) |" in table
    assert table in done.stdout


def test_bad_option_is_a_usage_error():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.relay_bench", "--only", "throughput,warp"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown test ['warp']" in done.stderr


@pytest.mark.slow
def test_the_profiles_scale_benchmark_runs_quick(tmp_path):
    report = tmp_path / "scale.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.profiles_scale", "--quick", "--json", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    run = json.loads(report.read_text())["runs"][0]
    assert run["profiles_after"] == 1000 + 2 + 1000  # saved, two added, one import beside
    assert all(value > 0 for value in run.values())
    assert "ProfileStore.open" in done.stdout
