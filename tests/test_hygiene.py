"""Project hygiene (issue 18): the package's imports form no cycle, the CLI depends on the commands and never the
reverse, every noqa and type: ignore says why, and pyproject.toml pins what requirements.txt pins."""

from __future__ import annotations

import ast
import io
import re
import tokenize
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "boardpapers"
# Modules that may import the CLI or a command: the commands themselves and the CLI.
COMMAND_SIDE = ("boardpapers.commands", "boardpapers.cli")


def module_files(package: Path) -> dict[str, Path]:
    """Every module of a package folder by dotted name (a package by its folder's name)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that one module imports anywhere in it (in functions too), or names as a string
    for importlib (cli's COMMAND_MODULES). `from a import b` is a.b when that is a module, else a."""
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                base = f"{parent}.{base}" if base else parent
            out |= {f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.add(node.value)
    return (out & known) - {name}


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    files = module_files(package)
    return {name: imported(name, path, set(files)) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (first module repeated at the end) for each group of modules that import each other, sorted."""
    found: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path = cycle_from(graph, start)
        if path:
            found.append(path)
            done |= set(path)
    return found


def cycle_from(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """The shortest import path from a module back to itself, or None."""
    paths = {start: [start]}
    queue = [start]
    for module in queue:
        for target in sorted(graph.get(module, ())):
            if target == start:
                return [*paths[module], start]
            if target not in paths:
                paths[target] = [*paths[module], target]
                queue.append(target)
    return None


GRAPH = import_graph(PACKAGE)


def test_the_graph_sees_the_package() -> None:
    assert "boardpapers.content.load" in GRAPH["boardpapers.pipeline"]
    assert "boardpapers.commands.check" in GRAPH["boardpapers.cli"]  # named in COMMAND_MODULES


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_cycle(module: str) -> None:
    cycle = cycle_from(GRAPH, module)
    assert cycle is None, f"import cycle: {' -> '.join(cycle)}"


def test_a_cycle_is_found_and_named(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from pkg.sub import b\n", encoding="utf-8")
    (package / "sub" / "b.py").write_text("def later():\n    from .. import a\n", encoding="utf-8")
    (package / "c.py").write_text("import pkg.a\n", encoding="utf-8")
    graph = import_graph(package)
    assert graph == {"pkg": set(), "pkg.a": {"pkg.sub.b"}, "pkg.c": {"pkg.a"}, "pkg.sub": set(), "pkg.sub.b": {"pkg.a"}}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.a"]]
    assert cycles({"x": {"y"}, "y": {"z"}, "z": {"x"}, "w": {"x"}}) == [["x", "y", "z", "x"]]
    assert cycles({"x": {"y"}, "y": set()}) == []


def command_side(module: str) -> bool:
    """Whether a module is the CLI or one of the command modules."""
    return any(module == side or module.startswith(side + ".") for side in COMMAND_SIDE)


@pytest.mark.parametrize(
    "module",
    [m for m in sorted(GRAPH) if not command_side(m)],
)
def test_only_the_cli_and_commands_import_them(module: str) -> None:
    assert sorted(t for t in GRAPH[module] if command_side(t)) == [], (
        f"{module} imports the CLI or a command: the CLI depends on the commands, never the reverse"
    )


# --- Every noqa and type: ignore says why ------------------------------------------------------------------------

SUPPRESSION_RE = re.compile(
    r"#\s*(?:noqa\b(?::\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?|type:\s*ignore\b(?:\[[^\]]*\])?)"
)


def unexplained(text: str) -> list[tuple[int, str]]:
    """(line, comment) of each noqa or type: ignore in Python source with no reason after its codes."""
    out = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type != tokenize.COMMENT:
            continue
        for match in SUPPRESSION_RE.finditer(token.string):
            rest = token.string[match.end() :]
            reason = SUPPRESSION_RE.split(rest)[0]
            if not re.search(r"[a-z]{2}", reason):
                out.append((token.start[0], token.string))
    return out


def test_every_suppression_says_why() -> None:
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{line}: {comment}"
        for path in [*sorted(PACKAGE.rglob("*.py")), ROOT / "build.py"]
        for line, comment in unexplained(path.read_text("utf-8"))
    ]
    assert found == [], "say why after the codes, e.g. `# noqa: BLE001 (why)` or `# type: ignore[x]  # why`"


@pytest.mark.parametrize(
    "comment, ok",
    [
        ("x = 1  # noqa: E731\n", False),
        ("x = 1  # noqa\n", False),
        ("x = f()  # type: ignore[arg-type]\n", False),
        ("x = f()  # type: ignore\n", False),
        ("x = f()  # type: ignore[arg-type]  (why)\n", True),
        ("x = f()  # type: ignore[arg-type]  # the stubs are wrong\n", True),
        ("x = 1  # noqa: BLE001 (a damaged cache is only slower)\n", True),
        ("x = 1  # noqa: BLE001, E501 - a live preview survives anything\n", True),
        ("x = 1  # why it is so  # noqa: N802\n", False),
        ('x = "# noqa: E501"\n', True),  # in a string, not a comment
    ],
)
def test_unexplained_suppressions_are_found(comment: str, ok: bool) -> None:
    assert (unexplained(comment) == []) == ok


# --- pyproject.toml -----------------------------------------------------------------------------------------------


def test_pyproject_pins_what_requirements_txt_pins() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    lines = (ROOT / "requirements.txt").read_text("utf-8").splitlines()
    pinned = [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]
    assert (project["name"], project["requires-python"]) == ("boardpapers", ">=3.11")
    assert sorted(project["dependencies"]) == sorted(pinned)


def test_the_dev_requirements_pin_the_checkers() -> None:
    dev = (ROOT / "requirements-dev.txt").read_text("utf-8").splitlines()
    assert {"ruff==0.17.6", "mypy==2.4.1"} <= set(dev)
