"""`tunnelgui forward` stays lean: what its running process imported (python -X importtime)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Modules a plain forward (no --via, no --metrics) must never load: the GUI, the metrics
# exporter, the profile store and its folders, the SSH hop's process machinery, and the stdlib
# modules the engine keeps out of its way (each costs the process memory for its whole life).
NEVER = (
    "PySide6",
    "prometheus_client",
    "psutil",
    "platformdirs",
    "tunnelgui.profiles.store",
    "tunnelgui.profiles.exchange",
    "tunnelgui.commands.profiles",
    "tunnelgui.commands.run",
    "tunnelgui.askpass",
    "tunnelgui.engine.ssh_hop",
    "tunnelgui.engine.ssh_process",
    "subprocess",
    "ctypes",
    "logging",
    "concurrent.futures",
    "uuid",
    # Each ~0.4 MiB: decimal only reads and writes condition values (engine/units.py), and the
    # idna codec (unicodedata, stringprep) would only encode ASCII names (addresses.lookup_host).
    "decimal",
    "_decimal",
    "encodings.idna",
    "unicodedata",
    "stringprep",
    # ~0.7 MiB: argparse's HelpFormatter imports shutil (and with it zlib, bz2, lzma) to ask the
    # terminal's width; tunnelgui.cli's formatter asks only when it makes text.
    "shutil",
    "zlib",
    "bz2",
    "lzma",
    # The environment names the language (LANG below): locale is asked only when none does.
    "locale",
    # ~0.17 MiB: the condition flags' modules need json and difflib only to word a mistake.
    "json",
    "difflib",
    # ~0.5 MiB: the engine's and the flags' type hints read typing only when type-checked
    # (TYPE_CHECKING = False in each module; typing.TYPE_CHECKING would import it).
    "typing",
    # ~0.4 MiB: IP literals are read with socket.inet_pton (engine/addresses.packed_ip);
    # ipaddress only for allowed networks and the profile checks.
    "ipaddress",
    # ~1.3 MiB: dataclasses imports inspect (ast, dis, tokenize); the engine's values are
    # engine/values.py's, and forward makes its spec with profiles/options.tunnel_spec.
    "dataclasses",
    "inspect",
    "ast",
    "dis",
    "tokenize",
    "tunnelgui.profiles.model",
    # Imported once they are needed: the listener that waits for its address (the app's), and
    # the condition checks with the file format's wording (once a condition flag is given).
    "tunnelgui.engine.waiting",
    "tunnelgui.profiles.condition_checks",
    "tunnelgui.profiles.condition_format",
    "tunnelgui.profiles.json_values",
)


def english() -> dict[str, str]:
    """The environment with LANG=C.UTF-8 the only language variable, as on most systems."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = "C.UTF-8"
    return env


def imported_by_forward() -> set[str]:
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "tunnelgui", "forward", "--stats-interval",
         "0.2", "127.0.0.1:0", "127.0.0.1:9"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=english(),
    )  # fmt: skip
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        # The first status line comes after the engine started and the tunnel listens.
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("tunnelgui-") or " active, " in line:
                break
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()
    assert any(" active, " in line for line in lines), "".join(lines[-20:])
    return {
        line.split("|")[2].strip()
        for line in lines
        if line.startswith("import time:") and line.count("|") == 2
    }


def test_forward_loads_no_gui_store_ssh_or_logging_modules():
    modules = imported_by_forward()
    assert "tunnelgui.engine.engine" in modules and "tunnelgui.headless" in modules
    loaded = sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in NEVER))
    assert loaded == []
