"""Profile validation: every problem at once, per field, in words a person understands."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from tunnelgui.engine.ssh_process import hop_parts
from tunnelgui.i18n import _
from tunnelgui.profiles.condition_checks import conditions_problems
from tunnelgui.profiles.hosts import ip_or_none, is_valid_hostname
from tunnelgui.profiles.listen_checks import listen_host_problems, privileged_port_problems
from tunnelgui.profiles.listen_clashes import listen_clash_problems
from tunnelgui.profiles.lookup import ProfileIndex
from tunnelgui.profiles.model import Profile, option_fields
from tunnelgui.profiles.option_checks import (
    brief_number,
    option_problems,
    unreachable_networks_warning,
)
from tunnelgui.profiles.problems import Problem
from tunnelgui.profiles.text_checks import (
    c1_control_character,
    lookalike_character,
    unsavable_character,
)

MAX_NAME_LENGTH = 100
MAX_GROUP_LENGTH = 100
MAX_NOTES_LENGTH = 10_000
MAX_PATH_LENGTH = 4096
MAX_ID_LENGTH = 200


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def validate_profile(
    profile: Profile,
    others: Iterable[Profile] | ProfileIndex = (),
    *,
    check_machine: bool = True,
) -> list[Problem]:
    """Every problem of `profile`; `others` are the other saved profiles (a ProfileIndex of them
    when checking many profiles against one list; one with the same id is never a clash).

    check_machine=False skips the checks that depend on this machine (can the listen address be
    bound here), e.g. when loading a saved file whose VPN interface is not up yet.
    """
    if not isinstance(others, ProfileIndex):
        others = ProfileIndex(others)
    problems: list[Problem] = []
    problems += _check_id(profile.id)
    problems += _check_name(profile, others)
    problems += _check_port(profile.listen_port, "listen_port", _("Listen port"))
    problems += _check_port(profile.target_port, "target_port", _("Target port"))
    problems += _check_host_text(profile.target_host, "target_host", _("Target host"))
    problems += _check_host_text(profile.listen_host, "listen_host", _("Listen host"))
    if not any(p.field == "target_host" for p in problems):
        problems += _check_target_host(profile.target_host)
    if not any(p.field == "listen_host" for p in problems):
        problems += listen_host_problems(profile, check_machine)
    problems += _check_text(profile.group, "group", _("Group"), MAX_GROUP_LENGTH, single_line=True)
    problems += _check_text(profile.notes, "notes", _("Notes"), MAX_NOTES_LENGTH, single_line=False)
    problems += _check_hop(profile, check_machine)
    problems += _check_options(profile)
    problems += [Problem(*found) for found in conditions_problems(profile.conditions)]
    problems += listen_clash_problems(profile, others)
    return problems


# --- name and free text -------------------------------------------------------------------


def _check_name(profile: Profile, others: ProfileIndex) -> list[Problem]:
    name = profile.name
    if not isinstance(name, str) or not name.strip():
        return [Problem("name", _("Name must not be empty"))]
    problems = _check_text(name, "name", _("Name"), MAX_NAME_LENGTH, single_line=True)
    if name != name.strip():
        problems.append(Problem("name", _("Name must not start or end with spaces")))
    for other in others.named(name, besides=profile)[:1]:
        problems.append(
            Problem(
                "name", _("Another profile is already named {name}").format(name=repr(other.name))
            )
        )
    return problems


def _check_id(profile_id: object) -> list[Problem]:
    if not isinstance(profile_id, str) or not profile_id.strip():
        return [Problem("id", _("The profile id must be a non-empty text"))]
    return _check_text(profile_id, "id", _("The profile id"), MAX_ID_LENGTH, single_line=True)


def _check_host_text(host: object, field: str, label: str) -> list[Problem]:
    """Text a host check cannot even look at (it could never be saved)."""
    if not isinstance(host, str):
        return []
    message = unsavable_character(host, label)
    return [Problem(field, message)] if message else []


def _check_text(
    text: object, field: str, label: str, max_length: int, *, single_line: bool
) -> list[Problem]:
    if not isinstance(text, str):
        return [Problem(field, _("{label} must be text").format(label=label))]
    problems = []
    if len(text) > max_length:
        message = _("{label} must be at most {count} characters long")
        problems.append(Problem(field, message.format(label=label, count=max_length)))
    checked = text if single_line else text.replace("\n", "").replace("\r", "").replace("\t", "")
    if _CONTROL_CHARACTERS.search(checked):
        message = (
            _("{label} must not contain line breaks or control characters")
            if single_line
            else _("{label} must not contain control characters")
        )
        problems.append(Problem(field, message.format(label=label)))
    character_check = lookalike_character if single_line else c1_control_character
    for message in (unsavable_character(text, label), character_check(text, label)):
        if message:
            problems.append(Problem(field, message))
    return problems


# --- the SSH hop --------------------------------------------------------------------------


def _check_hop(profile: Profile, check_machine: bool) -> list[Problem]:
    problems = []
    via = profile.via
    if not isinstance(via, str):
        return [Problem("via", _("Via must be text"))]
    if via:
        try:
            hop_parts(via)
        except ValueError as exc:
            problems.append(
                Problem(
                    "via",
                    _("{reason} (write an ssh destination like bastion or user@host:22)").format(
                        reason=exc
                    ),
                )
            )
    config = profile.ssh_config
    problems += _check_text(
        config, "ssh_config", _("SSH config"), MAX_PATH_LENGTH, single_line=True
    )
    if problems or not config:
        return problems
    if check_machine and not os.path.isfile(os.path.expanduser(config)):
        problems.append(
            Problem(
                "ssh_config",
                _("SSH config {path} is not a file here").format(path=repr(config)),
                "warning",
            )
        )
    return problems


# --- ports and the target host ------------------------------------------------------------


def _check_port(port: object, field: str, label: str) -> list[Problem]:
    if isinstance(port, bool) or not isinstance(port, int):
        message = _("{label} must be a whole number between 1 and 65535")
        return [Problem(field, message.format(label=label))]
    if not 1 <= port <= 65535:
        message = _("{label} must be between 1 and 65535, not {port}")
        return [Problem(field, message.format(label=label, port=brief_number(port)))]
    return []


def _check_target_host(host: object) -> list[Problem]:
    field = "target_host"
    if not isinstance(host, str) or not host.strip():
        return [Problem(field, _("Target host must not be empty"))]
    shown = repr(host)
    if host != host.strip() or " " in host:
        return [Problem(field, _("Target host {host} must not contain spaces").format(host=shown))]
    if host.startswith("[") and host.endswith("]"):
        message = _("Write IPv6 addresses without brackets: {address}")
        return [Problem(field, message.format(address=host[1:-1]))]
    if ip_or_none(host) is not None or is_valid_hostname(host):
        return []
    if all(part.isdigit() for part in host.split(".")):
        message = _("Target host {host} is not a valid IPv4 address")
        return [Problem(field, message.format(host=shown))]
    return [
        Problem(
            field,
            _(
                "Target host {host} is not a valid host name or IP address "
                "(e.g. db.example.com, 192.168.1.10 or ::1)"
            ).format(host=shown),
        )
    ]


# --- options ------------------------------------------------------------------------------


def _check_options(profile: Profile) -> list[Problem]:
    """Each option against its declaration in ProfileOptions."""
    options = profile.options
    problems = [
        Problem(f"options.{name}", message)
        for name, _ in option_fields()
        for message in option_problems(name, getattr(options, name))
    ]
    if not any(p.field == "options.allowed_networks" for p in problems):
        warning = unreachable_networks_warning(options.allowed_networks, profile.listen_host)
        if warning:
            problems.append(Problem("options.allowed_networks", warning, "warning"))
    problems += privileged_port_problems(profile)
    return problems
