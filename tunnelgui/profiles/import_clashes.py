"""Clashes of an import with the saved profiles, and what each choice would do, for the app's
import dialog (the CLI's --on-conflict applies one policy to all)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# _same_settings: the very test plan_import's auto policy uses to skip a copy already saved.
from tunnelgui.profiles.exchange import ImportPlan, _same_settings, plan_import
from tunnelgui.profiles.model import OptionField, Profile, option_fields
from tunnelgui.profiles.validation import listen_overlaps, name_key

REPLACE, KEEP_BOTH, SKIP = "replace", "rename", "skip"
CHOICES = (REPLACE, KEEP_BOTH, SKIP)
CHOICE_LABELS = {REPLACE: "Replace", KEEP_BOTH: "Keep both", SKIP: "Skip"}

_FIELD_LABELS = {
    "name": "name",
    "group": "group",
    "listen_host": "listen host",
    "listen_port": "listen port",
    "target_host": "target host",
    "target_port": "target port",
    "via": "via SSH",
    "ssh_config": "SSH config",
    "autostart": "autostart",
    "notes": "notes",
    "conditions": "network conditions",
}


@dataclass(frozen=True)
class Clash:
    """An incoming profile (at `place` in the file) that shares an id or a name with a saved
    one and differs from it; identical copies are no clash (they are skipped)."""

    place: int
    incoming: Profile
    saved: Profile
    same_id: bool
    differences: tuple[str, ...]  # "target port: 80 \u2192 8080", one per field


def find_clashes(existing: Iterable[Profile], incoming: Sequence[Profile]) -> list[Clash]:
    existing = list(existing)
    by_id = {p.id: p for p in existing}
    by_name = {name_key(p.name): p for p in existing}
    clashes = []
    for place, profile in enumerate(incoming):
        same_id = by_id.get(profile.id)
        same_name = by_name.get(name_key(profile.name))
        if same_id is None and same_name is None:
            continue
        if same_id == profile or _same_settings(same_name, profile):
            continue
        saved = same_id or same_name
        assert saved is not None
        clashes.append(
            Clash(place, profile, saved, same_id is not None, differences(saved, profile))
        )
    return clashes


def differences(old: Profile, new: Profile) -> tuple[str, ...]:
    """What replacing `old` with `new` changes, one line per field (the id never shows)."""
    lines = []
    for name, label in _FIELD_LABELS.items():
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            lines.append(_change(label, before, after))
    for name, declared in option_fields():
        before, after = getattr(old.options, name), getattr(new.options, name)
        if before != after:
            label = declared.editor_label.replace("&", "").lower()
            lines.append(f"{label}: {_option(before, declared)} \u2192 {_option(after, declared)}")
    return tuple(lines)


def _option(value: object, declared: OptionField) -> str:
    """As the editor shows it: "no limit" for 0 where 0 means that, "30 s" with its unit."""
    if value == 0 and declared.zero_means and not isinstance(value, bool):
        return declared.zero_means
    shown = _shown(value)
    return f"{shown} {declared.unit}" if declared.unit and isinstance(value, int | float) else shown


def _change(label: str, before: object, after: object) -> str:
    if label == "notes":
        return "notes changed"
    return f"{label}: {_shown(before)} \u2192 {_shown(after)}"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, str):
        return repr(value) if value else "none"
    if isinstance(value, tuple):
        if not value:
            return "none"
        if all(isinstance(item, str) for item in value):
            return ", ".join(value)
        return f"{len(value)}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def plan_choices(
    existing: Iterable[Profile], incoming: Sequence[Profile], choices: Mapping[int, str]
) -> ImportPlan:
    """The import the choices make: exactly what import_file will do with them."""
    return plan_import(existing, incoming, "auto", choices)


def preview(clash: Clash, choice: str, plan: ImportPlan, existing: Iterable[Profile]) -> str:
    """One or two sentences: what `choice` does to this clash, in the plan made with it."""
    saved, incoming = clash.saved, clash.incoming
    if choice == SKIP:
        return f"Nothing changes: the saved \u201c{saved.name}\u201d stays as it is."
    if choice == REPLACE:
        text = f"The saved \u201c{saved.name}\u201d is replaced by the one in the file"
        changed = "; ".join(clash.differences)
        return f"{text}: {changed}." if changed else f"{text}."
    new_name = plan.saved_names.get(clash.place, incoming.name)
    text = f"Added as \u201c{new_name}\u201d beside the saved \u201c{saved.name}\u201d."
    added = dataclasses.replace(incoming, name=new_name)
    others = [p for p in existing if p.id not in plan.remove_ids] + [
        p for p in plan.add if p.id != added.id
    ]
    same_port = [
        p.name
        for p in others
        if p.listen_port == incoming.listen_port
        and listen_overlaps(p.listen_host, incoming.listen_host)
        and p.name != new_name
    ]
    if same_port:
        names = ", ".join(f"\u201c{name}\u201d" for name in same_port)
        text += (
            f" It listens on {incoming.listen_address} like {names}: only one of them can run "
            "at a time."
        )
    return text
