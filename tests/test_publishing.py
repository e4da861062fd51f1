"""Publishing: embargo dates in Europe/London, drafts preview, CI annotations and workflows, git dates."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from boardpapers.cli import main, parser
from boardpapers.content import history
from boardpapers.content.load import load_site
from boardpapers.pages.generate import Generator
from boardpapers.pipeline import TIMEZONE, build_site, today_in_london
from boardpapers.progress import Progress, wanted
from contentkit import make_content, paper, readable, write

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.UTC
TODAY = dt.date(2026, 11, 23)
BANNER = "DRAFT PREVIEW – not published"
VENV_BIN = Path(sys.executable).parent
MEETING = "content/meetings/2019-09-18"


def readme_test_command() -> str:
    """README's test command (Quick start's second block), which CI must run exactly."""
    readme = (ROOT / "README.md").read_text("utf-8")
    quick = readme[readme.index("## Quick start") : readme.index("## Commands")]
    return re.findall(r"```sh\n(.*?)\n```", quick, re.S)[1]


def output_text(out: Path) -> str:
    """Every output file's text, concatenated (binary bytes replaced)."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(out.rglob("*")) if p.is_file())


# --- Embargo release on the board's day (Europe/London), across the clock changes --------------------------


@pytest.mark.parametrize(
    "now, london",
    [
        (dt.datetime(2026, 3, 28, 23, 59, tzinfo=UTC), dt.date(2026, 3, 28)),  # GMT: London is UTC
        (dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), dt.date(2026, 3, 29)),  # 00:30 GMT: BST starts at 01:00 UTC
        (dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), dt.date(2026, 3, 29)),  # 02:30 BST
        (dt.datetime(2026, 3, 29, 23, 30, tzinfo=UTC), dt.date(2026, 3, 30)),  # 00:30 BST: London a day ahead of UTC
        (dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), dt.date(2026, 7, 1)),  # midsummer, UTC and London dates differ
        (dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC), dt.date(2026, 10, 25)),  # last BST night
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), dt.date(2026, 10, 25)),  # 01:30 BST (the first of two)
        (dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), dt.date(2026, 10, 25)),  # 01:30 GMT (the second)
        (dt.datetime(2026, 10, 25, 23, 30, tzinfo=UTC), dt.date(2026, 10, 25)),  # GMT again: same as UTC
    ],
)
def test_the_boards_date_is_londons(now: dt.datetime, london: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOARD_PAPERS_TODAY", raising=False)
    assert today_in_london(now) == london


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="now must carry a time zone"):
        today_in_london(dt.datetime(2026, 3, 29, 0, 30))


def test_board_papers_today_still_fixes_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOARD_PAPERS_TODAY", "2026-12-01")
    assert today_in_london() == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    "publish_on, now, published",
    [
        ("2026-03-29", dt.datetime(2026, 3, 28, 23, 59, 59, tzinfo=UTC), False),  # 23:59:59 GMT on the 28th
        ("2026-03-29", dt.datetime(2026, 3, 29, 0, 0, tzinfo=UTC), True),  # midnight GMT: the day has come
        ("2026-03-30", dt.datetime(2026, 3, 29, 22, 59, tzinfo=UTC), False),  # 23:59 BST on the 29th
        ("2026-03-30", dt.datetime(2026, 3, 29, 23, 0, tzinfo=UTC), True),  # 00:00 BST on the 30th; UTC says 29th
        ("2026-07-01", dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), True),  # UTC still says 30 June
        ("2026-10-25", dt.datetime(2026, 10, 24, 22, 59, tzinfo=UTC), False),  # 23:59 BST on the 24th
        ("2026-10-25", dt.datetime(2026, 10, 24, 23, 0, tzinfo=UTC), True),  # 00:00 BST on the 25th
        ("2026-10-26", dt.datetime(2026, 10, 25, 23, 59, tzinfo=UTC), False),  # 23:59 GMT on the 25th
        ("2026-10-26", dt.datetime(2026, 10, 26, 0, 0, tzinfo=UTC), True),  # 00:00 GMT on the 26th
    ],
)
def test_embargo_releases_on_the_right_london_day(
    tmp_path: Path, publish_on: str, now: dt.datetime, published: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOARD_PAPERS_TODAY", raising=False)
    content = make_content(tmp_path)
    write(
        content, "meetings/2019-09-18/9.1-embargoed.md", paper("Embargoed paper", "9.1", "Text.", publish_on=publish_on)
    )
    site = load_site(content, today_in_london(now))
    assert [p.title for p in site.papers if p.title == "Embargoed paper"] == (["Embargoed paper"] if published else [])


def test_the_daily_schedule_runs_on_the_boards_new_day_all_year() -> None:
    # The workflow's cron runs at 00:05 UTC: on every day of a year (both clock changes included) that must
    # already be the same date in London, or an embargo would wait a day.
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text("utf-8"))
    cron = workflow[True]["schedule"][0]["cron"]  # YAML 1.1 reads the key `on` as true
    minute, hour = (int(x) for x in cron.split()[:2])
    day = dt.date(2026, 1, 1)
    wrong = []
    while day.year == 2026:
        if today_in_london(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=UTC)) != day:
            wrong.append(day)
        day += dt.timedelta(days=1)
    assert wrong == []


# --- Drafts: never in `build`, shown and marked in `serve --drafts` -----------------------------------------

UNPUBLISHED = {
    "draft": ({"status": "draft"}, True),
    "embargoed": ({"publish_on": "2099-01-01"}, True),
    "withdrawn": ({"status": "withdrawn"}, False),
    "sensitive": ({"classification": "official-sensitive"}, False),
}


def drafts_content(root: Path) -> Path:
    """Valid content with one paper of each unpublished kind, each body carrying a unique canary word."""
    content = make_content(root)
    for index, (name, (fields, _)) in enumerate(sorted(UNPUBLISHED.items()), start=1):
        write(
            content,
            f"meetings/2019-09-18/10.{index}-{name}.md",
            paper(f"Canary {name} title", f"10.{index}", f"CANARY-{name.upper()}-BODY", **fields),
        )
    return content


# What check and build print while mkdocs.yml sets no site_url (the project's does not: its address is the
# deployment's), with the count line.
NO_SITE_URL = (
    "mkdocs.yml:1: warning: site_url: not set, so no sitemap.xml is written and feeds use relative links, "
    "expected the site's address, e.g. site_url: https://papers.example.org/\n"
    "1 warning: suggestions only, nothing was stopped (--strict makes warnings stop the check and the build).\n"
)


def test_build_never_includes_drafts_and_is_quiet_outside_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    assert main(["build", "--content", str(drafts_content(tmp_path)), "--out", str(out)]) == 0
    text = output_text(out)
    assert [name for name in UNPUBLISHED if f"CANARY-{name.upper()}-BODY" in text] == []
    assert BANNER not in text
    # No progress lines (stderr is not a terminal): only the warning that mkdocs.yml sets no site_url.
    assert capsys.readouterr().err == NO_SITE_URL


def test_drafts_preview_shows_drafts_and_embargoed_papers_marked(tmp_path: Path) -> None:
    out = tmp_path / "preview"
    build_site(drafts_content(tmp_path), out, ROOT / "mkdocs.yml", TODAY, drafts=True)
    text = output_text(out)
    shown = sorted(name for name in UNPUBLISHED if f"CANARY-{name.upper()}-BODY" in text)
    assert shown == sorted(name for name, (_, previewed) in UNPUBLISHED.items() if previewed)
    draft = (out / "meetings/2019-09-18/10.1-draft/index.html").read_text("utf-8")
    assert f'<p class="admonition-title">{BANNER}</p>' in draft
    assert "its status is draft" in draft
    embargoed = (out / "meetings/2019-09-18/10.2-embargoed/index.html").read_text("utf-8")
    assert "it is embargoed until 1 January 2099" in embargoed
    published = (out / "meetings/2019-09-18/9.0-southern-police-station/index.html").read_text("utf-8")
    assert BANNER not in published


def test_only_serve_has_a_drafts_option() -> None:
    assert parser().parse_args(["serve", "--drafts"]).drafts is True
    assert parser().parse_args(["serve"]).drafts is False
    with pytest.raises(SystemExit):
        parser().parse_args(["build", "--drafts"])


# --- CI annotations ------------------------------------------------------------------------------------------


def bad_status(root: Path) -> Path:
    """Content with one defect: a misspelt status."""
    content = make_content(root)
    write(
        content,
        "meetings/2019-09-18/9.0-southern-police-station.md",
        paper("Southern Police Station", "9.0", "Text.", status="publishd"),
    )
    return content


MESSAGE = "status: invalid value 'publishd', expected one of: draft, published, withdrawn, e.g. status: published"
PAPER_PATH = f"{MEETING}/9.0-southern-police-station.md"


def test_check_annotates_problems_for_github(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(bad_status(tmp_path)), "--format", "github"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (f"::error file={PAPER_PATH},line=6,title=content%3A status::{PAPER_PATH}:6: {MESSAGE}\n")
    assert captured.err.startswith("1 problem in ")


def test_check_writes_a_gitlab_code_quality_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(bad_status(tmp_path)), "--format", "gitlab"]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert [(r["location"]["path"], r["location"]["lines"]["begin"], r["description"]) for r in report] == [
        (PAPER_PATH, 6, MESSAGE)
    ]
    assert f"{PAPER_PATH}:6: {MESSAGE}\n" in captured.err  # the log still shows the text


def test_check_gitlab_report_is_empty_when_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(make_content(tmp_path)), "--format", "gitlab"]) == 0
    # The one warning: the project's mkdocs.yml sets no site_url (a warning, reported as a minor issue).
    report = json.loads(capsys.readouterr().out)
    assert [(r["location"]["path"], r["severity"], r["description"]) for r in report] == [
        ("mkdocs.yml", "minor", NO_SITE_URL.splitlines()[0].split(": warning: ", 1)[1])
    ]


# --- The workflow files pass a maintained linter, and do what README says -----------------------------------


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a linter installed by requirements-dev.txt (never skipped: it is pinned there)."""
    tool = VENV_BIN / name
    assert tool.exists(), f"{tool} is missing: run `bash .ci/setup --test` (requirements-dev.txt pins it)"
    return subprocess.run([str(tool), *args], capture_output=True, text=True, cwd=ROOT, check=False)


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """actionlint with the pinned shellcheck for `run:` scripts, and nothing else picked up from PATH."""
    return run_tool(
        "actionlint", "-no-color", "-shellcheck", str(VENV_BIN / "shellcheck"), "-pyflakes=", *map(str, files)
    )


def test_github_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github/workflows").glob("*.yml"))
    assert workflows
    done = actionlint(*workflows)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github/workflows/publish.yml"
    broken.parent.mkdir(parents=True)
    text = (ROOT / ".github/workflows/publish.yml").read_text("utf-8")
    broken.write_text(text.replace("needs: build", "needs: biuld"), encoding="utf-8")
    done = actionlint(broken)
    assert done.returncode == 1 and 'job "deploy" needs job "biuld" which does not exist' in done.stdout


def test_gitlab_ci_matches_gitlabs_schema() -> None:
    done = run_tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_gitlab_schema_check_catches_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / ".gitlab-ci.yml"
    text = (ROOT / ".gitlab-ci.yml").read_text("utf-8")
    broken.write_text(text.replace("expire_in: 2 weeks", "expire_in: [2, weeks]"), encoding="utf-8")
    done = run_tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(broken))
    assert done.returncode == 1


def scripts(job: dict) -> list[str]:
    """Every shell line a GitHub job runs."""
    return [step["run"] for step in job["steps"] if "run" in step]


def test_github_workflow_checks_tests_builds_and_deploys_main() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text("utf-8"))
    triggers = workflow[True]
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the whole history, for the paper pages' dates
    runs = scripts(build)
    assert ".venv/bin/python build.py check --format github" in runs
    assert readme_test_command() in runs
    assert runs.index(".venv/bin/python build.py check --format github") < runs.index(readme_test_command())
    uploads = {s["uses"].split("@")[0]: s for s in build["steps"] if "uses" in s}
    assert uploads["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert uploads["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    assert deploy["if"] == "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_gitlab_pipeline_checks_tests_and_publishes_pages() -> None:
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    assert sorted(jobs) == ["check", "pages", "preview", "test"]
    assert all(job["stage"] in pipeline["stages"] for job in jobs.values())
    assert jobs["check"]["script"] == [".venv/bin/python build.py check --format gitlab > gl-code-quality-report.json"]
    assert jobs["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert jobs["test"]["script"] == [readme_test_command()]
    assert jobs["pages"]["script"] == [".venv/bin/python build.py build --out public --progress"]
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]
    assert jobs["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


# --- First published / last changed, from one batched read of git history -----------------------------------

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Clerk",
    "GIT_AUTHOR_EMAIL": "clerk@example.org",
    "GIT_COMMITTER_NAME": "Clerk",
    "GIT_COMMITTER_EMAIL": "clerk@example.org",
}
FORGE = "https://github.com/opcc/board-papers"
LATER = f"{MEETING}/9.5-later.md"  # the paper whose versions a test commits one by one


def git(repo: Path, *args: str, when: str | None = None) -> str:
    """Run git in a test repository, committing at `when` (ISO date-time with zone) if given."""
    env = {**os.environ, **GIT_ENV}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def commit_all(repo: Path, when: str, message: str = "change") -> None:
    """Stage everything and commit it at `when`."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A git repository whose content/ has a paper committed as a draft, then published, then corrected."""
    root = tmp_path / "repo"
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    content = make_content(root)
    draft = paper("Southern Police Station", "9.0", "First text.", status="draft")
    write(content, "meetings/2019-09-18/9.0-southern-police-station.md", draft)
    commit_all(root, "2026-01-05T23:30:00Z", "draft")  # 23:30 GMT: still 5 January in London
    write(
        content,
        "meetings/2019-09-18/9.0-southern-police-station.md",
        draft.replace("status: draft", "status: published"),
    )
    commit_all(root, "2026-03-29T23:30:00Z", "publish")  # 00:30 BST: already 30 March in London
    write(
        content,
        "meetings/2019-09-18/9.0-southern-police-station.md",
        draft.replace("status: draft", "status: published").replace("First text.", "Corrected text."),
    )
    commit_all(root, "2026-04-02T09:00:00Z", "correct a figure")
    return root


def paper_path(repo: Path, source: str = f"{MEETING}/9.0-southern-police-station.md") -> Path:
    """A paper file of a test repository (the `repo` fixture's by default), resolved."""
    return (repo / source).resolve()


def commit_versions(repo: Path, versions: list[tuple[int, dict[str, str]]], source: str = LATER) -> None:
    """Commit one version of a paper a day: (day of May 2026 at noon, its fields besides the defaults)."""
    for day, fields in versions:
        write(repo, source, paper("Later paper", "9.5", f"Text of day {day}.", **fields))
        commit_all(repo, f"2026-05-{day:02}T12:00:00Z", f"day {day}")


def first_published(repo: Path, source: str = LATER) -> dt.date | None:
    """What the git history says of a paper's first publication."""
    return history.read_history(repo / "content", TIMEZONE).files[paper_path(repo, source)].first_published


def may(day: int) -> dt.date:
    """A day of May 2026."""
    return dt.date(2026, 5, day)


SENSITIVE = {"classification": "official-sensitive"}
DRAFT = {"status": "draft"}
PUBLISHED: dict[str, str] = {}  # the defaults: status: published, classification: official
NEVER: None = None


@pytest.mark.parametrize(
    "versions, expected",
    [
        pytest.param([(1, SENSITIVE), (5, PUBLISHED)], may(5), id="reclassified-official"),
        pytest.param([(1, DRAFT), (5, PUBLISHED)], may(5), id="draft-then-published"),
        pytest.param([(1, {**DRAFT, **SENSITIVE}), (3, SENSITIVE), (5, PUBLISHED)], may(5), id="status-first"),
        pytest.param([(1, {**DRAFT, **SENSITIVE}), (3, DRAFT), (5, PUBLISHED)], may(5), id="classification-first"),
        pytest.param([(1, {**DRAFT, **SENSITIVE}), (5, PUBLISHED)], may(5), id="both-in-one-commit"),
        pytest.param(
            [(1, {"publish_on": "2026-05-10"}), (12, {"publish_on": "2026-05-10", "summary": "Fixed."})],
            may(10),
            id="embargo-passes-between-commits",
        ),
        pytest.param(
            [(1, {"publish_on": "2026-05-10"}), (5, {"publish_on": "2026-05-20"})],
            may(20),
            id="embargo-moved-later-before-it-passed",
        ),
        pytest.param(
            [(1, {"publish_on": "2026-05-10"}), (5, {"publish_on": "2026-05-03"})],
            may(5),
            id="embargo-moved-earlier-to-a-past-date",
        ),
        pytest.param([(1, PUBLISHED), (3, {"publish_on": "2026-05-20"})], may(1), id="embargo-added-once-published"),
        pytest.param(
            [(1, {**SENSITIVE, "publish_on": "2026-05-03"}), (5, {"publish_on": "2026-05-03"})],
            may(5),
            id="embargo-passed-while-sensitive",
        ),
        pytest.param(
            [(2, PUBLISHED), (4, {"status": "withdrawn"}), (6, PUBLISHED)], may(2), id="published-withdrawn-republished"
        ),
        pytest.param([(1, SENSITIVE), (3, DRAFT)], NEVER, id="never-publishable"),
        pytest.param(
            [(1, {**DRAFT, "summary": "|\n  status: published\n  classification: official"}), (5, PUBLISHED)],
            may(5),
            id="publishing-lines-inside-another-field",
        ),
        pytest.param(
            [(1, {"status": "draft\nstatus: published"}), (5, PUBLISHED)],
            may(5),
            id="status-written-twice-fails-the-build",
        ),
        pytest.param(
            [(1, {"status": '"\\x70ublished"', **SENSITIVE}), (5, {"status": '"\\x70ublished"'})],
            may(5),
            id="status-in-a-yaml-escape",
        ),
    ],
)
def test_first_published_is_when_the_paper_first_became_publishable(
    repo: Path, versions: list[tuple[int, dict[str, str]]], expected: dt.date | None
) -> None:
    commit_versions(repo, versions)
    assert first_published(repo) == expected


def test_a_reclassified_paper_is_first_published_when_reclassified(repo: Path) -> None:
    commit_versions(repo, [(1, SENSITIVE), (5, PUBLISHED), (9, {"summary": "Corrected."})])
    found = history.read_history(repo / "content", TIMEZONE).files[paper_path(repo, LATER)]
    assert found == history.FileHistory(LATER, first_commit=may(1), last_changed=may(9), first_published=may(5))
    site = load_site(repo / "content", TODAY)
    assert history.paper_history(site, repo / "content", history.read_history(repo / "content", TIMEZONE))[
        LATER
    ] == history.PaperHistory(first_published=may(5))


def test_history_dates_a_paper_from_its_publishing_commit(repo: Path) -> None:
    found = history.read_history(repo / "content", TIMEZONE)
    assert found.note is None
    assert found.files[paper_path(repo)] == history.FileHistory(
        path=f"{MEETING}/9.0-southern-police-station.md",
        first_commit=dt.date(2026, 1, 5),
        last_changed=dt.date(2026, 4, 2),
        first_published=dt.date(2026, 3, 30),
    )


def test_history_dates_a_merged_change_by_its_merge(repo: Path) -> None:
    commit_versions(repo, [(1, SENSITIVE)])
    git(repo, "checkout", "-q", "-b", "new-paper")
    write(repo / "content", "meetings/2019-09-18/9.1-late.md", paper("Late paper", "9.1", "Text."))
    commit_versions(repo, [(2, DRAFT), (3, PUBLISHED)])  # reclassified, then published, on the branch
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "new-paper", when="2026-05-07T10:00:00Z")
    late = history.read_history(repo / "content", TIMEZONE).files[paper_path(repo, f"{MEETING}/9.1-late.md")]
    assert (late.first_published, late.last_changed) == (may(7), may(7))
    assert first_published(repo) == may(7)


def test_a_moved_paper_is_a_new_address_first_published_when_moved(repo: Path) -> None:
    commit_versions(repo, [(1, PUBLISHED)])
    git(repo, "mv", LATER, f"{MEETING}/9.5-moved.md")
    commit_all(repo, "2026-05-06T12:00:00Z", "move")
    moved = history.read_history(repo / "content", TIMEZONE).files[paper_path(repo, f"{MEETING}/9.5-moved.md")]
    assert (moved.first_commit, moved.first_published) == (may(6), may(6))
    assert paper_path(repo, LATER) not in history.read_history(repo / "content", TIMEZONE).files


def test_a_paper_made_publishable_but_not_committed_claims_no_date(repo: Path) -> None:
    commit_versions(repo, [(1, SENSITIVE)])
    write(repo, LATER, paper("Later paper", "9.5", "Text."))  # official now, in the working tree only
    site = load_site(repo / "content", TODAY)
    dates = history.paper_history(site, repo / "content", history.read_history(repo / "content", TIMEZONE))
    assert LATER not in dates


def test_history_skips_uncommitted_files_and_non_checkouts(repo: Path, tmp_path: Path) -> None:
    write(repo / "content", "meetings/2019-09-18/9.2-uncommitted.md", paper("New", "9.2", "Text."))
    found = history.read_history(repo / "content", TIMEZONE)
    assert (repo / f"{MEETING}/9.2-uncommitted.md").resolve() not in found.files
    assert history.read_history(make_content(tmp_path / "plain"), TIMEZONE) == history.History()


def test_history_says_nothing_in_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    assert history.read_history(shallow / "content", TIMEZONE) == history.History(note=history.SHALLOW_NOTE)


def test_history_is_read_in_a_fixed_number_of_git_calls(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.Popen

    def counting(args: list[str], **kwargs: object) -> subprocess.Popen[str]:
        calls.append(args)
        return real(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(history.subprocess, "Popen", counting)  # subprocess.run starts a Popen too
    history.read_history(repo / "content", TIMEZONE)
    one_paper = len(calls)
    for day, fields in enumerate([{**DRAFT, **SENSITIVE}, SENSITIVE, PUBLISHED], start=1):
        for n in range(20):  # every paper's first versions are read before it becomes publishable
            write(
                repo / "content",
                f"meetings/2019-09-18/11.{n + 1}-more.md",
                paper(f"More {n}", f"11.{n + 1}", "Text.", **fields),
            )
        commit_all(repo, f"2026-06-{day:02}T12:00:00Z")
    calls.clear()
    found = history.read_history(repo / "content", TIMEZONE)
    assert len(found.files) == 24  # board.yml, actions.yml, meeting.md, 21 papers
    assert {p.first_published for p in found.files.values() if "11." in p.path} == {dt.date(2026, 6, 3)}
    assert len(calls) == one_paper == 3


def config_with(tmp_path: Path, **settings: object) -> Path:
    """mkdocs.yml with extra settings, written to tmp_path (the theme folder made absolute)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config.update(settings)
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def test_paper_page_shows_dates_without_a_link_to_the_files_history(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(repo / "content", out, config_with(tmp_path, repo_url=FORGE), TODAY)
    page = (out / "meetings/2019-09-18/9.0-southern-police-station/index.html").read_text("utf-8")
    assert (
        ('<div class="bp-history"><dt>Added to this site</dt><dd>30 March 2026</dd></div>') in page
        and "Last changed" not in page
    )  # a commit after that (2 April) is no "last changed": only a public correction is


def test_no_page_leads_to_a_restricted_version(repo: Path, tmp_path: Path) -> None:
    restricted = paper(
        "CANARYTITLE Sensitive estates matter",
        "9.5",
        "CANARYBODY the restricted text.",
        classification="official-sensitive",
    )
    write(repo, LATER, restricted)
    commit_all(repo, "2026-05-01T12:00:00Z", "restricted")
    write(repo, LATER, paper("Estates matter", "9.5", "The public text."))
    commit_all(repo, "2026-05-05T12:00:00Z", "reclassified official")
    out = tmp_path / "site"
    build_site(repo / "content", out, config_with(tmp_path, repo_url=FORGE), TODAY)
    files = {p: readable(p.read_bytes()).decode("utf-8", "replace") for p in sorted(out.rglob("*")) if p.is_file()}
    links = {u for text in files.values() for u in re.findall(r"[\w+.-]+://[^\s\"'<>)]+", text) if "/opcc" in u}
    assert links <= {FORGE, FORGE + "/"}  # the repository's front page, never a file's commits, blob or raw text
    assert [p for p, text in files.items() if "content/meetings" in text or "CANARY" in text] == []
    page = (out / "meetings/2019-09-18/9.5-later/index.html").read_text("utf-8")
    assert '<div class="bp-history"><dt>Added to this site</dt><dd>5 May 2026</dd></div>' in page


def paper_markdown(
    content: Path, dates: dict[str, history.PaperHistory], today: dt.date = TODAY, drafts: bool = False
) -> str:
    """The generated Markdown of the fixture's paper page, with the given dates (no MkDocs run)."""
    site = load_site(content, today, drafts=drafts)
    generator = Generator(site, ROOT / "theme/pages", {})
    generator.env.globals["history"] = dates
    return generator.paper(next(p for p in site.papers if p.slug.startswith("9.0")))


def test_the_dates_line_names_no_link(repo: Path) -> None:
    site = load_site(repo / "content", TODAY)
    dates = history.paper_history(site, repo / "content", history.read_history(repo / "content", TIMEZONE))
    markdown = paper_markdown(repo / "content", dates)
    assert '<div class="bp-history"><dt>Added to this site</dt><dd>30 March 2026</dd></div>' in markdown
    assert "http" not in markdown.split("bp-history")[1].split("</div>")[0]


def test_an_embargoed_paper_is_first_published_on_its_publish_on_date(repo: Path) -> None:
    path = paper_path(repo)
    path.write_text(
        path.read_text("utf-8").replace("status: published", "status: published\npublish_on: 2026-05-01"),
        encoding="utf-8",
    )
    commit_all(repo, "2026-04-10T12:00:00Z", "embargo")
    site = load_site(repo / "content", TODAY)
    dates = history.paper_history(site, repo / "content", history.read_history(repo / "content", TIMEZONE))
    # It was public from 30 March until the embargo was added: first published stays then.
    assert dates[f"{MEETING}/9.0-southern-police-station.md"].first_published == dt.date(2026, 3, 30)
    commit_versions(repo, [(1, {"publish_on": "2026-05-10"})])
    site = load_site(repo / "content", TODAY)
    dates = history.paper_history(site, repo / "content", history.read_history(repo / "content", TIMEZONE))
    assert dates[LATER].first_published == may(10)


def test_a_draft_preview_claims_no_publication_date(repo: Path) -> None:
    path = paper_path(repo)
    path.write_text(path.read_text("utf-8").replace("status: published", "status: draft"), encoding="utf-8")
    commit_all(repo, "2026-04-10T12:00:00Z", "back to draft")
    site = load_site(repo / "content", TODAY, drafts=True)
    dates = history.paper_history(site, repo / "content", history.read_history(repo / "content", TIMEZONE))
    assert f"{MEETING}/9.0-southern-police-station.md" not in dates


# --- Progress on a terminal, quiet in CI --------------------------------------------------------------------


class FakeStream(io.StringIO):
    """A text stream that says whether it is a terminal."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    "asked, tty, ci, shown",
    [
        (None, True, None, True),
        (None, False, None, False),
        (None, True, "true", False),
        (True, False, "true", True),
        (False, True, None, False),
    ],
)
def test_progress_shows_on_a_terminal_and_not_in_ci(
    asked: bool | None, tty: bool, ci: str | None, shown: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert wanted(asked, FakeStream(tty)) is shown


def test_progress_reports_papers_read_and_pages_rendered(tmp_path: Path) -> None:
    stream = FakeStream(False)
    result = build_site(
        make_content(tmp_path), tmp_path / "site", ROOT / "mkdocs.yml", TODAY, progress=Progress(stream)
    )
    steps = [re.sub(r"^\[\s*\d+\.\d s\] ", "", line) for line in stream.getvalue().splitlines()]
    assert steps == [
        "Read 1 paper in 1 meeting",
        f"Rendered {len(result.rendered)} of {result.pages} pages (the others from the cache)",
        "Done",
    ]
    assert len(result.rendered) == result.pages  # a first build renders every page


@pytest.mark.parametrize("command", ["check", "build"])
def test_strict_stops_on_the_missing_site_url_with_the_contents_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    content = make_content(tmp_path)
    (content / "board.yml").write_text(
        (content / "board.yml").read_text("utf-8").replace("  email: papers@example.org\n", ""), encoding="utf-8"
    )
    out = ["--out", str(tmp_path / "site")] if command == "build" else []
    assert main([command, "--strict", "--content", str(content), *out]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":", 3)[:3] for line in lines[:-1]] == [
        ["content/board.yml", "1", " organisation.email"],
        ["mkdocs.yml", "1", " site_url"],
    ]
    assert lines[1] == NO_SITE_URL.splitlines()[0].replace("warning: ", "", 1)
    assert lines[-1].startswith("2 problems in ") and not (tmp_path / "site").exists()
