"""Target name resolution off the loop thread: daemon helper threads and a short cache."""

from __future__ import annotations

import queue
import socket
import threading
from collections.abc import Callable
from time import monotonic

from tunnelgui.engine.addresses import lookup_host
from tunnelgui.engine.loop import engine_log
from tunnelgui.engine.messages import N_, Phrase
from tunnelgui.engine.values import Value

# A resolved name is reused for this long (and forgotten at once when connects to it fail);
# a failure only briefly, so a fixed DNS is noticed.
POSITIVE_TTL = 30.0
CANNOT_RESOLVE = N_("cannot resolve {host!r}: {reason}")  # a connect's reason (a Phrase)
# getaddrinfo's words (glibc's) that people meet most: kept as they are in English, these
# msgids only let messages.say() translate them where the reason is shown.
SYSTEM_WORDS = (N_("Name or service not known"), N_("Temporary failure in name resolution"))
NEGATIVE_TTL = 3.0
# A failed connect forgets an answer only once the answer is this old: in an outage every
# client's failed connect would otherwise send the name to DNS again, hundreds of times a second.
FORGET_AFTER = 1.0
WORKERS = 2

SockAddr = tuple  # (host, port) or (host, port, flowinfo, scope_id)


class Resolved(Value):
    """The addresses to try in order, or why there are none."""

    addresses: tuple[tuple[int, SockAddr], ...] = ()
    error: str = ""


def numeric_addresses(host: str, port: int) -> Resolved | None:
    """The address of an IP literal, found without any DNS query; None for a host name."""
    try:
        infos = socket.getaddrinfo(
            lookup_host(host), port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST
        )
    except (socket.gaierror, UnicodeError):
        return None
    return Resolved(tuple((family, sockaddr) for family, _t, _p, _c, sockaddr in infos))


def lookup(host: str, port: int) -> Resolved:
    """Blocking getaddrinfo, turned into a Resolved; for helper threads (or callers' threads)."""
    try:
        infos = socket.getaddrinfo(lookup_host(host), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else str(exc)
        return Resolved(error=Phrase(CANNOT_RESOLVE, host=host, reason=reason))
    except OSError as exc:
        return Resolved(error=Phrase(CANNOT_RESOLVE, host=host, reason=exc.strerror or str(exc)))
    addresses = tuple(
        (family, sockaddr)
        for family, _t, _p, _c, sockaddr in infos
        if family in (socket.AF_INET, socket.AF_INET6)
    )
    if not addresses:
        return Resolved(
            error=Phrase(CANNOT_RESOLVE, host=host, reason=N_("no IPv4 or IPv6 address"))
        )
    return Resolved(addresses)


class Resolver:
    """Resolves (host, port) on daemon threads; results are delivered on the loop thread.

    Daemon threads rather than a ThreadPoolExecutor: a lookup stuck on a dead DNS server must
    never hold up the process's exit (the headless command promises to exit within 2 s).
    """

    def __init__(
        self,
        deliver: Callable[[Callable[[], None]], None],
        resolve: Callable[[str, int], Resolved] = lookup,
    ) -> None:
        self._deliver = deliver  # Loop.call_soon_threadsafe
        self._lookup = resolve  # blocking, on the helper threads; tests give their own answers
        # (host, port) -> (expires, answer, when it was fetched), monotonic times
        self._cache: dict[tuple[str, int], tuple[float, Resolved, float]] = {}
        self._waiting: dict[tuple[str, int], list[Callable[[Resolved], None]]] = {}
        self._jobs: queue.SimpleQueue[tuple[str, int] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._closed = False

    def cached(self, host: str, port: int) -> Resolved | None:
        """A fresh cached answer, or None. Loop thread only."""
        entry = self._cache.get((host, port))
        if entry is None:
            return None
        if entry[0] < monotonic():
            del self._cache[(host, port)]
            return None
        return entry[1]

    def resolve(self, host: str, port: int, callback: Callable[[Resolved], None]) -> None:
        """Call callback(Resolved) on the loop thread, now if cached, else after a lookup.

        Callers handle IP literals themselves with numeric_addresses(), which needs no lookup.
        """
        answer = self.cached(host, port)
        if answer is not None:
            callback(answer)
            return
        key = (host, port)
        waiting = self._waiting.get(key)
        if waiting is not None:
            waiting.append(callback)  # one lookup in flight serves everyone asking meanwhile
            return
        self._waiting[key] = [callback]
        if len(self._threads) < WORKERS:
            thread = threading.Thread(target=self._work, name="tunnelgui-resolver", daemon=True)
            self._threads.append(thread)
            thread.start()
        self._jobs.put(key)

    def forget(self, host: str, port: int) -> None:
        """Drop the cached answer: connects to it failed, so the next one asks DNS again (the
        name may have moved); an answer younger than FORGET_AFTER is kept. Loop thread only."""
        entry = self._cache.get((host, port))
        if entry is not None and monotonic() - entry[2] >= FORGET_AFTER:
            del self._cache[(host, port)]

    def forget_all(self) -> None:
        """Drop every cached answer (the network changed). Loop thread only."""
        self._cache.clear()

    def close(self) -> None:
        """Stop the helper threads (a lookup in progress finishes on its own and is dropped)."""
        self._closed = True
        self._waiting.clear()
        for _ in self._threads:
            self._jobs.put(None)
        self._threads.clear()

    def _work(self) -> None:
        while True:
            key = self._jobs.get()
            if key is None:
                return
            answer = self._lookup(*key)
            self._deliver(lambda key=key, answer=answer: self._finish(key, answer))

    def _finish(self, key: tuple[str, int], answer: Resolved) -> None:
        if self._closed:
            return
        ttl = NEGATIVE_TTL if answer.error else POSITIVE_TTL
        now = monotonic()
        self._cache[key] = (now + ttl, answer, now)
        for callback in self._waiting.pop(key, ()):
            try:
                callback(answer)
            except Exception:
                engine_log().exception("handling a resolved address failed")
