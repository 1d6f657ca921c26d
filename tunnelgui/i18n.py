"""The user's language for text that is not Qt's: the CLI, headless runs, profile and engine
messages (stdlib gettext, domain "tunnelgui"; catalogs in resources/locale/<lang>/LC_MESSAGES).

Qt widgets translate with Qt (tunnelgui/ui/translations.py loads the .qm files); the app calls
set_language() with the same choice so the sentences it takes from lower floors match.

    from tunnelgui.i18n import _, ngettext
    _("No profile named {name}").format(name=name)
    ngettext("{n} connection", "{n} connections", n).format(n=n)

English reads no file: the catalog is opened only when another language is chosen, so a
plain `tunnelgui forward` (issue 13's memory budget) pays nothing for this module beyond
gettext, which argparse imports anyway. Without a catalog for the language text passes
through unchanged. Engine errors stay English; translated_error() shows an AddressError in
the user's language from the template it keeps. The engine's event sentences are translated
when they are read: the floors that hold an Engine (headless.py, the worker) hand _ and
ngettext to tunnelgui.engine.messages.use_language() (the engine cannot import this module).
Mark
text with _() where it is shown, never at import time: the language may be set later. For a
constant defined at import time, mark it with N_() (extracted, not translated) and pass it
through _() where it is shown.
"""

from __future__ import annotations

import gettext
import os
import threading

DOMAIN = "tunnelgui"
SUPPORTED = ("en", "zh_CN")  # the languages with a catalog (en is the source)

_lock = threading.Lock()
_translations: gettext.NullTranslations = gettext.NullTranslations()
_current = "en"


def _locale_dir() -> str | None:
    from tunnelgui.resource_paths import ResourceNotFoundError, resources_root

    try:
        return str(resources_root() / "locale")
    except ResourceNotFoundError:
        return None


def system_language() -> str:
    """The supported language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG,
    as gettext reads them), else "en"."""
    wanted: list[str] = []
    # The locale first: like GNU gettext, LANGUAGE is not read when the locale is C/POSIX
    # (LANG=C means plain English whatever a desktop session put in LANGUAGE).
    posix = _locale_variable().split(".")[0] in ("C", "POSIX")
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and not (posix and variable == "LANGUAGE"):
            wanted.extend(part for part in value.split(":") if part)
            break
    if not wanted:
        # Only here: with a variable set (the usual case) `forward` never pays for locale.
        import locale

        code = locale.getlocale()[0]
        if code:
            wanted.append(code)
    for item in wanted:
        match = supported_language(item)
        if match:
            return match
    return "en"


def _locale_variable() -> str:
    """The locale the messages category follows (LC_ALL, LC_MESSAGES, LANG: the first set)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return value
    return ""


def supported_language(code: str) -> str:
    """ "zh_CN.UTF-8", "zh-CN", "zh_SG", "zh" -> "zh_CN"; "en_GB" -> "en"; unknown -> ""."""
    base = code.split(".")[0].split("@")[0].replace("-", "_")
    if base in ("C", "POSIX"):
        return "en"
    language = base.split("_")[0].lower()
    if language == "zh":
        # Simplified Chinese is what we ship; Traditional regions are not it.
        region = base.split("_")[1].upper() if "_" in base else "CN"
        return "zh_CN" if region in ("CN", "SG", "HANS") else ""
    if language == "en":
        return "en"
    return ""


def wanted_language(code: str) -> str:
    """The supported language `code` asks for ("" = the system's); "en" for one we lack."""
    return (supported_language(code) if code else system_language()) or "en"


def set_language(code: str) -> str:
    """Use `code` ("" = the system's); returns the language now used ("en" when there is no
    catalog for it)."""
    global _translations, _current
    chosen = wanted_language(code)
    translations: gettext.NullTranslations = gettext.NullTranslations()
    if chosen != "en":
        folder = _locale_dir()
        if folder is not None:
            try:
                translations = gettext.translation(DOMAIN, folder, languages=[chosen])
            except OSError:
                chosen = "en"
        else:
            chosen = "en"
    with _lock:
        _translations = translations
        _current = chosen
    return chosen


def current_language() -> str:
    return _current


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it with _() where it is shown."""
    return message


def translated_error(error: BaseException) -> str:
    """str(error) in the user's language when the error carries its sentence's template and
    fields (tunnelgui.engine.addresses.AddressError, a TunnelStartError of a bind failure: the
    engine stays English and cannot import this module); a field named `what`, or one the error
    lists in `words`, is a word, translated too. Other errors as they are."""
    template = getattr(error, "template", None)
    fields = getattr(error, "fields", None)
    if not isinstance(template, str) or not template or not isinstance(fields, dict):
        return str(error)
    words = ("what", *getattr(error, "words", ()))
    shown = {
        key: _(value) if key in words and isinstance(value, str) else value
        for key, value in fields.items()
    }
    try:
        return _(template).format(**shown)
    except Exception:  # a catalog entry that does not fit the fields (name, spec)
        return str(error)


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted sentence for extraction (as ngettext); translate it with ngettext()."""
    return singular, plural
