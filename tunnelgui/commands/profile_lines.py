"""A saved profile in words, for `profiles show` and the CONDITIONS column of `profiles list`."""

from __future__ import annotations

from tunnelgui.engine.units import short_duration
from tunnelgui.profiles.condition_text import describe_condition
from tunnelgui.profiles.model import Profile, ProfileOptions, option_fields


def shaping(profile: Profile) -> str:
    """ "3 (2 on)", "1 off", "" : how many conditions a profile has and how many are on."""
    count = len(profile.conditions)
    if not count:
        return ""
    on = sum(condition.enabled for condition in profile.conditions)
    if on == count:
        return f"{count} on"
    return f"{count} off" if not on else f"{count} ({on} on)"


def profile_lines(profile: Profile) -> list[tuple[str, str]]:
    """(label, value) lines: the forward, then every option that is not its default, then each
    condition."""
    lines = [
        ("Name", profile.name),
        ("Listen", profile.listen_address),
        ("Target", profile.target_label),
    ]
    if profile.ssh_config:
        lines.append(("SSH config", profile.ssh_config))
    if profile.group:
        lines.append(("Group", profile.group))
    lines.append(("Autostart", "yes" if profile.autostart else "no"))
    defaults = ProfileOptions()
    for name, declared in option_fields():
        value = getattr(profile.options, name)
        if value == getattr(defaults, name):
            continue
        if declared.kind == "seconds":
            shown = short_duration(value)
        elif declared.kind == "switch":
            shown = "on" if value else "off"
        elif declared.kind == "networks":
            shown = ", ".join(value)
        else:
            shown = str(value)
        lines.append((declared.label, shown))
    if not profile.conditions:
        lines.append(("Conditions", "none"))
    for number, condition in enumerate(profile.conditions, start=1):
        lines.append((f"Condition {number}", describe_condition(condition)))
    if profile.notes:
        lines.append(("Notes", profile.notes.replace("\n", " / ")))
    return lines
