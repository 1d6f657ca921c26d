"""Errors the engine raises to its callers."""

from __future__ import annotations


class EngineError(Exception):
    """Base class; str(error) is a complete message a person can act on."""


class TunnelStartError(EngineError):
    """A tunnel could not start, e.g. "127.0.0.1:8080 is already in use"."""

    # True when the listen host is not (now) an address of this machine: it may come back.
    address_missing: bool = False
    # True when another socket holds the address (EADDRINUSE): the app can name its program.
    address_in_use: bool = False


class EngineStoppedError(EngineError):
    """The engine's loop is not running (never started or already shut down)."""
