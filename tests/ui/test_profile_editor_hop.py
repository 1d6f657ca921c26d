"""The editor's SSH hop field: a picker of the ssh config's Host aliases, validated as typed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.sshconfig import host_aliases, read_host_aliases
from tunnelgui.ui.profile_editor import ProfileEditor

DB = Profile(name="db", listen_port=15432, target_host="db.internal", target_port=5432)


def test_the_picker_offers_the_host_aliases_and_saves_the_choice(qtbot):
    editor = ProfileEditor(DB, [], ssh_hosts=["bastion", "staging"])
    qtbot.addWidget(editor)
    editor.show()
    combo = editor.findChild(type(editor.via_combo), "viaCombo")
    assert combo.accessibleName() == "Via SSH server"
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "bastion", "staging"]
    combo.setCurrentIndex(1)
    assert editor.profile().via == "bastion"
    assert editor.profile().target_label == "db.internal:5432 via bastion"
    assert editor.ok_button.isEnabled()


def test_an_option_typed_as_the_hop_is_refused_where_it_was_typed(qtbot):
    editor = ProfileEditor(DB, [])
    qtbot.addWidget(editor)
    editor.show()
    editor.via_combo.setFocus()
    qtbot.keyClicks(editor.via_combo, "-oProxyCommand=sh")
    message = editor.findChild(type(editor.port_in_use_label), "viaMessage")
    assert message.isVisible() and "must not start with '-'" in message.text()
    assert not editor.ok_button.isEnabled()


def test_an_untouched_hop_is_saved_as_it_was(qtbot):
    hop = Profile(name="db", listen_port=15432, target_host="db.internal", target_port=5432,
                  via="j1,deploy@bastion:2222", ssh_config="/etc/ssh_config")  # fmt: skip
    editor = ProfileEditor(hop, [])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.profile() == hop


@pytest.mark.parametrize(
    ("text", "aliases"),
    [
        ("Host bastion bastion-prod\nHost *.corp !x\nHost staging\n", ["bastion", "bastion-prod",
                                                                       "staging"]),
        ("host=jump\n  HostName 10.0.0.1\nMatch host x\nHost jump\n", ["jump"]),
        ("Host 'a b\n", []),
    ],
)  # fmt: skip
def test_host_aliases(text, aliases):
    assert host_aliases(text) == aliases


def test_the_app_reads_aliases_from_its_default_config_never_from_home(isolated_ssh_config):
    assert read_host_aliases(isolated_ssh_config) == []  # missing: nothing, no error
    isolated_ssh_config.parent.mkdir()
    isolated_ssh_config.write_text("Host bastion\n")
    assert read_host_aliases(isolated_ssh_config) == ["bastion"]


def picker_items(editor: ProfileEditor) -> list[str]:
    combo = editor.via_combo
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_picker_reads_the_ssh_config_that_ssh_will_read(
    qtbot, make_session, isolated_ssh_config, tmp_path
):
    """The user's default, else the app's ssh_config setting, else the profile's own config."""
    isolated_ssh_config.parent.mkdir()
    isolated_ssh_config.write_text("Host from-home\n")
    app_config = tmp_path / "app_ssh_config"
    app_config.write_text("Host from-setting other-alias\n")
    own_config = tmp_path / "own_ssh_config"
    own_config.write_text("Host from-profile\n")
    session = make_session()
    window = session.window
    window.action("add").trigger()
    assert picker_items(window.editor_flow.editor) == ["", "from-home"]
    window.editor_flow.editor.reject()

    window.settings.settings = replace(window.settings.settings, ssh_config=str(app_config))
    window.action("add").trigger()
    assert picker_items(window.editor_flow.editor) == ["", "from-setting", "other-alias"]
    window.editor_flow.editor.reject()

    hop = replace(DB, via="from-profile", ssh_config=str(own_config))
    session.controller.add_profile(hop)
    window.editor_flow.edit(hop.id)
    editor = window.editor_flow.editor
    assert picker_items(editor) == ["", "from-profile"]
    assert editor.via_combo.currentText() == "from-profile"
    editor.reject()
