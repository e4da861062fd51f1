"""README keeps up with the code: every schema field, every command, and the Quick start test command."""
from __future__ import annotations

import re
from pathlib import Path

from boardpapers.cli import parser
from boardpapers.schema import SCHEMAS, reference_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_readme_field_reference_is_the_generated_one() -> None:
    match = re.search(r"<!-- schema:start[^>]*-->\n(.*?)<!-- schema:end -->", README, re.S)
    assert match, "README has no schema section between <!-- schema:start --> and <!-- schema:end -->"
    assert match.group(1) == reference_markdown(), "README's field reference is stale: paste `python build.py schema`"


def test_every_schema_field_is_documented() -> None:
    missing = [f"{where}.{f.name}" for where, fields in SCHEMAS.items() for f in fields
               if f"| `{f.name}` |" not in README]
    assert missing == []


def test_every_command_is_documented() -> None:
    commands = parser()._subparsers._group_actions[0].choices  # argparse keeps them here
    assert [c for c in sorted(commands) if f"python build.py {c}" not in README] == []


def test_ci_runs_the_readme_test_command_exactly() -> None:
    quick = README[README.index("## Quick start"):README.index("## Commands")]
    commands = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(commands) == 2
    assert commands[1] in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
