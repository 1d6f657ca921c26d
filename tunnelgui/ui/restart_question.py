"""Before an edit restarts a running tunnel with open connections: restart now, or later?"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from tunnelgui.ui.controller import TunnelController
from tunnelgui.ui.profile_editor import ProfileEditor


class RestartQuestion(QObject):
    """Set as an editor's `before_save`. Saving an edit to what a running tunnel listens on or
    relays to restarts it, which closes every open connection; this asks first (only when there
    are connections to lose) and offers to apply the change when the tunnel next starts."""

    def __init__(self, controller: TunnelController, editor: ProfileEditor) -> None:
        super().__init__(editor)
        self._controller = controller
        self._editor = editor
        self.box: QMessageBox | None = None
        self._now: QAbstractButton | None = None
        self._later: QAbstractButton | None = None

    def __call__(self, editor: ProfileEditor) -> bool:
        profile = editor.profile()
        if not self._controller.restart_needed(profile):
            return False
        count = self._controller.open_connections(profile.id)
        if count == 0:
            return False  # a restart loses nothing: no need to ask
        saved = self._controller.profile(profile.id)
        name = saved.name if saved is not None else profile.name
        # One sentence for one connection and one for more: English needs both without a catalog.
        if count == 1:
            text = self.tr("Saving restarts \u201c{0}\u201d: its 1 open connection will be closed.")
        else:
            text = self.tr(
                "Saving restarts \u201c{0}\u201d: its {1} open connections will be closed."
            )
        title = self.tr("Restart the tunnel?")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            text.format(name, count),
            QMessageBox.StandardButton.Cancel,
            editor,
        )
        box.setObjectName("restartQuestionBox")
        box.setAccessibleName(title)
        box.setInformativeText(
            self.tr(
                "Or save now and apply the change when the tunnel next starts; until then it keeps "
                "running with its old settings."
            )
        )
        self._now = box.addButton(self.tr("&Restart now"), QMessageBox.ButtonRole.DestructiveRole)
        self._now.setObjectName("restartNowButton")
        self._later = box.addButton(
            self.tr("Apply at &next start"), QMessageBox.ButtonRole.AcceptRole
        )
        self._later.setObjectName("applyLaterButton")
        box.setDefaultButton(self._later)  # the choice that loses nothing
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_answered)
        self.box = box
        box.open()
        return True

    @Slot(int)
    def _on_answered(self, _result: int) -> None:
        box, self.box = self.box, None
        if box is None:
            return
        clicked = box.clickedButton()
        if clicked is self._now:
            self._editor.finish_save(restart_now=True)
        elif clicked is self._later:
            self._editor.finish_save(restart_now=False)
        # Cancel or Esc: back to the editor, every edit still there.
