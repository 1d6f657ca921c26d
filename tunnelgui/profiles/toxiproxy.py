"""Reading Toxiproxy configs: its populate JSON (a list of {name, listen, upstream, enabled}) or
its API's /proxies object, toxics included, as profiles with network conditions.

Toxiproxy usually runs in a container or on a CI machine, where listening on every interface
("[::]:8080", "0.0.0.0:8080", ":8080") is how other containers reach it. On a desktop that would
expose a test service to the whole network, so such a proxy is imported on 127.0.0.1 (this
machine only, like every new TunnelGUI profile) and a note says so; keep_wildcard keeps the
address as written (`profiles import --keep-listen-hosts`). A proxy's "enabled" becomes
autostart, so `tunnelgui run` starts the same proxies toxiproxy-server -config did.

Toxics map to conditions where the effect is the same or close ("stream" upstream = to the
target, downstream = to the client; "toxicity" = probability); a note names each approximation
and each toxic left out.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from tunnelgui.engine.addresses import AddressError, format_address, parse_address
from tunnelgui.engine.conditions import (
    Bandwidth,
    CloseAfter,
    Condition,
    Direction,
    Effect,
    Latency,
    ResetAfter,
    Slicer,
    SlowClose,
    Stall,
)
from tunnelgui.i18n import N_, _, translated_error
from tunnelgui.profiles.foreign import (
    ForeignConfig,
    ForeignConfigError,
    ForeignForward,
    unique_name,
)
from tunnelgui.profiles.hosts import is_wildcard_host
from tunnelgui.profiles.json_values import describe_value, show_value
from tunnelgui.profiles.model import DEFAULT_LISTEN_HOST, Profile

PROXY_KEYS = ("name", "listen", "upstream", "enabled", "toxics")
STREAMS = {"upstream": Direction.TO_TARGET, "downstream": Direction.TO_CLIENT}
# What Toxiproxy does differently from the condition a toxic becomes: said once per kind.
APPROXIMATIONS = {  # msgids: said through tunnelgui.i18n._
    "timeout": N_(
        "a 'timeout' toxic became a stall (Toxiproxy drops the bytes it holds; TunnelGUI "
        "keeps them until the stall is switched off), with a reset after its timeout where it "
        "had one."
    ),
    "reset_peer": N_(
        "a 'reset_peer' toxic became a reset counted from the connection's start "
        "(Toxiproxy counts from its first bytes); one with timeout 0 resets after the first "
        "byte."
    ),
}


def looks_like_toxiproxy(document: Any) -> bool:
    """A list of proxy objects, or an object of them by name (GET /proxies)."""
    proxies = _proxies_of(document)
    return bool(proxies) and all(
        isinstance(proxy, dict) and ("upstream" in proxy or "listen" in proxy)
        for _, proxy in proxies
    )


def _proxies_of(document: Any) -> list[tuple[str, Any]]:
    """(name it is known by, proxy) pairs: the API's object names each proxy by its key."""
    if isinstance(document, list):
        return [("", proxy) for proxy in document]
    if isinstance(document, dict) and "format" not in document:
        return list(document.items())
    return []


def parse_toxiproxy(
    document: Any, source_name: str = "toxiproxy.json", keep_wildcard: bool = False
) -> ForeignConfig:
    """The proxies of a decoded Toxiproxy config. Raises ForeignConfigError for a proxy or toxic
    it cannot read (its place named: "proxy 'web' (#2), toxic 'lag' (#1), ...")."""
    config = ForeignConfig()
    taken: set[str] = set()
    opened: list[str] = []
    kept: set[str] = set()
    for index, (key, proxy) in enumerate(_proxies_of(document), start=1):
        reader = _ProxyReader(index, key, proxy)
        profile, conditions, wildcard = reader.read(config.notes, kept)
        listen_host = profile.listen_host
        if wildcard and not keep_wildcard:
            opened.append(f"{profile.name!r} ({wildcard})")
            listen_host = DEFAULT_LISTEN_HOST
        profile = dataclasses.replace(
            profile,
            name=unique_name(profile.name, taken),
            listen_host=listen_host,
            conditions=conditions,
            notes=f"Imported from the Toxiproxy config {source_name}, proxy #{index}.",
        )
        config.forwards.append(ForeignForward(profile, reader.where()))
    if opened:
        config.notes.append(
            _(
                "{proxies} listened on every network interface; imported on "
                "{host}, this machine only. Change the listen host to let other "
                "machines in (or import with --keep-listen-hosts)."
            ).format(proxies=_(", ").join(opened), host=DEFAULT_LISTEN_HOST)
        )
    config.notes += [_(APPROXIMATIONS[kind]) for kind in sorted(kept) if kind in APPROXIMATIONS]
    return config


class _ProxyReader:
    def __init__(self, index: int, key: str, proxy: Any) -> None:
        self.index = index
        self.proxy = proxy
        name = proxy.get("name") if isinstance(proxy, dict) else None
        self.name = name if isinstance(name, str) else key

    def where(self, detail: str = "") -> str:
        if self.name:
            who = _("proxy {name} (#{number})").format(name=repr(self.name), number=self.index)
        else:
            who = _("proxy #{number}").format(number=self.index)
        return f"{who}, {detail}" if detail else who

    def fail(self, detail: str, message: str) -> ForeignConfigError:
        return ForeignConfigError(self.index, message, where=self.where(detail))

    def text(self, key: str) -> str:
        value = self.proxy.get(key)
        if not isinstance(value, str) or not value.strip():
            got = "nothing" if key not in self.proxy else show_value(value)
            raise self.fail(f"field {key!r}", f"must be a text like 'localhost:8080', got {got}")
        return value.strip()

    def read(
        self, notes: list[str], kinds_used: set[str]
    ) -> tuple[Profile, tuple[Condition, ...], str]:
        """The proxy as a profile (its name not yet made unique), its conditions, and the
        wildcard listen address it gave ("" when it named a host)."""
        if not isinstance(self.proxy, dict):
            raise self.fail("", f"must be a JSON object, found {describe_value(self.proxy)}")
        if "name" in self.proxy and not isinstance(self.proxy["name"], str):
            raise self.fail("field 'name'", f"must be a text, got {show_value(self.proxy['name'])}")
        ignored = [key for key in self.proxy if key not in PROXY_KEYS]
        if ignored:
            notes.append(
                _("{where}: ignored {keys}.").format(
                    where=self.where(), keys=_(", ").join(repr(k) for k in ignored)
                )
            )
        listen = self.text("listen")
        listen_host, listen_port, wildcard = self._listen(listen)
        upstream = self.text("upstream")
        try:
            target_host, target_port = parse_address(upstream, None, "upstream")
        except AddressError as error:
            raise self.fail("field 'upstream'", translated_error(error)) from None
        enabled = self.proxy.get("enabled", True)
        if not isinstance(enabled, bool):
            raise self.fail("field 'enabled'", f"must be true or false, got {show_value(enabled)}")
        profile = Profile(
            name=self.name or format_address(target_host, target_port),
            listen_host=listen_host,
            listen_port=listen_port,
            target_host=target_host,
            target_port=target_port,
            autostart=enabled,
            group="toxiproxy",
        )
        return profile, self._conditions(notes, kinds_used), wildcard

    def _listen(self, text: str) -> tuple[str, int, str]:
        # Go's ":8080" listens on every interface, like "0.0.0.0:8080".
        shown = text
        if text.startswith(":"):
            text = "0.0.0.0" + text
        try:
            host, port = parse_address(text, None, "listen address", any_port=True)
        except AddressError as error:
            raise self.fail("field 'listen'", translated_error(error)) from None
        return host, port, shown if is_wildcard_host(host) else ""

    def _conditions(self, notes: list[str], kinds_used: set[str]) -> tuple[Condition, ...]:
        toxics = self.proxy.get("toxics", [])
        if toxics is None:
            return ()
        if not isinstance(toxics, list):
            raise self.fail("field 'toxics'", f"must be a list, found {describe_value(toxics)}")
        conditions: list[Condition] = []
        for number, toxic in enumerate(toxics, start=1):
            conditions += _ToxicReader(self, number, toxic).read(notes, kinds_used)
        return tuple(conditions)


class _ToxicReader:
    def __init__(self, proxy: _ProxyReader, number: int, toxic: Any) -> None:
        self.proxy = proxy
        self.number = number
        self.toxic = toxic
        name = toxic.get("name") if isinstance(toxic, dict) else None
        self.label = (
            _("toxic {name} (#{number})").format(name=repr(name), number=number)
            if isinstance(name, str)
            else _("toxic #{number}").format(number=number)
        )

    def fail(self, detail: str, message: str) -> ForeignConfigError:
        return self.proxy.fail(f"{self.label}{', ' + detail if detail else ''}", message)

    def read(self, notes: list[str], kinds_used: set[str]) -> list[Condition]:
        toxic = self.toxic
        if not isinstance(toxic, dict):
            raise self.fail("", f"must be a JSON object, found {describe_value(toxic)}")
        kind = toxic.get("type")
        if not isinstance(kind, str):
            raise self.fail(
                "field 'type'", f"must be a text like 'latency', got {show_value(kind)}"
            )
        stream = toxic.get("stream", "downstream")  # Toxiproxy's own default
        if stream not in STREAMS:
            raise self.fail(
                "field 'stream'", f"must be upstream or downstream, got {show_value(stream)}"
            )
        probability = toxic.get("toxicity", 1.0)
        if (
            isinstance(probability, bool)
            or not isinstance(probability, int | float)
            or not (0 <= probability <= 1)
        ):
            raise self.fail(
                "field 'toxicity'", f"must be a number from 0 to 1, got {show_value(probability)}"
            )
        attributes = toxic.get("attributes", {})
        if not isinstance(attributes, dict):
            raise self.fail(
                "field 'attributes'", f"must be an object, found {describe_value(attributes)}"
            )
        effects = self._effects(kind, attributes, notes)
        if effects:
            kinds_used.add(kind)
        direction = STREAMS[stream]
        return [Condition(effect, direction, True, float(probability)) for effect in effects]

    def _effects(self, kind: str, attributes: dict, notes: list[str]) -> list[Effect]:
        def number(key: str, scale: int = 1) -> Decimal:
            value = attributes.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise self.fail(
                    f"attribute {key!r}", f"must be a number of 0 or more, got {show_value(value)}"
                )
            return Decimal(value) / scale

        def seconds(key: str, per_second: int = 1000) -> float:
            return float(number(key, per_second))  # Toxiproxy counts milliseconds

        def whole(key: str, multiple: int = 1) -> int:
            return int(number(key) * multiple)

        if kind == "latency":
            return [Latency(seconds("latency"), seconds("jitter"))]
        if kind == "bandwidth":
            rate = whole("rate", 1000)  # KB/s, K = 1000
            if rate == 0:
                notes.append(
                    _("{where}: a bandwidth of 0 caps nothing in Toxiproxy; left out.").format(
                        where=self.proxy.where(self.label)
                    )
                )
                return []
            return [Bandwidth(rate)]
        if kind == "slicer":
            size, variation = whole("average_size"), whole("size_variation")
            return [Slicer(size, seconds("delay", 1_000_000), variation)]  # delay: microseconds
        if kind == "timeout":
            timeout = seconds("timeout")
            return [Stall(0.0)] + ([ResetAfter(seconds=timeout)] if timeout else [])
        if kind == "reset_peer":
            timeout = seconds("timeout")
            return [ResetAfter(seconds=timeout) if timeout else ResetAfter(bytes=1)]
        if kind == "limit_data":
            return [CloseAfter(whole("bytes"))]
        if kind == "slow_close":
            return [SlowClose(seconds("delay"))]
        notes.append(
            _(
                "{where}: Toxiproxy's {kind} toxic has no TunnelGUI equivalent and was left out."
            ).format(where=self.proxy.where(self.label), kind=repr(kind))
        )
        return []
