"""The app's askpass dialog: ssh's question verbatim, the answer back to the askpass program."""

from __future__ import annotations

import subprocess

from PySide6.QtWidgets import QLineEdit, QWidget

from tunnelgui.ui.askpass_dialog import AskpassDialogs

HOST_KEY_QUESTION = (
    "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be established.\n"
    "ED25519 key fingerprint is SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG.\n"
    "Are you sure you want to continue connecting (yes/no/[fingerprint])? "
)


def ask(program: str, prompt: str) -> subprocess.Popen:
    """Run the askpass program as ssh does: the question is its one argument."""
    return subprocess.Popen([program, prompt], stdout=subprocess.PIPE, text=True)


def test_a_host_key_question_is_shown_verbatim_and_yes_goes_back(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    dialogs = AskpassDialogs(window)
    try:
        with qtbot.waitSignal(dialogs.shown, timeout=10_000) as shown:
            helper = ask(dialogs.program(), HOST_KEY_QUESTION)
        dialog = shown.args[0]
        assert dialog.objectName() == "askpassDialog"
        assert dialog.labelText() == HOST_KEY_QUESTION
        assert dialog.textEchoMode() == QLineEdit.EchoMode.Normal
        dialog.setTextValue("yes")
        dialog.accept()
        out, _ = helper.communicate(timeout=10)
        assert (helper.returncode, out) == (0, "yes\n")
    finally:
        dialogs.close()


def test_a_passphrase_is_hidden_and_cancel_is_a_refusal(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    dialogs = AskpassDialogs(window)
    try:
        with qtbot.waitSignal(dialogs.shown, timeout=10_000) as shown:
            helper = ask(dialogs.program(), "Enter passphrase for key '/k': ")
        dialog = shown.args[0]
        assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
        dialog.reject()
        out, _ = helper.communicate(timeout=10)
        assert helper.returncode == 1 and out == ""  # ssh sees no answer: it fails, we never guess
    finally:
        dialogs.close()
