"""Profiles at scale: load, list, add and import of 10,000 profiles, in process and by the CLI.

Run from the repository root:  python -m benchmarks.profiles_scale [--quick] [--count 10000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tunnelgui.profiles.exchange import export_profiles, import_file
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore

ROOT = Path(__file__).resolve().parents[1]
LOAD_TARGET_SECONDS = 1.0  # issue 12: 10,000 profiles load in under a second


def many_profiles(count: int, prefix: str = "p", first_port: int = 10000) -> list[Profile]:
    """`count` distinct profiles; every 100th shares a port with the one before (a warning)."""
    return [
        Profile(
            name=f"{prefix}{i}",
            listen_port=first_port + (i % 50000) - (1 if i % 100 == 0 and i else 0),
            target_host=f"host{i % 97}.example.com",
            target_port=5432,
            group=f"group{i % 10}",
            id=f"{prefix}-{i:08d}",
        )
        for i in range(count)
    ]


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def cli(config: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "tunnelgui", "--config-dir", str(config), *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )


def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="tg-bench-") as folder:
        config = Path(folder) / "config"
        config.mkdir()
        path = config / "profiles.json"
        path.write_text(dump_text(many_profiles(count)))
        ProfileStore.open(path)  # warm: imports and caches, as in a running app's reload
        cpu_before = time.process_time()
        results = {
            "load_s": timed(lambda: ProfileStore.open(path)),
            # CPU seconds of that load: on a shared machine wall time also counts the others.
            "load_cpu_s": time.process_time() - cpu_before,
            "cli_list_s": timed(lambda: cli(config, "profiles", "list")),
            "cli_add_s": timed(lambda: cli(config, "profiles", "add", "extra", "9999", "h:1")),
        }
        store = ProfileStore.open(path)
        results["store_add_s"] = timed(
            lambda: store.add(
                Profile(name="one-more", listen_port=9998, target_host="h", target_port=1)
            )
        )
        export = Path(folder) / "export.json"
        export_profiles(export, many_profiles(count, prefix="imported-", first_port=20000))
        fresh = Path(folder) / "fresh" / "profiles.json"
        results["import_into_empty_s"] = timed(
            lambda: import_file(ProfileStore.open(fresh), export)
        )
        results["import_beside_s"] = timed(lambda: import_file(ProfileStore.open(path), export))
        results["profiles_after"] = float(len(ProfileStore.open(path).profiles()))
    return results


def markdown(count: int, runs: list[dict[str, float]]) -> str:
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    lines = [
        f"| {count:,} profiles (median of {len(runs)}) | seconds | target |",
        "|---|---|---|",
    ]
    labels = {
        "load_s": ("ProfileStore.open (load and validate)", f"< {LOAD_TARGET_SECONDS:g}"),
        "load_cpu_s": ("the same load, CPU seconds", ""),
        "cli_list_s": ("`tunnelgui profiles list` (whole process)", ""),
        "cli_add_s": ("`tunnelgui profiles add` (whole process)", ""),
        "store_add_s": ("ProfileStore.add (validate, lock, save)", ""),
        "import_into_empty_s": (f"import {count:,} into an empty store", ""),
        "import_beside_s": (f"import {count:,} beside {count:,} saved", ""),
    }
    for key, (label, target) in labels.items():
        lines.append(f"| {label} | {medians[key]:.3f} | {target} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 profiles, one run")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", metavar="FILE", help="write every sample here")
    args = parser.parse_args(argv)
    count = 1000 if args.quick else args.count
    runs = [measure(count) for _ in range(1 if args.quick else args.repeat)]
    print(markdown(count, runs))
    if args.json:
        Path(args.json).write_text(json.dumps({"count": count, "runs": runs}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
