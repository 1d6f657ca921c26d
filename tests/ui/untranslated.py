"""Finds text left in English on screen: walks widgets, menus and table headers and reports each
text that still holds English words once the allowed tokens are taken out."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

# Words that stay as they are in any language: the app's name, protocols, key names, units, the
# name of the English choice itself, and the example values in placeholders (host names).
ALLOWED_WORDS = frozenset(
    {
        "TunnelGUI", "SSH", "ssh", "TCP", "JSON", "IP",
        "Ctrl", "Shift", "Esc", "Return", "Enter",
        "KiB", "MiB", "GiB", "TiB",
        "English",
        "db", "internal", "bastion", "jump", "user", "host",
    }
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z]{2,}")  # single letters pass: accelerators "(&S)", units "B", "s"


@dataclass(frozen=True)
class Shown:
    where: str  # e.g. "QLabel emptyHint" or "menu fileMenu > action importAction"
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r}"


def english_words(
    text: str, allowed: Collection[str] = (), phrases: Iterable[str] = ()
) -> list[str]:
    """The English words left in `text` after `phrases` (whole English phrases that another part
    of the app still has to translate) and the allowed words are taken out."""
    for phrase in phrases:
        text = text.replace(phrase, " ")
    return [word for word in _WORD.findall(text) if word not in ALLOWED_WORDS | set(allowed)]


def _skipped(widget: QWidget, root: QWidget, skip: Collection[str]) -> bool:
    current: QWidget | None = widget
    while current is not None:
        if current.objectName() in skip:
            return True
        if current is root:
            return False
        current = current.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName() or '(unnamed)'}"


def menu_texts(menu: QMenu, where: str = "") -> Iterator[Shown]:
    """The menu's title and every action's text, submenus included."""
    where = where or f"menu {menu.objectName()}"
    if menu.title():
        yield Shown(where, menu.title())
    for action in menu.actions():
        if action.isSeparator():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            yield from menu_texts(submenu, f"{where} > menu {submenu.objectName()}")
        elif action.text():
            yield Shown(f"{where} > action {action.objectName()}", action.text())


def widget_texts(root: QWidget, skip: Collection[str] = ()) -> Iterator[Shown]:
    """Texts of the visible widgets under `root` (itself included): labels, buttons, group boxes,
    tab titles, placeholders, horizontal header titles, window titles. Widgets whose objectName
    (or an ancestor's) is in `skip` are left out, and so are tab pages named there."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or _skipped(widget, root, skip):
            continue
        where = _name(widget)
        if widget.isWindow() and widget.windowTitle():
            yield Shown(f"{where} title", widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton) and widget.text():
            yield Shown(where, widget.text())
        elif isinstance(widget, QGroupBox) and widget.title():
            yield Shown(where, widget.title())
        elif isinstance(widget, QLineEdit | QPlainTextEdit) and widget.placeholderText():
            yield Shown(f"{where} placeholder", widget.placeholderText())
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                if widget.widget(index).objectName() not in skip:
                    yield Shown(f"{where} tab {index}", widget.tabText(index))
        elif isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            model = widget.model()
            for section in range(model.columnCount()):
                title = model.headerData(section, Qt.Orientation.Horizontal)
                yield Shown(f"{where} column {section}", str(title or ""))


def still_english(
    shown: Iterable[Shown], allowed: Collection[str] = (), phrases: Iterable[str] = ()
) -> list[str]:
    """One line per text with English words left, naming where it is."""
    phrases = list(phrases)
    return [
        f"{item} -> {english_words(item.text, allowed, phrases)}"
        for item in shown
        if english_words(item.text, allowed, phrases)
    ]
