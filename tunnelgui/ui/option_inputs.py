"""The editor's input for each profile option, made from its declaration in ProfileOptions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, SignalInstance
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QPlainTextEdit, QSpinBox, QWidget

from tunnelgui.i18n import _
from tunnelgui.profiles.model import OptionField
from tunnelgui.ui.naming import name_widget, plain_text
from tunnelgui.ui.port_input import TYPED_MAXIMUM, ClampedSteps

# QDoubleSpinBox rounds every value to its decimals; this many keep any double as it is.
_EXACT_DECIMALS = 323


def parse_networks(text: str) -> tuple[str, ...]:
    """One network per line (commas and spaces also separate); blanks ignored."""
    return tuple(part for part in re.split(r"[\s,]+", text) if part)


def exact_text(value: float) -> str:
    """The shortest decimal text that reads back as exactly `value`: 0.3 -> "0.3", 60.0 -> "60"."""
    text = f"{Decimal(repr(float(value))):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class SecondsInput(ClampedSteps, QDoubleSpinBox):
    """A number of seconds, shown as its shortest exact text ("0.3 s", "2.5 s") and given back
    unchanged: any value validation accepts survives, none is rounded to fixed decimals."""

    def __init__(self, declared: OptionField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(_EXACT_DECIMALS)
        # The declared range, both ends included, for the arrows: validation explains a value
        # at an excluded end ("more than 0"), where a clamped widget would silently change it.
        # Typing may go beyond the top (validation explains that too; a clamped box would
        # drop the digit that went over: 5000 s typed as 500).
        self.step_minimum, self.step_maximum = declared.minimum, declared.maximum
        self.setRange(declared.minimum, TYPED_MAXIMUM)
        self.setSingleStep(declared.step)
        self.value_changed: SignalInstance = self.valueChanged

    def textFromValue(self, value: float) -> str:
        return exact_text(value).replace(".", self.locale().decimalPoint())

    def option_value(self) -> float:
        return self.value()

    def set_option_value(self, value: Any) -> None:
        self.setValue(float(value))


class CountInput(ClampedSteps, QSpinBox):
    """A whole number; the arrows keep to the declared range, typing may go beyond its top
    (validation explains it)."""

    def __init__(self, declared: OptionField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step_minimum, self.step_maximum = int(declared.minimum), int(declared.maximum)
        self.setRange(int(declared.minimum), TYPED_MAXIMUM)
        self.setSingleStep(max(1, int(declared.step)))
        self.value_changed: SignalInstance = self.valueChanged

    def option_value(self) -> int:
        return self.value()

    def set_option_value(self, value: Any) -> None:
        self.setValue(int(value))


class NetworksInput(QPlainTextEdit):
    """A list of networks, one a line."""

    def __init__(self, declared: OptionField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(
            QCoreApplication.translate(
                "OptionInputs", "empty: anyone who can reach the port\n192.168.1.0/24"
            )
        )
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.value_changed: SignalInstance = self.textChanged

    def option_value(self) -> tuple[str, ...]:
        return parse_networks(self.toPlainText())

    def set_option_value(self, value: Any) -> None:
        self.setPlainText("\n".join(value))


class SwitchInput(QCheckBox):
    """An option that is on or off."""

    def __init__(self, declared: OptionField, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("OptionInputs", "On"), parent)
        self.value_changed: SignalInstance = self.toggled

    def option_value(self) -> bool:
        return self.isChecked()

    def set_option_value(self, value: Any) -> None:
        self.setChecked(bool(value))


OptionInput = SecondsInput | CountInput | NetworksInput | SwitchInput
_INPUTS: dict[str, tuple[type[OptionInput], str]] = {
    "seconds": (SecondsInput, "Spin"),
    "count": (CountInput, "Spin"),
    "networks": (NetworksInput, "Edit"),
    "switch": (SwitchInput, "Check"),
}


def option_input(name: str, declared: OptionField) -> OptionInput:
    """The input for option `name`: "connect_timeout" -> a SecondsInput "connectTimeoutSpin"."""
    kind, suffix = _INPUTS[declared.kind]
    widget = kind(declared)
    words = name.split("_")
    object_name = words[0] + "".join(word.title() for word in words[1:]) + suffix
    # The declaration's words are gettext's (profiles/), marked there and translated here.
    name_widget(widget, object_name, plain_text(_(declared.editor_label)))
    help_text = _(declared.help)
    widget.setToolTip(help_text[:1].upper() + help_text[1:] + ".")
    if isinstance(widget, SecondsInput | CountInput):
        if declared.unit:
            widget.setSuffix(f" {_(declared.unit)}")
        if declared.zero_means and declared.minimum == 0:
            widget.setSpecialValueText(_(declared.zero_means))
    return widget
