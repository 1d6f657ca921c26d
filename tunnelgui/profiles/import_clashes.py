"""Clashes of an import with the saved profiles, and what each choice would do, for the app's
import dialog (the CLI's --on-conflict applies one policy to all)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# _same_settings: the very test plan_import's auto policy uses to skip a copy already saved.
from tunnelgui.i18n import N_, _
from tunnelgui.profiles.exchange import ImportPlan, _same_settings, plan_import
from tunnelgui.profiles.listen_clashes import listen_overlaps
from tunnelgui.profiles.lookup import name_key
from tunnelgui.profiles.model import OptionField, Profile, option_fields

REPLACE, KEEP_BOTH, SKIP = "replace", "rename", "skip"
CHOICES = (REPLACE, KEEP_BOTH, SKIP)
# Labels and field names are msgids (N_): shown through tunnelgui.i18n._ (or Qt's tr).
CHOICE_LABELS = {REPLACE: N_("Replace"), KEEP_BOTH: N_("Keep both"), SKIP: N_("Skip")}

_FIELD_LABELS = {
    "name": N_("name"),
    "group": N_("group"),
    "listen_host": N_("listen host"),
    "listen_port": N_("listen port"),
    "target_host": N_("target host"),
    "target_port": N_("target port"),
    "via": N_("via SSH"),
    "ssh_config": N_("SSH config"),
    "autostart": N_("autostart"),
    "notes": N_("notes"),
    "conditions": N_("network conditions"),
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
            label = _(declared.label).lower()  # "connect timeout", as the editor names it
            lines.append(
                _("{field}: {before} \u2192 {after}").format(
                    field=label, before=_option(before, declared), after=_option(after, declared)
                )
            )
    return tuple(lines)


def _option(value: object, declared: OptionField) -> str:
    """As the editor shows it: "no limit" for 0 where 0 means that, "30 s" with its unit."""
    if value == 0 and declared.zero_means and not isinstance(value, bool):
        return _(declared.zero_means)
    shown = _shown(value)
    return f"{shown} {declared.unit}" if declared.unit and isinstance(value, int | float) else shown


def _change(label: str, before: object, after: object) -> str:
    if label == "notes":
        return _("notes changed")
    return _("{field}: {before} \u2192 {after}").format(
        field=_(label), before=_shown(before), after=_shown(after)
    )


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return _("on") if value else _("off")
    if isinstance(value, str):
        return repr(value) if value else _("none")
    if isinstance(value, tuple):
        if not value:
            return _("none")
        if all(isinstance(item, str) for item in value):
            return _(", ").join(value)
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
        return _("Nothing changes: the saved \u201c{name}\u201d stays as it is.").format(
            name=saved.name
        )
    if choice == REPLACE:
        changed = _("; ").join(clash.differences)
        if changed:
            return _(
                "The saved \u201c{name}\u201d is replaced by the one in the file: {changes}."
            ).format(name=saved.name, changes=changed)
        return _("The saved \u201c{name}\u201d is replaced by the one in the file.").format(
            name=saved.name
        )
    new_name = plan.saved_names.get(clash.place, incoming.name)
    text = _("Added as \u201c{new_name}\u201d beside the saved \u201c{name}\u201d.").format(
        new_name=new_name, name=saved.name
    )
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
        names = _(", ").join(f"\u201c{name}\u201d" for name in same_port)
        text = _(
            "{sentence} It listens on {address} like {names}: only one of them can run at a time."
        ).format(sentence=text, address=incoming.listen_address, names=names)
    return text
