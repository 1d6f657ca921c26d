"""The conditions editor widget on its own: rows, typing with units, errors, presets, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QToolButton

from tunnelgui.engine.conditions import (
    Bandwidth,
    Condition,
    Direction,
    Latency,
    ResetAfter,
    Slicer,
    Stall,
)
from tunnelgui.profiles.condition_presets import PRESETS, preset
from tunnelgui.ui.conditions_editor import ConditionsEditor


@pytest.fixture
def editor(qtbot):
    widget = ConditionsEditor("testConditionsEditor")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _child(widget, kind, name):
    found = widget.findChild(kind, name)
    assert found is not None, name
    return found


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_rows_show_numbers_with_units_direction_and_share(editor):
    editor.set_conditions(
        (
            Condition(Latency(0.2, jitter=0.05)),
            Condition(Bandwidth(96 * 1024), Direction.TO_CLIENT, enabled=False, probability=0.5),
        )
    )
    assert _child(editor, QLineEdit, "condition0SecondsEdit").text() == "200 ms"
    assert _child(editor, QLineEdit, "condition0JitterEdit").text() == "50 ms"
    assert _child(editor, QCheckBox, "condition0Switch").isChecked()
    assert _child(editor, QLineEdit, "condition1RateEdit").text() == "96 KiB/s"
    assert _child(editor, QComboBox, "condition1Direction").currentText() == "to client \u2193"
    assert _child(editor, QLineEdit, "condition1ProbabilityEdit").text() == "50 %"
    assert not _child(editor, QCheckBox, "condition1Switch").isChecked()
    assert editor.summary.text() == "1 of 2 switched on."
    assert editor.tab_title() == "Conditions (1 on)"


def test_a_bad_number_is_shown_as_an_error_and_nothing_is_committed(qtbot, editor):
    editor.set_conditions((Condition(Latency(0.1)),))
    committed = []
    editor.committed.connect(lambda: committed.append(editor.conditions()))
    delay = _child(editor, QLineEdit, "condition0SecondsEdit")
    _type(qtbot, delay, "25 h")
    qtbot.keyClick(delay, Qt.Key.Key_Return)
    message = _child(editor, type(editor.summary), "condition0Message")
    assert not message.isHidden()
    assert "delay can be at most 24 h, not 25 h" in message.text()
    assert "border" in delay.styleSheet()
    assert editor.conditions() is None
    assert editor.tab_title() == "Conditions \u2716"
    assert committed == []
    # Fixed: the unit is filled in, the value committed, the error gone.
    _type(qtbot, delay, "250")
    qtbot.keyClick(delay, Qt.Key.Key_Return)
    assert delay.text() == "250 ms"
    assert message.isHidden()
    assert committed == [(Condition(Latency(0.25)),)]


def test_a_fraction_of_a_byte_is_refused_not_rounded(qtbot, editor):
    editor.set_conditions((Condition(Bandwidth(1024)),))
    rate = _child(editor, QLineEdit, "condition0RateEdit")
    _type(qtbot, rate, "0.3")
    assert editor.conditions() is None
    assert "307.2 bytes/s" in editor.problems()[0]


def test_switch_and_direction_commit_at_once(qtbot, editor):
    editor.set_conditions((Condition(Latency(0.1)),))
    with qtbot.waitSignal(editor.committed, timeout=1000):
        _child(editor, QCheckBox, "condition0Switch").click()
    assert editor.conditions() == (Condition(Latency(0.1), enabled=False),)
    with qtbot.waitSignal(editor.committed, timeout=1000):
        combo = _child(editor, QComboBox, "condition0Direction")
        combo.setCurrentIndex(combo.findData(Direction.TO_TARGET))
    assert editor.conditions() == (Condition(Latency(0.1), Direction.TO_TARGET, enabled=False),)


def test_add_every_kind_then_remove_one(qtbot, editor):
    menu = _child(editor, QToolButton, "addConditionButton").menu()
    for action in menu.actions():
        action.trigger()
    kinds = [type(c.effect).__name__ for c in editor.conditions()]
    assert kinds == [a.data() for a in menu.actions()]
    assert len(kinds) == 7
    assert editor.empty_label.isHidden()
    with qtbot.waitSignal(editor.committed, timeout=1000):
        _child(editor, QToolButton, "condition0RemoveButton").click()
    assert [type(c.effect).__name__ for c in editor.conditions()] == kinds[1:]
    # Rows are renumbered: the first row is now the bandwidth cap.
    assert editor.findChild(QLineEdit, "condition0RateEdit") is not None


def test_presets_show_their_numbers_and_replace_the_list_with_undo(qtbot, editor):
    own = (Condition(Stall(5.0)),)
    editor.set_conditions(own)
    menu = _child(editor, QToolButton, "conditionPresetButton").menu()
    texts = [action.text() for action in menu.actions()]
    assert [t.split(":")[0] for t in texts] == [p.name for p in PRESETS]
    assert "latency 100ms \u00b1 50ms" in texts[0] and "96KiB/s" in texts[0]
    with qtbot.waitSignal(editor.committed, timeout=1000):
        menu.actions()[0].trigger()
    assert editor.conditions() == preset("3g").conditions
    undo = _child(editor, type(editor.undo_button), "undoConditionsButton")
    assert undo.isEnabled()
    with qtbot.waitSignal(editor.committed, timeout=1000):
        undo.click()
    assert editor.conditions() == own
    assert not undo.isEnabled()


def test_every_row_widget_is_named(qtbot, editor):
    from tests.ui.test_accessible_names import unnamed

    menu = editor.add_button.menu()
    for action in menu.actions():
        action.trigger()
    editor.apply_preset(preset("3g"))
    editor.undo_button.click()
    assert len(editor.rows()) == 7
    assert unnamed(editor) == []
    names = [w.objectName() for w in editor.findChildren(QLineEdit)]
    assert len(names) == len(set(names))


def test_the_profiles_own_checks_show_in_the_row_and_block_the_commit(qtbot, editor):
    editor.set_conditions((Condition(Slicer(64, delay=0.01)),))
    committed = []
    editor.committed.connect(lambda: committed.append(editor.conditions()))
    variation = _child(editor, QLineEdit, "condition0SizeVariationEdit")
    _type(qtbot, variation, "64")
    qtbot.keyClick(variation, Qt.Key.Key_Return)
    message = _child(editor, type(editor.summary), "condition0Message")
    assert "variation must be smaller than the piece size" in message.text()
    assert editor.conditions() is None and committed == []
    _type(qtbot, variation, "16")
    qtbot.keyClick(variation, Qt.Key.Key_Return)
    assert message.isHidden()
    assert committed == [(Condition(Slicer(64, delay=0.01, size_variation=16)),)]


def test_a_warning_shows_but_does_not_block(qtbot, editor):
    editor.set_conditions((Condition(ResetAfter(bytes=1024)),))
    after = _child(editor, QLineEdit, "condition0BytesEdit")
    _type(qtbot, after, "0")
    qtbot.keyClick(after, Qt.Key.Key_Return)
    message = _child(editor, type(editor.summary), "condition0Message")
    assert "never resets" in message.text() and message.text().startswith("\u26a0")
    assert editor.conditions() == (Condition(ResetAfter()),)


def test_profile_editor_new_profile_takes_a_preset_and_untouched_keeps_the_saved(qtbot):
    from tunnelgui.profiles.model import Profile
    from tunnelgui.ui.profile_editor import ProfileEditor

    editor = ProfileEditor(None, [])
    qtbot.addWidget(editor)
    editor.conditions_editor.apply_preset(preset("offline"))
    assert editor.profile().conditions == preset("offline").conditions
    assert editor.tabs.tabText(1) == "Conditions (1 on)"

    saved = Profile("web", 18080, "127.0.0.1", 80, conditions=preset("bad-wifi").conditions)
    editor = ProfileEditor(saved, [])
    qtbot.addWidget(editor)
    assert editor.profile() == saved  # opened and nothing changed: exactly as saved
    assert len(editor.conditions_editor.rows()) == 2
