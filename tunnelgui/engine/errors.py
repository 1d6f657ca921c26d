"""Errors the engine raises to its callers."""

from __future__ import annotations


class EngineError(Exception):
    """Base class; str(error) is a complete message a person can act on."""


class TunnelStartError(EngineError):
    """A tunnel could not start, e.g. "127.0.0.1:8080 is already in use"; str() is English.

    Where `template` is set, it and `fields` are the sentence before formatting, so a display can
    translate it (tunnelgui.i18n.translated_error; the engine imports no catalog): fields named
    in `words` hold words to translate too ("another program")."""

    template: str = ""
    fields: dict[str, object] = {}  # noqa: RUF012 - replaced per instance, never mutated
    words: tuple[str, ...] = ()

    @classmethod
    def sentence(
        cls, template: str, words: tuple[str, ...] = (), **fields: object
    ) -> TunnelStartError:
        error = cls(template.format(**fields))
        error.template, error.fields, error.words = template, fields, words
        return error

    # True when the listen host is not (now) an address of this machine: it may come back.
    address_missing: bool = False
    # True when another socket holds the address (EADDRINUSE): the app can name its program.
    address_in_use: bool = False


class EngineStoppedError(EngineError):
    """The engine's loop is not running (never started or already shut down)."""
