"""`build.py serve`: a live preview on localhost, rebuilt whenever content, theme or mkdocs.yml changes."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from boardpapers.commands.common import add_build_options
from boardpapers.pipeline import ROOT, today_in_london
from boardpapers.progress import Progress, wanted


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `serve` to the command line."""
    serve = command("serve", "Preview the website locally, rebuilding when content or theme changes.", cmd_serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    serve.add_argument(
        "--drafts",
        action="store_true",
        help="also preview draft and embargoed papers, marked DRAFT PREVIEW (never in `build`)",
    )
    add_build_options(serve, ROOT)


def cmd_serve(args: argparse.Namespace) -> int:
    """Build into a temporary folder, serve it, and rebuild whenever content or theme changes."""
    from mkdocs.livereload import LiveReloadServer

    from boardpapers.commands.preview import rebuild as preview_rebuild

    out = Path(tempfile.mkdtemp(prefix="board-preview-")) / "site"

    def rebuild() -> None:
        # A content mistake is printed and shown in the browser instead of the pages; serve never dies of it.
        preview_rebuild(
            args.content,
            out,
            args.config,
            today_in_london(),
            drafts=args.drafts,
            progress=Progress() if wanted(args.progress) else None,
        )

    if args.drafts:
        print(
            "Drafts preview: draft and embargoed papers are included, each marked 'DRAFT PREVIEW'. "
            "`build` never includes them.",
            flush=True,
        )
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
