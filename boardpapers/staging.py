"""The folder a build assembles its site in: started from the spare, the site before the one it replaces.

A rebuild's site is mostly the last one's files, and on a slow disk making a folder and a file for each page
again was most of a rebuild's time. So when a build swaps its site in, the site it replaces becomes the spare
(in the build cache), less every file the new site does not have the same; and the next build starts from it.
A page or search file whose key (what it was made from) is the key the spare's manifest records for it is kept
as it is; every other file of the spare is written again by the build, or removed before the swap.

A file of the spare is known by its key and its status (inode, size, modification and change times) as the
build that wrote it recorded them: anything that touched it since (a killed build, a person, a deploy step)
makes it unknown, and it is removed. The spare holds only files the live site has too, the same, so the cache
never holds what the site no longer publishes (a withdrawn paper's page, say).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import sys
from pathlib import Path

SPARE = "spare"  # the build cache's spare site
SPARE_MANIFEST = "spare.json"  # its files: {path: [key, inode, size, mtime_ns, ctime_ns]}
SITE_MANIFEST = "site.json"  # the same of the live site (the spare once the next build swaps its site in)
PARTS = frozenset({SPARE, SPARE_MANIFEST, SITE_MANIFEST})  # what this module keeps in the build cache
WINDOWS = sys.platform == "win32"

Entry = tuple[str, tuple[int, int, int, int]]  # a file's key and status


def status(info: os.stat_result) -> tuple[int, int, int, int]:
    """What changes whenever a file is written or replaced: inode, size, modification and change times (on
    Windows the last is the creation time; the modification time still changes with every write)."""
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def read_manifest(path: Path) -> dict[str, Entry]:
    """A manifest's files, or none if it is missing or not one (a build killed while writing it, say)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(rel): (str(key), (int(a), int(b), int(c), int(d))) for rel, (key, a, b, c, d) in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def write_manifest(path: Path, files: dict[str, Entry]) -> None:
    """Write a manifest (whole, see write_whole)."""
    data = {rel: [key, *info] for rel, (key, info) in sorted(files.items())}
    write_whole(path, json.dumps(data, separators=(",", ":")))


def write_whole(path: Path, text: str) -> None:
    """Write a file whole under another name, then name it: a killed build leaves no half file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def files_of(folder: Path) -> dict[str, os.stat_result]:
    """Every file under `folder` by its path from there (links and other odd entries too, not followed)."""
    out: dict[str, os.stat_result] = {}
    stack = [("", os.fspath(folder))]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                else:  # on Windows a directory entry's status has no inode: the file's own does
                    out[prefix + entry.name] = os.lstat(entry.path) if WINDOWS else entry.stat(follow_symlinks=False)
    return out


def drop_empty_folders(folder: Path) -> None:
    """Remove the folders under `folder` that hold no file."""
    for root, _, files in os.walk(folder, topdown=False):
        if not files and root != str(folder) and not os.listdir(root):
            os.rmdir(root)


class Staging:
    """The site a build assembles in `folder` (new: it must not exist), from the spare in `cache` if there is
    one (None: a build without the cache, which starts empty and leaves no spare)."""

    def __init__(self, folder: Path, cache: Path | None) -> None:
        self.folder = folder
        self.cache = cache
        self.inherited: dict[str, Entry] = {}  # the spare's files kept for now
        self.keyed: dict[str, str] = {}  # path -> key of the files this build kept or wrote with a key
        self.kept: set[str] = set()  # those of them kept as they were (their status is the inherited one)
        self.removed = False  # whether a file of the spare was removed (then a folder may be left empty)
        if cache is None or not self.take_spare(cache):
            folder.mkdir()

    def take_spare(self, cache: Path) -> bool:
        """Start from the cache's spare: every file its manifest knows as it is now is kept for now, the rest
        removed. False if there is none (then none is left in the cache)."""
        spare, manifest = cache / SPARE, read_manifest(cache / SPARE_MANIFEST)
        (cache / SPARE_MANIFEST).unlink(missing_ok=True)  # the spare is this build's, or is removed
        if not os.path.isdir(spare) or os.path.islink(spare):
            return False
        try:
            os.rename(spare, self.folder)
        except OSError:  # e.g. another file system: not worth copying
            shutil.rmtree(spare, ignore_errors=True)
            return False
        for rel, info in files_of(self.folder).items():
            entry = manifest.get(rel)
            if entry is not None and stat.S_ISREG(info.st_mode) and entry[1] == status(info):
                self.inherited[rel] = entry
            else:
                os.unlink(self.folder / rel)
                self.removed = True
        return True

    def keep(self, rel: str, key: str) -> bool:
        """Whether the spare's file at `rel` (a path in the site) is the one of `key`; then it stays as it is."""
        entry = self.inherited.get(rel)
        if entry is None or entry[0] != key:
            return False
        self.keyed[rel] = key
        self.kept.add(rel)
        return True

    def wrote(self, rel: str, key: str) -> None:
        """Note that this build wrote the file of `key` at `rel`."""
        self.keyed[rel] = key
        self.kept.discard(rel)

    def finish(self) -> dict[str, Entry]:
        """Remove every file of the spare this build neither kept nor wrote again, and the folders left empty;
        return the manifest of the site's files with a key."""
        for rel, (_, info) in self.inherited.items():
            if rel in self.keyed:
                continue
            try:
                written = status(os.lstat(self.folder / rel)) != info  # written again, by a step without keys
            except FileNotFoundError:
                continue
            if not written:
                os.unlink(self.folder / rel)
                self.removed = True
        if self.removed:
            drop_empty_folders(self.folder)
        return {
            rel: (key, self.inherited[rel][1] if rel in self.kept else status(os.lstat(self.folder / rel)))
            for rel, key in self.keyed.items()
        }

    def keep_old(self, old: Path, manifest: dict[str, Entry]) -> None:
        """After the swap: make `old` (the site just replaced) the cache's spare, less every file the new site
        (`manifest`) does not have the same, and record the new site's manifest. The new site is live by now:
        a failure here (a full disk, another file system) only leaves no spare for the next build."""
        if self.cache is None:
            return
        try:
            self.make_spare(self.cache, old, manifest)
        except OSError:
            with contextlib.suppress(OSError):  # the manifests' statuses guard the next build all the same
                forget(self.cache)

    @staticmethod
    def make_spare(cache: Path, old: Path, manifest: dict[str, Entry]) -> None:
        """keep_old's work, which may fail."""
        if not os.path.isdir(old):  # a first build: no site was replaced
            write_manifest(cache / SITE_MANIFEST, manifest)
            return
        before = read_manifest(cache / SITE_MANIFEST)
        kept = {}
        for rel, info in files_of(old).items():
            entry = before.get(rel)
            if entry is not None and entry[1] == status(info) and manifest.get(rel, ("",))[0] == entry[0]:
                kept[rel] = entry
            else:
                os.unlink(old / rel)
        drop_empty_folders(old)
        shutil.rmtree(cache / SPARE, ignore_errors=True)  # one a --no-cache build left, say
        write_manifest(cache / SPARE_MANIFEST, kept)
        os.rename(old, cache / SPARE)
        write_manifest(cache / SITE_MANIFEST, manifest)


def forget(cache: Path) -> None:
    """Remove the spare and the manifests (a build without the cache: the live site is not the one recorded)."""
    shutil.rmtree(cache / SPARE, ignore_errors=True)
    for name in (SPARE_MANIFEST, SITE_MANIFEST):
        (cache / name).unlink(missing_ok=True)
