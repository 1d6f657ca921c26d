"""ConditionsEditor: a list of network conditions to switch on and off, change, add and remove.

Used twice: in the details pane (each committed change is saved and applied to the running
tunnel at once) and in the profile editor (saved with the profile). Each row is one Condition:
its switch, its numbers (typed with units, checked as typed), its direction and the share of
connections it applies to. `edited` follows every keystroke (for validation); `committed`
follows a finished change that leaves every row valid (a switch, a menu, Enter or leaving a
field), never a half-typed number.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tunnelgui.engine.conditions import Condition
from tunnelgui.i18n import _
from tunnelgui.profiles.condition_checks import conditions_problems
from tunnelgui.profiles.condition_presets import PRESETS, ConditionPreset
from tunnelgui.profiles.condition_text import describe_conditions
from tunnelgui.ui.color_scheme import error_color
from tunnelgui.ui.condition_numbers import EFFECT_KINDS, kind_help, kind_title
from tunnelgui.ui.condition_row import ConditionRow
from tunnelgui.ui.naming import name_widget

_ROW_FIELD = re.compile(r"^conditions\[(\d+)\]")


def preset_text(preset: ConditionPreset) -> str:
    """A preset's menu entry with its numbers: "3G: latency 100ms ± 50ms; rate 96KiB/s …"."""
    return f"{_(preset.name)}: {describe_conditions(preset.conditions)}"


class ConditionsEditor(QWidget):
    """Rows of conditions, Add and Presets menus, and Undo for the last preset or removal."""

    edited = Signal()  # anything changed, even a half-typed number
    committed = Signal()  # a finished change; conditions() holds the new, valid tuple

    def __init__(
        self,
        object_name: str,
        two_line_rows: bool = False,
        live: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """live: each committed change takes effect at once (the details pane), so a typed,
        unfinished number says how to apply it."""
        super().__init__(parent)
        self._two_line_rows = two_line_rows
        self._live = live
        name_widget(self, object_name, self.tr("Network conditions"))
        self._rows: list[ConditionRow] = []
        self._undo: tuple[Condition, ...] | None = None
        self._last_committed: tuple[Condition, ...] = ()

        add_text = self.tr("Add condition")
        self.add_button = name_widget(QToolButton(), "addConditionButton", add_text)
        self.add_button.setText(add_text)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        add_menu = name_widget(
            QMenu(self.add_button), "addConditionMenu", self.tr("Add condition menu")
        )
        add_menu.setToolTipsVisible(True)
        for kind in EFFECT_KINDS:
            action = add_menu.addAction(kind_title(kind))
            action.setObjectName(f"add{kind.type.__name__}Action")
            action.setToolTip(kind_help(kind))
            action.setData(kind.type.__name__)
            action.triggered.connect(self._on_add)
        self.add_button.setMenu(add_menu)

        presets_text = self.tr("Presets")
        self.preset_button = name_widget(QToolButton(), "conditionPresetButton", presets_text)
        self.preset_button.setText(presets_text)
        self.preset_button.setToolTip(
            self.tr("Replace the list with a typical network's conditions")
        )
        self.preset_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        preset_menu = name_widget(QMenu(self.preset_button), "conditionPresetMenu", presets_text)
        for preset in PRESETS:
            action = preset_menu.addAction(preset_text(preset))
            action.setObjectName(f"preset:{preset.key}")
            action.setData(preset.key)
            action.triggered.connect(self._on_preset)
        self.preset_button.setMenu(preset_menu)

        undo_text = self.tr("Undo")
        self.undo_button = name_widget(QPushButton(undo_text), "undoConditionsButton", undo_text)
        self.undo_button.setToolTip(
            self.tr("Bring back the list as it was before the last preset or removal")
        )
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self._on_undo)
        self.summary = name_widget(QLabel(), "conditionsSummary", self.tr("Conditions summary"))

        self.empty_label = name_widget(QLabel(), "noConditionsLabel", self.tr("No conditions"))
        self.empty_label.setText(
            self.tr(
                "No conditions: traffic passes as it is. Add one, or pick a preset to try the "
                "tunnel as a slow or flaky network would treat it."
            )
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(mid);")
        self._rows_box = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(4)
        self._rows_layout.addWidget(self.empty_label)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("conditionsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._rows_box)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.add_button)
        bar.addWidget(self.preset_button)
        bar.addWidget(self.undo_button)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self._show_summary()

    # -- values ---------------------------------------------------------------------------------

    def set_conditions(self, conditions: tuple[Condition, ...]) -> None:
        """Show these conditions (rows built afresh); nothing is emitted."""
        for row in self._rows:
            self._drop_row(row)
        self._rows = []
        for condition in conditions:
            self._append_row(condition)
        self._last_committed = tuple(conditions)
        self._renumber()

    def conditions(self) -> tuple[Condition, ...] | None:
        """The conditions as shown; None while any row has a problem (its own numbers, or the
        profile's validation of the conditions)."""
        return self._checked()[0]

    def problems(self) -> list[str]:
        own = [problem for row in self._rows for problem in row.problems()]
        checks = self._checked()[1]
        return own + [
            m for found in checks.values() for m, severity in found if severity == "error"
        ]

    def _checked(self) -> tuple[tuple[Condition, ...] | None, dict[int, list[tuple[str, str]]]]:
        """The conditions (None if unusable) and validation's findings by row (-1: the list)."""
        values = tuple(row.condition() for row in self._rows)
        if any(value is None for value in values):
            return None, {}
        by_row: dict[int, list[tuple[str, str]]] = {}
        errors = False
        for field, message, severity in conditions_problems(values):
            match = _ROW_FIELD.match(field)
            row = int(match.group(1)) - 1 if match else -1  # fields count from 1
            by_row.setdefault(row, []).append((message, severity))
            errors = errors or severity == "error"
        return (None if errors else values), by_row  # type: ignore[return-value]

    def _show_checks(self) -> None:
        by_row = self._checked()[1]
        for index, row in enumerate(self._rows):
            row.set_checks(by_row.get(index, []))

    def committed_conditions(self) -> tuple[Condition, ...]:
        """The conditions as of the last commit (or set_conditions): what was handed on."""
        return self._last_committed

    def rows(self) -> list[ConditionRow]:
        return list(self._rows)

    def tab_title(self) -> str:
        """ "Conditions", "Conditions (2 on)", "Conditions ✖" while a number is wrong."""
        conditions = self.conditions()
        if conditions is None:
            return self.tr("Conditions \u2716")
        on = sum(1 for condition in conditions if condition.enabled)
        return self.tr("Conditions ({0} on)").format(on) if on else self.tr("Conditions")

    # -- changes --------------------------------------------------------------------------------

    def _append_row(self, condition: Condition) -> ConditionRow:
        row = ConditionRow(condition, two_lines=self._two_line_rows)
        row.edited.connect(self._on_row_edited)
        row.committed.connect(self._commit)
        row.removeRequested.connect(self._on_remove)
        self._rows.append(row)
        self._rows_layout.insertWidget(len(self._rows) - 1, row)
        return row

    def _drop_row(self, row: ConditionRow) -> None:
        # Out of the layout and the widget tree now (so no search finds its inputs); deleted
        # once its own signal (Remove) has returned.
        self._rows_layout.removeWidget(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()

    def _renumber(self) -> None:
        for index, row in enumerate(self._rows):
            row.set_index(index)
        self._show_checks()
        self.empty_label.setVisible(not self._rows)
        self._show_summary()

    def _show_summary(self) -> None:
        conditions, by_row = self._checked()
        if conditions is None:
            whole = [message for message, _ in by_row.get(-1, [])]
            text = (
                whole[0]
                if whole
                else self.tr("Fix what is marked red; nothing changes until then.")
            )
            self.summary.setText(f"\u2716 {text}")
            self.summary.setStyleSheet(f"color: {error_color()};")
            return
        self.summary.setStyleSheet("")
        on = sum(1 for condition in conditions if condition.enabled)
        if not conditions:
            self.summary.setText("")
        elif on == 0:
            self.summary.setText(self.tr("All switched off: traffic passes as it is."))
        else:
            self.summary.setText(self.tr("{0} of {1} switched on.").format(on, len(conditions)))
        if self._live and conditions != self._last_committed:
            # Typed but not finished yet: say what makes it count.
            hint = self.tr("Press Enter to apply.")
            self.summary.setText(f"{self.summary.text()} {hint}".strip())

    @Slot()
    def _on_row_edited(self) -> None:
        self._show_checks()
        self._show_summary()
        self.edited.emit()

    @Slot()
    def _commit(self) -> None:
        self._show_checks()
        self._show_summary()
        conditions = self.conditions()
        if conditions is None or conditions == self._last_committed:
            return
        self._last_committed = conditions
        self.committed.emit()

    def _changed_structure(self, keep_undo: bool) -> None:
        if keep_undo:
            self._undo = self._last_committed
            self.undo_button.setEnabled(True)
        self._renumber()
        self.edited.emit()
        self._commit()

    @Slot()
    def _on_add(self) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        kind = next(k for k in EFFECT_KINDS if k.type.__name__ == action.data())
        row = self._append_row(Condition(kind.default))
        self._changed_structure(keep_undo=False)
        next(iter(row.number_edits.values())).setFocus()

    @Slot(object)
    def _on_remove(self, row: ConditionRow) -> None:
        if row not in self._rows:
            return
        self._rows.remove(row)
        self._drop_row(row)
        self._changed_structure(keep_undo=True)

    @Slot()
    def _on_preset(self) -> None:
        action = self.sender()
        assert isinstance(action, QAction)
        chosen = next(p for p in PRESETS if p.key == action.data())
        self.apply_preset(chosen)

    def apply_preset(self, preset: ConditionPreset) -> None:
        """Replace the list with the preset's conditions (Undo brings the old list back)."""
        undo = self._last_committed
        self.set_conditions(())
        for condition in preset.conditions:
            self._append_row(condition)
        self._last_committed = undo
        self._changed_structure(keep_undo=True)

    @Slot()
    def _on_undo(self) -> None:
        if self._undo is None:
            return
        previous, self._undo = self._undo, None
        self.undo_button.setEnabled(False)
        current = self._last_committed
        self.set_conditions(previous)
        self._last_committed = current
        self.edited.emit()
        self._commit()
