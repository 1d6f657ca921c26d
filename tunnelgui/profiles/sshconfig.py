"""Reading OpenSSH client configs: each LocalForward of a Host block becomes an SSH-hop forward."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tunnelgui.engine.addresses import format_address
from tunnelgui.i18n import _
from tunnelgui.profiles.foreign import (
    ForeignConfig,
    ForeignConfigError,
    ForeignForward,
    decimal_port,
    unique_name,
)
from tunnelgui.profiles.model import Profile

_KEYWORD = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+|$)(.*)$")
_WILDCARDS = set("*?!")


class _Block:
    """A Host (or Match) section: its first alias and its forwards."""

    def __init__(self, alias: str, is_match: bool = False) -> None:
        self.alias = alias
        self.is_match = is_match
        self.forwards: list[tuple[int, str, str]] = []  # (line, listen, target)

    @property
    def is_pattern(self) -> bool:
        return self.is_match or bool(_WILDCARDS & set(self.alias))


def parse_ssh_config(text: str, source_name: str = "ssh config") -> ForeignConfig:
    """The LocalForward lines of an OpenSSH client config, per Host block.

    Raises ForeignConfigError for a LocalForward line it cannot read.
    """
    config = ForeignConfig()
    blocks = [_Block("*")]  # lines before the first Host apply to every host
    included = False
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEYWORD.match(stripped)
        if not match:
            raise ForeignConfigError(
                number, _("{line} is not a 'Keyword value' line").format(line=repr(stripped))
            )
        keyword, rest = match.group(1).lower(), match.group(2)
        try:
            args = shlex.split(rest, comments=True)
        except ValueError as error:
            raise ForeignConfigError(
                number, _("cannot split {text}: {reason}").format(text=repr(rest), reason=error)
            ) from None
        if keyword == "host":
            aliases = [a for a in args if not a.startswith("!")] or ["*"]
            blocks.append(_Block(aliases[0]))
        elif keyword == "match":
            blocks.append(_Block("Match " + " ".join(args), is_match=True))
        elif keyword == "include":
            included = True
        elif keyword == "localforward":
            if len(args) != 2:
                raise ForeignConfigError(
                    number, _("LocalForward takes two arguments: [BIND:]PORT HOST:HOSTPORT")
                )
            blocks[-1].forwards.append((number, args[0], args[1]))
    if included:
        config.notes.append(
            _("Include lines were not followed; import the included files separately.")
        )

    taken: set[str] = set()
    for block in blocks:
        for number, listen, target in block.forwards:
            profile = _convert(block, number, listen, target, source_name, config.notes, taken)
            if profile is not None:
                where = _("line {number}").format(number=number)
                config.forwards.append(ForeignForward(profile, where))
    return config


def _convert(
    block: _Block,
    number: int,
    listen: str,
    target: str,
    source_name: str,
    notes: list[str],
    taken: set[str],
) -> Profile | None:
    section = block.alias if block.is_match else f"Host {block.alias}"
    where = _("The LocalForward on line {number} ({section})").format(
        number=number, section=section
    )
    if block.is_match:
        notes.append(
            _("{where} was not imported: forwards in Match blocks have no single host.").format(
                where=where
            )
        )
        return None
    if _is_socket_path(listen) or _is_socket_path(target):
        notes.append(_("{where} was not imported: it forwards a Unix socket.").format(where=where))
        return None
    bind_host, listen_port = _split(listen, number, _("listen address"), port_only_ok=True)
    target_host, target_port = _split(target, number, _("target"), port_only_ok=False)
    if listen_port == 0:
        notes.append(
            _("{where} was not imported: it asks for any free port (0).").format(where=where)
        )
        return None
    if bind_host in (None, "localhost"):
        bind_host = "127.0.0.1"
    elif bind_host in ("", "*"):
        bind_host = "0.0.0.0"

    if block.is_pattern:
        notes.append(
            _(
                "{where} was not imported: it applies to whichever server the pattern matched, "
                "which one profile cannot name."
            ).format(where=where)
        )
        return None
    # Exactly like ssh -L: the target (even "localhost") is reached from the SSH server.
    return Profile(
        name=unique_name(f"{block.alias} {listen_port}", taken),
        listen_host=bind_host,
        listen_port=listen_port,
        target_host=target_host,
        target_port=target_port,
        group="ssh",
        via=block.alias,
        notes=(
            f"Imported from the OpenSSH config {source_name}, line {number} (Host "
            f"{block.alias}): {format_address(target_host, target_port)} through "
            f"{block.alias}, as ssh forwarded it."
        ),
    )


def _is_socket_path(text: str) -> bool:
    return text.startswith(("/", "~", "./"))


def _split(text: str, line: int, what: str, *, port_only_ok: bool) -> tuple[str | None, int]:
    """ssh's forms: PORT, HOST:PORT, [IPV6]:PORT, and the older HOST/PORT."""
    host: str | None
    if text.startswith("["):
        end = text.find("]")
        if end == -1 or text[end + 1 : end + 2] not in (":", "/"):
            raise ForeignConfigError(
                line, _("the {what} {text} is not [IPV6]:PORT").format(what=what, text=repr(text))
            )
        host, port_text = text[1:end], text[end + 2 :]
    elif "/" in text:
        host, _slash, port_text = text.rpartition("/")
    elif ":" in text:
        host, _colon, port_text = text.rpartition(":")
        if ":" in host:
            raise ForeignConfigError(
                line,
                _("put the IPv6 address in {text} in brackets, like [::1]:8080").format(
                    text=repr(text)
                ),
            )
    elif port_only_ok:
        host, port_text = None, text
    else:
        raise ForeignConfigError(
            line,
            _("the {what} {text} has no port; expected HOST:PORT").format(
                what=what, text=repr(text)
            ),
        )
    port = decimal_port(port_text)
    if port is None:
        raise ForeignConfigError(
            line,
            _("the {what} {text} does not end in a port number").format(what=what, text=repr(text)),
        )
    # A listen port of 0 means "any free port", which the caller reports; a target needs one.
    if port > 65535 or (port == 0 and not port_only_ok):
        raise ForeignConfigError(
            line,
            _("the port {port} in the {what} {text} is out of range (1-65535)").format(
                port=port_text, what=what, text=repr(text)
            ),
        )
    if not port_only_ok and not host:
        raise ForeignConfigError(
            line, _("the {what} {text} has no host").format(what=what, text=repr(text))
        )
    return host, port


# The Host picker reads at most this much of a config: a bigger one is not a hand-written file.
MAX_CONFIG_BYTES = 1024 * 1024


def host_aliases(text: str) -> list[str]:
    """The Host names of a config that name one server (no patterns, no negations), in order."""
    aliases: list[str] = []
    for raw in text.splitlines():
        match = _KEYWORD.match(raw.strip())
        if not match or match.group(1).lower() != "host":
            continue
        try:
            names = shlex.split(match.group(2), comments=True)
        except ValueError:
            continue
        for name in names:
            if not (_WILDCARDS & set(name)) and name not in aliases:
                aliases.append(name)
    return aliases


def read_host_aliases(path: Path) -> list[str]:
    """host_aliases() of the file at path; none when it is missing, unreadable or huge."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_CONFIG_BYTES + 1)
    except OSError:
        return []
    if len(data) > MAX_CONFIG_BYTES:
        return []
    return host_aliases(data.decode("utf-8", "replace"))
