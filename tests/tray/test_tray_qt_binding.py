"""Guard against the Qt binding build that corrupts None's reference count (PySide6 6.12.0)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_keep_none_alive():
    """A long-running tray app makes millions of such calls; one lost reference each would abort
    the process with "none_dealloc" within minutes."""
    obj = QObject()
    obj.setObjectName("warm-up")
    before = sys.getrefcount(None)
    for _ in range(500):
        obj.setObjectName("probe")
    assert sys.getrefcount(None) - before > -100, (
        "This PySide6 build loses a reference to None per call; install another version "
        "(see pyproject.toml)."
    )
