"""build.py runs with any Python 3.11+: under the project's .venv when there is one, else one line on setting up."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The interpreter the .venv was made from, run with -S: no site-packages, so none of the dependencies.
BARE = [str(Path(sys.base_prefix) / "bin" / "python3"), "-S"]


def run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `script` with the bare Python."""
    return subprocess.run([*BARE, str(script), *args], capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def bare_has_no_dependencies() -> None:
    """The premise: the bare Python cannot import what build.py needs."""
    probe = subprocess.run([*BARE, "-c", "import jinja2"], capture_output=True, text=True, check=False)
    assert probe.returncode != 0, "the base Python with -S still imports jinja2: this test needs another one"


@pytest.mark.usefixtures("bare_has_no_dependencies")
def test_a_python_without_the_dependencies_runs_under_the_venv() -> None:
    assert (ROOT / ".venv").is_dir(), "the tests run after bash .ci/setup, which makes .venv"
    done = run(ROOT / "build.py", "check", "--content", str(ROOT / "content"))
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stdout.startswith(f"{ROOT / 'content'}: OK: ")


@pytest.mark.usefixtures("bare_has_no_dependencies")
def test_without_a_venv_it_says_in_one_line_how_to_set_up(tmp_path: Path) -> None:
    shutil.copy2(ROOT / "build.py", tmp_path / "build.py")
    shutil.copytree(ROOT / "boardpapers", tmp_path / "boardpapers", ignore=shutil.ignore_patterns("__pycache__"))
    done = run(tmp_path / "build.py", "check")
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("error: a package this tool needs is missing (")
    assert line.endswith(
        "); set up first: bash .ci/setup (on Windows: py -3.11 -m venv .venv; "
        ".venv\\Scripts\\python -m pip install -r requirements.txt), then run the command again"
    )
