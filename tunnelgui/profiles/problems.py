"""Problem and ValidationError: what validation finds in a profile, and the refusal listing it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from tunnelgui.i18n import _

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth knowing) about one field of a profile."""

    field: str  # "name", "listen_port", "options.allowed_networks", ...
    message: str  # a full sentence for the user
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ValidationError(Exception):
    """A profile was refused; `problems` lists every problem (warnings included)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(_("; ").join(p.message for p in self.problems if p.is_error))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]
