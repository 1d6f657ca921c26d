"""The committed Qt catalogs match the code: every string the window marks for translation is in
the .ts and translated, and each .qm is what lrelease makes of its .ts. A forgotten translation,
or a .qm not rebuilt, fails here (and in CI) rather than showing English to a user."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ui.translation_sources import (
    ROOT,
    TRANSLATIONS,
    marked_strings,
    source_files,
    ts_messages,
    unfinished,
)
from tunnelgui.resource_paths import WINDOW_LANGUAGES

SCRIPT = ROOT / "packaging" / "translations.sh"
LANGUAGES = WINDOW_LANGUAGES


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """packaging/translations.sh (update, then build) run on a copy of the committed .ts files."""
    folder = tmp_path_factory.mktemp("translations")
    for language in LANGUAGES:
        shutil.copy(TRANSLATIONS / f"tunnelgui_{language}.ts", folder)
    done = subprocess.run(
        ["bash", str(SCRIPT)],
        env={**os.environ, "TRANSLATIONS_DIR": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_ts_is_what_lupdate_makes_of_the_code(fresh, language):
    name = f"tunnelgui_{language}.ts"
    committed = (TRANSLATIONS / name).read_text(encoding="utf-8")
    updated = (fresh / name).read_text(encoding="utf-8")
    if committed != updated:
        added = set(ts_messages(fresh / name)) - set(ts_messages(TRANSLATIONS / name))
        gone = set(ts_messages(TRANSLATIONS / name)) - set(ts_messages(fresh / name))
        pytest.fail(
            f"resources/translations/{name} is out of date: run `bash packaging/translations.sh`"
            f" and translate the new strings.\nNew in the code: {sorted(added)}\n"
            f"Gone from the code: {sorted(gone)}"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    left = unfinished(TRANSLATIONS / f"tunnelgui_{language}.ts")
    assert not left, f"untranslated in tunnelgui_{language}.ts: {left}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_qm_is_built_from_the_ts(fresh, language):
    name = f"tunnelgui_{language}.qm"
    assert (TRANSLATIONS / name).read_bytes() == (fresh / name).read_bytes(), (
        f"resources/translations/{name} is not the compiled .ts: run "
        "`bash packaging/translations.sh build`"
    )


def test_lupdate_sees_every_marked_string_and_every_plural():
    # lupdate's Python parser skips some calls without a word (a count given as an attribute
    # inside a function): read the code's own syntax tree to be sure each text arrives.
    zh = ts_messages(TRANSLATIONS / "tunnelgui_zh_CN.ts")
    en = ts_messages(TRANSLATIONS / "tunnelgui_en.ts")
    problems = []
    marked = [item for path in source_files() for item in marked_strings(path)]
    assert len(marked) > 150  # the walk found the window's strings
    for item in marked:
        if item.text not in zh:
            problems.append(f"{item.where}: {item.text!r} is not in the .ts")
        elif item.plural and (zh[item.text].get("numerus") != "yes" or item.text not in en):
            problems.append(f"{item.where}: {item.text!r} has no plural forms (use a class's tr)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_accelerators(language):
    problems = []
    for source, message in ts_messages(TRANSLATIONS / f"tunnelgui_{language}.ts").items():
        translation = message.find("translation")
        forms = translation.findall("numerusform") or [translation]
        for form in forms:
            text = form.text or ""
            for token in ("{0}", "{1}", "{2}", "%n"):
                if (token in source) != (token in text):
                    problems.append(f"{source!r} -> {text!r}: {token}")
            if "&" in source.replace("&&", "") and "&" not in text.replace("&&", ""):
                problems.append(f"{source!r} -> {text!r}: no accelerator")
    assert not problems, "\n".join(problems)
