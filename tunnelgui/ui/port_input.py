"""PortSpinBox: a port field that keeps whatever number is typed, so a wrong one is explained."""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QSpinBox, QWidget

FIRST_PORT, LAST_PORT = 1, 65535
# A QSpinBox refuses keystrokes that leave its range, so "70000" became "7000" without a word.
# This one takes any number up to ten digits and the editor's validation names the problem.
_TYPED_MAXIMUM = 2**31 - 1


class PortSpinBox(QSpinBox):
    """Arrows step within 1-65535; typed text may be any number (value() gives it as typed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, _TYPED_MAXIMUM)
        self.setGroupSeparatorShown(False)

    def validate(self, text: str, pos: int) -> object:
        digits = text.strip()
        if not digits:
            return QValidator.State.Intermediate, text, pos
        if digits.isascii() and digits.isdigit() and int(digits) <= _TYPED_MAXIMUM:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Invalid, text, pos

    def stepBy(self, steps: int) -> None:
        value = min(max(self.value() + steps, FIRST_PORT), LAST_PORT)
        self.setValue(value)
        self.selectAll()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.value() > FIRST_PORT:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if self.value() < LAST_PORT:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return flags
