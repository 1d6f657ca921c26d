"""The answer to a command run on the loop thread, which the calling thread waits for.

concurrent.futures.Future does this job, but importing it brings logging and more: about
0.6 MiB in a `forward` process that otherwise needs neither.
"""

from __future__ import annotations

import threading

TYPE_CHECKING = False  # as typing's, which costs a forward ~0.5 MiB to import (issue 13)
if TYPE_CHECKING:
    from typing import Generic, TypeVar

    T = TypeVar("T")
else:

    class Generic:
        """At run time Answer needs no typing.Generic: Answer[T] is only read by type checkers."""

        __slots__ = ()

        def __class_getitem__(cls, item: object) -> type:
            return cls

    T = None

_PENDING, _RUNNING, _CANCELLED = 0, 1, 2


class Answer(Generic[T]):
    """One command's result or exception; cancel() before it starts means it never runs."""

    __slots__ = ("_done", "_error", "_lock", "_state", "_value")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._state = _PENDING
        self._value: T | None = None
        self._error: BaseException | None = None

    def start(self) -> bool:
        """On the loop: False when the caller gave up (cancelled) and the command must not run."""
        with self._lock:
            if self._state == _CANCELLED:
                return False
            self._state = _RUNNING
            return True

    def cancel(self) -> bool:
        """The caller gives up; True when the command had not started (it never will)."""
        with self._lock:
            if self._state == _PENDING:
                self._state = _CANCELLED
                return True
            return False

    def set_result(self, value: T) -> None:
        self._value = value
        self._done.set()

    def set_exception(self, error: BaseException) -> None:
        self._error = error
        self._done.set()

    def result(self, timeout: float | None = None) -> T:
        """The value, or the command's exception raised here; TimeoutError after timeout s."""
        if not self._done.wait(timeout):
            raise TimeoutError
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
