"""Sentences for engine events, formatted and translated only when someone reads them.

The engine speaks English and imports no catalog: it is the lowest floor, and tunnelgui.i18n
sits above it. The floor that holds an Engine (headless.py, the worker) hands this module the
user's translating functions once, use_language(i18n._, i18n.ngettext); they are called when an
event's sentence is read (EngineEvent.message, on the reader's thread), so recording an event
costs no lookup and a connection's hot path pays nothing. Without them, English.

Sentences are msgids marked with N_ / N_plural (extracted with tunnelgui.i18n's, by
packaging/gettext.sh) whose fields are named, so a translation may reorder them. A reason or
other part of a sentence with fields of its own is a Phrase: a str whose text is the English,
which keeps its template and fields so that say() can translate it when it is shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.units import format_bytes, format_duration


def N_(message: str) -> str:
    """Marks a msgid (as tunnelgui.i18n's N_); translated with say() where it is read."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a counted msgid (as tunnelgui.i18n's N_plural); translated with ngettext()."""
    return singular, plural


def _english(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


# The translating functions (English until use_language()): module globals read at call time,
# named as gettext.sh's keywords (_ and ngettext) so the sentences below are extracted.
_: Callable[[str], str] = _english
ngettext: Callable[[str, str, int], str] = _english_plural


class _Fitted(str):
    """A translation that fills in as its English would: a catalog entry whose placeholders do
    not fit the fields given (renamed, lost, a wrong format spec) is filled in as the English
    msgid instead of raising, so a bad translation never breaks reading an event (the event
    log, `forward`'s output, a notification)."""

    english: str

    def format(self, /, *args: object, **fields: object) -> str:
        try:
            return str.format(self, *args, **fields)
        except Exception:
            return self.english.format(*args, **fields)


def _fitted(translated: str, english: str) -> str:
    if translated is english or translated == english:
        return english
    fitted = _Fitted(translated)
    fitted.english = english
    return fitted


def use_language(
    gettext_function: Callable[[str], str], ngettext_function: Callable[[str, str, int], str]
) -> None:
    """Translate the engine's sentences with these from now on (tunnelgui.i18n's _ and
    ngettext, which follow its set_language()). Sentences read already stay as they were."""
    global _, ngettext

    def translate(message: str) -> str:
        return _fitted(gettext_function(message), message)

    def translate_plural(singular: str, plural: str, n: int) -> str:
        english = _english_plural(singular, plural, n)
        return _fitted(ngettext_function(singular, plural, n), english)

    if gettext_function is _english and ngettext_function is _english_plural:
        _, ngettext = _english, _english_plural  # back to English (tests restore it so)
    else:
        _, ngettext = translate, translate_plural


class Phrase(str):
    """A sentence or part of one with fields: as a str it is the English text (what the engine
    stored before), and its template and fields let say() word it in the reader's language.
    Made only on rare paths (a reset, a timeout); the common reasons are plain msgids."""

    template: str
    fields: dict[str, object]
    plural: str = ""  # a counted sentence's plural msgid (template is the singular)
    count: int = 0

    def __new__(cls, template: str, /, **fields: object) -> Phrase:
        return cls.worded(template.format(**fields), template, fields)

    @classmethod
    def worded(cls, english: str, template: str, fields: dict[str, object]) -> Phrase:
        """A Phrase whose English is not its template's (see failure_reason)."""
        phrase = str.__new__(cls, english)
        phrase.template = template
        phrase.fields = fields
        return phrase

    @classmethod
    def counted(cls, forms: tuple[str, str], n: int, /, **fields: object) -> Phrase:
        """A counted Phrase: forms from N_plural(), n the count ({n} in them)."""
        singular, plural = forms
        fields["n"] = n
        phrase = cls.worded(_english_plural(singular, plural, n).format(**fields), singular, fields)
        phrase.plural, phrase.count = plural, n
        return phrase


def say(text: object) -> str:
    """text in the reader's language: a Phrase's template translated and filled with its fields
    (each said too: a field may be a msgid or a Phrase); a msgid translated; any other str
    (ssh's words, a system error) as it is."""
    if isinstance(text, Phrase):
        fields = {key: say(value) if isinstance(value, str) else value
                  for key, value in text.fields.items()}  # fmt: skip
        if text.plural:
            english = _english_plural(text.template, text.plural, text.count)
            template = ngettext(text.template, text.plural, text.count)
        else:
            english = text.template
            template = _(text.template)
        if template == english and all(fields[key] == text.fields[key] for key in fields):
            # Nothing to translate: the English the engine worded (failure_reason's differs
            # from its template's).
            return str(text)
        return template.format(**fields)  # a translation that does not fit: _Fitted
    if isinstance(text, str):
        # gettext("") is the catalog's header, not an empty reason.
        return _(text) if text else text
    return str(text)


def failure_reason(close_reason: str) -> str:
    """A close reason ("was closed by the client") as the reason a connect failed ("closed by
    the client"): the same words in a translation."""
    return Phrase.worded(close_reason.removeprefix("was "), "{reason}", {"reason": close_reason})


def error_text(error: BaseException) -> str:
    """str(error) in the reader's language when the error keeps its sentence's template and
    fields (a TunnelStartError.sentence(), an AddressError); fields named in its `words`, or
    `what`, are words to translate too. Others as they are."""
    template = getattr(error, "template", None)
    fields = getattr(error, "fields", None)
    if not isinstance(template, str) or not template or not isinstance(fields, dict):
        return str(error)
    words = ("what", *getattr(error, "words", ()))
    shown = {
        key: say(value) if key in words and isinstance(value, str) else value
        for key, value in fields.items()
    }
    try:
        return _(template).format(**shown)
    except Exception:  # the error's own template and fields do not fit
        return str(error)


# Reasons with fields, made into a Phrase where several modules give them.
NO_ANSWER = N_("no answer within {seconds:g} s")
HOP_IS_DOWN = N_("the SSH hop is down ({error})")
SERVER_REPORTS = N_("the SSH server reports {words}")


def peer_text(peer: tuple) -> str:
    return format_address(peer[0], peer[1])


# -- connections (recorded per connection: only these functions and their args are stored) --


def connection_opened(conn_id: int, peer: tuple, target: str) -> str:
    return _("Connection {conn_id} from {peer} is relayed to {target}.").format(
        conn_id=conn_id, peer=peer_text(peer), target=target
    )


def connection_closed(
    conn_id: int,
    peer: tuple,
    reason: str,
    to_target: int,
    to_client: int,
    seconds: float,
    discarded_to_target: int = 0,
    discarded_to_client: int = 0,
) -> str:
    fields = {
        "conn_id": conn_id,
        "peer": peer_text(peer),
        "reason": say(reason),
        "duration": format_duration(seconds),
        "to_target": format_bytes(to_target),
        "to_client": format_bytes(to_client),
    }
    if not (discarded_to_target or discarded_to_client):
        # TRANSLATORS: {reason} says how it ended, e.g. "was closed by the client".
        return _(
            "Connection {conn_id} from {peer} {reason} after {duration} "
            "({to_target} to the target, {to_client} to the client)."
        ).format(**fields)
    discarded = [
        _(template).format(size=format_bytes(count))
        for template, count in (
            (N_("{size} to the target"), discarded_to_target),
            (N_("{size} to the client"), discarded_to_client),
        )
        if count
    ]
    # TRANSLATORS: {discarded} lists what a reset threw away, e.g. "2.0 KiB to the client".
    return _(
        "Connection {conn_id} from {peer} {reason} after {duration} "
        "({to_target} to the target, {to_client} to the client; discarded on reset: "
        "{discarded})."
    ).format(discarded=_(LIST_SEPARATOR).join(discarded), **fields)


# TRANSLATORS: between the items of a list ("2.0 KiB to the target, 1.0 KiB to the client").
LIST_SEPARATOR = N_(", ")


def connection_rejected(peer: tuple, why: str) -> str:
    return _("Refused a connection from {peer}: {why}.").format(peer=peer_text(peer), why=say(why))


def connect_failed(conn_id: int, peer: tuple, target: str, reason: str) -> str:
    return _(
        "Connection {conn_id} from {peer} was closed: cannot reach {target} ({reason})."
    ).format(conn_id=conn_id, peer=peer_text(peer), target=target, reason=say(reason))


TOO_MANY = N_plural(
    "the tunnel already has {n} connection", "the tunnel already has {n} connections"
)


@functools.lru_cache(maxsize=16)
def too_many(limit: int) -> Phrase:
    """Why a client over the tunnel's limit is refused: one Phrase per limit, however many
    clients a flood brings."""
    return Phrase.counted(TOO_MANY, limit)


# -- tunnels (a few per tunnel: formatted when read too, so one policy holds for all) ---------


def tunnel_started(label: str, listen: str, target: str) -> str:
    return _("Tunnel {label!r} listens on {listen} and forwards to {target}.").format(
        label=label, listen=listen, target=target
    )


def tunnel_stopped(label: str, listen: str, open_count: int) -> str:
    if not open_count:
        return _("Tunnel {label!r} stopped listening on {listen}.").format(
            label=label, listen=listen
        )
    return ngettext(
        "Tunnel {label!r} stopped listening on {listen} and closed {n} connection.",
        "Tunnel {label!r} stopped listening on {listen} and closed {n} connections.",
        open_count,
    ).format(label=label, listen=listen, n=open_count)


def tunnel_failed(label: str, listen: str, why: str) -> str:
    return _("Tunnel {label!r} stopped listening on {listen}: {why}.").format(
        label=label, listen=listen, why=say(why)
    )


def accepting_paused(label: str, why: str) -> str:
    return _(
        "Tunnel {label!r} pauses accepting clients for a moment: {why}. Raise the open-files "
        "limit or close connections."
    ).format(label=label, why=why)


def tunnel_waiting(label: str, host: str, listen: str) -> str:
    return _(
        "Tunnel {label!r} waits for {host} to be an address of this machine, then listens on "
        "{listen}."
    ).format(label=label, host=host, listen=listen)


def waiting_stopped(label: str, host: str) -> str:
    return _("Tunnel {label!r} stopped waiting for {host}.").format(label=label, host=host)


# -- the target ---------------------------------------------------------------------------


def target_up(target: str) -> str:
    return _("The target {target} is reachable.").format(target=target)


def target_down(target: str, reason: str) -> str:
    return _("The target {target} is unreachable: {reason}.").format(
        target=target, reason=say(reason)
    )


def target_moved(target: str, now: str, before: str) -> str:
    return _("The target {target} now resolves to {now} (was {before}).").format(
        target=target, now=now, before=before
    )


# -- the SSH hop --------------------------------------------------------------------------


def hop_connecting(label: str, via: str) -> str:
    return _("Tunnel {label!r}: Connecting to SSH server {via!r}.").format(label=label, via=via)


def hop_ready(label: str, via: str) -> str:
    return _("Tunnel {label!r}: SSH server {via!r} is ready.").format(label=label, via=via)


def hop_failed(label: str, error: str) -> str:
    return _(
        "Tunnel {label!r}: SSH failed: {error}. Not retrying; fix the cause and start the "
        "tunnel again."
    ).format(label=label, error=say(error))


def hop_retrying(label: str, lost: bool, error: str, delay: float) -> str:
    if lost:
        template = N_(
            "Tunnel {label!r}: SSH connection lost: {error}. Reconnecting in {delay:g} s."
        )
    else:
        template = N_("Tunnel {label!r}: SSH failed: {error}. Reconnecting in {delay:g} s.")
    return _(template).format(label=label, error=say(error), delay=delay)
