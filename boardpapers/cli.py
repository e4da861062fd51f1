"""The command line: check, build, serve. `main(argv)` returns the exit code, so tests call it in-process."""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

from .content import load_site
from .engine.engines import DEFAULT as DEFAULT_ENGINE
from .engine.engines import ENGINES
from .pipeline import ROOT, BuildError, build_site, disk_problem, today_in_london
from .problems import ContentError
from .progress import Progress, wanted

R = TypeVar("R")


def date_arg(text: str) -> dt.date:
    """An argparse type: a real date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD, e.g. 2019-09-18") from None


def report(err: ContentError, content: Path, each: bool = True) -> int:
    """Print every content problem (unless `each` is False) and a closing line; return the failing exit code."""
    for problem in err.problems if each else []:
        print(problem, file=sys.stderr)
    count = len(err.problems)
    print(f"{count} problem{'s' if count != 1 else ''} in {content}; nothing was built. "
          "Fix each line above (file:line: field: what is wrong), then run the command again.", file=sys.stderr)
    return 1


def cmd_check(args: argparse.Namespace) -> int:
    """Validate content only."""
    try:
        site = load_site(args.content, today_in_london())
    except ContentError as err:
        if args.format == "text":
            return report(err, args.content)
        from .ci_formats import FORMATS  # CI formats: GitHub annotations, GitLab code quality

        print(FORMATS[args.format](err.problems), flush=True)
        # GitHub shows each annotation in the log as well; GitLab's JSON goes to a file, so the text is needed.
        return report(err, args.content, each=args.format == "gitlab")
    papers = [p for m in site.meetings for p in m.papers]
    if args.format == "gitlab":
        print("[]")
    print(f"{args.content}: OK: {len(site.meetings)} meetings, {len(papers)} papers "
          f"({len(site.papers)} published), {len(site.actions)} actions.",
          file=sys.stderr if args.format == "gitlab" else sys.stdout)
    return 0


def guarded(content: Path, action: Callable[[], R]) -> tuple[R | None, int]:
    """Run a step that checks and builds; print its content problems or build error. Returns (result, exit)."""
    try:
        return action(), 0
    except ContentError as err:
        return None, report(err, content)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return None, 1


def cmd_build(args: argparse.Namespace) -> int:
    """Check, then build the site into --out."""
    result, failed = guarded(args.content, lambda: build_site(
        args.content, args.out, args.config, today_in_london(),
        progress=Progress() if wanted(args.progress) else None, docs=args.docs, engine=args.engine,
        cache=args.cache))
    if result is None:
        return failed
    print(f"Built {result.pages} pages ({result.papers} published papers) into {args.out} "
          f"in {result.seconds:.1f} s.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Build into a temporary folder, serve it, and rebuild whenever content or theme changes."""
    from mkdocs.livereload import LiveReloadServer

    from .preview import rebuild as preview_rebuild

    out = Path(tempfile.mkdtemp(prefix="board-preview-")) / "site"

    def rebuild() -> None:
        # A content mistake is printed and shown in the browser instead of the pages; serve never dies of it.
        preview_rebuild(args.content, out, args.config, today_in_london(), drafts=args.drafts,
                        progress=Progress() if wanted(args.progress) else None)

    if args.drafts:
        print("Drafts preview: draft and embargoed papers are included, each marked 'DRAFT PREVIEW'. "
              "`build` never includes them.", flush=True)
    rebuild()
    if not out.exists():
        out.mkdir(parents=True)
    server = LiveReloadServer(builder=rebuild, host=args.host, port=args.port, root=str(out))
    for watched in (args.content, ROOT / "theme", args.config):
        server.watch(str(watched))
    print(f"Serving the preview at http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


# Modules that add commands of their own: each has `register(command)`, where `command(name, help, func)`
# returns an argparse parser that already has --content. One line per module.
COMMAND_MODULES: list[str] = [
    "boardpapers.scaffold",
    "boardpapers.importer",
    "boardpapers.bench",
    "boardpapers.bundle",
]


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the front-matter reference (README's is this output)."""
    from .schema import reference_markdown

    print(reference_markdown(), end="")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    top = argparse.ArgumentParser(prog="build.py", description="Build the board papers website from content/.")
    sub = top.add_subparsers(dest="command", required=True, metavar="command")

    def command(name: str, help: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--content", type=Path, default=ROOT / "content", help="content folder (default: content/)")
        p.set_defaults(func=func)
        return p

    check = command("check", "Check every content file and report every problem; build nothing.", cmd_check)
    check.add_argument("--format", choices=("text", "github", "gitlab"), default="text",
                       help="how to print problems: text (default), github (GitHub Actions annotations on the "
                            "file and line), gitlab (GitLab code-quality JSON on stdout, text on stderr)")
    build = command("build", "Check, then build the website.", cmd_build)
    build.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    build.add_argument("--docs", type=Path, metavar="DIR",
                       help="also write every page's generated Markdown under DIR (made new): a docs folder that "
                            "another engine reading mkdocs.yml can build")
    serve = command("serve", "Preview the website locally, rebuilding when content or theme changes.", cmd_serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    serve.add_argument("--drafts", action="store_true",
                       help="also preview draft and embargoed papers, marked DRAFT PREVIEW (never in `build`)")
    command("schema", "Print the front-matter field reference (as in README).", cmd_schema)
    build.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                       help=f"what renders the pages: {' or '.join(ENGINES)} (default: {DEFAULT_ENGINE}); see "
                            "docs/architecture.md")
    build.add_argument("--no-cache", dest="cache", action="store_false",
                       help="render every page anew and keep nothing for the next build (the site is the same)")
    for p in (build, serve):
        p.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="MkDocs configuration file")
        p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="show build progress (default: only on a terminal, never when CI is set)")
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(command)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code. A full disk or a refused write, wherever a command meets it, is
    one line naming the path and what to do, not a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except OSError as err:
        if err.filename is None and getattr(args, "out", None):  # a write to an open file names none
            err.filename = str(args.out)
        problem = disk_problem(err)
        if problem is None:
            raise
        print(f"error: {problem}", file=sys.stderr)
        return 1
