"""The `tunnelgui profiles` subcommand: list, show, add, remove, export and import saved
forwards."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from tunnelgui import paths
from tunnelgui.commands.condition_flags import (
    ConditionFlagError,
    add_condition_flags,
    conditions_from_args,
)
from tunnelgui.commands.hop_flags import add_ssh_config_flag, add_via_flag
from tunnelgui.commands.option_flags import add_option_flags, options_from_args
from tunnelgui.commands.profile_lines import profile_lines, shaping
from tunnelgui.engine.addresses import AddressError, parse_address
from tunnelgui.profiles.condition_text import describe_conditions
from tunnelgui.profiles.exchange import (
    CONFLICT_POLICIES,
    ImportRefused,
    export_error_reason,
    export_profiles,
    import_file,
    import_summary_lines,
)
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import DEFAULT_LISTEN_HOST, Profile
from tunnelgui.profiles.store import ProfileStore, StoreError
from tunnelgui.profiles.text_checks import printable
from tunnelgui.profiles.validation import ValidationError, pick_by_names


class CommandError(Exception):
    """A user mistake; str() is the one line to print."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "profiles",
        parents=[common],
        help="list, add, remove, export and import saved forwards",
        description="Manage the saved forwards (profiles) that the app and `tunnelgui run` use.",
    )
    parser.set_defaults(handler=handle)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", parents=[common], help="show the saved profiles")
    listing.add_argument("--json", action="store_true", help="print them in the file format")
    listing.set_defaults(action_handler=_list)

    add = actions.add_parser(
        "add",
        parents=[common],
        help="save a new profile",
        description="Save a new forward, e.g. `tunnelgui profiles add db 5432 db.internal:5432`.",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "listen", metavar="[LISTEN_HOST:]LISTEN_PORT", help=f"default host {DEFAULT_LISTEN_HOST}"
    )
    add.add_argument("target", metavar="TARGET_HOST:TARGET_PORT")
    add.add_argument("--group", default="", help="group name, for the app and the tray menu")
    add.add_argument("--autostart", action="store_true", help="start it with the app and `run`")
    add.add_argument("--notes", default="", help="free text")
    add_via_flag(add)
    add_ssh_config_flag(add)
    add_option_flags(add, checked=False)
    add_condition_flags(add, stored=True)
    add.set_defaults(action_handler=_add, usage_error=add.error)

    show = actions.add_parser(
        "show", parents=[common], help="show everything saved in profiles, in words"
    )
    show.add_argument("names", nargs="+", metavar="NAME")
    show.set_defaults(action_handler=_show)

    remove = actions.add_parser("remove", parents=[common], help="delete saved profiles")
    remove.add_argument("names", nargs="+", metavar="NAME")
    remove.set_defaults(action_handler=_remove)

    export = actions.add_parser(
        "export", parents=[common], help="write profiles to a file to share ('-' for stdout)"
    )
    export.add_argument("file", metavar="FILE")
    export.add_argument("names", nargs="*", metavar="NAME", help="default: all profiles")
    export.set_defaults(action_handler=_export)

    importing = actions.add_parser(
        "import",
        parents=[common],
        help="add profiles from a profiles file, a rinetd config, an ssh config or a Toxiproxy "
        "config",
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--on-conflict",
        choices=CONFLICT_POLICIES,
        default="auto",
        help="for a profile with the id or name of a saved one (default auto: skip identical "
        "copies, import others under a new name)",
    )
    importing.add_argument(
        "--from",
        dest="source",
        choices=("tunnelgui", "rinetd", "ssh", "toxiproxy"),
        default="auto",
        help="the kind of FILE (default: detect it)",
    )
    importing.add_argument(
        "--keep-listen-hosts",
        action="store_true",
        help="keep a Toxiproxy proxy's listen address on every interface ([::], 0.0.0.0) "
        "instead of importing it on 127.0.0.1 (other machines can then connect)",
    )
    importing.set_defaults(action_handler=_import)


def handle(args: argparse.Namespace) -> int:
    action: Callable[[argparse.Namespace], int] = args.action_handler
    try:
        return action(args)
    except (CommandError, StoreError, ValidationError, ImportRefused, AddressError) as error:
        print(f"tunnelgui: error: {error}", file=sys.stderr)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"tunnelgui: error: {where}{error.strerror or error}", file=sys.stderr)
    return 1


def open_store(args: argparse.Namespace) -> ProfileStore:
    """The store for --config-dir (or the default), with its notices shown on stderr."""
    store = ProfileStore.open(paths.profiles_path(getattr(args, "config_dir", None)))
    print_notices(store)
    return store


def print_notices(store: ProfileStore) -> None:
    for notice in store.notices:
        print(f"tunnelgui: note: {notice}", file=sys.stderr)
    store.notices.clear()


def _find(store: ProfileStore, names: list[str]) -> list[Profile]:
    found, missing = pick_by_names(store.profiles(), names)
    if missing:
        listed = ", ".join(repr(n) for n in missing)
        raise CommandError(
            f"No saved profile named {listed} (see `tunnelgui profiles list`)"
            if len(missing) == 1
            else f"No saved profiles named {listed} (see `tunnelgui profiles list`)"
        )
    return found


def _list(args: argparse.Namespace) -> int:
    store = open_store(args)
    profiles = store.profiles()
    if args.json:
        sys.stdout.write(dump_text(profiles))
        return 0
    if not profiles:
        print(
            f"No profiles saved in {store.path}. "
            "Add one with: tunnelgui profiles add NAME PORT HOST:PORT"
        )
        return 0
    rows = [("NAME", "LISTEN", "TARGET", "GROUP", "AUTOSTART", "CONDITIONS")]
    for p in profiles:
        # A hand-edited file may hold anything: no name may steer the terminal.
        autostart = "yes" if p.autostart else ""
        cells = (p.name, p.listen_address, p.target_label, p.group, autostart, shaping(p))
        rows.append(tuple(printable(cell) for cell in cells))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def _add(args: argparse.Namespace) -> int:
    try:
        conditions = conditions_from_args(args)
    except ConditionFlagError as error:
        args.usage_error(str(error))  # exits 2, like any other bad argument
    listen_host, listen_port = parse_address(args.listen, DEFAULT_LISTEN_HOST, "listen address")
    target_host, target_port = parse_address(args.target, None, "target address")
    profile = Profile(
        name=args.name,
        listen_host=listen_host,
        listen_port=listen_port,
        target_host=target_host,
        target_port=target_port,
        autostart=args.autostart,
        group=args.group,
        notes=args.notes,
        options=options_from_args(args),
        via=args.via,
        ssh_config=args.ssh_config,
        conditions=conditions,
    )
    store = open_store(args)
    for problem in store.add(profile):
        print(f"tunnelgui: warning: {profile.name!r}: {problem.message}", file=sys.stderr)
    print_notices(store)
    print(f"Added {profile.name!r}: {profile.listen_address} -> {profile.target_label}")
    if profile.conditions:
        print(f"Conditions: {describe_conditions(profile.conditions)}")
    return 0


def _show(args: argparse.Namespace) -> int:
    store = open_store(args)
    for number, profile in enumerate(_find(store, args.names)):
        if number:
            print()
        for label, value in profile_lines(profile):
            print(f"{label + ':':<18}{printable(value)}".rstrip())
    return 0


def _remove(args: argparse.Namespace) -> int:
    store = open_store(args)
    doomed = _find(store, args.names)
    store.remove(p.id for p in doomed)
    print_notices(store)
    for profile in doomed:
        print(f"Removed {profile.name!r}")
    return 0


def _export(args: argparse.Namespace) -> int:
    store = open_store(args)
    profiles = _find(store, args.names) if args.names else store.profiles()
    if not profiles:
        raise CommandError(f"Nothing to export: no profiles are saved in {store.path}")
    if args.file == "-":
        sys.stdout.write(dump_text(profiles))
        return 0
    try:
        export_profiles(args.file, profiles)
    except OSError as error:
        reason = export_error_reason(args.file, error)
        raise CommandError(f"cannot write {args.file}: {reason}") from None
    count = len(profiles)
    print(f"Exported {count} profile{'s' if count != 1 else ''} to {args.file}")
    return 0


def _import(args: argparse.Namespace) -> int:
    store = open_store(args)
    summary = import_file(
        store,
        args.file,
        on_conflict=args.on_conflict,
        source=args.source,
        keep_listen_hosts=args.keep_listen_hosts,
    )
    print_notices(store)
    for line in import_summary_lines(summary, args.file):
        print(line)
    return 0
