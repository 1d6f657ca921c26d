"""Number inputs that keep whatever number is typed, so a wrong one is explained, not cut."""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QSpinBox, QWidget

FIRST_PORT, LAST_PORT = 1, 65535
# A spin box refuses keystrokes that leave its range, so "70000" in a port field became "7000"
# without a word. These take numbers up to ten digits and the editor's validation names the
# problem; only the arrows keep to the real range.
TYPED_MAXIMUM = 2**31 - 1


class ClampedSteps:
    """For a QSpinBox or QDoubleSpinBox whose range is wider than the valid one: the arrow keys
    and buttons step within [step_minimum, step_maximum]."""

    step_minimum: float
    step_maximum: float

    def stepBy(self, steps: int) -> None:
        value = self.value() + steps * self.singleStep()  # type: ignore[attr-defined]
        self.setValue(min(max(value, self.step_minimum), self.step_maximum))  # type: ignore[attr-defined]
        self.selectAll()  # type: ignore[attr-defined]

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        value = self.value()  # type: ignore[attr-defined]
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if value > self.step_minimum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if value < self.step_maximum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return flags


class PortSpinBox(ClampedSteps, QSpinBox):
    """Arrows step within 1-65535; typed text may be any number (value() gives it as typed)."""

    step_minimum, step_maximum = FIRST_PORT, LAST_PORT

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, TYPED_MAXIMUM)
        self.setGroupSeparatorShown(False)

    def validate(self, text: str, pos: int) -> object:
        digits = text.strip()
        if not digits:
            return QValidator.State.Intermediate, text, pos
        if digits.isascii() and digits.isdigit() and int(digits) <= TYPED_MAXIMUM:
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Invalid, text, pos
