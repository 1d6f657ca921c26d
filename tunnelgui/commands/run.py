"""`tunnelgui run [NAME ...]`: run saved profiles headless until SIGINT/SIGTERM; SIGHUP reloads."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tunnelgui import headless, paths
from tunnelgui.commands import seconds_type
from tunnelgui.commands.hop_flags import add_ssh_config_flag
from tunnelgui.commands.metrics import add_metrics_flag, metrics_failure, serving_metrics
from tunnelgui.commands.profiles import print_notices
from tunnelgui.commands.run_tunnels import RunningTunnels, reloader
from tunnelgui.i18n import _, ngettext
from tunnelgui.profiles.entries import parse_file
from tunnelgui.profiles.exchange import summarize_problems
from tunnelgui.profiles.fileformat import (
    FormatError,
    NewerVersionError,
    NotTextError,
    read_profiles_file,
)
from tunnelgui.profiles.lookup import pick_by_names
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore, StoreError


class RunError(Exception):
    """A user mistake found before anything starts; str() is the line to print."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "run",
        parents=[common],
        help=_("run saved profiles headless until Ctrl+C"),
        description=_(
            "Run the named profiles (default: those marked autostart, or all of them "
            "when none is) until SIGINT or SIGTERM. A tunnel that cannot start is reported and "
            "the others keep running. SIGHUP reads the profiles again and applies the "
            "difference: unchanged tunnels keep their connections, removed ones stop, new and "
            "changed ones start; a file that fails to load changes nothing."
        ),
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help=_("profiles to run"))
    parser.add_argument(
        "--file",
        metavar="PROFILES_FILE",
        help=_(
            "read the profiles from this file (e.g. an export) instead of the saved ones; "
            "the file is only read, never changed"
        ),
    )
    parser.add_argument(
        "--stats-interval",
        metavar="S",
        type=seconds_type(allow_zero=True),
        default=0.0,
        help=_("print one status line per tunnel on stderr every S seconds (default: never)"),
    )
    add_metrics_flag(parser)
    add_ssh_config_flag(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    config_dir = getattr(args, "config_dir", None)

    def load() -> list[Profile]:
        profiles = load_profiles(args.file, config_dir)
        return select_profiles(profiles, args.names, args.file)

    try:
        chosen = load()
    except (RunError, StoreError) as error:
        print(_("tunnelgui: error: {message}").format(message=error), file=sys.stderr)
        return 1
    source = args.file or str(paths.profiles_path(config_dir))
    return run_profiles(
        chosen,
        args.stats_interval,
        reload=(load, source),
        metrics=args.metrics,
        ssh_config=args.ssh_config,
    )


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
        raise RunError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    except NotTextError:
        raise RunError(_("{path} is not UTF-8 text").format(path=path)) from None
    except NewerVersionError as error:
        raise RunError(
            _("{path} was {reason}. Upgrade TunnelGUI to run it.").format(path=path, reason=error)
        ) from None
    except FormatError as error:
        raise RunError(_("file {path}: {reason}").format(path=path, reason=error)) from None
    if not parsed.profiles:
        # The saved-profiles hint ("add one with ...") would not help: say what is wrong with
        # the file, as one line.
        if not parsed.errors:
            raise RunError(_("{path} holds no profiles").format(path=path))
        shown = summarize_problems([str(problem) for problem in parsed.errors])
        raise RunError(
            _("none of the profiles in {path} could be used: {problems}").format(
                path=path, problems=shown
            )
        )
    for problem in parsed.errors:
        print(
            _("tunnelgui: left out of {path}: {problem}").format(path=path, problem=problem),
            file=sys.stderr,
        )
    return parsed.profiles


def select_profiles(
    profiles: Sequence[Profile], names: Sequence[str], file: str | None = None
) -> list[Profile]:
    """The named profiles (exact names, else ignoring case); with no names, the autostart ones,
    or every profile when none is marked autostart. `file`: where the profiles came from
    (None: the saved profiles), for the messages."""
    if not profiles:
        raise RunError(_("No profiles to run; add one with `tunnelgui profiles add`"))
    if not names:
        autostart = [p for p in profiles if p.autostart]
        return autostart or list(profiles)
    chosen, missing = pick_by_names(profiles, names)
    if missing:
        listed = ", ".join(repr(n) for n in missing)
        if file is not None:
            message = _("No profile named {names} in {file}").format(names=listed, file=file)
        else:
            message = _("No profile named {names} (see `tunnelgui profiles list`)").format(
                names=listed
            )
        raise RunError(message)
    return chosen


def run_profiles(
    profiles: Sequence[Profile],
    stats_interval: float = 0.0,
    reload: tuple[Callable[[], list[Profile]], str] | None = None,
    metrics: tuple[str, int] | None = None,
    ssh_config: str = "",
) -> int:
    """Start each profile's tunnel, report the ones that fail, run until a signal.

    reload: (load, where from) for SIGHUP, which loads the profiles again and applies the
    difference (run_tunnels.RunningTunnels.apply). metrics: (host, port) to serve Prometheus
    metrics on. ssh_config: the ssh client config for hops of profiles that name none of their
    own. Returns 0 after SIGINT/SIGTERM, 1 when no tunnel could start (or all later
    failed) or the metrics address cannot be bound.
    """
    # A reload may bring an SSH hop that none of the first profiles had: prompts ready for it.
    needs_prompts = reload is not None or any(profile.via for profile in profiles)
    with (
        headless.running_engine() as engine,
        headless.ssh_prompts(needs_prompts) as askpass,
        contextlib.ExitStack() as serving,
    ):
        tunnels = RunningTunnels(engine, ssh_config, askpass)
        try:
            serving.enter_context(serving_metrics(metrics, engine, tunnels.labels))
        except OSError as error:
            headless.error(metrics_failure(metrics, error))
            return 1
        for profile in profiles:
            if headless.stop_requested():
                return 0
            tunnels.start(profile)
        if not tunnels.running:
            headless.error(_("no tunnel could start"))
            return 1
        headless.say(
            ngettext(
                "Running {running} of {count} tunnel (Ctrl+C to stop)",
                "Running {running} of {count} tunnels (Ctrl+C to stop)",
                len(profiles),
            ).format(running=len(tunnels.running), count=len(profiles))
        )
        on_reload = (
            reloader(tunnels, *reload, errors=(RunError, StoreError))
            if reload is not None
            else None
        )
        return headless.wait_for_signal(
            engine, stats_interval=stats_interval, labels=tunnels.labels, on_reload=on_reload
        )
