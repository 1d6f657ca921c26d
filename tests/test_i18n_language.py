"""tunnelgui.i18n: which language the environment asks for, and text passing through."""

import pytest

from tunnelgui import i18n


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh_SG", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh_TW.UTF-8", ""),
        ("en_GB.UTF-8", "en"),
        ("C", "en"),
        ("POSIX", "en"),
        ("de_DE.UTF-8", ""),
    ],
)
def test_supported_language_maps_locale_names(code, expected):
    assert i18n.supported_language(code) == expected


def test_system_language_reads_language_before_lang(monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANGUAGE", "de:zh_CN")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.system_language() == "zh_CN"
    monkeypatch.setenv("LANGUAGE", "fr")
    assert i18n.system_language() == "en"


def test_english_and_unknown_languages_pass_text_through():
    try:
        assert i18n.set_language("en") == "en"
        assert i18n._("No profile named db") == "No profile named db"
        assert i18n.set_language("de_DE") == "en"
        assert i18n.ngettext("{n} connection", "{n} connections", 2) == "{n} connections"
    finally:
        i18n.set_language("en")


def test_language_is_not_read_under_the_c_locale(monkeypatch):
    # As GNU gettext: LANG=C means plain English, whatever LANGUAGE a session left behind.
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_CN"
