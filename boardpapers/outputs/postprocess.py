"""Post-processing of the rendered site (search index, feeds, calendars, data exports), before it is swapped in.

Every step reads only the Site model's published papers, so nothing unpublished can reach its files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from boardpapers.content.model import Site
from boardpapers.outputs import attachments, exports, feeds, search
from boardpapers.staging import Staging, files_of

# Each step: (site, rendered site folder, MkDocs config, build cache folder or None) -> None. Run in this order.
STEPS: list[Callable[[Site, Path, Any, Path | None], None]] = []
STEPS += [search.write, feeds.write, exports.write]  # search index, Atom feeds, open data and calendars
STEPS += [attachments.write]  # published papers' files, at their papers' addresses


# The steps whose files are made from what Site.inputs covers (not from a body: tests/test_rebuild.py), with the
# folders they write: a build whose inputs are those of the site it starts from keeps their files as they are.
KEPT: dict[Callable[[Site, Path, Any, Path | None], None], tuple[str, ...]] = {
    feeds.write: ("feeds",),
    exports.write: ("data", "calendar"),
}


def postprocess(
    site: Site,
    out: Path,
    config: Any,
    cache: Path | None = None,
    steps: list[Callable[[Site, Path, Any, Path | None], None]] | None = None,
    staging: Staging | None = None,
    inputs: str = "",
) -> None:
    """Run every post-processing step (or those of `steps`, in STEPS' order) on the freshly rendered site; the
    search index keeps the files `staging` has the same already, and so do the steps of KEPT all their files
    when `inputs` (what the site is made from: PageCache's) is what they were made from."""
    for step in STEPS if steps is None else steps:
        if step is search.write:
            search.write(site, out, config, cache, staging)
        elif step in KEPT and staging is not None and inputs:
            kept_or_run(step, KEPT[step], site, out, config, cache, staging, inputs)
        else:
            step(site, out, config, cache)


def kept_or_run(
    step: Callable[[Site, Path, Any, Path | None], None],
    folders: tuple[str, ...],
    site: Site,
    out: Path,
    config: Any,
    cache: Path | None,
    staging: Staging,
    inputs: str,
) -> None:
    """Keep every file of `step`'s folders the site as staged has, if the step made them from `inputs` (each is
    keyed by them and by how many files it made, so a missing one is noticed); else run the step and key them."""
    made = hashlib.sha256(f"{inputs}\0{step.__module__}.{step.__qualname__}".encode()).hexdigest()
    prefixes = tuple(f"{folder}/" for folder in folders)
    there = [rel for rel in staging.inherited if rel.startswith(prefixes)]
    if there and all(staging.inherited[rel][0] == f"{made}:{len(there)}" for rel in there):
        for rel in there:
            staging.keep(rel, f"{made}:{len(there)}")
        return
    for rel in there:  # what the step does not write again must not stay (a withdrawn paper's matter's feed)
        (out / rel).unlink()
    step(site, out, config, cache)
    written = [f"{folder}/{rel}" for folder in folders if (out / folder).is_dir() for rel in files_of(out / folder)]
    for rel in written:
        staging.wrote(rel, f"{made}:{len(written)}")
