"""Addresses of the site's pages relative to each other."""

from __future__ import annotations


def rel(page: str, target: str) -> str:
    """Relative URL from a directory-style page path ('' is home) to another page or file: posixpath.relpath
    for site paths without '.' or '..' parts (its look-up of the working folder was a tenth of generating)."""
    here, there = [c for c in page.split("/") if c], [c for c in target.split("/") if c]
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    out = "/".join([".."] * (len(here) - common) + there[common:])
    if not out:
        return "./"
    return out + "/" if target == "" or target.endswith("/") else out
