# ruff: noqa: RUF001  (the expected text is Chinese, with its full-width punctuation)
"""The gettext catalog (issue 14) is complete and current: every sentence the code marks today
is translated in zh_CN, with the same placeholders, and the committed .mo is that .po compiled
(so forgetting `bash packaging/gettext.sh` fails here, not in a user's terminal)."""

from __future__ import annotations

import io
import re
import string
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

# The wheel the packaging test builds, installed apart from the checkout.
from tests.test_wheel import installed, run_outside, wheel  # noqa: F401
from tunnelgui import i18n
from tunnelgui.engine.spec import DEFAULT_CONNECT_TIMEOUT
from tunnelgui.profiles.model import ProfileOptions, option_fields
from tunnelgui.resource_paths import GETTEXT_LANGUAGES, gettext_catalog_name

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources"
# The same markers as packaging/gettext.sh's extraction.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}
PERCENT_FIELD = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdrifgxXoeEc]")


def catalog(language: str):
    with open(LOCALE / gettext_catalog_name(language, "po"), "rb") as file:
        return read_po(file, locale=language)


def code_msgids() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "tunnelgui"), keywords=KEYWORDS, comment_tags=()
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def placeholders(text: str) -> set[str]:
    """{name!conversion:spec} fields and %(name)s / %s conversions (what .format() and %
    need: a translation with another conversion or spec, {seconds:d} for {seconds:g}, fails
    when it is filled in as surely as one with another name)."""
    fields = {
        f"{{{name}!{conversion or ''}:{spec or ''}}}"
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name
    }
    fields |= {f"%({name})" if name else "%" for name in PERCENT_FIELD.findall(text)}
    return fields


def entries(language: str):
    return [message for message in catalog(language) if message.id]


def test_supported_languages_have_a_catalog():
    assert set(i18n.SUPPORTED) - {"en"} == set(GETTEXT_LANGUAGES)


@pytest.mark.parametrize("language", GETTEXT_LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    cat = catalog(language)
    assert cat.plural_forms == "nplurals=1; plural=0;"
    untranslated = [
        message.id
        for message in entries(language)
        if not (message.string if isinstance(message.string, str) else all(message.string))
    ]
    assert untranslated == []
    assert [message.id for message in entries(language) if message.fuzzy] == []
    assert list(cat.obsolete) == []


@pytest.mark.parametrize("language", GETTEXT_LANGUAGES)
def test_every_msgid_in_the_code_is_in_the_catalog_and_no_other(language):
    in_code = code_msgids()
    assert len(in_code) > 300  # the extractor found the code's sentences at all
    in_catalog = {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in entries(language)
    }
    assert sorted(map(str, in_code - in_catalog)) == [], "run: bash packaging/gettext.sh"
    assert sorted(map(str, in_catalog - in_code)) == [], "run: bash packaging/gettext.sh"


@pytest.mark.parametrize("language", GETTEXT_LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for message in entries(language):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        wanted = set().union(*(placeholders(text) for text in ids))
        for text in strings:
            if placeholders(text) != wanted:
                wrong.append((ids[0], text))
    assert wrong == []


@pytest.mark.parametrize("language", GETTEXT_LANGUAGES)
def test_committed_mo_is_the_po_compiled(language):
    fresh = io.BytesIO()
    write_mo(fresh, catalog(language))
    committed = (LOCALE / gettext_catalog_name(language, "mo")).read_bytes()
    assert committed == fresh.getvalue(), "run: bash packaging/gettext.sh build"


def test_placeholder_check_sees_both_styles():
    # The check above can fail: a dropped field or a %-conversion is seen.
    assert placeholders("{name}: {reason}") == {"{name!:}", "{reason!:}"}
    assert placeholders("{label!r} in {seconds:g} s") == {"{label!r:}", "{seconds!:g}"}
    assert placeholders("{seconds:d}") != placeholders("{seconds:g}")
    assert placeholders("%(prog)s: error: %(message)s\n") == {"%(prog)", "%(message)"}
    assert placeholders("expected %s argument") == {"%"}
    assert placeholders("名称") == set()


def test_catalog_translates_at_runtime():
    try:
        assert i18n.set_language("zh_CN") == "zh_CN"
        assert i18n._("Name must not be empty") == "名称不能为空"
        assert i18n.ngettext("Imported {count} profile from {source}.",
                             "Imported {count} profiles from {source}.", 5) == (
            "已从 {source} 导入 {count} 个配置。"
        )  # fmt: skip
    finally:
        i18n.set_language("en")
    assert i18n._("Name must not be empty") == "Name must not be empty"


def test_connect_timeout_help_names_the_real_default():
    # The msgid spells the default out (no f-string in a msgid): it must stay the real one.
    declared = dict(option_fields())["connect_timeout"]
    assert f"(default {DEFAULT_CONNECT_TIMEOUT:g})" in declared.help
    assert ProfileOptions().connect_timeout == DEFAULT_CONNECT_TIMEOUT


def test_installed_wheel_speaks_chinese(installed, tmp_path):  # noqa: F811 (the fixture)
    # The catalog ships in the wheel (resources are force-included) and is found there.
    done = run_outside(
        [sys.executable, "-m", "tunnelgui", "--help"],
        cwd=tmp_path,
        pythonpath=installed,
        LANG="zh_CN.UTF-8",
        LANGUAGE="zh_CN",
        PYTHONIOENCODING="utf-8",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("用法：tunnelgui ")


def test_no_module_that_translates_rebinds_the_underscore():
    # `host, _, port = text.partition(":")` in a function that also calls _() makes _() a
    # string there: a TypeError only in the language that reaches that line. Comprehensions
    # have their own scope, so `for _, x in pairs` inside one is harmless.
    import ast

    offenders = []
    for path in sorted((ROOT / "tunnelgui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_underscore = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "tunnelgui.i18n"
            and any(alias.name == "_" for alias in node.names)
            for node in ast.walk(tree)
        )
        if not imports_underscore:
            continue
        in_comprehensions = {
            id(name)
            for node in ast.walk(tree)
            if isinstance(node, ast.comprehension)
            for name in ast.walk(node.target)
        }
        offenders += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Name)
            and node.id == "_"
            and isinstance(node.ctx, ast.Store)
            and id(node) not in in_comprehensions
        ]
    assert offenders == []
