"""One row of the conditions editor: a condition's switch, numbers, direction and share.

NumberEdit reads and shows one number with its unit (condition_numbers) and turns red while the
text does not read; ConditionRow puts a condition's inputs on one line (two in a narrow dialog)
and says what is wrong under them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tunnelgui.engine.conditions import Condition, Direction, condition_problem
from tunnelgui.ui.color_scheme import error_color, warning_color
from tunnelgui.ui.condition_numbers import (
    DIRECTION_TEXT,
    PROBABILITY,
    EffectKind,
    NumberField,
    direction_text,
    effect_kind,
    field_label,
    format_number,
    kind_help,
    kind_switch_label,
    kind_title,
    parse_number,
    with_number,
    zero_text,
)
from tunnelgui.ui.naming import name_widget

_MARKS = {"error": "\u2716", "warning": "\u26a0"}


def _camel(text: str) -> str:
    words = text.split("_")
    return words[0] + "".join(word.title() for word in words[1:])


class NumberEdit(QLineEdit):
    """Text for one number of a condition, with its unit; red while it does not read."""

    def __init__(self, field: NumberField, help_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        zero = zero_text(field)
        sample = zero if len(zero) > 10 else "0000.5 KiB/s"
        if field.kind == "percent":
            sample = "100.5 %"
        self.setFixedWidth(self.fontMetrics().horizontalAdvance(sample) + 16)
        unit_hint = self.tr("A bare number is in {0}; other units may be typed.").format(field.unit)
        zero_hint = self.tr(" 0 or empty means {0}.").format(zero) if zero else ""
        self.setToolTip(f"{help_text}\n{unit_hint}{zero_hint}")
        self.setPlaceholderText(zero or field.unit)

    def show_value(self, value: float) -> None:
        self.setText(format_number(self.field, value))

    def read(self) -> tuple[float | int | None, str]:
        value, problem = parse_number(self.field, self.text())
        self.setStyleSheet(f"border: 1px solid {error_color()};" if problem else "")
        return value, problem


class ConditionRow(QFrame):
    """One condition: [x] Latency  delay [100 ms]  ± jitter [0 ms]   [both ways]  [100 %]  [✕]."""

    edited = Signal()
    committed = Signal()
    removeRequested = Signal(object)  # this row

    def __init__(
        self, condition: Condition, two_lines: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._kind: EffectKind = effect_kind(condition.effect)
        self._effect = condition.effect
        kind = self._kind
        self.switch = QCheckBox(kind_title(kind))
        self.switch.setToolTip(
            self.tr("{0}\nSwitch it off to let traffic pass unchanged.").format(kind_help(kind))
        )
        self.switch.setChecked(condition.enabled)
        self.number_edits: dict[str, NumberEdit] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.switch)
        for field in kind.numbers:
            edit = NumberEdit(field, kind_help(kind))
            edit.show_value(getattr(condition.effect, field.attr))
            edit.textEdited.connect(self._on_text_edited)
            edit.editingFinished.connect(self._on_editing_finished)
            row.addWidget(QLabel(field_label(field)))
            row.addWidget(edit)
            self.number_edits[field.attr] = edit
        self.option_check: QCheckBox | None = None
        if kind.switch:
            self.option_check = QCheckBox(kind_switch_label(kind))
            self.option_check.setChecked(bool(getattr(condition.effect, kind.switch)))
            self.option_check.toggled.connect(self._on_committing_change)
            row.addWidget(self.option_check)
        row.addStretch(1)
        self.direction_combo = QComboBox()
        for direction in DIRECTION_TEXT:
            self.direction_combo.addItem(direction_text(direction), direction)
        self.direction_combo.setCurrentIndex(self.direction_combo.findData(condition.direction))
        self.direction_combo.setToolTip(
            self.tr(
                "Which bytes it shapes: those going to the target (the client's requests), those "
                "coming back to the client (the answers), or both."
            )
        )
        self.probability_edit = NumberEdit(
            PROBABILITY, self.tr("The share of connections it applies to.")
        )
        self.probability_edit.show_value(condition.probability)
        self.probability_edit.setToolTip(
            self.tr("The share of connections it applies to (each new connection draws once).")
        )
        self.probability_edit.textEdited.connect(self._on_text_edited)
        self.probability_edit.editingFinished.connect(self._on_editing_finished)
        self.remove_button = QToolButton()
        self.remove_button.setText("\u2715")
        self.remove_button.setToolTip(self.tr("Remove this condition"))
        # Two lines in a narrow dialog: what it does, then where and how often.
        second = row
        if two_lines:
            row.addWidget(self.remove_button)
            second = QHBoxLayout()
            second.setContentsMargins(self.switch.sizeHint().height() + 4, 0, 0, 0)
            second.addWidget(QLabel(self.tr("applies")))
        second.addWidget(self.direction_combo)
        second.addWidget(self.probability_edit)
        second.addWidget(QLabel(self.tr("of connections")))
        if two_lines:
            second.addStretch(1)
        else:
            row.addWidget(self.remove_button)

        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.hide()
        self._checks: list[tuple[str, str]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(row)
        if second is not row:
            layout.addLayout(second)
        layout.addWidget(self.message)

        self.switch.toggled.connect(self._on_committing_change)
        self.direction_combo.currentIndexChanged.connect(self._on_committing_change)
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))
        self.set_index(0)

    def set_index(self, index: int) -> None:
        """Names tests and screen readers use: "condition0Switch", "condition0SecondsEdit"."""
        base = f"condition{index}"
        title = kind_title(self._kind)
        name_widget(self, f"{base}Row", self.tr("Condition {0}: {1}").format(index + 1, title))
        name_widget(self.switch, f"{base}Switch", self.tr("{0} on").format(title))
        for attr, edit in self.number_edits.items():
            name_widget(
                edit,
                f"{base}{_camel(attr)[:1].upper()}{_camel(attr)[1:]}Edit",
                self.tr("{0} {1}").format(title, field_label(edit.field)),
            )
        if self.option_check is not None:
            name_widget(self.option_check, f"{base}OptionCheck", kind_switch_label(self._kind))
        name_widget(
            self.direction_combo, f"{base}Direction", self.tr("{0} direction").format(title)
        )
        name_widget(
            self.probability_edit, f"{base}ProbabilityEdit", self.tr("{0} share").format(title)
        )
        name_widget(self.remove_button, f"{base}RemoveButton", self.tr("Remove {0}").format(title))
        name_widget(self.message, f"{base}Message", self.tr("Problem with {0}").format(title))

    # -- values ---------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        return self._read()[1]

    def condition(self) -> Condition | None:
        """The condition as the row shows it now; None while a number does not read."""
        return self._read()[0]

    def _read(self) -> tuple[Condition | None, list[str]]:
        effect = self._effect
        problems: list[str] = []
        for attr, edit in self.number_edits.items():
            value, problem = edit.read()
            if problem:
                problems.append(problem)
            else:
                effect = with_number(effect, attr, value)  # type: ignore[arg-type]
        if self.option_check is not None:
            effect = with_number(effect, self._kind.switch, self.option_check.isChecked())
        probability, problem = self.probability_edit.read()
        if problem:
            problems.append(problem)
        if problems:
            return None, problems
        condition = Condition(
            effect,
            Direction(self.direction_combo.currentData()),
            self.switch.isChecked(),
            float(probability),  # type: ignore[arg-type]
        )
        # The engine's own check, so the editor never passes on what it would refuse.
        refused = condition_problem(condition)
        return (None, [refused]) if refused else (condition, [])

    def set_checks(self, checks: list[tuple[str, str]]) -> None:
        """Problems the profile's validation finds in this condition as a whole (message,
        "error" or "warning"), shown under the row's own."""
        self._checks = checks
        self.show_problems()

    def show_problems(self) -> None:
        lines = [f"\u2716 {problem}" for problem in self.problems()]
        if not lines:  # checks of a condition whose numbers do not read yet would be stale
            lines = [f"{_MARKS[severity]} {message}" for message, severity in self._checks]
        errors = any(line.startswith("\u2716") for line in lines)
        self.message.setText("\n".join(lines))
        self.message.setStyleSheet(f"color: {error_color() if errors else warning_color()};")
        self.message.setVisible(bool(lines))

    # -- changes --------------------------------------------------------------------------------

    @Slot()
    def _on_text_edited(self) -> None:
        self.show_problems()
        self.edited.emit()

    @Slot()
    def _on_editing_finished(self) -> None:
        edit = self.sender()
        if isinstance(edit, NumberEdit):
            value, problem = edit.read()
            if not problem and value is not None:
                edit.show_value(value)  # "200" becomes "200 ms": the unit it was read in
        self.show_problems()
        self.committed.emit()

    @Slot()
    def _on_committing_change(self) -> None:
        self.show_problems()
        self.edited.emit()
        self.committed.emit()
