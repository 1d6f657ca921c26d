"""Export profiles to a file, and import profiles files, rinetd configs, ssh configs and
Toxiproxy configs."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tunnelgui.i18n import _, ngettext
from tunnelgui.profiles.atomic import atomic_write_text
from tunnelgui.profiles.entries import parse_file
from tunnelgui.profiles.fileformat import (
    FileProblem,
    FormatError,
    NewerVersionError,
    decode_file,
    decode_text,
    dump_text,
    load_json,
    read_bounded,
)
from tunnelgui.profiles.foreign import ForeignConfig, ForeignConfigError, unique_name
from tunnelgui.profiles.lookup import ProfileIndex, name_key
from tunnelgui.profiles.model import Profile, new_profile_id
from tunnelgui.profiles.rinetd import parse_rinetd
from tunnelgui.profiles.sshconfig import parse_ssh_config
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.profiles.toxiproxy import looks_like_toxiproxy, parse_toxiproxy
from tunnelgui.profiles.validation import validate_profile

CONFLICT_POLICIES = ("auto", "skip", "rename", "replace")
SOURCES = ("auto", "tunnelgui", "rinetd", "ssh", "toxiproxy")
MAX_LISTED_PROBLEMS = 3
_SSH_MARKERS = {"host", "match", "localforward", "remoteforward", "dynamicforward", "hostname"}
_RINETD_MARKERS = {"allow", "deny", "logfile", "pidlogfile", "logcommon"}


class ImportRefused(Exception):
    """Nothing was imported; str() names the file, the profile and the field, and `problems`
    lists every problem found (each a full line for the user)."""

    def __init__(self, path: Path, problems: Iterable[str]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(summarize_problems(self.problems))


def summarize_problems(problems: Sequence[str]) -> str:
    """The first few problems on one line, and how many more there are."""
    shown = _("; ").join(problems[:MAX_LISTED_PROBLEMS])
    more = len(problems) - MAX_LISTED_PROBLEMS
    if more <= 0:
        return shown
    return ngettext(
        "{problems} (and {count} more problem)", "{problems} (and {count} more problems)", more
    ).format(problems=shown, count=more)


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)  # names as saved
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (name in file, name saved)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.renamed or self.replaced)


def import_summary_lines(summary: ImportSummary, source: str) -> list[str]:
    """What an import did, one line each, for the app's message and the CLI's output alike;
    `source` names the file as the user knows it."""
    count = len(summary.added) + len(summary.renamed) + len(summary.replaced)
    lines = [
        ngettext(
            "Imported {count} profile from {source}.",
            "Imported {count} profiles from {source}.",
            count,
        ).format(count=count, source=source)
        if count
        else _("Nothing imported from {source}.").format(source=source)
    ]

    def names(items: list[str]) -> str:
        return _(", ").join(repr(name) for name in items)

    if summary.added:
        lines.append(_("Added: {names}").format(names=names(summary.added)))
    if summary.renamed:
        renamed = _(", ").join(
            _("{old} as {new}").format(old=repr(old), new=repr(new)) for old, new in summary.renamed
        )
        lines.append(
            _("Added under a new name (the name was taken): {names}").format(names=renamed)
        )
    if summary.replaced:
        lines.append(_("Replaced: {names}").format(names=names(summary.replaced)))
    if summary.skipped:
        lines.append(_("Skipped (already saved): {names}").format(names=names(summary.skipped)))
    lines += [_("Note: {note}").format(note=note) for note in summary.notes]
    return lines


# --- export -------------------------------------------------------------------------------


def export_profiles(path: Path | str, profiles: Iterable[Profile]) -> None:
    """Write `profiles` to `path` in the profiles file format (pretty, sorted keys), atomically.

    Raises OSError when the file cannot be written.
    """
    atomic_write_text(Path(path), dump_text(profiles))


def export_error_reason(path: Path | str, error: OSError) -> str:
    """Why export_profiles(path) failed, about the user's file and its folder: the OSError
    itself often names the hidden temp file written first, which the user never chose."""
    path = Path(path)
    folder = path.parent
    try:
        if path.is_dir():
            return _("it is a folder; give the name of a file to write")
        if not folder.exists():
            return _("the folder {folder} does not exist").format(folder=folder)
        if not folder.is_dir():
            return _("{folder} is not a folder").format(folder=folder)
    except OSError:
        pass  # e.g. no permission to look; the error's own reason is all there is
    return error.strerror or str(error)


# --- reading a file to import -------------------------------------------------------------


def _looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith(("{", "["))


def detect_source(text: str) -> str | None:
    """ "tunnelgui", "toxiproxy", "ssh", "rinetd", or None when the text looks like none."""
    if _looks_like_json(text):
        return "toxiproxy" if _is_toxiproxy(text) else "tunnelgui"
    looks_rinetd = False
    for line in text.splitlines():
        words = re.split(r"[\s=]+", line.split("#", 1)[0].strip())
        keyword = words[0].lower()
        if keyword in _SSH_MARKERS:
            return "ssh"
        if keyword in _RINETD_MARKERS or (len(words) >= 4 and _looks_like_port(words[1])):
            looks_rinetd = True
    return "rinetd" if looks_rinetd else None


def _is_toxiproxy(text: str) -> bool:
    # Only a list, or an object naming an upstream and no format, can be one: a profiles file
    # of ten thousand entries is not parsed twice to find out.
    if text.lstrip("\ufeff \t\r\n").startswith("{") and (
        '"upstream"' not in text or '"format"' in text
    ):
        return False
    try:
        return looks_like_toxiproxy(load_json(text))
    except FormatError:
        return False  # the profiles reader says what is wrong with it


def _looks_like_port(word: str) -> bool:
    return word.partition("/")[0].isdigit() or word.isalpha()


def read_import_file(
    path: Path | str, source: str = "auto", keep_listen_hosts: bool = False
) -> tuple[list[Profile], list[str]]:
    """The profiles in a file to import, fully validated against this machine, and notes.

    keep_listen_hosts: a Toxiproxy proxy listening on every interface keeps that address
    (by default it is imported on 127.0.0.1; see toxiproxy.py).

    Raises ImportRefused when the file cannot be read, or any profile in it has an error.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    path = Path(path)
    try:
        data = read_bounded(path)
        text = decode_text(data)
    except FormatError as error:
        raise ImportRefused(path, [_whole(path, str(error))]) from None
    except OSError as error:
        message = _("cannot read it ({reason})").format(reason=error.strerror or error)
        raise ImportRefused(path, [_whole(path, message)]) from None
    kind = detect_source(text) if source == "auto" else source
    if source == "auto" and path.suffix.lower() == ".json" and not _looks_like_json(text):
        # A .json file is JSON or broken: read as JSON, its error says "not valid JSON" and
        # where, instead of complaints about rinetd or ssh lines it never meant to hold.
        kind = "tunnelgui"
    if kind is None:
        message = _(
            "it is not a TunnelGUI profiles file, a rinetd config, an OpenSSH config or a "
            "Toxiproxy config (say which with --from)"
        )
        raise ImportRefused(path, [_whole(path, message)])
    if kind == "tunnelgui":
        return _read_profiles_file(path, data)
    try:
        if kind == "toxiproxy":
            config = parse_toxiproxy(load_json(text), path.name, keep_listen_hosts)
        elif kind == "rinetd":
            config = parse_rinetd(text, path.name)
        else:
            config = parse_ssh_config(text, path.name)
    except FormatError as error:
        raise ImportRefused(path, [_whole(path, str(error))]) from None
    except ForeignConfigError as error:
        raise ImportRefused(
            path, [_("file {path}, {problem}").format(path=path, problem=error)]
        ) from None
    return _check_foreign(path, config)


def _read_profiles_file(path: Path, data: bytes) -> tuple[list[Profile], list[str]]:
    try:
        parsed = parse_file(decode_file(data), check_machine=True)
    except NewerVersionError as error:
        message = _("it was {reason}. Upgrade TunnelGUI to import it.").format(reason=error)
        raise ImportRefused(path, [_whole(path, message)]) from None
    except FormatError as error:
        raise ImportRefused(path, [_whole(path, str(error))]) from None
    if parsed.errors:
        raise ImportRefused(path, [_located(path, p) for p in parsed.errors])
    # Per-profile warnings are worked out after the conflicts are settled, in import_file.
    notes = [w.message for w in parsed.warnings if w.index is None]
    if parsed.migrated:
        notes.insert(
            0, _("Converted from format version {version}.").format(version=parsed.version)
        )
    return parsed.profiles, notes


def _check_foreign(path: Path, config: ForeignConfig) -> tuple[list[Profile], list[str]]:
    if not config.forwards:
        message = " ".join([_("it has no forwards TunnelGUI can import."), *config.notes])
        raise ImportRefused(path, [_whole(path, message)])
    accepted: list[Profile] = []
    index = ProfileIndex()
    errors: list[str] = []
    for forward in config.forwards:
        profile = forward.profile
        for problem in validate_profile(profile, index):
            if problem.is_error:
                errors.append(
                    _("file {path}, {origin} (profile {name}), field {field}: {problem}").format(
                        path=path,
                        origin=forward.origin,
                        name=repr(profile.name),
                        field=repr(problem.field),
                        problem=problem.message,
                    )
                )
        accepted.append(profile)
        index.add(profile)
    if errors:
        raise ImportRefused(path, errors)
    return accepted, list(config.notes)


def _whole(path: Path, message: str) -> str:
    return _("file {path}: {problem}").format(path=path, problem=message)


def _located(path: Path, problem: FileProblem) -> str:
    """ "file X, profile 'web' (#2), field 'listen_port': ..." """
    if problem.where:
        return _("file {path}, {problem}").format(path=path, problem=problem)
    return _whole(path, problem.message)


# --- conflicts ----------------------------------------------------------------------------


@dataclass
class ImportPlan:
    remove_ids: list[str]
    add: list[Profile]
    summary: ImportSummary
    # The name each incoming profile (by its place in the file) is saved under; skipped: absent.
    saved_names: dict[int, str] = field(default_factory=dict)


def plan_import(
    existing: Iterable[Profile],
    incoming: Iterable[Profile],
    on_conflict: str = "auto",
    decisions: Mapping[int, str] | None = None,
) -> ImportPlan:
    """Decide what happens to each incoming profile that shares an id or a name with a saved one.

    skip: keep the saved one. rename: import it beside the saved one, with a new id when the
    id is taken and "web (2)" when the name is. replace: the saved one(s) give way.
    auto: skip an identical copy (same id and content, or same name and the same settings under
    another id, as when an id-less rinetd, ssh or profiles file is imported again); otherwise
    rename, so nothing is lost: a profile with the same id but different settings is imported
    as a separate profile and the summary says so.
    `decisions` overrides the policy for single profiles, by their place in `incoming` (the
    app's per-clash choices).
    """
    decisions = dict(decisions or {})
    for policy in (on_conflict, *decisions.values()):
        if policy not in CONFLICT_POLICIES:
            raise ValueError(
                f"on_conflict must be one of {', '.join(CONFLICT_POLICIES)}, not {policy!r}"
            )
    existing = list(existing)
    incoming = list(incoming)
    by_id = {p.id: p for p in existing}
    by_name = {name_key(p.name): p for p in existing}
    taken = set(by_name) | {name_key(p.name) for p in incoming}
    plan = ImportPlan([], [], ImportSummary())
    summary = plan.summary
    already_there = 0
    for place, profile in enumerate(incoming):
        same_id = by_id.get(profile.id)
        same_name = by_name.get(name_key(profile.name))
        if same_id is None and same_name is None:
            plan.add.append(profile)
            plan.saved_names[place] = profile.name
            summary.added.append(profile.name)
            continue
        policy = decisions.get(place, on_conflict)
        if policy == "auto":
            identical = same_id == profile or _same_settings(same_name, profile)
            policy = "skip" if identical else "rename"
            if identical:
                already_there += 1
        if policy == "skip":
            summary.skipped.append(profile.name)
        elif policy == "replace":
            for old in {p.id: p for p in (same_id, same_name) if p is not None}.values():
                plan.remove_ids.append(old.id)
            plan.add.append(profile)
            plan.saved_names[place] = profile.name
            summary.replaced.append(profile.name)
        else:
            new_name = profile.name
            if same_name is not None:
                new_name = unique_name(profile.name, taken)
            copy = dataclasses.replace(
                profile,
                name=new_name,
                id=new_profile_id() if same_id is not None else profile.id,
            )
            plan.add.append(copy)
            plan.saved_names[place] = new_name
            if new_name != profile.name:
                summary.renamed.append((profile.name, new_name))
            else:
                summary.added.append(profile.name)
            if same_id is not None and on_conflict == "auto" and place not in decisions:
                summary.notes.append(
                    _(
                        "{name} has the id of the saved profile {saved} but different "
                        "settings; it was imported as a separate profile {new_name}, and the "
                        "saved one was kept."
                    ).format(
                        name=repr(profile.name), saved=repr(same_id.name), new_name=repr(new_name)
                    )
                )
    if already_there:
        summary.notes.append(
            ngettext(
                "{count} profile is already saved with the same settings and was not "
                "imported again.",
                "{count} profiles are already saved with the same settings and were not "
                "imported again.",
                already_there,
            ).format(count=already_there)
        )
    return plan


def _same_settings(same_name: Profile | None, incoming: Profile) -> bool:
    """Everything but the id (and the name's case) matches: files without ids (rinetd, ssh,
    hand-written profiles files) get new ids on every read, so ids cannot tell a repeat import."""
    if same_name is None:
        return False
    return dataclasses.replace(incoming, id=same_name.id, name=same_name.name) == same_name


def import_file(
    store: ProfileStore,
    path: Path | str,
    on_conflict: str = "auto",
    source: str = "auto",
    keep_listen_hosts: bool = False,
    *,
    decisions: Mapping[int, str] | None = None,
    read: tuple[list[Profile], list[str]] | None = None,
) -> ImportSummary:
    """Import every profile in `path` into `store`, or nothing. `read` is what
    read_import_file(path) gave, when the caller has read it already (to ask about clashes:
    the places in `decisions` refer to that list).

    Raises ImportRefused (the store unchanged) when the file or any profile in it is bad.
    """
    path = Path(path)
    if read is None:
        read = read_import_file(path, source, keep_listen_hosts)
    incoming, notes = read
    notes = list(notes)
    plan = plan_import(store.profiles(), incoming, on_conflict, decisions)
    removed = set(plan.remove_ids)
    result = ProfileIndex([p for p in store.profiles() if p.id not in removed] + plan.add)
    errors, warnings = [], []
    for profile in plan.add:
        for problem in validate_profile(profile, result):
            if problem.is_error:
                errors.append(
                    _("file {path}, profile {name}, field {field}: {problem}").format(
                        path=path,
                        name=repr(profile.name),
                        field=repr(problem.field),
                        problem=problem.message,
                    )
                )
            else:
                warnings.append(
                    _("{name}: {problem}").format(name=repr(profile.name), problem=problem.message)
                )
    if errors:
        raise ImportRefused(path, errors)
    if plan.add or plan.remove_ids:
        store.apply(plan.remove_ids, plan.add)
    plan.summary.notes = notes + plan.summary.notes + warnings
    return plan.summary
