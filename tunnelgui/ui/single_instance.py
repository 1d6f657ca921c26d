"""One TunnelGUI per user and config folder: a second launch asks the running one to show itself."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import re
import socket as pysocket
import struct
import sys
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QLockFile, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from tunnelgui import paths
from tunnelgui.ui.tray import bring_to_front

LOCK_FILE_NAME = "instance.lock"
SHOW_REQUEST = b"show\n"
OK_REPLY = b"ok\n"
MAX_REQUEST_BYTES = 64  # requests are single short words; anything longer is not ours
CONNECT_TIMEOUT_MS = 1000
REPLY_TIMEOUT_MS = 3000
SERVER_CLIENT_TIMEOUT_MS = 3000  # drop a connection that never sends a full line
# How long a second launch keeps trying while the first one holds the lock but is not yet
# listening (it is still starting up).
STARTUP_GRACE_SECONDS = 5.0


class InstanceError(Exception):
    """str() is a full sentence for the user."""


def _user_name() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        name = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:32] or "user"


def server_name(config_dir: Path) -> str:
    """Same user and same (resolved) config folder give the same name. Kept short: on Unix it
    becomes a socket path in the temp folder, and those are limited to about 100 bytes."""
    digest = hashlib.sha256(str(config_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"tunnelgui-{_user_name()}-{digest}"


def server_path(config_dir: Path) -> str:
    """Where the instance listens: on Unix a socket in the user's private runtime folder
    (paths.runtime_dir, 0700), so no other user can create it first; on Windows a named pipe
    (QLocalServer's UserAccessOption limits it to this user). Raises paths.RuntimeDirError."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        return server_name(config_dir)
    return str(paths.runtime_dir() / f"{server_name(config_dir)}.sock")


def peer_is_same_user(fd: int) -> bool | None:
    """Whether the process at the other end of the Unix socket `fd` runs as this user: True,
    False, or None where the system cannot say (then the private folder is the protection)."""
    if fd < 0 or not hasattr(os, "getuid"):
        return None
    try:
        with pysocket.fromfd(fd, pysocket.AF_UNIX, pysocket.SOCK_STREAM) as sock:
            if hasattr(pysocket, "SO_PEERCRED"):  # Linux: struct ucred {pid, uid, gid}
                raw = sock.getsockopt(pysocket.SOL_SOCKET, pysocket.SO_PEERCRED, 12)
                uid = struct.unpack("3i", raw)[1]
            elif hasattr(pysocket, "LOCAL_PEERCRED"):  # macOS, BSD: struct xucred
                raw = sock.getsockopt(0, pysocket.LOCAL_PEERCRED, 76)  # SOL_LOCAL is 0
                uid = struct.unpack_from("2I", raw)[1]
            else:
                return None
    except OSError:
        return None
    return uid == os.getuid()


class SingleInstance(QObject):
    """Call acquire() once the QApplication exists and before building the window.

    The first instance holds a lock file in the config folder (QLockFile: recognises a lock left
    by a crashed process) and listens on a local socket; later launches find the lock taken,
    send "show" and exit.
    """

    showRequested = Signal()

    def __init__(self, config_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config_dir = config_dir
        try:
            self.name = server_path(config_dir)
            self._no_socket_reason = ""
        except paths.RuntimeDirError as error:
            self.name = ""
            self._no_socket_reason = str(error)
        self._lock: QLockFile | None = None
        self._window: QWidget | None = None
        self._server: QLocalServer | None = None

    @property
    def lock_path(self) -> Path:
        return self.config_dir / LOCK_FILE_NAME

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def acquire(self, startup_grace_seconds: float = STARTUP_GRACE_SECONDS) -> bool:
        """True: this is the only instance (it now answers later launches). False: another
        instance runs for this config folder and has been asked to show its window.

        Raises InstanceError when another instance holds the lock but never answers."""
        # If the folder cannot be made, QLockFile fails with an error other than "locked" and
        # the socket alone is used below.
        with contextlib.suppress(OSError):
            self.config_dir.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.lock_path))
        # Age says nothing about a GUI that runs for weeks; staleness is judged by the owner's
        # process (and, on Unix, by its kernel lock on the file) alone.
        lock.setStaleLockTime(0)
        deadline = time.monotonic() + startup_grace_seconds
        while True:
            if lock.tryLock(0):
                self._lock = lock
                self._listen()
                return True
            if lock.error() != QLockFile.LockError.LockFailedError:
                # The folder does not allow a lock file (read-only, odd file system): the local
                # socket alone still hands over to an instance that is already listening.
                if self.notify_running_instance():
                    return False
                self._listen()
                return True
            if self.notify_running_instance():
                return False
            if time.monotonic() >= deadline:
                break
            QThread.msleep(100)
        # The owner holds the lock but does not answer. On Unix removeStaleLockFile() refuses
        # while a live process holds its kernel lock, so a hung instance is never robbed.
        if lock.removeStaleLockFile() and lock.tryLock(0):
            self._lock = lock
            self._listen()
            return True
        raise InstanceError(
            self.tr(
                "Another TunnelGUI is running for the config folder {0} but does not respond. "
                "Quit it, or if no TunnelGUI is running, delete {1} and try again."
            ).format(self.config_dir, self.lock_path)
        )

    def notify_running_instance(self) -> bool:
        """Ask the instance listening for this config folder to show its window. True if one
        took the request (its acknowledgement may come late when it is busy starting up)."""
        if not self.name:
            return False
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            socket.abort()
            return False
        if peer_is_same_user(int(socket.socketDescriptor())) is False:
            socket.abort()
            print(
                f"tunnelgui: {self.name} is held by another user's program; not talking to it.",
                file=sys.stderr,
            )
            return False
        socket.write(QByteArray(SHOW_REQUEST))
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        reply = b""
        deadline = time.monotonic() + REPLY_TIMEOUT_MS / 1000
        while b"\n" not in reply and time.monotonic() < deadline:
            if socket.bytesAvailable() or socket.waitForReadyRead(100):
                reply += bytes(socket.readAll().data())
            elif socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                break
        socket.abort()
        if reply and reply != OK_REPLY:
            print(f"tunnelgui: the running instance answered {reply!r}", file=sys.stderr)
        # Connected and sent: the request sits in the socket until the running instance reads it.
        return True

    def raise_on_request(self, window: QWidget) -> None:
        """Bring `window` to the front whenever another launch asks for it."""
        self._window = window
        self.showRequested.connect(self._raise_window)

    @Slot()
    def _raise_window(self) -> None:
        if self._window is not None:
            bring_to_front(self._window)

    def release(self) -> None:
        """Stop answering and drop the lock (also done when the process exits)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _listen(self) -> None:
        if not self.name:
            print(
                f"tunnelgui: cannot listen for other launches ({self._no_socket_reason}); "
                "starting tunnelgui again will not bring this window to the front.",
                file=sys.stderr,
            )
            return
        server = QLocalServer(self)
        # Only this user may ask us to do anything.
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._on_new_connection)
        # We own the lock, so a socket by this name is a leftover from a crashed instance.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            print(
                f"tunnelgui: cannot listen for other launches ({server.errorString()}); "
                "starting tunnelgui again will not bring this window to the front.",
                file=sys.stderr,
            )
            server.deleteLater()
            return
        self._server = server

    @Slot()
    def _on_new_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            if peer_is_same_user(int(connection.socketDescriptor())) is False:
                connection.abort()  # another user's program: never act on what it says
                connection.deleteLater()
                continue
            _RequestReader(connection, self)


class _RequestReader(QObject):
    """Reads one request line from a connection, answers it and closes."""

    def __init__(self, connection: QLocalSocket, instance: SingleInstance) -> None:
        super().__init__(instance)
        self._connection = connection
        self._instance = instance
        self._buffer = b""
        self._done = False
        connection.readyRead.connect(self._on_ready_read)
        connection.disconnected.connect(self._on_ready_read)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._finish)
        self._timer.start(SERVER_CLIENT_TIMEOUT_MS)
        # Data may have arrived before the signals were connected.
        self._on_ready_read()

    @Slot()
    def _on_ready_read(self) -> None:
        if self._done:
            return
        self._buffer += bytes(self._connection.readAll().data())
        connected = self._connection.state() == QLocalSocket.LocalSocketState.ConnectedState
        if b"\n" not in self._buffer and len(self._buffer) < MAX_REQUEST_BYTES:
            if not connected:
                self._finish()  # the client left without a full request
            return
        request = self._buffer.split(b"\n", 1)[0].strip()
        if request == SHOW_REQUEST.strip():
            self._reply(OK_REPLY)
            self._instance.showRequested.emit()
        else:
            self._reply(b"error unknown request\n")
        self._finish()

    def _reply(self, data: bytes) -> None:
        if self._connection.state() == QLocalSocket.LocalSocketState.ConnectedState:
            self._connection.write(QByteArray(data))
            self._connection.flush()

    @Slot()
    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self._timer.stop()
        if self._connection.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            self._connection.disconnectFromServer()
        self._connection.deleteLater()
        self.deleteLater()
