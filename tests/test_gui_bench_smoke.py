"""The GUI responsiveness harness runs end to end in --quick mode (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_run_reports_lateness_and_both_throughputs(tmp_path):
    report_path = tmp_path / "gui.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.gui_responsiveness", "--quick", "--subject", "naive",
         "--quiet", "--json", str(report_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(report_path.read_text())
    medians = report["medians"]
    assert medians["mbps"]["headless"] > 0
    assert medians["mbps"]["in app"] > 0
    for key in ("late_p50", "late_p99", "late_max"):
        # Lateness is measured from when the timer was armed: it cannot be early by a millisecond.
        assert medians[key]["in app"] > -1.0, key
    assert medians["late_max"]["in app"] >= medians["late_p99"]["in app"]
    assert report["notes"] == []
    assert "| 10 ms timer lateness p99 under load (ms) |" in done.stdout
    assert "harness stand-in" in report["paths"]["in app"]
