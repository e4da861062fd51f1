"""The `serve` preview's rebuild and what it adds to the pages it serves: on a content mistake the last good site
stays up, with a banner naming every problem at its file:line, until saving the fixed file rebuilds it."""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
from pathlib import Path

from boardpapers.content.problems import ContentError
from boardpapers.pipeline import BuildError, build_site, disk_problem
from boardpapers.progress import Progress

VERSION_PATH = "/.preview/version"  # answered by the server with the current version (no page of a site is a dot-path)
SHOWN = 20  # problems listed in the banner; the terminal has them all
FIX = "Fix each line above (file:line: field: what is wrong) and save the file: the preview rebuilds by itself."

BANNER = """<div role="alert" style="{style}">
<p style="margin:0 0 .4rem;font-weight:bold">The preview is not up to date: {summary}</p>
<ul style="margin:0;padding-left:1.4rem">
{items}
</ul>
<p style="margin:.4rem 0 0">Fix each line (file:line: field: what is wrong) and save the file: the preview rebuilds
by itself and this box goes. Until then it shows the last version that built.</p>
</div>
"""
# Near-black on yellow (contrast above 15:1), in the page's flow at the very top, so it is read before the page.
BANNER_STYLE = (
    "background:#ffdd00;color:#0b0c0c;border-bottom:4px solid #0b0c0c;padding:.8rem 1rem;"
    "font:1rem/1.5 system-ui,sans-serif;position:relative;z-index:1000"
)
ITEM_STYLE = "font-family:ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere"

# Reload the page when the preview's version changes (a rebuild, or a restarted server); quiet while it is down.
RELOAD = """<script>
(function () {{
  var seen = "{version}";
  function poll() {{
    fetch("{path}", {{cache: "no-store"}})
      .then(function (r) {{ return r.text(); }})
      .then(function (now) {{ if (now !== seen) {{ location.reload(); }} else {{ setTimeout(poll, 1000); }} }})
      .catch(function () {{ setTimeout(poll, 2000); }});
  }}
  setTimeout(poll, 1000);
}})();
</script>
"""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
</head>
<body>
<main style="font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem">
<h1>{heading}</h1>
</main>
</body>
</html>
"""
BODY_RE = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def rebuild(
    content: Path, out: Path, config: Path, today: dt.date, drafts: bool = False, progress: Progress | None = None
) -> list[str]:
    """Rebuild the preview into `out` and return its problems, one line each (none: it is up to date). On a
    problem `out` keeps the last good site: build_site swaps a new one in only when it is whole."""
    try:
        result = build_site(content, out, config, today, drafts=drafts, progress=progress)
    except ContentError as err:
        problems = [str(p) for p in err.problems]
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{plural(len(problems))} in {content}; {kept(out)} {FIX}", file=sys.stderr, flush=True)
        return problems
    except BuildError as err:
        return failed(str(err), out)
    except OSError as err:
        return failed(disk_problem(err) or unexpected(err), out)
    except Exception as err:  # noqa: BLE001 (a live preview survives any failure and says what it was)
        return failed(unexpected(err), out)
    print(f"Rebuilt {result.pages} pages in {result.seconds:.1f} s.", flush=True)
    return []


def failed(problem: str, out: Path) -> list[str]:
    """Print a failure that is not a content problem, and what happens next; return it as the only problem."""
    print(f"error: {problem}", file=sys.stderr)
    print(f"The preview was not rebuilt; {kept(out)} Save a file to try again.", file=sys.stderr, flush=True)
    return [problem]


def unexpected(err: BaseException) -> str:
    """The one line for a failure no one foresaw (a fault in build.py, not in the content)."""
    return f"the build failed unexpectedly ({type(err).__name__}: {err}); this is a fault in build.py, please report it"


def kept(out: Path) -> str:
    """What the browser shows after a failed rebuild."""
    return "the browser shows the last good version, with the problems." if out.is_dir() else "nothing is shown yet."


def plural(count: int) -> str:
    """'1 problem', '2 problems'."""
    return f"{count} problem{'s' if count != 1 else ''}"


def banner(problems: list[str]) -> str:
    """The box at the top of every page naming the problems (escaped: a problem can quote the content's text)."""
    items = "\n".join(f'<li style="{ITEM_STYLE}">{html.escape(p)}</li>' for p in problems[:SHOWN])
    if len(problems) > SHOWN:
        items += f"\n<li>and {len(problems) - SHOWN} more, listed in the terminal</li>"
    return BANNER.format(style=BANNER_STYLE, summary=plural(len(problems)), items=items)


def decorate(page: bytes, problems: list[str], version: str) -> bytes:
    """A page as the preview serves it: the banner first in its body when there are problems, and the script that
    reloads it after a rebuild."""
    added = (banner(problems) if problems else "") + RELOAD.format(version=html.escape(version), path=VERSION_PATH)
    found = BODY_RE.search(page)
    at = found.end() if found else 0
    return page[:at] + added.encode("utf-8") + page[at:]


def placeholder(problems: list[str]) -> bytes:
    """The page shown when the site has none to show: before any build succeeded (the banner says why), or for an
    address that is not in it."""
    heading = "The preview has not been built yet" if problems else "Page not found"
    return PAGE.format(heading=heading).encode("utf-8")
