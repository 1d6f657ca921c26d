"""`tunnelgui run [NAME ...]`: run saved profiles headless until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tunnelgui import headless, paths
from tunnelgui.commands import seconds_type
from tunnelgui.commands.profiles import print_notices
from tunnelgui.engine import TunnelStartError
from tunnelgui.profiles.entries import parse_file
from tunnelgui.profiles.exchange import summarize_problems
from tunnelgui.profiles.fileformat import (
    FormatError,
    NewerVersionError,
    NotTextError,
    read_profiles_file,
)
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore, StoreError
from tunnelgui.profiles.validation import pick_by_names, running_clash


class RunError(Exception):
    """A user mistake found before anything starts; str() is the line to print."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "run",
        parents=[common],
        help="run saved profiles headless until Ctrl+C",
        description="Run the named profiles (default: those marked autostart, or all of them "
        "when none is) until SIGINT or SIGTERM. A tunnel that cannot start is reported and the "
        "others keep running.",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="profiles to run")
    parser.add_argument(
        "--file",
        metavar="PROFILES_FILE",
        help="read the profiles from this file (e.g. an export) instead of the saved ones; "
        "the file is only read, never changed",
    )
    parser.add_argument(
        "--stats-interval",
        metavar="S",
        type=seconds_type(allow_zero=True),
        default=0.0,
        help="print one status line per tunnel on stderr every S seconds (default: never)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    try:
        profiles = load_profiles(args.file, getattr(args, "config_dir", None))
        chosen = select_profiles(profiles, args.names, args.file)
    except (RunError, StoreError) as error:
        print(f"tunnelgui: error: {error}", file=sys.stderr)
        return 1
    return run_profiles(chosen, args.stats_interval)


def load_profiles(file: str | None, config_dir: str | None) -> list[Profile]:
    """The saved profiles, or those in `file` (read-only: an old-format file is converted in
    memory, and entries with errors are reported and left out)."""
    if file is None:
        store = ProfileStore.open(paths.profiles_path(config_dir))
        print_notices(store)
        return store.profiles()
    path = Path(file)
    try:
        parsed = parse_file(read_profiles_file(path))
    except OSError as error:
        raise RunError(f"cannot read {path}: {error.strerror or error}") from None
    except NotTextError:
        raise RunError(f"{path} is not UTF-8 text") from None
    except NewerVersionError as error:
        raise RunError(f"{path} was {error}. Upgrade TunnelGUI to run it.") from None
    except FormatError as error:
        raise RunError(f"file {path}: {error}") from None
    if not parsed.profiles:
        # The saved-profiles hint ("add one with ...") would not help: say what is wrong with
        # the file, as one line.
        if not parsed.errors:
            raise RunError(f"{path} holds no profiles")
        shown = summarize_problems([str(problem) for problem in parsed.errors])
        raise RunError(f"none of the profiles in {path} could be used: {shown}")
    for problem in parsed.errors:
        print(f"tunnelgui: left out of {path}: {problem}", file=sys.stderr)
    return parsed.profiles


def select_profiles(
    profiles: Sequence[Profile], names: Sequence[str], file: str | None = None
) -> list[Profile]:
    """The named profiles (exact names, else ignoring case); with no names, the autostart ones,
    or every profile when none is marked autostart. `file`: where the profiles came from
    (None: the saved profiles), for the messages."""
    if not profiles:
        raise RunError("No profiles to run; add one with `tunnelgui profiles add`")
    if not names:
        autostart = [p for p in profiles if p.autostart]
        return autostart or list(profiles)
    chosen, missing = pick_by_names(profiles, names)
    if missing:
        listed = ", ".join(repr(n) for n in missing)
        where = f"in {file}" if file is not None else "(see `tunnelgui profiles list`)"
        raise RunError(f"No profile named {listed} {where}")
    return chosen


def run_profiles(profiles: Sequence[Profile], stats_interval: float = 0.0) -> int:
    """Start each profile's tunnel, report the ones that fail, run until a signal.

    Returns 0 after SIGINT/SIGTERM, 1 when no tunnel could start (or all later failed).
    """
    with headless.running_engine() as engine:
        labels: dict[str, str] = {}
        started: list[Profile] = []
        for profile in profiles:
            if headless.stop_requested():
                return 0
            clash = running_clash(profile, started)
            if clash:
                headless.error(f"{profile.name!r} did not start: {clash}")
                continue
            try:
                stats = engine.start_tunnel(profile.to_spec())
            except TunnelStartError as error:
                headless.error(f"{profile.name!r} did not start: {error}")
                continue
            labels[profile.id] = profile.name
            started.append(profile)
            headless.say(
                f"{profile.name}: listening on {stats.listen_address}, "
                f"forwarding to {profile.target_address}"
            )
            headless.warn_if_exposed(stats)
        if not labels:
            headless.error("no tunnel could start")
            return 1
        headless.say(f"Running {len(labels)} of {len(profiles)} tunnels (Ctrl+C to stop)")
        return headless.wait_for_signal(engine, stats_interval=stats_interval, labels=labels)
