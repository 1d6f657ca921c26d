"""The GUI scale case (`gui_responsiveness --profiles N --running M`) runs end to end; no timing
is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_scale_run_reports_idle_cpu_and_lateness(tmp_path):
    report_path = tmp_path / "scale.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.gui_responsiveness", "--quick", "--profiles", "60",
         "--running", "5", "--quiet", "--json", str(report_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(report_path.read_text())
    medians = report["medians"]
    assert medians["cpu"]["nothing running"] >= 0
    assert medians["late_p99"]["5 running"] >= medians["late_p50"]["5 running"]
    assert medians["ticks_per_s"]["5 running"] > 0
    assert "| app CPU while no traffic (% of a core) |" in done.stdout
