"""Attachments into the site: each published paper's files, copied as bytes to the paper's own address
(meetings/<folder>/<paper>/<file>).

Only papers of the model's published list are read, so a file an unpublished paper lists, or one no paper
lists, never reaches the site. Each file is opened again as `check` opened it (an ordinary file of its type,
within the size limit) and must still be the size the paper page shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from boardpapers.content import attachments
from boardpapers.content.model import Site


def write(site: Site, out: Path, config: Any, cache: Path | None) -> None:
    """Copy every published paper's attachments into the site folder `out`."""
    limit, _ = attachments.limit_bytes()
    for paper in site.papers:
        for attachment in paper.attachments:
            size, data = attachments.read(attachment.path, attachment.file, limit)
            if size != attachment.size or len(data) != size:
                raise attachments.AttachmentError(
                    f"{paper.source}: '{attachment.file}' changed while the site was built, expected it as "
                    "check read it, e.g. run the command again"
                )
            target = out / paper.url / attachment.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
