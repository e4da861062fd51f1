"""The engine is used through its public API only (issue 18): a checker over the project's own code.

No imports of underscore names from mkdocs, markdown, material, properdocs or jinja2; no assignment to
attributes of their modules, classes or objects; no subclassing of their private classes; Markdown extensions
only through Python-Markdown's documented Extension API (`Extension.extendMarkdown(md)` registering processors
with `md.<registry>.register(...)`); no `setattr`/`delattr` anywhere without a comment on its line saying why.

The checker reads every .py file under boardpapers/ (the tree as it is, not a list) and build.py with `ast`,
and never imports them. Each rule has a fixture below that it must flag, so a rule that stops working fails.
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mkdocs", "markdown", "material", "properdocs", "jinja2")
# Python-Markdown's processor registries (md.preprocessors ..., md.parser.blockprocessors).
REGISTRIES = {"preprocessors", "blockprocessors", "treeprocessors", "inlinePatterns", "postprocessors"}
# MkDocs' documented events: a hook's parameters (config, page, files, nav, env ...) are the engine's objects.
EVENTS = {
    "on_startup",
    "on_shutdown",
    "on_serve",
    "on_config",
    "on_pre_build",
    "on_files",
    "on_nav",
    "on_env",
    "on_post_build",
    "on_build_error",
    "on_pre_template",
    "on_template_context",
    "on_post_template",
    "on_pre_page",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
}
SETATTR_CALLS = {"setattr", "delattr", "__setattr__", "__delattr__"}


def project_files() -> list[Path]:
    """Every Python file of the package (walked, so moved and new modules are included) and build.py."""
    files = sorted(p for p in (ROOT / "boardpapers").rglob("*.py") if "__pycache__" not in p.parts)
    return [*files, ROOT / "build.py"]


def is_private(name: str) -> bool:
    """An underscore name that is not a dunder (`_x`, `__x`; not `__init__`), or `__dict__`, which reaches
    any object's private state."""
    return name == "__dict__" or (name.startswith("_") and not (name.startswith("__") and name.endswith("__")))


def is_foreign_module(module: str) -> bool:
    """Whether a dotted module name is one of the engine's packages or inside one."""
    return module.split(".")[0] in PACKAGES


def private_part(dotted: str) -> str | None:
    """The first private segment of a dotted name, if any."""
    return next((part for part in dotted.split(".") if is_private(part)), None)


def root_name(node: ast.AST) -> str | None:
    """The name an expression starts from: `a` of `a.b[0].c()`; None for anything else (a literal, super())."""
    while True:
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            return node.id
        else:
            return None


def attribute_chain(node: ast.AST) -> list[str]:
    """The attribute names of `a.b.c` from the root: ['b', 'c'] (subscripts and calls end the chain)."""
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    return names[::-1] if isinstance(node, ast.Name) else []


def comment_lines(source: str) -> set[int]:
    """The lines that carry a comment with some text."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and token.string.lstrip("#").strip():
            lines.add(token.start[0])
    return lines


@dataclass(frozen=True, order=True)
class Flag:
    """One use of the engine's packages that is not their public API."""

    path: str
    line: int
    rule: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.what}"


class Checker(ast.NodeVisitor):
    """The rules over one module. Names are tracked pragmatically, per module and per function: names bound by
    imports from the engine's packages ("imported": modules, classes, functions), and objects of theirs
    ("objects": a hook event's parameters, parameters annotated with their classes, variables assigned from
    an expression that starts with one of those names)."""

    def __init__(self, source: str, path: str) -> None:
        self.path = path
        self.tree = ast.parse(source)
        self.comments = comment_lines(source)
        self.flags: list[Flag] = []
        self.imported: set[str] = set()
        self.objects: list[set[str]] = [set()]  # a stack: the module's, then each function's
        self.classes: list[tuple[ast.ClassDef, bool, set[str]]] = []  # (class, subclasses theirs, own attrs)
        self.functions: list[str] = []
        for node in ast.walk(self.tree):  # names imported anywhere in the module count everywhere in it
            if isinstance(node, ast.Import):
                self.imported |= {(a.asname or a.name.split(".")[0]) for a in node.names if is_foreign_module(a.name)}
            elif isinstance(node, ast.ImportFrom) and not node.level and is_foreign_module(node.module or ""):
                self.imported |= {a.asname or a.name for a in node.names}

    def check(self) -> list[Flag]:
        """Every flag of the module, in line order."""
        self.visit(self.tree)
        return sorted(set(self.flags))

    def flag(self, node: ast.AST, rule: str, what: str) -> None:
        self.flags.append(Flag(self.path, getattr(node, "lineno", 0), rule, what))

    def foreign(self, name: str | None) -> bool:
        """Whether a name is an import from the engine's packages or an object of theirs in this scope."""
        return name is not None and (name in self.imported or any(name in scope for scope in self.objects))

    def own_subclass_self(self, node: ast.AST) -> bool:
        """Whether `node` is `self` in a method of a class of ours that subclasses one of theirs."""
        return (
            isinstance(node, ast.Name)
            and node.id == "self"
            and bool(self.classes)
            and self.classes[-1][1]
            and bool(self.functions)
        )

    # --- (a) private names -------------------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if is_foreign_module(alias.name) and private_part(alias.name):
                self.flag(node, "private", f"import {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level or not is_foreign_module(module):
            return
        if private_part(module):
            self.flag(node, "private", f"from {module} import ...")
        for alias in node.names:
            if alias.name == "*":
                self.flag(node, "private", f"from {module} import * (names that cannot be checked)")
            elif is_private(alias.name):
                self.flag(node, "private", f"from {module} import {alias.name}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if is_private(node.attr):
            if self.foreign(root_name(node)):
                self.flag(node, "private", f"{ast.unparse(node)}: a private name of {root_name(node)}")
            elif self.own_subclass_self(node.value):
                self.flag(
                    node,
                    "private",
                    f"{ast.unparse(node)}: an underscore attribute in a subclass of "
                    "the engine's class (its private namespace)",
                )
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        text = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if name in ("import_module", "__import__") and text and is_foreign_module(text[0]) and private_part(text[0]):
            self.flag(node, "private", f"{name}({text[0]!r})")
        if (
            name in ("getattr", "hasattr")
            and len(node.args) >= 2
            and self.foreign(root_name(node.args[0]))
            and len(text) == 1
            and is_private(text[0])
        ):
            self.flag(node, "private", f"{ast.unparse(node)}: a private name by getattr")
        # (b) setattr and friends, anywhere: each needs its reason on its line.
        if name in SETATTR_CALLS and node.lineno not in self.comments:
            self.flag(node, "setattr", f"{ast.unparse(node)[:80]} without a comment saying why")
        # (d) Python-Markdown's registries are changed only by an Extension's extendMarkdown.
        chain = attribute_chain(node.func)
        if (
            len(chain) >= 2
            and chain[-2] in REGISTRIES
            and chain[-1] in ("register", "deregister", "add")
            and not self.in_extend_markdown()
        ):
            self.flag(node, "extension", f"{ast.unparse(node.func)}(...) outside an Extension's extendMarkdown")
        if chain[-1:] == ["add"] and len(chain) >= 2 and chain[-2] in REGISTRIES:
            self.flag(node, "extension", f"{ast.unparse(node.func)}: the removed OrderedDict API, not register()")
        self.generic_visit(node)

    # --- (b) assignments to their modules, classes and objects ----------------------------------------------

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self.assigned(target, node)
        self.track(node.targets, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.assigned(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.assigned(node.target, node)
        if node.value is not None:
            self.track([node.target], node.value)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self.assigned(target, node, "del ")
        self.generic_visit(node)

    def assigned(self, target: ast.AST, node: ast.AST, verb: str = "") -> None:
        """Flag a target that changes an attribute of the engine's modules, classes or objects."""
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self.assigned(element, node, verb)
            return
        if isinstance(target, ast.Starred):
            self.assigned(target.value, node, verb)
            return
        root = root_name(target)
        text = f"{verb}{ast.unparse(target)}"
        if isinstance(target, ast.Attribute) and self.foreign(root):
            self.flag(node, "assign", f"{text}: an attribute of {root}, the engine's")
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute) and root in self.imported:
            self.flag(node, "assign", f"{text}: a table of {root}'s module or class")
        elif isinstance(target, ast.Attribute | ast.Subscript) and self.classes and self.classes[-1][1]:
            chain = attribute_chain(target.value if isinstance(target, ast.Subscript) else target)
            base = target.value if isinstance(target, ast.Attribute) else target
            while isinstance(base, ast.Attribute | ast.Subscript):
                base = base.value
            own = self.classes[-1][2]
            if (
                self.own_subclass_self(base)
                and chain
                and chain[0] not in own
                and (len(chain) >= 2 or isinstance(target, ast.Subscript))
            ):
                self.flag(node, "assign", f"{text}: inside self.{chain[0]}, which the engine's base class holds")

    def track(self, targets: list[ast.expr], value: ast.AST) -> None:
        """Names assigned an expression that starts from the engine's names are its objects from here on."""
        if self.foreign(root_name(value)):
            self.objects[-1] |= {t.id for t in targets if isinstance(t, ast.Name)}

    # --- scopes, and (c) subclassing ---------------------------------------------------------------------------

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        theirs = False
        for base in node.bases:
            root = root_name(base)
            if root in self.imported:
                theirs = True
                dotted = ast.unparse(base)
                if private_part(dotted):
                    self.flag(node, "subclass", f"class {node.name}({dotted}): a private class of the engine's")
        own = {
            t.attr
            for n in ast.walk(node)
            for t in getattr(n, "targets", [getattr(n, "target", None)])
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
        }
        self.classes.append((node, theirs, own))
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        objects = {
            a.arg
            for a in arguments
            if a.annotation is not None
            and any(isinstance(n, ast.Name) and n.id in self.imported for n in ast.walk(a.annotation))
        }
        objects |= {
            a.arg
            for a in arguments
            if isinstance(a.annotation, ast.Constant)
            and any(re.search(rf"\b{re.escape(i)}\b", str(a.annotation.value)) for i in self.imported)
        }
        if node.name in EVENTS and not self.classes:
            objects |= {a.arg for a in arguments}
        self.objects.append(objects)
        self.functions.append(node.name)
        for _ in range(2):  # twice: an assignment may use a name assigned later in the text (in a loop)
            for statement in ast.walk(node):
                if isinstance(statement, ast.Assign):
                    self.track(statement.targets, statement.value)
        self.generic_visit(node)
        self.functions.pop()
        self.objects.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 (ast.NodeVisitor's method name)

    def in_extend_markdown(self) -> bool:
        """Whether the code being read is an Extension subclass's extendMarkdown."""
        return (
            bool(self.functions)
            and self.functions[-1] == "extendMarkdown"
            and bool(self.classes)
            and self.classes[-1][1]
        )


def check_source(source: str, path: str = "<fixture>") -> list[Flag]:
    """Every flag the rules raise on a module's source."""
    return Checker(source, path).check()


def grep_private(source: str, path: str = "<fixture>") -> list[Flag]:
    """The plain-text backstop: a dotted name into the engine's packages with a private part, anywhere in the
    code or its strings (importlib names, strings handed to a config), comments aside."""
    pattern = re.compile(rf"\b(?:{'|'.join(PACKAGES)})(?:\.\w+)*\.(_\w+)")
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            continue
        for match in pattern.finditer(token.string):
            if is_private(match.group(1)):
                found.append(Flag(path, token.start[0], "grep", match.group(0)))
    return found


def project_flags() -> list[Flag]:
    """Every flag of both checks over the project's code."""
    flags = []
    for path in project_files():
        source = path.read_text("utf-8")
        where = path.relative_to(ROOT).as_posix()
        flags += check_source(source, where) + grep_private(source, where)
    return sorted(set(flags))


# --- Each rule can fail --------------------------------------------------------------------------------------------

FLAGGED = {  # name: (rule, source)
    "private import from": ("private", "from mkdocs.structure.pages import _RelativePathTreeprocessor"),
    "private module": ("private", "import mkdocs.structure._x"),
    "private module from": ("private", "from markdown._private import thing"),
    "private attribute of a module": ("private", "import markdown; x = markdown.util._thing"),
    "private attribute of an imported name": ("private", "from jinja2 import Environment; Environment._x"),
    "private attribute of a hook's parameter": (
        "private",
        """
        def on_page_content(html, page, config, files):
            return page._title
        """,
    ),
    "private attribute of their object": ("private", "from markdown import Markdown; md = Markdown(); md._x"),
    "private name by import_module": ("private", "import importlib; importlib.import_module('mkdocs.utils._x')"),
    "private name by getattr": ("private", "import material; getattr(material, '_secret')"),
    "private state through __dict__": ("private", "import mkdocs; mkdocs.__dict__"),
    "underscore attribute in a subclass": (
        "private",
        """
        from markdown import Extension
        class E(Extension):
            def extendMarkdown(self, md):
                self._x = 1
        """,
    ),
    "star import": ("private", "from properdocs.utils import *"),
    "assignment to a module attribute": ("assign", "import markdown; markdown.Markdown.foo = 1"),
    "assignment to an imported class": ("assign", "from mkdocs.structure.files import File; File.url = None"),
    "augmented assignment": ("assign", "from jinja2 import defaults; defaults.X += 1"),
    "annotated assignment": ("assign", "import material; material.x: int = 1"),
    "del of an attribute": ("assign", "import mkdocs.utils; del mkdocs.utils.get_relative_url"),
    "assignment in a tuple": ("assign", "import mkdocs; a, mkdocs.x = 1, 2"),
    "assignment to a module's table": ("assign", "import markdown; markdown.Markdown.output_formats['x'] = f"),
    "assignment to a hook's config": (
        "assign",
        """
        def on_config(config):
            config.something = 1
            return config
        """,
    ),
    "assignment to an annotated parameter": (
        "assign",
        """
        from mkdocs.structure.files import Files
        def f(files: Files) -> None:
            files.x = 1
        """,
    ),
    "assignment to a string-annotated parameter": (
        "assign",
        """
        from markdown import Markdown
        def f(md: "Markdown") -> None:
            md.x = 1
        """,
    ),
    "assignment to their object": (
        "assign",
        """
        from mkdocs.config import load_config
        c = load_config()
        c.site_name = "x"
        """,
    ),
    "assignment inside what the base holds": (
        "assign",
        """
        from markdown.treeprocessors import Treeprocessor
        class T(Treeprocessor):
            def run(self, root):
                self.md.stripTopLevelTags = False
        """,
    ),
    "setattr": ("setattr", "import markdown; setattr(markdown, 'x', 1)"),
    "setattr of anything": ("setattr", "setattr(object(), 'x', 1)"),
    "delattr": ("setattr", "delattr(thing, 'x')"),
    "object.__setattr__": ("setattr", "object.__setattr__(self, 'x', 1)"),
    "subclass of a private class": (
        "subclass",
        """
        import mkdocs.structure.pages as p
        class T(p._RelativePathTreeprocessor):
            pass
        """,
    ),
    "subclass of a private imported class": (
        "subclass",
        """
        from markdown.blockprocessors import _Secret
        class B(_Secret):
            pass
        """,
    ),
    "registry changed outside an Extension": (
        "extension",
        """
        def on_page_markdown(markdown, page, config, files):
            config.md.treeprocessors.deregister("relpath")
        """,
    ),
    "registry changed by a plain function": (
        "extension",
        """
        def extendMarkdown(md):
            md.preprocessors.register(P(), "p", 1)
        """,
    ),
    "registry's removed add()": (
        "extension",
        """
        from markdown import Extension
        class E(Extension):
            def extendMarkdown(self, md):
                md.treeprocessors.add("x", T(md), "_end")
        """,
    ),
}

CLEAN = {
    "the documented Extension API": """
        from markdown import Extension, Markdown
        from markdown.treeprocessors import Treeprocessor
        class T(Treeprocessor):
            def __init__(self, md, state):
                super().__init__(md)
                self.state = state
            def run(self, root):
                self.state.folder = 1
        class E(Extension):
            def __init__(self, x=None):
                super().__init__()
                self.x = x
            def extendMarkdown(self, md: Markdown) -> None:
                md.treeprocessors.register(T(md, 1), "x", 1)
        """,
    "a hook adding an extension": """
        def on_config(config):
            config.markdown_extensions.append(E())
            config["nav"] = []
            return config
        """,
    "jinja's documented tables": """
        import jinja2
        env = jinja2.Environment()
        env.filters["f"] = len
        env.globals["g"] = 1
        """,
    "public calls": """
        from mkdocs.config import load_config
        from mkdocs.commands.build import build
        import markdown
        build(load_config(config_file="m.yml"))
        markdown.markdown("x")
        """,
    "our own private names": """
        import markdown
        from . import _helper
        class _Mine:
            _x = 1
        _Mine._x = 2
        """,
    "setattr with its reason": "setattr(keep, name, value)  # copy the field the other record has",
    "dunders": "import markdown; markdown.__version__",
}


@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_each_rule_flags_its_fixture(name: str) -> None:
    rule, source = FLAGGED[name]
    flags = check_source(textwrap.dedent(source))
    assert rule in {f.rule for f in flags}, f"{name}: {source!r} was not flagged {rule}: {flags}"


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_the_public_api_is_not_flagged(name: str) -> None:
    source = textwrap.dedent(CLEAN[name])
    assert check_source(source) + grep_private(source) == []


@pytest.mark.parametrize(
    "source",
    [
        "import importlib\nimportlib.import_module('markdown.extensions._x')\n",
        "CONFIG = {'plugins': ['material.plugins._private']}\n",
    ],
)
def test_the_grep_backstop_flags_private_names_in_strings(source: str) -> None:
    assert [f.rule for f in grep_private(source)] == ["grep"]


def test_the_checker_reads_the_whole_package() -> None:
    files = project_files()
    assert ROOT / "build.py" in files and ROOT / "boardpapers" / "pipeline.py" in files
    assert len(files) > 10 and any(p.parent.name == "engine" for p in files)
    imported = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                imported.add(node.module.split(".")[0])
    assert {"mkdocs", "markdown", "jinja2"} <= imported  # the rules have the engine's imports to read


# --- The project's code ----------------------------------------------------------------------------------------


def test_the_project_uses_only_the_engines_public_api() -> None:
    flags = project_flags()
    assert not flags, "not the engine's public API (fix each; a setattr needs its reason on its line):\n" + "\n".join(
        map(str, flags)
    )


if __name__ == "__main__":  # print every flag: python tests/test_public_api.py
    for found in project_flags():
        print(found)
