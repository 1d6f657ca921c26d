"""The loop's selector: selectors.DefaultSelector, with a leaner epoll flavour on Linux."""

from __future__ import annotations

import select
import selectors
from collections.abc import Callable

SelectorKey = selectors.SelectorKey
Handler = Callable[[int], None]
# SelectorKey(...) runs namedtuple's generated Python __new__; tuple.__new__ builds the same key
# without that extra frame (a register and an unregister per socket of every connection).
_new_key = tuple.__new__

_EpollSelector = getattr(selectors, "EpollSelector", None)


def forgetter(selector: selectors.BaseSelector) -> Callable[[int], None]:
    """What to call for a registered fd that is closed right after: forget() where closing is
    enough (LeanEpollSelector), else an ordinary unregister()."""
    forget = getattr(selector, "forget", None)
    return forget if forget is not None else selector.unregister


def adder(selector: selectors.BaseSelector) -> Callable[[int, int, Handler], object]:
    """register() for an fd of our own (an int, events READ and/or WRITE), without register()'s
    checks where the selector is a LeanEpollSelector: two per connection."""
    if LeanEpollSelector is None or type(selector) is not LeanEpollSelector:
        return selector.register
    poll_register = selector.poll_object.register
    fd_map = selector.fd_map
    readers = selector.readers

    def add(fd: int, events: int, handler: Handler) -> None:
        # An fd registered twice fails in epoll (FileExistsError) before the map changes.
        poll_register(fd, _EPOLL_BITS[events])
        fd_map[fd] = _new_key(SelectorKey, (fd, fd, events, handler))
        if events == 1:
            readers[fd] = handler  # as LeanEpollSelector.register keeps them

    return add


def make_selector() -> selectors.BaseSelector:
    """LeanEpollSelector where CPython's EpollSelector is the default, else DefaultSelector."""
    if LeanEpollSelector is not None and selectors.DefaultSelector is _EpollSelector:
        probe = _EpollSelector()
        try:
            usable = isinstance(getattr(probe, "_fd_to_key", None), dict) and hasattr(
                getattr(probe, "_selector", None), "poll"
            )
        finally:
            probe.close()
        if usable:
            return LeanEpollSelector()
    return selectors.DefaultSelector()


if _EpollSelector is not None:
    # Events as epoll bits, indexed by a selectors events mask (READ=1, WRITE=2).
    _EPOLL_BITS = (0, select.EPOLLIN, select.EPOLLOUT, select.EPOLLIN | select.EPOLLOUT)

    class LeanEpollSelector(_EpollSelector):  # type: ignore[valid-type,misc]
        """selectors.EpollSelector with register/modify/unregister cut to the bone for int fds.

        Relaying a connection registers, changes and drops a few fds; the generic versions
        (fileobj lookups, validation, key copies) cost as much as the system calls. Keys and
        the fd map stay exactly as the base class keeps them, so select() and get_map() work
        unchanged. The loop also polls `poll_object` directly (see Loop._run_epoll).
        """

        def __init__(self) -> None:
            super().__init__()
            # fd -> handler of every int fd watched for reading only (most sockets, most of
            # the time): the loop calls these without unpacking a key (Loop._run_epoll).
            self.readers: dict[int, Handler] = {}

        @property
        def poll_object(self) -> select.epoll:
            return self._selector  # type: ignore[attr-defined]

        @property
        def fd_map(self) -> dict[int, SelectorKey]:
            return self._fd_to_key  # type: ignore[attr-defined]

        def register(self, fileobj, events: int, data: Callable[[int], None] | None = None):
            if type(fileobj) is not int or not 0 < events <= 3:
                return self._track(super().register(fileobj, events, data))
            fd_to_key = self._fd_to_key  # type: ignore[attr-defined]
            if fileobj in fd_to_key:
                raise KeyError(f"{fileobj!r} (FD {fileobj}) is already registered")
            self._selector.register(fileobj, _EPOLL_BITS[events])  # type: ignore[attr-defined]
            key = fd_to_key[fileobj] = _new_key(SelectorKey, (fileobj, fileobj, events, data))
            if events == 1:
                self.readers[fileobj] = data
            return key

        def modify(self, fileobj, events: int, data: Callable[[int], None] | None = None):
            if type(fileobj) is not int or not 0 < events <= 3:
                return self._track(super().modify(fileobj, events, data))
            fd_to_key = self._fd_to_key  # type: ignore[attr-defined]
            key = fd_to_key[fileobj]
            if events != key.events:
                self._selector.modify(fileobj, _EPOLL_BITS[events])  # type: ignore[attr-defined]
            key = fd_to_key[fileobj] = _new_key(SelectorKey, (fileobj, fileobj, events, data))
            return self._track(key)

        def unregister(self, fileobj):
            if type(fileobj) is not int:
                key = super().unregister(fileobj)
                self.readers.pop(key.fd, None)
                return key
            key = self._fd_to_key.pop(fileobj)  # type: ignore[attr-defined]
            self.readers.pop(fileobj, None)
            # try/except rather than contextlib.suppress: this runs for every connection.
            try:  # noqa: SIM105
                self._selector.unregister(fileobj)  # type: ignore[attr-defined]
            except OSError:
                pass  # already closed: the kernel dropped it from the epoll set itself
            return key

        def _track(self, key: SelectorKey) -> SelectorKey:
            """Keep `readers` right for a key just stored (modify, and the generic
            socket-object paths)."""
            if key.events == 1:
                self.readers[key.fd] = key.data
            else:
                self.readers.pop(key.fd, None)
            return key

        def close(self) -> None:
            self.readers.clear()
            super().close()

        def forget(self, fd: int) -> None:
            """fd is about to be closed: drop its key and leave epoll alone.

            Closing a socket takes it out of the epoll set by itself (our sockets are never
            duplicated, and a child process's copy lives only until its exec: CLOEXEC), so the
            EPOLL_CTL_DEL would be a system call for nothing. A stray event for the number
            finds no key, or a new socket's handler, which copes with spurious wake-ups.
            """
            del self._fd_to_key[fd]  # type: ignore[attr-defined]
            self.readers.pop(fd, None)

else:  # pragma: no cover - not Linux
    LeanEpollSelector = None  # type: ignore[assignment,misc]
