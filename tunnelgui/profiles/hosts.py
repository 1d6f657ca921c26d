"""What kind of host a profile names: an IP literal, loopback, a wildcard, a valid DNS name."""

from __future__ import annotations

import functools
import re

# ipaddress is imported where an address is read: a `forward` imports this module but reads no
# host here, and ipaddress would cost it ~0.4 MiB for its whole life (issue 13).
TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    import ipaddress

_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


@functools.lru_cache(maxsize=4096)  # thousands of profiles share a few listen hosts
def ip_or_none(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    import ipaddress

    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_loopback_host(host: str) -> bool:
    """localhost or a loopback IP literal (127.0.0.0/8, ::1, ::ffff:127.0.0.1)."""
    if host == "localhost":
        return True
    ip = ip_or_none(host)
    return ip is not None and unmapped_ip(ip).is_loopback


def unmapped_ip(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An IPv4-mapped IPv6 address as the IPv4 address it stands for; others as they are."""
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip if mapped is None else mapped


def is_wildcard_host(host: str) -> bool:
    ip = ip_or_none(host)
    return ip is not None and ip.is_unspecified


def is_valid_hostname(host: str) -> bool:
    """A DNS name (RFC 1123 labels; underscores tolerated, international names allowed)."""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return False
    host = host.removesuffix(".")
    if not host or len(host) > 253:
        return False
    labels = host.split(".")
    if all(label.isdigit() for label in labels):
        return False  # "1.2.3.999" is a broken IPv4 address, not a name
    return all(_HOST_LABEL.match(label) for label in labels)
