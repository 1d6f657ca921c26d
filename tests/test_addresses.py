"""host:port parsing and formatting used by the command line and the profiles."""

import pytest

from tunnelgui.engine.addresses import (
    EXPOSED_MESSAGE,
    AddressError,
    exposure_warning,
    format_address,
    parse_address,
)


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
