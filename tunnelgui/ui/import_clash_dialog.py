"""ImportClashDialog: for each imported profile that clashes with a saved one, replace it, keep
both or skip, one by one or for all, with a preview of what the choice changes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tunnelgui.i18n import _
from tunnelgui.profiles.import_clashes import (
    CHOICE_LABELS,
    CHOICES,
    KEEP_BOTH,
    Clash,
    plan_choices,
    preview,
)
from tunnelgui.profiles.model import Profile
from tunnelgui.ui.naming import name_dialog_buttons, name_widget, plain_text

_HEADERS = (
    QT_TRANSLATE_NOOP("ImportClashDialog", "In the file"),
    QT_TRANSLATE_NOOP("ImportClashDialog", "Saved profile"),
    QT_TRANSLATE_NOOP("ImportClashDialog", "What differs"),
    QT_TRANSLATE_NOOP("ImportClashDialog", "Do"),
)
_DO_COLUMN = 3


class ImportClashDialog(QDialog):
    """choices() gives {place in the file: "replace" | "rename" | "skip"} after Import."""

    def __init__(
        self,
        clashes: Sequence[Clash],
        existing: Sequence[Profile],
        incoming: Sequence[Profile],
        source: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        name_widget(self, "importClashDialog", self.tr("Import clashes"))
        self.setWindowTitle(self.tr("Profiles already saved"))
        self._clashes = list(clashes)
        self._existing = list(existing)
        self._incoming = list(incoming)
        count = len(self._clashes)
        # One sentence for one clash and one for more: English needs both without a catalog.
        if count == 1:
            text = self.tr(
                "1 profile in \u201c{0}\u201d has the name or id of a saved profile but other "
                "settings. Choose what to do with each:"
            )
        else:
            text = self.tr(
                "{1} profiles in \u201c{0}\u201d have the name or id of a saved profile but "
                "other settings. Choose what to do with each:"
            )
        intro = QLabel(text.format(source, count))
        places = {clash.place for clash in self._clashes}
        plan = plan_choices(self._existing, self._incoming, self.choices_default())
        new = [name for place, name in plan.saved_names.items() if place not in places]
        if new:
            listed = self.tr(", ").join(self.tr("\u201c{0}\u201d").format(name) for name in new)
            also = self.tr("(Also added, new: {0}.)").format(listed)
            intro.setText(f"{intro.text()}\n{also}")
        intro.setWordWrap(True)
        name_widget(intro, "importClashIntro", self.tr("What clashes"))

        self.table = name_widget(
            QTableWidget(count, len(_HEADERS)), "clashTable", self.tr("Clashes")
        )
        self.table.setHorizontalHeaderLabels([self.tr(header) for header in _HEADERS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.combos: list[QComboBox] = []
        for row, clash in enumerate(self._clashes):
            why = self.tr("same id") if clash.same_id else self.tr("same name")
            self._set(row, 0, clash.incoming.name, f"{clash.incoming.listen_address}")
            saved = self.tr("{0} ({1})").format(clash.saved.name, why)
            self._set(row, 1, saved, clash.saved.listen_address)
            self._set(row, 2, "; ".join(clash.differences), "\n".join(clash.differences))
            combo = QComboBox()
            what = self.tr("What to do with {0}").format(clash.incoming.name)
            name_widget(combo, f"clashChoice{row}", what)
            for choice in CHOICES:
                combo.addItem(_(CHOICE_LABELS[choice]), choice)
            combo.setCurrentIndex(CHOICES.index(KEEP_BOTH))  # nothing is lost
            combo.currentIndexChanged.connect(partial(self._on_choice_changed, row))
            self.table.setCellWidget(row, _DO_COLUMN, combo)
            self.combos.append(combo)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, _DO_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(self._refresh_preview)

        self.preview = name_widget(QLabel(), "clashPreview", self.tr("What the choice changes"))
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setMinimumHeight(self.fontMetrics().height() * 3)

        for_all = QHBoxLayout()
        for_all.addWidget(QLabel(self.tr("For all:")))
        self.all_buttons: dict[str, QPushButton] = {}
        for choice, text in (
            ("replace", self.tr("&Replace all")),
            ("rename", self.tr("&Keep both for all")),
            ("skip", self.tr("&Skip all")),
        ):
            button = name_widget(QPushButton(text), f"{choice}AllButton", plain_text(text))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, c=choice: self.choose_all(c))
            for_all.addWidget(button)
            self.all_buttons[choice] = button
        for_all.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Import"))
        name_dialog_buttons(self.buttons, "importClashButtons", self.tr("Import or cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview)
        layout.addLayout(for_all)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        if count:
            self.table.selectRow(0)
        self._refresh_preview()

    def _set(self, row: int, column: int, text: str, tip: str) -> None:
        item = QTableWidgetItem(text)
        item.setToolTip(tip)
        self.table.setItem(row, column, item)

    def choices_default(self) -> dict[int, str]:
        return {clash.place: KEEP_BOTH for clash in self._clashes}

    def choices(self) -> dict[int, str]:
        return {
            clash.place: combo.currentData()
            for clash, combo in zip(self._clashes, self.combos, strict=True)
        }

    def choose_all(self, choice: str) -> None:
        for combo in self.combos:
            combo.setCurrentIndex(CHOICES.index(choice))
        self._refresh_preview()

    def _on_choice_changed(self, row: int, _index: int = 0) -> None:
        # The preview follows the row whose choice just changed.
        if self.table.currentRow() != row:
            self.table.setCurrentCell(row, 0)
        self._refresh_preview()

    @Slot()
    def _refresh_preview(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._clashes):
            self.preview.clear()
            return
        clash = self._clashes[row]
        plan = plan_choices(self._existing, self._incoming, self.choices())
        choice = self.combos[row].currentData()
        self.preview.setText(
            self.tr("\u201c{0}\u201d: {1}").format(
                clash.incoming.name, preview(clash, choice, plan, self._existing)
            )
        )
