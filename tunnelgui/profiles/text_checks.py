"""Characters a saved text may not hold: unsavable ones, and invisible or look-alike tricks."""

from __future__ import annotations

import re
import unicodedata

from tunnelgui.i18n import _

_C0_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def _describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{code} ({name})" if name else code


def _position(text: str, index: int) -> str:
    return _("at character {number}").format(number=index + 1) if len(text) > 1 else ""


def _plain(text: str) -> bool:
    """Printable ASCII (almost every name): none of the checks below can find anything."""
    return text.isascii() and text.isprintable()


def unsavable_character(text: str, label: str) -> str:
    """A sentence when `text` holds a lone surrogate (what Python makes of a byte that is not
    UTF-8, or a JSON escape like \\udce9): such text can never be written to the file."""
    if _plain(text):
        return ""
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Cs":
            return (
                _(
                    "{label} contains {character} {position}, which is not a character (often "
                    "a byte that is not UTF-8, or a broken escape): it cannot be saved; retype "
                    "that part"
                )
                .format(label=label, character=_describe(char), position=_position(text, index))
                .replace("  ", " ")
            )
    return ""


def lookalike_character(text: str, label: str) -> str:
    """For single-line names (name, group, id): a sentence when `text` holds a character that
    is invisible or changes how the text around it is shown (zero-width and format characters
    such as U+200B, bidi controls U+202A-202E and U+2066-2069, line and paragraph separators,
    C1 controls), so that one name could look exactly like another."""
    if _plain(text):
        return ""
    for index, char in enumerate(text):
        if char in "\t\n\r" or _C0_CONTROLS.match(char):
            continue  # told apart by the line-break check
        category = unicodedata.category(char)
        if category in ("Cf", "Zl", "Zp", "Cc"):
            return (
                _(
                    "{label} must not contain {character} {position}: invisible and "
                    "direction-changing characters can make one name look like another"
                )
                .format(label=label, character=_describe(char), position=_position(text, index))
                .replace("  ", " ")
            )
    return ""


def c1_control_character(text: str, label: str) -> str:
    """Notes may hold line breaks and tabs (the C0 check), never C1 controls (U+0080-U+009F),
    which some terminals obey as escape sequences."""
    if text.isascii():
        return ""
    for index, char in enumerate(text):
        if "\x80" <= char <= "\x9f":
            return _(
                "{label} must not contain the control character {character} {position}"
            ).format(label=label, character=_describe(char), position=_position(text, index))
    return ""


def printable(text: str) -> str:
    """`text` safe to print on a terminal: controls, format characters and separators become
    visible escapes (\\u202e), so a name can never move the cursor or reverse a line."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
