"""Problems found in content, collected so that one run reports them all."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: printed as `path:line: field: message`. A warning is a suggestion only: it
    never stops a build unless `--strict` asks for that."""

    path: str
    line: int
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.field}: {self.message}"


class ContentError(Exception):
    """Raised with every problem found, after all content has been read."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
