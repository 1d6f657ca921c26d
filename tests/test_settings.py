"""Settings file: defaults, round trip, damaged files never fatal and never silently rewritten."""

from __future__ import annotations

import json

import pytest

from tunnelgui.settings import Settings, SettingsFile, load_settings, save_settings


def test_missing_file_gives_defaults(tmp_path):
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.settings == Settings()
    assert loaded.notice == ""


def test_round_trip(tmp_path):
    path = tmp_path / "sub" / "settings.json"
    wanted = Settings(
        start_autostart_tunnels=False,
        close_to_tray=False,
        start_minimized=True,
        notifications=False,
    )
    save_settings(path, wanted)
    assert load_settings(path).settings == wanted
    assert json.loads(path.read_text())["version"] == 1


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "does not hold settings"),
        ('{"notifications": "yes"}', "notifications should be true or false"),
        ("[" * 100_000, "not valid JSON"),
        (b'{"notifications": "\xff"}', "not valid JSON"),
    ],
    ids=["not-json", "list", "wrong-type", "deeply-nested", "not-utf8"],
)
def test_damaged_file_gives_defaults_with_a_notice_and_stays_untouched(tmp_path, text, words):
    path = tmp_path / "settings.json"
    raw = text if isinstance(text, bytes) else text.encode()
    path.write_bytes(raw)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert words in loaded.notice
    assert path.read_bytes() == raw


def test_good_values_survive_next_to_bad_ones_and_unknown_keys(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"close_to_tray": false, "notifications": 3, "future_option": 1}')
    loaded = load_settings(path)
    assert loaded.settings.close_to_tray is False
    assert loaded.settings.notifications is True


def test_settings_file_answers_the_tray_and_remembers_the_close_notice(tmp_path):
    path = tmp_path / "settings.json"
    prefs = SettingsFile(path)
    assert prefs.close_to_tray() and prefs.notifications() and not prefs.close_notice_shown()
    prefs.remember_close_notice_shown()
    assert SettingsFile(path).close_notice_shown()
    prefs.update(Settings(notifications=False))
    assert SettingsFile(path).notifications() is False


@pytest.mark.parametrize(("key", "value"), [("language", "fr"), ("color_scheme", "sepia")])
def test_unknown_language_or_color_scheme_falls_back_with_a_notice(tmp_path, key, value):
    path = tmp_path / "settings.json"
    data = {"language": "zh_CN", "notifications": False}
    path.write_text(json.dumps({**data, key: value}))
    loaded = load_settings(path)
    assert getattr(loaded.settings, key) == getattr(Settings(), key)
    assert f"{key} '{value}' is not one of" in loaded.notice
    assert loaded.settings.notifications is False  # the other values are kept
    if key != "language":
        assert loaded.settings.language == "zh_CN"
