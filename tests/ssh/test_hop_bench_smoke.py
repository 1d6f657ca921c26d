"""The SSH-hop benchmark runs end to end (--quick); its numbers are not checked here."""

from __future__ import annotations

import subprocess
import sys

from tests.cli.test_forward_cli import ROOT


def test_the_ssh_hop_benchmark_prints_its_table(ssh_world):
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ssh_hop_bench", "--quick"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "| 64 B round trip p50 us |" in done.stdout
    assert "| ssh processes | 1.00 | 1.00 | 1.00x |" in done.stdout


def test_the_fine_mode_measures_the_mux_protocol_designs(ssh_world):
    """--fine with the mux-protocol prototypes: every subject answers and gets its ratios."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ssh_hop_bench", "--fine", "1",
         "--subjects", "tunnelgui,mux fd,mux pair"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0]
    assert "| tunnelgui --via | ratio | client fd to master | ratio | relay + pair to master |" in (
        header
    )
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 64 B round trip p50")]
    assert len(rows) == 1 and "n/a" not in rows[0]
    assert "1 interleaved bursts" in done.stdout
