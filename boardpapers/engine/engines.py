"""Which engine renders the pages: the one module that knows.

Both read the project's mkdocs.yml and build a docs folder with mkdocs-material through their public API,
`commands.build.build(config)`, in a process of their own (spawned: the same on Linux, macOS and Windows).
- mkdocs: MkDocs 1.6, the default. It has had no release since August 2024; 2.0 drops plugins.
- properdocs: ProperDocs, the maintained drop-in fork of MkDocs 1.x. Its `replacement` module makes the
  `mkdocs.*` imports of mkdocs-material (and of this project's hook) load ProperDocs' modules, as its own
  command does, so the same theme and hooks run on it.
Another engine that reads mkdocs.yml (Zensical, once it has what the site needs) is added here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boardpapers.pages.generate import NAV

ENGINES = ("mkdocs", "properdocs")
DEFAULT = "mkdocs"
HOOKS = Path(__file__).resolve().parent / "hooks.py"
# What a shard's build tells the site's hook (hooks.py), by environment variables in its own process:
SHARD = "BOARDPAPERS_SHARD"  # a JSON file: {"pages": [docs paths], "static": true|false}
LINKS = "BOARDPAPERS_LINKS"  # a JSON file of the published pages (boardpapers.links.Links.save)
TEMPLATES = "BOARDPAPERS_TEMPLATES"  # a folder for the templates' compiled code (Jinja's bytecode cache)
STOP = "BOARDPAPERS_STOP"  # a file whose presence stops a shard's build at its next page (see on_pre_page)


class EngineError(Exception):
    """The engine could not build (its message says why)."""


class StoppedError(Exception):
    """A shard's build stopped because the build that started it stopped (see hooks.on_pre_page). Defined here,
    not in the hook file: MkDocs loads that by its path, and an exception of it could not be unpickled here."""


@dataclass(frozen=True)
class Task:
    """One stock build: the engine, the configuration file, the docs folder, the site folder to build into, the
    shard file (which pages) and the published pages' file (links), and the build date."""

    engine: str
    config_file: str
    docs: str
    site: str
    shard: str
    links: str
    today: dt.date
    hooks: tuple[str, ...] = ()  # mkdocs.yml's own hooks, as absolute paths
    templates: str = ""  # a folder for the templates' compiled code ("": none)
    stop: str = ""  # a file whose presence stops the build at its next page ("": none)


def watch_parent() -> None:
    """In an engine process: end when the build that started it ends, however it ends (a killed build's
    processes would otherwise wait for work for ever, holding its output streams open), and at Ctrl+C."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    # Ctrl+C reaches every process of the terminal: the build that started this one stops and says so, and this
    # one ends without a traceback of its own.
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(1))

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def known(engine: str) -> None:
    """Raise EngineError unless `engine` is one of ENGINES."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine '{engine}', expected one of: {', '.join(ENGINES)}")


def prepare(engine: str) -> None:
    """Import the engine and the theme (a process's first task: done while the build reads the content)."""
    known(engine)
    if engine == "properdocs":
        importlib.import_module("properdocs.replacement")  # mkdocs.* imports load ProperDocs from here on
    for module in ("mkdocs.config", "mkdocs.commands.build", "material", "markdown"):
        importlib.import_module(module)


def build(task: Task) -> None:
    """Build one shard: load mkdocs.yml pointed at the docs folder, and run the engine's build."""
    prepare(task.engine)
    from mkdocs.commands.build import build as engine_build
    from mkdocs.config import load_config

    os.environ.update(
        {
            SHARD: task.shard,
            LINKS: task.links,  # for the hook, in this process only
            TEMPLATES: task.templates,
            STOP: task.stop,
            "SOURCE_DATE_EPOCH": str(int(dt.datetime.combine(task.today, dt.time(), tzinfo=dt.UTC).timestamp())),
        }
    )
    for name in ("mkdocs", "properdocs"):
        logging.getLogger(name).setLevel(logging.WARNING)
    config = load_config(
        config_file=task.config_file, docs_dir=task.docs, site_dir=task.site, nav=NAV, hooks=with_site_hook(task.hooks)
    )
    engine_build(config)


def with_site_hook(hooks: tuple[str, ...]) -> list[str]:
    """mkdocs.yml's hooks and the site's own (never left out: it sanitises every page), each once."""
    return [*(h for h in hooks if Path(h).resolve() != HOOKS), str(HOOKS)]


def own_hooks(config: Mapping[str, Any], config_file: Path) -> tuple[str, ...]:
    """The hooks a loaded mkdocs.yml lists, as absolute paths (they are written relative to the file)."""
    return tuple(str((config_file.parent / name).resolve()) for name in config["hooks"])


def write_stock_config(config_file: Path, docs: Path, site: Path, dest: Path) -> None:
    """Write to `dest` the configuration a stock build of a tree `build --docs` wrote needs: `config_file` (a
    mkdocs.yml without YAML tags such as `!ENV`) with the tree, the navigation and the site's hook, which build.py
    adds, and the theme's folder and hooks wherever the engine's own command runs from."""
    import yaml

    try:
        config: dict[str, Any] = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise EngineError(
            f"{config_file}: a stock build's configuration is made from a mkdocs.yml without YAML "
            f"tags (such as !ENV), e.g. the project's own ({' '.join(str(err).split())})"
        ) from None
    theme = config["theme"]
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((config_file.parent / theme["custom_dir"]).resolve())
    hooks = tuple(str((config_file.parent / h).resolve()) for h in config.get("hooks") or [])
    config.update(docs_dir=str(docs), site_dir=str(site), nav=NAV, hooks=with_site_hook(hooks))
    dest.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
