"""Process and per-tunnel limits: the open-files limit and the allowed client networks."""

from __future__ import annotations

from collections.abc import Iterable

try:  # Unix only; on other systems the limit is left as the platform sets it.
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

# ipaddress is imported by the functions that read networks: a tunnel without allowed networks
# never needs it, and it costs a `forward` ~0.4 MiB for its whole life (issue 13).
TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    import ipaddress

    Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def raise_open_files_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit; return the soft limit now in force.

    Every relayed connection holds two sockets, so the usual soft limit of 1024 would cap a
    tunnel at ~500 connections. Returns -1 where the platform has no such limit.
    """
    if resource is None:  # pragma: no cover - Windows
        return -1
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # Linux refuses an infinite soft limit for files; nr_open is the real ceiling then.
    wanted = _nr_open(default=65536) if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            return soft
        return wanted
    return soft


def _nr_open(default: int) -> int:
    try:
        with open("/proc/sys/fs/nr_open", encoding="ascii") as file:
            return int(file.read())
    except (OSError, ValueError):
        return default


def parse_networks(texts: Iterable[str]) -> tuple[Network, ...]:
    """Parse CIDR strings ("10.0.0.0/8", "::1", "192.168.1.7"); ValueError names the bad one."""
    texts = tuple(texts)
    if not texts:
        return ()
    import ipaddress

    networks = []
    for text in texts:
        try:
            # strict=False accepts "192.168.1.7/24" as the network it lies in, as firewalls do.
            networks.append(ipaddress.ip_network(text.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"{text!r} is not a network; write it like 192.168.1.0/24, 10.0.0.5 or ::1/128"
            ) from None
    return tuple(networks)


def unmapped(network: Network) -> Network:
    """An IPv6 network of IPv4-mapped addresses ("::ffff:127.0.0.1/128") as the IPv4 network it
    stands for (127.0.0.1/32): clients are matched as IPv4, so the mapped form alone would
    match no one."""
    import ipaddress

    ipv4_mapped = ipaddress.IPv6Network("::ffff:0:0/96")
    if isinstance(network, ipaddress.IPv6Network) and network.subnet_of(ipv4_mapped):
        low = int(network.network_address) & 0xFFFFFFFF
        return ipaddress.IPv4Network((low, network.prefixlen - 96))
    return network


class ClientFilter:
    """Decides whether a client address may use a tunnel (allowed_networks)."""

    __slots__ = ("_ip_address", "_v4", "_v6")

    def __init__(self, networks: Iterable[Network]) -> None:
        import ipaddress

        self._ip_address = ipaddress.ip_address
        networks = [unmapped(network) for network in networks]
        self._v4 = tuple(n for n in networks if n.version == 4)
        self._v6 = tuple(n for n in networks if n.version == 6)

    def allows(self, host: str) -> bool:
        """True when host (the peer address from accept()) lies in one of the networks."""
        try:
            address = self._ip_address(host.split("%", 1)[0])
        except ValueError:
            return False
        if address.version == 6:
            mapped = address.ipv4_mapped  # a dual-stack listener shows IPv4 clients this way
            if mapped is not None:
                address = mapped
            else:
                return any(address in network for network in self._v6)
        return any(address in network for network in self._v4)
