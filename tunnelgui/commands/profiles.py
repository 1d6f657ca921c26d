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
from tunnelgui.commands.profile_lines import pad, profile_lines, shaping, text_width
from tunnelgui.engine.addresses import AddressError, parse_address
from tunnelgui.i18n import N_, _, ngettext, translated_error
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
from tunnelgui.profiles.lookup import pick_by_names
from tunnelgui.profiles.model import DEFAULT_LISTEN_HOST, Profile
from tunnelgui.profiles.problems import ValidationError
from tunnelgui.profiles.store import ProfileStore, StoreError
from tunnelgui.profiles.text_checks import printable


class CommandError(Exception):
    """A user mistake; str() is the one line to print."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "profiles",
        parents=[common],
        help=_("list, add, remove, export and import saved forwards"),
        description=_("Manage the saved forwards (profiles) that the app and `tunnelgui run` use."),
    )
    parser.set_defaults(handler=handle)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", parents=[common], help=_("show the saved profiles"))
    listing.add_argument("--json", action="store_true", help=_("print them in the file format"))
    listing.set_defaults(action_handler=_list)

    add = actions.add_parser(
        "add",
        parents=[common],
        help=_("save a new profile"),
        description=_(
            "Save a new forward, e.g. `tunnelgui profiles add db 5432 db.internal:5432`."
        ),
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "listen",
        metavar="[LISTEN_HOST:]LISTEN_PORT",
        help=_("default host {host}").format(host=DEFAULT_LISTEN_HOST),
    )
    add.add_argument("target", metavar="TARGET_HOST:TARGET_PORT")
    add.add_argument("--group", default="", help=_("group name, for the app and the tray menu"))
    add.add_argument("--autostart", action="store_true", help=_("start it with the app and `run`"))
    add.add_argument("--notes", default="", help=_("free text"))
    add_via_flag(add)
    add_ssh_config_flag(add)
    add_option_flags(add, checked=False)
    add_condition_flags(add, stored=True)
    add.set_defaults(action_handler=_add, usage_error=add.error)

    show = actions.add_parser(
        "show", parents=[common], help=_("show everything saved in profiles, in words")
    )
    show.add_argument("names", nargs="+", metavar="NAME")
    show.set_defaults(action_handler=_show)

    remove = actions.add_parser("remove", parents=[common], help=_("delete saved profiles"))
    remove.add_argument("names", nargs="+", metavar="NAME")
    remove.set_defaults(action_handler=_remove)

    export = actions.add_parser(
        "export",
        parents=[common],
        help=_("write profiles to a file to share ('-' for stdout)"),
    )
    export.add_argument("file", metavar="FILE")
    export.add_argument("names", nargs="*", metavar="NAME", help=_("default: all profiles"))
    export.set_defaults(action_handler=_export)

    importing = actions.add_parser(
        "import",
        parents=[common],
        help=_(
            "add profiles from a profiles file, a rinetd config, an ssh config or a Toxiproxy "
            "config"
        ),
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--on-conflict",
        choices=CONFLICT_POLICIES,
        default="auto",
        help=_(
            "for a profile with the id or name of a saved one (default auto: skip identical "
            "copies, import others under a new name)"
        ),
    )
    importing.add_argument(
        "--from",
        dest="source",
        choices=("tunnelgui", "rinetd", "ssh", "toxiproxy"),
        default="auto",
        help=_("the kind of FILE (default: detect it)"),
    )
    importing.add_argument(
        "--keep-listen-hosts",
        action="store_true",
        help=_(
            "keep a Toxiproxy proxy's listen address on every interface ([::], 0.0.0.0) "
            "instead of importing it on 127.0.0.1 (other machines can then connect)"
        ),
    )
    importing.set_defaults(action_handler=_import)


def handle(args: argparse.Namespace) -> int:
    action: Callable[[argparse.Namespace], int] = args.action_handler
    try:
        return action(args)
    except (CommandError, StoreError, ValidationError, ImportRefused, AddressError) as error:
        message = translated_error(error)
        print(_("tunnelgui: error: {message}").format(message=message), file=sys.stderr)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        message = f"{where}{error.strerror or error}"
        print(_("tunnelgui: error: {message}").format(message=message), file=sys.stderr)
    return 1


def open_store(args: argparse.Namespace) -> ProfileStore:
    """The store for --config-dir (or the default), with its notices shown on stderr."""
    store = ProfileStore.open(paths.profiles_path(getattr(args, "config_dir", None)))
    print_notices(store)
    return store


def print_notices(store: ProfileStore) -> None:
    for notice in store.notices:
        print(_("tunnelgui: note: {message}").format(message=notice), file=sys.stderr)
    store.notices.clear()


def _find(store: ProfileStore, names: list[str]) -> list[Profile]:
    found, missing = pick_by_names(store.profiles(), names)
    if missing:
        listed = ", ".join(repr(n) for n in missing)
        raise CommandError(
            ngettext(
                "No saved profile named {names} (see `tunnelgui profiles list`)",
                "No saved profiles named {names} (see `tunnelgui profiles list`)",
                len(missing),
            ).format(names=listed)
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
            _(
                "No profiles saved in {path}. "
                "Add one with: tunnelgui profiles add NAME PORT HOST:PORT"
            ).format(path=store.path)
        )
        return 0
    rows = [(_("NAME"), _("LISTEN"), _("TARGET"), _("GROUP"), _("AUTOSTART"), _("CONDITIONS"))]
    for p in profiles:
        # A hand-edited file may hold anything: no name may steer the terminal.
        autostart = _("yes") if p.autostart else ""
        cells = (p.name, p.listen_address, p.target_label, p.group, autostart, shaping(p))
        rows.append(tuple(printable(cell) for cell in cells))
    widths = [max(text_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def _add(args: argparse.Namespace) -> int:
    try:
        conditions = conditions_from_args(args)
    except ConditionFlagError as error:
        args.usage_error(str(error))  # exits 2, like any other bad argument
    listen_host, listen_port = parse_address(args.listen, DEFAULT_LISTEN_HOST, N_("listen address"))
    target_host, target_port = parse_address(args.target, None, N_("target address"))
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
        print(
            _("tunnelgui: warning: {name}: {message}").format(
                name=repr(profile.name), message=problem.message
            ),
            file=sys.stderr,
        )
    print_notices(store)
    print(
        _("Added {name}: {listen} -> {target}").format(
            name=repr(profile.name), listen=profile.listen_address, target=profile.target_label
        )
    )
    if profile.conditions:
        print(
            _("Conditions: {conditions}").format(conditions=describe_conditions(profile.conditions))
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    store = open_store(args)
    for number, profile in enumerate(_find(store, args.names)):
        if number:
            print()
        for label, value in profile_lines(profile):
            heading = _("{label}:").format(label=label)
            print(f"{pad(heading, 18)}{printable(value)}".rstrip())
    return 0


def _remove(args: argparse.Namespace) -> int:
    store = open_store(args)
    doomed = _find(store, args.names)
    store.remove(p.id for p in doomed)
    print_notices(store)
    for profile in doomed:
        print(_("Removed {name}").format(name=repr(profile.name)))
    return 0


def _export(args: argparse.Namespace) -> int:
    store = open_store(args)
    profiles = _find(store, args.names) if args.names else store.profiles()
    if not profiles:
        raise CommandError(
            _("Nothing to export: no profiles are saved in {path}").format(path=store.path)
        )
    if args.file == "-":
        sys.stdout.write(dump_text(profiles))
        return 0
    try:
        export_profiles(args.file, profiles)
    except OSError as error:
        reason = export_error_reason(args.file, error)
        raise CommandError(
            _("cannot write {file}: {reason}").format(file=args.file, reason=reason)
        ) from None
    count = len(profiles)
    print(
        ngettext(
            "Exported {count} profile to {file}", "Exported {count} profiles to {file}", count
        ).format(count=count, file=args.file)
    )
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
