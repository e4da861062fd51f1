"""`check --format github|gitlab`: content problems in the forms CI systems pin to a file and line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from boardpapers.content.problems import Problem


def _github_property(value: str) -> str:
    """Escape a workflow-command property value (GitHub's rules: %, CR, LF, colon, comma)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _github_data(value: str) -> str:
    """Escape a workflow-command message (GitHub's rules: %, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github(problems: list[Problem]) -> str:
    """One `::error file=…,line=…,title=…::message` line per problem (`::warning` for a warning): an annotation
    on that line of the file."""
    return "\n".join(
        f"::{'warning' if p.warning else 'error'} "
        f"file={_github_property(p.path)},line={p.line},title={_github_property('content: ' + p.field)}"
        f"::{_github_data(str(p))}"
        for p in problems
    )


def gitlab(problems: list[Problem]) -> str:
    """A GitLab code-quality report (JSON), shown on merge requests against each file and line."""
    return json.dumps(
        [
            {
                "description": f"{p.field}: {p.message}",
                "check_name": "content",
                "fingerprint": hashlib.sha256(str(p).encode("utf-8")).hexdigest(),
                "severity": "minor" if p.warning else "major",
                "location": {"path": p.path, "lines": {"begin": p.line}},
            }
            for p in problems
        ],
        indent=2,
        ensure_ascii=False,
    )


FORMATS: dict[str, Callable[[list[Problem]], str]] = {"github": github, "gitlab": gitlab}
