"""NoticeBar: a calm strip above the table for things to tell the user once (file moved aside)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class NoticeBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setAccessibleName(self.tr("Notices"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#noticeBar { background: #fdf6e3; border: 1px solid #e6d8a8; border-radius: 4px; }"
            "#noticeBar QLabel { color: #5c4b00; }"
        )
        self.label = QLabel()
        self.label.setObjectName("noticeText")
        self.label.setAccessibleName(self.tr("Notice text"))
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setObjectName("dismissNoticeButton")
        self.dismiss_button.setAccessibleName(self.tr("Dismiss notices"))
        self.dismiss_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self._notices: list[str] = []
        self._permanent = False
        self.hide()

    def add(self, text: str, permanent: bool = False) -> None:
        """Show another notice; permanent ones (read-only mode) cannot be dismissed."""
        if text in self._notices:
            return
        self._notices.append(text)
        self._permanent = self._permanent or permanent
        bullet = "\u2022 " if len(self._notices) > 1 else ""
        self.label.setText("\n".join(f"{bullet}{notice}" for notice in self._notices))
        self.dismiss_button.setVisible(not self._permanent)
        self.show()

    @Slot()
    def dismiss(self) -> None:
        if self._permanent:
            return
        self._notices.clear()
        self.hide()
