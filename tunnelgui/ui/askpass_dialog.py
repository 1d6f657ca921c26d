"""ssh's questions (passphrase, password, a new host key) in a dialog of the app, verbatim."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from tunnelgui.askpass import ANSWER_TIMEOUT, PromptServer


@dataclass
class _Question:
    prompt: str
    secret: bool
    reply: str | None = None
    done: threading.Event = field(default_factory=threading.Event)


class AskpassDialogs(QObject):
    """Owns the app's PromptServer, made when the first SSH hop starts; each question becomes a
    dialog on the GUI thread while the asking ssh waits. Cancel (or no answer within
    ANSWER_TIMEOUT) is a "no"."""

    _asked = Signal(object)
    shown = Signal(object)  # a QInputDialog: a question is on screen (for tests and screen readers)

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("askpassDialogs")
        self._window = window
        self._asked.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._server: PromptServer | None = None
        self._lock = threading.Lock()

    def program(self) -> str:
        """The SSH_ASKPASS program (any thread: the worker asks from its command thread)."""
        with self._lock:
            if self._server is None:
                self._server = PromptServer(self._answer)
            return self._server.program

    def close(self) -> None:
        with self._lock:
            server, self._server = self._server, None
        if server is not None:
            server.close()

    def _answer(self, prompt: str, secret: bool) -> str | None:
        """On the prompt server's thread: ask the GUI thread and wait for the person."""
        question = _Question(prompt, secret)
        self._asked.emit(question)
        question.done.wait(ANSWER_TIMEOUT)
        return question.reply

    @Slot(object)
    def _show(self, question: _Question) -> None:
        dialog = QInputDialog(self._window)
        dialog.setObjectName("askpassDialog")
        dialog.setAccessibleName(self.tr("SSH asks"))
        dialog.setWindowTitle(self.tr("SSH asks"))
        dialog.setLabelText(question.prompt)  # ssh's words, the fingerprint included
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        if question.secret:
            dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput, False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            accepted = result == QInputDialog.DialogCode.Accepted
            question.reply = dialog.textValue() if accepted else None
            question.done.set()

        dialog.finished.connect(finished)
        dialog.open()
        self.shown.emit(dialog)
