"""What the code asks Qt to translate, read from its syntax tree (independent of lupdate, whose
Python parser silently skips some calls), and what a .ts file holds."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


def source_files() -> list[Path]:
    return sorted([*(ROOT / "tunnelgui" / "ui").glob("*.py"), ROOT / "tunnelgui" / "app.py"])


@dataclass(frozen=True)
class Marked:
    text: str
    plural: bool  # called with a count: needs numerus forms
    where: str  # file:line, for the failure message


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def marked_strings(path: Path) -> list[Marked]:
    """Literal texts of x.tr("..."), QCoreApplication.translate("Ctx", "..."), and
    QT_TRANSLATE_NOOP("Ctx", "...") calls."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        position = {"tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}.get(name)
        if position is None or len(node.args) <= position:
            continue
        text = _literal(node.args[position])
        if text is None:
            continue
        plural = len(node.args) > position + 2
        found.append(Marked(text, plural, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def ts_messages(path: Path) -> dict[str, ET.Element]:
    """source text -> its <message> element (any context)."""
    tree = ET.parse(path)
    return {m.findtext("source", ""): m for m in tree.iter("message")}


def unfinished(path: Path) -> list[str]:
    """Sources whose translation is missing, empty, or marked unfinished."""
    missing = []
    for source, message in ts_messages(path).items():
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            missing.append(source)
            continue
        forms = translation.findall("numerusform")
        texts = [form.text for form in forms] if forms else [translation.text]
        if not all(text and text.strip() for text in texts):
            missing.append(source)
    return missing
