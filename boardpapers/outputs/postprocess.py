"""Post-processing of the rendered site (search index, feeds, calendars, data exports), before it is swapped in.

Every step reads only the Site model's published papers, so nothing unpublished can reach its files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from boardpapers.content.model import Site
from boardpapers.outputs import attachments, exports, feeds, search
from boardpapers.staging import Staging

# Each step: (site, rendered site folder, MkDocs config, build cache folder or None) -> None. Run in this order.
STEPS: list[Callable[[Site, Path, Any, Path | None], None]] = []
STEPS += [search.write, feeds.write, exports.write]  # search index, Atom feeds, open data and calendars
STEPS += [attachments.write]  # published papers' files, at their papers' addresses


def postprocess(
    site: Site,
    out: Path,
    config: Any,
    cache: Path | None = None,
    steps: list[Callable[[Site, Path, Any, Path | None], None]] | None = None,
    staging: Staging | None = None,
) -> None:
    """Run every post-processing step (or those of `steps`, in STEPS' order) on the freshly rendered site; the
    search index keeps the files `staging` has the same already."""
    for step in STEPS if steps is None else steps:
        if step is search.write:
            search.write(site, out, config, cache, staging)
        else:
            step(site, out, config, cache)
