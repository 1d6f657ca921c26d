"""Label buddies for form rows whose field is a box around the real input."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget


def focusable_input(field: QWidget) -> QWidget | None:
    """The first widget in `field` (itself included) that takes focus with Tab."""
    if field.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return field
    for child in field.findChildren(QWidget):
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and not child.isHidden():
            return child
    return None


def set_form_buddies(root: QWidget) -> None:
    """Point every form label's Alt key at the input of its row. QFormLayout makes the field
    itself the buddy; when the field is a container (an input with its messages below), the
    container takes no focus and the underlined letter does nothing."""
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None:
                continue
            label, field = label_item.widget(), field_item.widget()
            if isinstance(label, QLabel) and field is not None:
                target = focusable_input(field)
                if target is not None:
                    label.setBuddy(target)
