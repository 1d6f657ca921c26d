"""host:port parsing and formatting used by the command line and the profiles."""

import ipaddress

import pytest

from tunnelgui.engine.addresses import (
    EXPOSED_MESSAGE,
    AddressError,
    exposure_warning,
    format_address,
    ipv4_view,
    is_loopback_ip,
    packed_ip,
    parse_address,
)
from tunnelgui.engine.congestion import is_loopback


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:8080", ("127.0.0.1", 8080)),
        ("localhost:1", ("localhost", 1)),
        ("[::1]:65535", ("::1", 65535)),
        ("8080", ("127.0.0.1", 8080)),
    ],
)
def test_parse_good(text, expected):
    assert parse_address(text, default_host="127.0.0.1") == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("host:70000", "between 1 and 65535"),
        ("host:0", "between 1 and 65535"),
        ("host:http", "must be a number"),
        ("::1:80", "brackets"),
        ("[::1]80", "[IPv6]:PORT"),
        (":80", "no host"),
        ("", "empty"),
        ("8080", "no port"),
    ],
)
def test_parse_bad(text, fragment):
    with pytest.raises(AddressError, match=None) as info:
        parse_address(text)
    assert fragment in str(info.value)


def test_format_brackets_ipv6():
    assert format_address("::1", 80) == "[::1]:80"
    assert format_address("10.0.0.1", 80) == "10.0.0.1:80"


def test_any_port_allows_zero_only_when_asked():
    assert parse_address("0", default_host="127.0.0.1", any_port=True) == ("127.0.0.1", 0)
    assert parse_address("[::1]:0", any_port=True) == ("::1", 0)
    with pytest.raises(AddressError, match="between 1 and 65535"):
        parse_address("host:0")
    with pytest.raises(AddressError, match="between 1 and 65535"):
        parse_address("host:00", any_port=True)


@pytest.mark.parametrize(("text", "quoted"), [(":0", "':0'"), ("a:b:0", "'a:b:0'")])
def test_any_port_errors_quote_what_was_typed(text, quoted):
    with pytest.raises(AddressError) as info:
        parse_address(text, default_host="127.0.0.1", any_port=True)
    assert quoted in str(info.value)


def test_an_ipv4_mapped_address_is_judged_as_its_ipv4_address():
    assert exposure_warning("::ffff:127.0.0.1") == ""
    assert exposure_warning("::ffff:0.0.0.0") == EXPOSED_MESSAGE
    assert "192.168.1.5" in exposure_warning("192.168.1.5")


# What people type and sockets report, and near misses: packed_ip reads the engine's IP
# literals without ipaddress (issue 13), so it must read exactly what ipaddress reads.
LITERALS = [
    "127.0.0.1", "127.255.0.9", "0.0.0.0", "192.168.1.5", "255.255.255.255", "0", "127.1",
    "00.0.0.0", "010.0.0.1", "1.2.3.04", "0x7f.0.0.1", "1.2.3", "1.2.3.4.5", "256.1.1.1",
    " 1.2.3.4", "1.2.3.4 ", "1.2.3.4%eth0", "", "localhost", "example.com", "\u0661.2.3.4",
    "::", "::1", "0:0:0:0:0:0:0:1", "::1%lo", "fe80::1%eth0", "fe80::1%", "[::1]", "::1/128",
    "1::2::3", "12345::", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:0.0.0.0",
    "::ffff:1.2.3.04", "::127.0.0.1", "2001:db8::5", "::ffff:192.168.1.5", "1.2.3.4\x00",
]  # fmt: skip


def _ipaddress_view(text):
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return address if mapped is None else mapped


@pytest.mark.parametrize("text", LITERALS)
def test_packed_ip_reads_what_ipaddress_reads(text):
    address = _ipaddress_view(text)
    packed = packed_ip(text)
    if address is None:
        assert packed is None
        assert not is_loopback(text)
        return
    assert ipv4_view(packed) == address.packed
    assert is_loopback_ip(ipv4_view(packed)) == address.is_loopback == is_loopback(text)
    if address.is_unspecified:
        assert exposure_warning(text) == EXPOSED_MESSAGE
    elif address.is_loopback:
        assert exposure_warning(text) == ""
    else:
        assert text in exposure_warning(text)
