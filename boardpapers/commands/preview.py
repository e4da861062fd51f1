"""The `serve` preview's rebuild: on a content mistake it reports in the terminal and in the browser, never dies."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import sys
import traceback
from pathlib import Path

from boardpapers.content.problems import ContentError
from boardpapers.pipeline import BuildError, build_site, disk_problem
from boardpapers.progress import Progress

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview not updated: {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; background: #fff; }}
h1 {{ color: #a40000; }}
li {{ font-family: ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; margin: .6rem 0; }}
</style>
</head>
<body>
<main>
<h1>The preview was not updated</h1>
<p>{summary}</p>
<ol>
{items}
</ol>
<p>Fix each line (file:line: field: what is wrong), save the file, and this page reloads by itself.</p>
</main>
</body>
</html>
"""


def error_page(problems: list[str], summary: str) -> str:
    """A plain page listing every problem, each escaped (a problem can quote the content's own text)."""
    items = "\n".join(f"<li>{html.escape(p)}</li>" for p in problems)
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return PAGE.format(title=count, summary=html.escape(summary), items=items)


def show_errors(out: Path, problems: list[str], summary: str) -> None:
    """Put the error page in place of every page of the preview, so whichever page is open shows it on reload."""
    page = error_page(problems, summary)
    out.mkdir(parents=True, exist_ok=True)
    targets = set(out.rglob("*.html")) | {out / "index.html", out / "404.html"}
    for target in sorted(targets):
        # A new file in its place, never a write into it: a built page is also the page cache's copy (a link).
        fresh = target.with_name(f".{target.name}.error")
        fresh.write_text(page, encoding="utf-8")
        fresh.replace(target)


def rebuild(
    content: Path, out: Path, config: Path, today: dt.date, drafts: bool = False, progress: Progress | None = None
) -> bool:
    """Rebuild the preview into `out`; on any failure print it, show it in the browser, and return False."""
    try:
        result = build_site(content, out, config, today, drafts=drafts, progress=progress)
    except ContentError as err:
        from boardpapers.commands.common import (
            report,  # the terminal report is the same as `check`'s
        )

        report(err, content)
        count = len(err.problems)
        show_errors(
            out,
            [str(p) for p in err.problems],
            f"{count} problem{'s' if count != 1 else ''} in "
            f"{content}; the preview shows no pages until they are fixed.",
        )
        return False
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        show_errors(out, [str(err)], "The content is valid but the site could not be rendered.")
        return False
    except OSError as err:
        problem = disk_problem(err)
        if problem is None:
            return unexpected(out, err)
        print(f"error: {problem}", file=sys.stderr)
        with contextlib.suppress(OSError):  # the disk that refused the build may refuse this page too
            show_errors(out, [problem], "The content is valid but the site could not be written.")
        return False
    except Exception as err:  # noqa: BLE001 - a live preview must survive any failure and say what it was
        return unexpected(out, err)
    print(f"Rebuilt {result.pages} pages in {result.seconds:.1f} s.", flush=True)
    return True


def unexpected(out: Path, err: Exception) -> bool:
    """Report a failure no one foresaw: its traceback in the terminal, its one line in the browser."""
    traceback.print_exc()
    show_errors(out, [f"{type(err).__name__}: {err}"], "The build failed unexpectedly (details in the terminal).")
    return False
