"""A saved profile in words, for `profiles show` and the CONDITIONS column of `profiles list`."""

from __future__ import annotations

import unicodedata

from tunnelgui.engine.units import short_duration
from tunnelgui.i18n import _
from tunnelgui.profiles.condition_text import describe_condition
from tunnelgui.profiles.model import Profile, ProfileOptions, option_fields


def shaping(profile: Profile) -> str:
    """ "3 (2 on)", "1 off", "" : how many conditions a profile has and how many are on."""
    count = len(profile.conditions)
    if not count:
        return ""
    on = sum(condition.enabled for condition in profile.conditions)
    if on == count:
        return _("{count} on").format(count=count)
    if not on:
        return _("{count} off").format(count=count)
    return _("{count} ({on} on)").format(count=count, on=on)


def text_width(text: str) -> int:
    """Terminal columns `text` takes: East Asian wide and full-width characters take two, so
    a table with Chinese headings or names stays aligned."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns (str.ljust counts characters)."""
    return text + " " * max(0, width - text_width(text))


def profile_lines(profile: Profile) -> list[tuple[str, str]]:
    """(label, value) lines: the forward, then every option that is not its default, then each
    condition."""
    lines = [
        (_("Name"), profile.name),
        (_("Listen"), profile.listen_address),
        (_("Target"), profile.target_label),
    ]
    if profile.ssh_config:
        lines.append((_("SSH config"), profile.ssh_config))
    if profile.group:
        lines.append((_("Group"), profile.group))
    lines.append((_("Autostart"), _("yes") if profile.autostart else _("no")))
    defaults = ProfileOptions()
    for name, declared in option_fields():
        value = getattr(profile.options, name)
        if value == getattr(defaults, name):
            continue
        if declared.kind == "seconds":
            shown = short_duration(value)
        elif declared.kind == "switch":
            shown = _("on") if value else _("off")
        elif declared.kind == "networks":
            shown = ", ".join(value)
        else:
            shown = str(value)
        lines.append((_(declared.label), shown))
    if not profile.conditions:
        lines.append((_("Conditions"), _("none")))
    for number, condition in enumerate(profile.conditions, start=1):
        lines.append((_("Condition {number}").format(number=number), describe_condition(condition)))
    if profile.notes:
        lines.append((_("Notes"), profile.notes.replace("\n", " / ")))
    return lines
