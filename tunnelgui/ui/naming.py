"""Names for widgets Qt creates on our behalf (menus, toolbar buttons, dialog buttons), so people
using assistive tools and tests can find them."""

from __future__ import annotations

import re
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QMenuBar, QToolBar, QWidget

W = TypeVar("W", bound=QWidget)

# An accelerator that a translation adds after the words: "删除(&D)".
_TRAILING_ACCELERATOR = re.compile(r"\s*\(&[^&\s]\)")


def plain_text(text: str) -> str:
    """Menu text as read aloud: "&Delete…" -> "Delete", "R&&D" -> "R&D", "删除(&D)…" -> "删除"."""
    text = _TRAILING_ACCELERATOR.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("\u2026.").strip()


def name_widget(widget: W, object_name: str, accessible_name: str) -> W:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


def name_menus(menu_bar: QMenuBar, object_name: str = "menuBar") -> None:
    """The bar itself and each menu in it (menus keep an objectName they already have)."""
    name_widget(menu_bar, object_name, QCoreApplication.translate("Naming", "Menu bar"))
    for action in menu_bar.actions():
        menu = action.menu()
        if menu is None:
            continue
        title = plain_text(menu.title())
        if not menu.objectName():
            menu.setObjectName(title.lower().replace(" ", "") + "Menu")
        menu.setAccessibleName(QCoreApplication.translate("Naming", "{0} menu").format(title))


def name_toolbar_buttons(toolbar: QToolBar) -> None:
    """Each action's button: "addAction" gets "addToolButton", read as the action's text."""
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if button is None or action.isSeparator() or not action.objectName():
            continue
        base = action.objectName().removesuffix("Action")
        name_widget(button, f"{base}ToolButton", plain_text(action.text()))


def name_dialog_buttons(box: QDialogButtonBox, object_name: str, accessible_name: str) -> None:
    """The box, and each standard button after its role: "okButton", "cancelButton"."""
    name_widget(box, object_name, accessible_name)
    for button in box.buttons():
        standard = box.standardButton(button)
        if standard == QDialogButtonBox.StandardButton.NoButton:
            continue
        if not button.objectName():
            button.setObjectName(standard.name[0].lower() + standard.name[1:] + "Button")
        if not button.accessibleName():
            button.setAccessibleName(plain_text(button.text()))
