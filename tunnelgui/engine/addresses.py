"""Parsing and formatting host:port strings, IPv6 literals in brackets ("[::1]:8080")."""

from __future__ import annotations

import functools
import re
import socket

# ASCII digits only: int() would also take "١٧٢٠٤", "+80" and "80_80".
_PORT_TEXT = re.compile(r"[0-9]{1,5}")


def N_(message: str) -> str:
    """Marks a sentence for the message catalog (extracted as tunnelgui.i18n's N_ is). The
    engine speaks English; a display translates an AddressError with its template and fields
    (tunnelgui.i18n.translated_error)."""
    return message


class AddressError(ValueError):
    """A host:port string that cannot be understood; str() says why, in English.

    `template` and `fields` are the sentence before formatting, so a display can translate it;
    a field named `what` is a word to translate too ("listen address")."""

    def __init__(self, template: str, **fields: object) -> None:
        super().__init__(template.format(**fields))
        self.template = template
        self.fields = fields


def format_address(host: str, port: int) -> str:
    """host:port, with IPv6 literals in brackets: "[::1]:8080"."""
    if ":" in host and not host.startswith("["):
        return f"[{host}]:{port}"
    return f"{host}:{port}"


def lookup_host(host: str) -> str | bytes:
    """host as socket.getaddrinfo should get it: an ASCII name or literal as bytes, since for a
    str the socket module always encodes with the "idna" codec, whose import (unicodedata and
    stringprep: about 0.4 MiB for a forward's whole life) buys nothing for ASCII; other names as
    they are, for that codec to encode."""
    return host.encode("ascii") if host.isascii() else host


def _port_problem(text: str) -> tuple[bool, object] | None:
    """None for a port 1..65535; else (is a number, what to show: the number, or the text
    quoted and cut at 20 characters), for the sentence that says so."""
    if not _PORT_TEXT.fullmatch(text):
        return False, repr(text) if len(text) <= 20 else f"{text[:20]!r}..."
    port = int(text)
    return None if 1 <= port <= 65535 else (True, port)


def parse_port(text: str, what: str = N_("Port"), any_port: bool = False) -> int:
    """1..65535; with any_port, also "0" (the system picks a free port when binding)."""
    if any_port and text == "0":
        return 0
    problem = _port_problem(text)
    if problem is None:
        return int(text)
    number, shown = problem
    if number:
        raise AddressError(
            N_("{what} must be between 1 and 65535, not {port}"), what=what, port=shown
        )
    raise AddressError(
        N_("{what} must be a number between 1 and 65535, not {text}"), what=what, text=shown
    )


def parse_address(
    text: str, default_host: str | None = None, what: str = N_("address"), any_port: bool = False
) -> tuple[str, int]:
    """Split "host:port", "[v6]:port" or, when default_host is given, a bare "port".
    any_port allows port 0 (see parse_port).

    Returns the host without brackets. Raises AddressError with a readable message.
    """
    text = text.strip()
    if not text:
        raise AddressError(N_("The {what} is empty; expected HOST:PORT"), what=what)
    if text.startswith("["):
        end = text.find("]")
        if end == -1 or not text[end + 1 :].startswith(":"):
            raise AddressError(
                N_("The {what} {text} is not of the form [IPv6]:PORT"), what=what, text=repr(text)
            )
        host, port_text = text[1:end], text[end + 2 :]
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    elif ":" not in text and default_host is not None:
        host, port_text = default_host, text
    elif text.count(":") > 1:
        raise AddressError(
            N_("Put IPv6 addresses in brackets, e.g. [::1]:8080 (got {text})"), text=repr(text)
        )
    else:
        raise AddressError(
            N_("The {what} {text} has no port; expected HOST:PORT"), what=what, text=repr(text)
        )
    if not host:
        raise AddressError(
            N_("The {what} {text} has no host; expected HOST:PORT"), what=what, text=repr(text)
        )
    if any_port and port_text == "0":
        return host, 0
    problem = _port_problem(port_text)
    if problem is not None:
        # parse_port's sentences, told of the whole address
        number, shown = problem
        raise AddressError(
            N_("The port in {text} must be between 1 and 65535, not {port}")
            if number
            else N_("The port in {text} must be a number between 1 and 65535, not {port}"),
            text=repr(text),
            port=shown,
        )
    return host, int(port_text)


EXPOSED_MESSAGE = N_("Listens on all network interfaces: other machines can connect")
EXPOSED_ON = N_("Listens on {host}: other machines that can reach this address can connect")


@functools.lru_cache(maxsize=1024)  # a file of thousands of profiles has a few listen hosts
def exposure_warning(listen_host: str) -> str:
    """Why listening on `listen_host` lets other machines connect, or "" for loopback (and for
    text that is not an IP address, which validation reports on its own).

    For a running listener pass the host its socket is bound to (TunnelStats.listen_host), never
    the typed text: "0", "0x0" and "00000" bind every interface, and a name binds whatever it
    resolved to. An IPv4-mapped IPv6 address is judged as the IPv4 address it stands for.
    """
    if listen_host == "localhost":
        return ""
    packed = packed_ip(listen_host)
    if packed is None:
        return ""
    packed = ipv4_view(packed)
    if not any(packed):
        return EXPOSED_MESSAGE
    if is_loopback_ip(packed):
        return ""
    return EXPOSED_ON.format(host=listen_host)


# IP literals read with socket.inet_pton, not ipaddress: ipaddress costs a `forward` ~0.4 MiB for
# its whole life (issue 13), and these few answers need only the address's bytes.
_IPV4_MAPPED = bytes(10) + b"\xff\xff"
_IPV6_LOOPBACK = bytes(15) + b"\x01"


def packed_ip(host: str) -> bytes | None:
    """An IP literal's address: 4 bytes (IPv4) or 16 (IPv6, a zone such as "%eth0" dropped);
    None when host is not one. Reads what ipaddress.ip_address reads (tests/test_addresses.py
    holds them together): no leading zeros, no short forms like "127.1"."""
    if ":" in host:
        address, percent, zone = host.partition("%")
        if percent and not zone:
            return None
        family = socket.AF_INET6
    else:
        address, family = host, socket.AF_INET
    try:
        return socket.inet_pton(family, address)
    except (OSError, ValueError):  # ValueError: not ASCII, or a NUL in it
        return None


def ipv4_view(packed: bytes) -> bytes:
    """An IPv4-mapped IPv6 address (::ffff:127.0.0.1) as the IPv4 address it stands for."""
    return packed[12:] if packed[:12] == _IPV4_MAPPED else packed


def is_loopback_ip(packed: bytes) -> bool:
    """127.0.0.0/8 or ::1 (pass ipv4_view(packed) to count ::ffff:127.x as loopback too)."""
    return packed[0] == 127 if len(packed) == 4 else packed == _IPV6_LOOPBACK
