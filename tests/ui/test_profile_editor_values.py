"""The editor saves what it was opened with: every field and every option, awkward values too,
survive opening a saved profile and pressing Save without touching anything."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tunnelgui.profiles.model import OptionField, Profile, ProfileOptions, option_fields
from tunnelgui.profiles.problems import errors_in
from tunnelgui.profiles.store import ProfileStore
from tunnelgui.profiles.validation import validate_profile
from tunnelgui.ui.profile_editor import FIELDS, ProfileEditor


def awkward_values(declared: OptionField) -> list[object]:
    """Valid values a fixed number of decimals or a clamped range would change."""
    if declared.kind == "seconds":
        low = [0.001, 0.3, 1e-9, 0.30000000000000004] if declared.above_minimum else [0.0, 0.3]
        return [*low, 2.5, 12.345678, declared.maximum]
    if declared.kind == "count":
        return [int(declared.minimum), 1, 77, int(declared.maximum)]
    if declared.kind == "switch":
        return [False, True]
    return [("10.0.0.0/8",), ("192.168.1.5", "fd00::/8", "127.0.0.0/8")]


CASES = [(name, value) for name, declared in option_fields() for value in awkward_values(declared)]
BASE = Profile(
    name="Ünïcode web — prod",
    listen_port=65535,
    target_host="db.internal.",
    target_port=1,
    listen_host="localhost",
    autostart=True,
    group="  spaced group ",
    notes="first line\r\nsecond\tline\n",
)


def save_unchanged(qtbot, store: ProfileStore, profile: Profile) -> Profile:
    editor = ProfileEditor(store.get(profile.id), store.profiles())
    qtbot.addWidget(editor)
    editor.show()
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.result() == QDialog.DialogCode.Accepted
    store.update(editor.profile())
    return ProfileStore.open(store.path).get(profile.id)


@pytest.mark.parametrize(("name", "value"), CASES, ids=[f"{n}={v!r}" for n, v in CASES])
def test_saving_untouched_keeps_every_value_exactly(qtbot, tmp_path, name, value):
    profile = dataclasses.replace(
        BASE, options=dataclasses.replace(ProfileOptions(), **{name: value})
    )
    assert errors_in(validate_profile(profile)) == []  # only values validation accepts
    store = ProfileStore.open(tmp_path / "profiles.json")
    store.add(profile)
    assert save_unchanged(qtbot, store, profile) == profile


@pytest.mark.parametrize(("name", "value"), CASES, ids=[f"{n}={v!r}" for n, v in CASES])
def test_each_option_widget_shows_and_gives_back_the_exact_value(qtbot, name, value):
    """The widgets themselves are exact, not only the editor's 'untouched' rule."""
    profile = dataclasses.replace(
        BASE, options=dataclasses.replace(ProfileOptions(), **{name: value})
    )
    editor = ProfileEditor(profile, [])
    qtbot.addWidget(editor)
    assert editor.option_inputs[name].option_value() == value


def test_typed_values_are_taken_as_typed(qtbot):
    editor = ProfileEditor(BASE, [])
    qtbot.addWidget(editor)
    editor.show()
    for name, text, expected in (("connect_timeout", "0.3", 0.3), ("idle_timeout", "2.5", 2.5)):
        spin = editor.option_inputs[name]
        spin.lineEdit().selectAll()
        qtbot.keyClicks(spin, text)
        spin.interpretText()
        assert spin.text() == f"{text} s"
        assert getattr(editor.profile().options, name) == expected
    editor.group_combo.setEditText("  typed group  ")
    assert editor.profile().group == "typed group"  # what the user types is tidied


def test_the_editor_has_an_input_and_a_message_per_option(qtbot):
    editor = ProfileEditor(None, [])
    qtbot.addWidget(editor)
    names = [name for name, _ in option_fields()]
    assert list(editor.option_inputs) == names
    assert [f"options.{name}" for name in names] == [f for f in FIELDS if f.startswith("options.")]
    for name, declared in option_fields():
        widget = editor.option_inputs[name]
        assert widget.accessibleName() == declared.editor_label.replace("&", "")
        assert editor.findChild(type(widget), widget.objectName()) is widget
