"""Render the generated pages with MkDocs' own steps, on every core, reusing pages that did not change.

`mkdocs.commands.build.build` converts and renders every page, one after another, on every build. This
runs the same MkDocs functions in the same order, with differences that keep output byte-identical:
- documentation pages are split across worker processes (forked, so they share the loaded config), and each
  worker makes its pages' Markdown (generate.py) itself: pages are MkDocs generated files, never on disk;
- a page whose Markdown, configuration, theme and code are unchanged since the last build is linked from a
  cache instead of being converted again, which is what makes a one-paper rebuild fast;
- only the papers' own Markdown is converted (the templates write HTML), and the HTML is squeezed.
Pages outside the navigation do not depend on each other, which is what makes both safe; plugins that
collect data across pages (like the stock `search` plugin) make the build fall back to one process.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import multiprocessing
import os
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
import markdown

from mkdocs.commands.build import _build_theme_template, get_context  # noqa: PLC2701
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import (  # noqa: PLC2701 (MkDocs' own page steps, pinned in requirements.txt)
    Page, _ExtractAnchorsTreeprocessor, _ExtractTitleTreeprocessor, _RelativePathTreeprocessor)
from mkdocs.structure.toc import get_toc

from .fastmd import QuickRawHTML, shortcut_blocks, shortcut_inline, shortcut_steps, shortcut_toc
from .generate import ISLAND_CLOSE, ISLAND_OPEN, TOKEN_LENGTH, island_token, rel
from .links import Links
from .sanitize import ContentExtension, clean, page_ids

PACKAGE = Path(__file__).resolve().parent
CROSS_PAGE_PLUGINS = {"search", "material/search", "blog", "material/blog", "tags", "material/tags"}

_STATE: dict[str, Any] = {}  # what forked workers inherit: config, files, nav, env, pages to render
TEMPLATES = "templates"  # the folder of the build cache holding compiled templates (template_cache)
STATIC = "static"  # the folder of the build cache holding copies of the theme's files (copy_static_files)
PARALLEL_FROM = 20  # pages; below this, starting processes costs more than it saves
RUN = 24  # pages a worker takes at a time: about a meeting's, and small enough to even out the workers' ends


# Elements whose whitespace is meaningful (or code): left exactly as rendered.
KEEP_RE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
# (Each pattern starts with a literal character, or is only tried where a quick look finds what it needs: a
# pattern that can start at any space costs a tenth of a second a thousand pages.)
NEWLINE_RUN_RE = re.compile(r"\n\s+")  # not \n\s*: a lone newline, most of them, is left without a replacement
SPACE_RUN_RE = re.compile(r"[ \t]{2,}")
SPACES_RE = re.compile(r"  +")
# Block-level tags: white space next to one (before or after, open or close) starts or ends a line, where a
# browser never shows it, so it is dropped.
BLOCK = (r"(?:html|head|body|meta|link|title|script|noscript|style|header|footer|main|nav|div|section|article|aside"
         r"|ul|ol|li|dl|dt|dd|p|h[1-6]|table|thead|tbody|tfoot|tr|th|td|caption|colgroup|col|form|fieldset"
         r"|legend|hr|details|summary|figure|figcaption|blockquote)")
# The theme and Python-Markdown put a newline there (and runs were made one newline above); looking for that
# alone is what keeps these fast.
BEFORE_BLOCK_RE = re.compile(rf"\n(?=</?{BLOCK}[\s>/])")
AFTER_BLOCK_RE = re.compile(rf"(</?{BLOCK}(?:\s[^<>]*)?>)\n")


# mkdocs-material's link texts inside elements it lays out as blocks (so white space at their ends never shows).
LINK_TEXT_RE = re.compile(r'(<(?:span|a)\b[^<>]*\bclass="md-(?:ellipsis|tabs__link|skip)"[^<>]*>)\s*([^<>]*?)\s*(?=</)')


# mkdocs-material writes its drawer and search toggles as checkboxes with autocomplete="off" (invalid HTML on a
# checkbox: the Nu HTML Checker's one error on every page) outside any block an override can replace.
TOGGLE_RE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def squeeze(page: str) -> str:
    """Collapse the theme's runs of blank lines and indentation to one newline or space (HTML shows runs of
    whitespace as one space anyway), drop white space next to a block-level tag (never shown), and drop the
    toggles' invalid attribute. (squeeze_by_patterns says what it does; this does the same line by line.)"""
    return _squeeze_outside_kept(page, _squeeze_quickly)


def squeeze_by_patterns(page: str) -> str:
    """What squeeze does, one regular expression at a time over the whole page (twice as slow): its definition,
    which tests hold squeeze to."""
    return _squeeze_outside_kept(page, _squeeze_text)


def _squeeze_outside_kept(page: str, squeeze_text: Callable[[str], str]) -> str:
    """The page, toggles mended, with each stretch outside its kept elements squeezed by `squeeze_text`."""
    parts = KEEP_RE.split(TOGGLE_RE.sub(r"\1", page))
    out = []
    for i in range(0, len(parts), 3):  # split() yields text, kept element, its tag name, text, ...
        out.append(squeeze_text(parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def _squeeze_quickly(text: str) -> str:
    """_squeeze_text's result, line by line where it can be (_squeeze_lines), else by its patterns."""
    lines = _squeeze_lines(text)
    return _squeeze_text(text) if lines is None else _link_texts(lines)


def _squeeze_text(text: str) -> str:
    """Squeeze one stretch of the page outside kept elements, pattern by pattern."""
    text = NEWLINE_RUN_RE.sub("\n", text)
    if " \n" in text or "\t\n" in text:  # what LINE_END_RE replaces, five times quicker
        lines = text.split("\n")
        text = "\n".join([line.rstrip(" \t") for line in lines[:-1]] + lines[-1:])
    if "\t" in text:
        text = SPACE_RUN_RE.sub(" ", text)
    elif "  " in text:
        text = SPACES_RE.sub(" ", text)  # SPACE_RUN_RE without tabs: a literal start, ten times quicker
    text = LINK_TEXT_RE.sub(r"\1\2", text)
    return AFTER_BLOCK_RE.sub(r"\1", BEFORE_BLOCK_RE.sub("", text))


# The same steps line by line: a line of the theme's is squeezed once (it comes back on every page), and
# whether the newline between two lines goes depends only on how the second starts and how the first ends.
START_RE = re.compile(rf"</?{BLOCK}(?:[\s>/]|\Z)")  # a line's start, when a newline follows the line
LAST_START_RE = re.compile(rf"</?{BLOCK}[\s>/]")  # the last line's start: nothing follows it
END_TAG_RE = re.compile(rf"</?{BLOCK}(?:\s[^<>]*)?>")
SHORT_LINE = 80  # characters: lines up to this long are remembered (the theme's; a paper's run longer)
LINES_KEPT = 8000  # a bound on a worker's memory (a build's repeated lines are a few thousand)
_LINES: dict[str, tuple[str, bool, int]] = {}  # raw line: squeezed, starts with a block tag, ends with one


def _line_end(line: str) -> int:
    """1 if `line` ends with a block-level tag, 0 if not, 2 if that tag could have begun on an earlier line."""
    if not line.endswith(">"):
        return 0
    start = line.rfind("<")
    if start < 0:
        return 2
    return 1 if END_TAG_RE.fullmatch(line, start) else 0


def _squeezed_line(raw: str) -> tuple[str, bool, int]:
    """A line that follows a newline and is followed by one: squeezed, and how it starts and ends."""
    line = raw.lstrip().rstrip(" \t")
    if "  " in line or "\t" in line:
        line = SPACE_RUN_RE.sub(" ", line)
    entry = (line, START_RE.match(line) is not None, _line_end(line))
    if len(raw) <= SHORT_LINE:
        if len(_LINES) > LINES_KEPT:
            _LINES.clear()
        _LINES[raw] = entry
    return entry


def _squeeze_lines(text: str) -> str | None:
    """_squeeze_text's steps but the link texts' (see _link_texts) line by line, or None where a block-level
    tag may span lines (that text is left to the patterns)."""
    lines = text.split("\n")
    first = lines[0]
    if len(lines) > 1:
        first = first.rstrip(" \t")
    if "  " in first or "\t" in first:
        first = SPACE_RUN_RE.sub(" ", first)
    if len(lines) == 1:
        return first
    ends = _line_end(first)  # the first line follows no newline: its start is kept
    out = [first]
    known = _LINES.get
    for raw in lines[1:-1]:
        line, starts, next_ends = known(raw) or _squeezed_line(raw)
        if not line:  # a blank line: part of one run of white space
            continue
        if ends == 2:  # the line before may end a tag begun earlier
            return None
        if not (starts or ends):
            out.append("\n")
        out.append(line)
        ends = next_ends
    last = lines[-1].lstrip()  # no newline after it: its end is kept
    if "  " in last or "\t" in last:
        last = SPACE_RUN_RE.sub(" ", last)
    if ends == 2:
        return None
    if not (ends or LAST_START_RE.match(last)):
        out.append("\n")
    out.append(last)
    return "".join(out)


LINK_CLASS_RE = re.compile(r'class="md-(?:ellipsis|tabs__link|skip)"')


def _link_texts(text: str) -> str:
    """LINK_TEXT_RE's substitution, tried only at the tags holding one of its classes (a search for the class is
    quicker than trying the pattern at every tag)."""
    out: list[str] = []
    done = 0  # where the last substitution ended
    tried = -1
    for found in LINK_CLASS_RE.finditer(text):
        start = text.rfind("<", done, found.start())  # the tag holding the class, if it begins after `done`
        if start < 0 or start == tried:
            continue
        tried = start
        match = LINK_TEXT_RE.match(text, start)
        if match is not None:
            out += [text[done:start], match.group(1), match.group(2)]
            done = match.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def tree_digest(paths: list[Path]) -> str:
    """A digest of every file under the given folders (names and bytes), in a fixed order."""
    digest = hashlib.sha256()
    for root in paths:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def config_digest(config: Any) -> str:
    """What every page's HTML depends on besides its own Markdown: configuration, theme, nav and code."""
    import material

    import mkdocs

    # Installed themes are named by their versions (hashing mkdocs-material's files took a second a build);
    # the project's own theme folders and code are hashed.
    own_dirs = [Path(d) for d in config.theme.dirs if "site-packages" not in Path(d).resolve().parts]
    parts = [Path(config.config_file_path).read_bytes().decode("utf-8"), repr(config["nav"]),
             str(config["extra"]), tree_digest(own_dirs + [PACKAGE]), material.__version__, mkdocs.__version__,
             os.environ.get("SOURCE_DATE_EPOCH", "")]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


# A template's references to others by a literal name (names made at render time are not followed).
REFERENCE_RE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")


def compile_theme(config: Any, cache: Path) -> list[str]:
    """Compile the theme's templates a build renders (main.html, the static templates, and what they name) into
    the build cache's template folder, where render_site's environment finds them; return their names."""
    env = theme_environment(config, cache)
    todo = ["main.html", *sorted(config.theme.static_templates)]
    done: list[str] = []
    while todo:
        name = todo.pop(0)
        if name in done:
            continue
        try:
            source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            continue
        env.get_template(name)
        done.append(name)
        todo.extend(REFERENCE_RE.findall(source))
    return done


def theme_environment(config: Any, cache: Path | None) -> jinja2.Environment:
    """The theme's Jinja environment (MkDocs'), keeping compiled templates in the build cache when there is one
    (compiling Material's was a tenth of a rebuild). The build and the process compiling templates ahead of it
    (compile_theme) both make theirs here, so the compiled templates of one are found by the other."""
    env = config.theme.get_env()
    if cache:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(template_cache(cache)))
    return env


def template_cache(cache: Path) -> Path:
    """The folder of compiled Jinja templates inside the page cache (made if missing)."""
    folder = cache / TEMPLATES
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_theme_files(files: Files, env: jinja2.Environment, config: Any) -> None:
    """Files.add_files_from_theme (the theme's static files), run on a list of the theme's files made without
    walking hidden folders: its filter drops mkdocs-material's 14,000 icons in .icons/ one pattern match at a
    time (0.1 s a build). MkDocs' own filter and precedence then decide, on the short list."""
    names: set[str] = set()
    for theme_dir in config.theme.dirs:
        for root, dirs, found in os.walk(theme_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]  # the filter drops all that is under them
            folder = Path(root).relative_to(theme_dir).as_posix()
            names.update(name if folder == "." else f"{folder}/{name}" for name in found)
    env.list_templates = lambda extensions=None, filter_func=None: sorted(  # type: ignore[method-assign]
        n for n in names if filter_func is None or filter_func(n))
    try:
        theme = Files([])
        theme.add_files_from_theme(env, config)
    finally:
        del env.list_templates
    for file in theme:
        if files.get_file_from_path(file.src_uri) is None:  # theme files do not override docs files
            files.append(file)


def sort_key(file: File) -> tuple:
    """MkDocs' file_sort_key (index first, folders last) without a PurePosixPath per file (a tenth of a second
    a thousand pages); the same for the clean relative paths MkDocs and generate.py make."""
    parts = file.src_uri.split("/")
    return tuple(parts[:-1]), posixpath.splitext(parts[-1])[0] not in ("index", "README"), parts[-1]  # File.name


@contextlib.contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Keep the garbage collector off the objects that exist now, until the outermost of these blocks ends:
    a collection in a forked child touches every object it scans, copying the parent's memory pages into the
    child (a worker's share of the build's memory at 10,000 papers), and scanning the loaded content again
    and again was time spent for nothing (it lives as long as the build)."""
    gc.freeze()
    _FROZEN[0] += 1
    try:
        yield
    finally:
        _FROZEN[0] -= 1
        if _FROZEN[0] == 0:
            gc.unfreeze()


_FROZEN = [0]  # how many frozen_for_fork blocks are open


def render_site(config: Any, pages: list[tuple[str, Callable[[], str]]], inputs: dict[str, Callable[[], str]],
                cache: Path | None, jobs: int, links: Links) -> None:
    """Build the MkDocs site for `config` (whose site_dir must be empty or absent) from generated pages: (docs
    path, renderer of its Markdown) pairs, kept in memory as MkDocs 1.6's generated files (writing them to a
    docs folder and reading them back was a tenth of the build on this machine's disk). `inputs` gives, for
    some pages, a digest of what their Markdown is made from: their cache key, so they need not be made."""
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    generated = [File.generated(config, path, content="") for path, _ in pages]
    files = Files(sorted([*get_files(config), *generated], key=sort_key))  # get_files' order
    env = theme_environment(config, cache)
    add_theme_files(files, env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    docs = files.documentation_pages()
    for file in docs:
        if file.page is None:
            Page(None, file, config)
    env.globals["memo"] = Memo()  # a fresh one each build: serve builds again in this process
    env = config.plugins.on_env(env, config=config, files=files)

    def theme_templates(templates: list[str]) -> None:
        """Render the theme's `templates` (404.html, sitemap.xml), squeezing the HTML ones."""
        for template in templates:
            _build_theme_template(template, env, files, config, nav)
            if template.endswith(".html"):  # 404.html
                built = Path(config.site_dir) / template
                if built.exists():
                    built.write_text(squeeze(built.read_text(encoding="utf-8")), encoding="utf-8")

    def rest_of_theme() -> None:
        """The theme's files and sitemap.xml: made while the workers start on the pages (this process would
        otherwise only wait for them)."""
        copy_static_files(files, cache)
        theme_templates(sorted(set(config.theme.static_templates) - set(pages_first)))

    # 404.html first, here: rendering it loads the page templates, which forked workers then share.
    pages_first = sorted(t for t in config.theme.static_templates if t.endswith(".html"))
    theme_templates(pages_first)

    page_cache = cache
    if set(config.plugins) & CROSS_PAGE_PLUGINS:
        # Those plugins gather every page into one index in the process that renders it: no split, no cache.
        jobs, page_cache = 1, None
    base = config_digest(config) if page_cache else ""
    renderers = dict(pages)
    todo = [(f, renderers[f.src_uri], inputs.get(f.src_uri)) for f in docs if f.src_uri in renderers]
    _MARKDOWN.clear()  # a converter is for one build's configuration (serve builds again in this process)
    _STATE.update(config=config, files=files, nav=nav, env=env, docs=docs, todo=todo, cache=page_cache, base=base,
                  links=links)
    try:
        if jobs > 1 and len(todo) > PARALLEL_FROM:
            with frozen_for_fork(), multiprocessing.get_context("fork").Pool(jobs) as pool:
                # Runs of consecutive pages (one folder's, mostly: the theme's memo works within a run), handed
                # out as workers finish: a fixed split left one worker idle for a twentieth of a cold build.
                runs = [(start, min(start + RUN, len(todo))) for start in range(0, len(todo), RUN)]
                rendered = pool.imap_unordered(_render_share, runs)  # handed out from here on
                rest_of_theme()
                used = [key for keys in rendered for key in keys]
        else:
            rest_of_theme()
            used = _render_share((0, len(todo)))
    finally:
        _STATE.clear()
    if page_cache:
        _prune(page_cache, set(used))
    config.plugins.on_post_build(config=config)


def copy_static_files(files: Files, cache: Path | None) -> None:
    """Files.copy_static_files, with the theme's files linked from the build cache where an earlier build copied
    them (copying the theme's scripts, styles and fonts again was a twentieth of a one-paper rebuild): each is
    kept under a digest of its source's path, size and modification time; those this build did not use go."""
    folder = cache / STATIC if cache else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for file in files:
        if file.is_documentation_page() or not InclusionLevel.is_included(file.inclusion):
            continue
        if folder is None or file.generated_by or file.abs_src_path is None:  # MkDocs' own way
            file.copy_file()
            continue
        source = os.stat(file.abs_src_path)
        key = hashlib.sha256(f"{file.abs_src_path}\0{source.st_size}\0{source.st_mtime_ns}".encode(
            "utf-8", "surrogatepass")).hexdigest()
        used.add(key)
        dest = Path(file.abs_dest_path)
        if not _from_cache(dest, folder / key):
            file.copy_file()
            _keep(dest, folder / key)
    if folder:
        for path in folder.iterdir():
            if path.name not in used:
                path.unlink()


def _prune(cache: Path, keep: set[str]) -> None:
    """Drop cached pages this build did not use, so the cache stays the size of one site."""
    for path in cache.iterdir():
        if path.name not in keep and not path.is_dir():  # folders: the compiled templates
            path.unlink()


def _page_key(src_uri: str, source: str, base: str) -> str:
    """Cache key of one page: everything its HTML depends on (`source`: its Markdown, or a digest of its inputs)."""
    return hashlib.sha256(f"{base}\0{src_uri}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()


def dest_path(file: File, config: Any) -> str:
    """file.abs_dest_path for a documentation page with directory URLs (a/b.md: a/b/index.html; a/index.md and
    a/README.md: a/index.html), without the path objects MkDocs makes for it (a tenth of a rebuild's workers)."""
    if not config.use_directory_urls or "\\" in file.src_uri:
        return file.abs_dest_path
    folder, _, name = file.src_uri.rpartition("/")
    stem = name.rpartition(".")[0]
    parts = [config.site_dir, folder] if folder else [config.site_dir]
    return os.path.join(*parts, *([] if stem in ("index", "README") else [stem]), "index.html")


def _from_cache(dest: Path, cached: Path) -> bool:
    """Link a page's HTML from the cache if it is there; say whether it was. (The link is tried first: its
    folder is usually there already, in the reused staging folder, so most pages cost one system call.)"""
    try:
        os.link(cached, dest)  # cached pages are never changed in place (written whole, then renamed)
        return True
    except FileNotFoundError:  # no such cached page, or the page's folder is not made yet
        if not cached.exists():
            return False
    except OSError:  # another file system, or links not allowed: copied below
        pass
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(cached, dest)
    except OSError:
        shutil.copyfile(cached, dest)
    return True


# The page templates write HTML, except for the content's own Markdown (a paper's body, a meeting's notes), which
# they mark as an island (generate.island). Only that is converted: Python-Markdown's parsing of the templates'
# HTML was a fifth of the build.
def islands(text: str) -> list[str]:
    """The page's parts: HTML, Markdown, HTML, ..., HTML. An opening marker whose island does not match its
    digest is an error in the build, never content to trust."""
    parts, done = [], 0
    while (start := text.find(ISLAND_OPEN, done)) >= 0:
        head = start + len(ISLAND_OPEN)
        token = text[head:head + TOKEN_LENGTH]
        body = head + TOKEN_LENGTH + len("-->\n")
        end = text.find(f"\n{ISLAND_CLOSE}{token}-->", body)
        if end < 0 or text[head + TOKEN_LENGTH:body] != "-->\n" or island_token(text[body:end]) != token:
            raise ValueError(f"a content island at character {start} does not match its marker")
        parts += [text[done:start], text[body:end]]
        done = end + len(f"\n{ISLAND_CLOSE}{token}-->")
    parts.append(text[done:])
    return parts


_MARKDOWN: dict[int, markdown.Markdown] = {}  # one converter per worker process, reset between pages


def _convert(page: Page, config: Any, files: Any, reserved: frozenset[str]) -> None:
    """What mkdocs' Page.render does, with one Markdown converter per process instead of one per page (setting
    up the extensions took 5% of a build). MkDocs' page-bound steps are registered again for each page."""
    md = _MARKDOWN.get(os.getpid())
    if md is None:
        md = _MARKDOWN[os.getpid()] = markdown.Markdown(extensions=config["markdown_extensions"],
                                                        extension_configs=config["mdx_configs"] or {})
        shortcut_inline(md)
        shortcut_toc(md)
        shortcut_blocks(md)
        shortcut_steps(md)
    md.reset()
    raw_html = QuickRawHTML()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = _RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    folder = posixpath.dirname(page.file.src_uri)  # the generated page's folder is its content's folder
    ContentExtension(folder, functools.partial(_published_link, _STATE["links"], folder, page.url),
                     reserved).extendMarkdown(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    page.links_to_anchors = relative.links_to_anchors


def _published_link(links: Links, folder: str, page_url: str, url: str) -> str | None:
    """A URL written in content, as the page publishes it: a published page's address relative to this page,
    an outside or in-page link as written, anything else dropped (links.py; `check` has reported it)."""
    found = links.resolve(folder, url)
    if found.kind == "page":
        return rel(page_url, found.url)
    return url if found.kind in ("external", "here") else None


def _populate(page: Page, config: Any, files: Any) -> None:
    """MkDocs' _populate_page for a generated page: convert its marked Markdown, keep its HTML as written."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        parts = islands(page.markdown)  # HTML, Markdown, HTML, ..., HTML
        # A placeholder a paper cannot forge: it depends on the page's own text.
        token = "bpstash" + hashlib.sha256(page.markdown.encode()).hexdigest()[:16]
        page.markdown = "\n\n".join(part if i % 2 else f"{token}x{i}" for i, part in enumerate(parts))
        _convert(page, config, files, page_ids("".join(parts[::2])))
        html = page.content
        for i in range(0, len(parts), 2):
            html = html.replace(f"<p>{token}x{i}</p>", parts[i], 1)
        # The whole content once more, templates' HTML included: whatever reached the page, nothing runs.
        page.content = config.plugins.on_page_content(clean(html), page=page, config=config, files=files)
    finally:
        config._current_page = None


class Memo:
    """`{% call memo(name, page, nav) %}...{% endcall %}` in a theme template: a block whose links are to the
    navigation's pages, rendered once (per worker and build) for each page in the navigation and once for all
    other pages in one folder, since relative links from those to top-level pages are the same. Only the last
    few folders' blocks are kept: a worker renders a folder's pages one after another (see RUN), and at 10,000
    papers keeping every folder's was megabytes a worker."""

    FOLDERS = 4  # folders whose blocks are kept (a meeting's page and its papers' pages are two folders)

    def __init__(self) -> None:
        self.navigation: dict[str, dict[str, str]] = {}  # navigation page's URL -> name -> block
        self.folders: dict[str, dict[str, str]] = {}  # folder -> name -> block, the most recent last
        self.page: Any = None  # the page of the last call, and its blocks (a page's blocks are asked for in a row)
        self.blocks: dict[str, str] = {}

    def __call__(self, name: str, page: Any, nav: Any, caller: Any) -> str:
        if page is None:  # a theme template such as 404.html: rendered once anyway
            return caller()
        if page is not self.page:  # `page in nav.pages` compares pages field by field: once a page
            self.page = page
            self.blocks = self.navigation.setdefault(page.url, {}) if page in nav.pages else self.folder(page)
        found = self.blocks.get(name)
        if found is None:
            found = self.blocks[name] = caller()
        return found

    def folder(self, page: Any) -> dict[str, str]:
        """The blocks of the folder of `page`, a page outside the navigation (search/, in the folder "", is not the
        home page, whose URL is "": it was given the home page's links, which are wrong one level down)."""
        folder = page.url.rstrip("/").rpartition("/")[0]
        blocks = self.folders.pop(folder, None)
        if blocks is None:
            blocks = {}
            if len(self.folders) >= self.FOLDERS:
                del self.folders[next(iter(self.folders))]  # the least recently used
        self.folders[folder] = blocks
        return blocks


def _write_page(page: Page, config: Any, docs: Any, nav: Any, env: Any) -> None:
    """MkDocs' _build_page (same events, same context), the HTML squeezed before it is written, once."""
    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, docs, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        dest = Path(page.file.abs_dest_path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(squeeze(output).encode("utf-8", errors="xmlcharrefreplace"))
    finally:
        page.active = False
        config._current_page = None


def _keep(dest: Path, cached: Path) -> None:
    """Put a rendered page in the cache (whose folder exists): a second name for the same file, made in one step
    (pages are never changed in place, and a name in the cache is a digest of what its page is made from)."""
    try:
        os.link(dest, cached)
    except FileExistsError:  # kept already: the same page
        pass
    except OSError:  # another file system, or links not allowed: copied whole, then named
        tmp = cached.with_name(f".tmp-{os.getpid()}")
        shutil.copyfile(dest, tmp)
        tmp.replace(cached)


def _render_share(run: tuple[int, int]) -> list[str]:
    """Make, convert and render the pages todo[start:end] (in a worker); a page whose Markdown and everything
    else it depends on are unchanged is linked from the cache instead. Return the cache keys of the pages."""
    start, end = run
    state = _STATE
    cache, keys = state["cache"], []
    for file, make, inputs in state["todo"][start:end]:
        text = None if cache and inputs else make()
        if cache:
            keys.append(_page_key(file.src_uri, f"inputs:{inputs()}" if inputs else f"text:{text}", state["base"]))
            if _from_cache(Path(dest_path(file, state["config"])), cache / keys[-1]):
                continue
            text = make() if text is None else text
        file.content_string = text
        _populate(file.page, state["config"], state["files"])
        _write_page(file.page, state["config"], state["docs"], state["nav"], state["env"])
        # Written: drop the page's text, HTML and contents, which would otherwise pile up in the worker.
        file.content_string = ""
        file.page.markdown = file.page.content = file.page.toc = None
        if cache:
            _keep(Path(file.abs_dest_path), cache / keys[-1])
    return keys
