"""Financial tables rebuilt from text pulled out of a PDF: only where the printed totals prove every figure's place.

The expected tables are read from the seed here, by this file's own simple reading of its layout (a column is a
group of one-figure lines between blank lines), not by the importer's code.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest

from boardpapers.cli import main
from boardpapers.importer.body import markdown, parse_body, to_lines
from boardpapers.importer.tables import rejoin, vocabulary
from contentkit import BOARD_YML, write

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
BUDGET = "meetings/2019-09-18/7-revenue-and-capital-budget-monitoring-month-4-2019-20.md"
SAMPLE = ROOT / "content" / BUDGET
REBUILT = "*Table rebuilt from the text of the published PDF; totals checked.*"
AS_TEXT = "*The original PDF has this as a table.*"


def value(figure: str) -> int:
    """'1,234' is 1234, '(61)' is -61."""
    return -int(figure.strip("()").replace(",", "")) if figure.startswith("(") else int(figure.replace(",", ""))


def seed_appendix(number: int) -> list[str]:
    """The seed's lines of the budget paper's Appendix N (stripped), up to the next appendix."""
    (path,) = SEEDS.glob("004_*.txt")
    lines = [line.strip() for line in path.read_text("utf-8").splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(f"Appendix {number} "))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("Appendix ")), len(lines))
    return lines[start + 1 : end]


def figure_groups(lines: list[str]) -> list[list[str]]:
    """Groups of consecutive lines that are one figure each, split at blank lines and at other lines."""
    groups, current = [], []  # type: list[list[str]], list[str]
    for line in [*lines, ""]:
        if re.fullmatch(r"-?[\d,]+|\([\d,]+\)", line):
            current.append(line)
        else:
            groups.append(current) if current else None
            current = []
    return groups


def tables(markdown_text: str) -> list[list[list[str]]]:
    """Every pipe table under the rebuilt note: its rows (header row and rule left out), cells stripped."""
    out = []
    for block in markdown_text.split(REBUILT + "\n\n")[1:]:
        lines = block.split("\n\n")[0].splitlines()
        assert lines[1].startswith("|---|") and lines[1].count("---:|") == lines[0].count("|") - 2  # right-aligned
        out.append([[c.strip() for c in line.strip("|").split(" | ")] for line in lines[2:]])
    return out


def appendix(markdown_text: str, title: str) -> str:
    """The Markdown of one appendix of the written paper."""
    return markdown_text.split(f"## {title}")[1].split("\n## ")[0]


@pytest.fixture(scope="module")
def budget(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Seed 004 imported into a temporary content folder: the budget paper's Markdown."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    folder = tmp_path_factory.mktemp("pack") / "content"
    write(folder, "board.yml", BOARD_YML)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdout", io.StringIO())
        mp.setattr("sys.stderr", io.StringIO())
        (seed,) = SEEDS.glob("004_*.txt")
        assert main(["import", str(seed), "--content", str(folder)]) == 0
    return (folder / BUDGET).read_text("utf-8")


def check_columns(table: list[list[str]], expected: list[list[str]], rounding: int) -> None:
    """Each column of the table is the seed's column, figure for figure in order, and casts to its total."""
    columns = [list(c) for c in zip(*table, strict=True)][1:]
    assert columns == expected
    for column in columns:
        assert Counter(column) == Counter(expected[columns.index(column)])
        assert abs(sum(value(f) for f in column[:-1]) - value(column[-1])) <= rounding * (len(column) - 1)


APPENDIX_1_ROWS = [
    "Police Officer Pay & Allowances",
    "Police Officer Overtime",
    "PCSO Pay & Overtime",
    "Police Staff Pay & Overtime",
    "Premi s es Costs",  # 'Premises' is nowhere else in the paper: left split ('Costs' is: 'Custody costs')
    "Transport",
    "Supplies & Services",
    "Total In-house Expenditure",
]


def test_appendix_1_is_rebuilt_from_the_seed_figures(budget: str) -> None:
    seed = seed_appendix(1)
    # The seed prints the month 3 variances beside the labels, then the other columns one figure a line.
    first, last = (
        seed.index("-515 Pol i ce Offi cer Pa y & Al l owa nces"),
        seed.index("-614 Total In-house Expenditure"),
    )
    left = [line.split()[0] for line in seed[first : last + 1] if re.match(r"-?[\d,]+(\s|$)", line)]
    columns = [g for g in figure_groups(seed) if len(g) == 8]
    assert left == ["-515", "183", "-9", "-175", "14", "-6", "-107", "-614"]
    assert [c[-1] for c in columns] == ["88,571", "29,497", "28,695", "-802", "87,366", "-1,205"]
    assert columns[0] == ["50,160", "2,000", "2,903", "20,329", "4,280", "2,804", "6,095", "88,571"]
    (table,) = tables(appendix(budget, "Appendix 1"))
    assert [row[0] for row in table] == APPENDIX_1_ROWS
    check_columns(table, [left, *columns], rounding=1)  # "Figures may not cast due to rounding"
    # Every figure the seed prints in this appendix is on the page once: in the table or in the text.
    figure = re.compile(r"-?[\d,]*\d|\([\d,]+\)")
    printed = Counter(t for line in seed for t in line.split() if figure.fullmatch(t))
    text = appendix(budget, "Appendix 1")
    items = [line[2:] for line in text.splitlines() if line.startswith("- ")]
    shown = Counter(t for item in items for t in item.split() if figure.fullmatch(t))
    assert printed == shown + Counter(f for row in table for f in row[1:])


def test_appendix_4_financing_and_appendix_5_ict_other(budget: str) -> None:
    seed4 = seed_appendix(4)
    first = seed4.index("Capital Financing:Capital Grants")
    labels = seed4[first : seed4.index("TOTAL", first) + 1]
    (revised,) = [g for g in figure_groups(seed4) if len(g) == len(labels)]
    (table,) = tables(appendix(budget, "Appendix 4"))
    assert [row[0] for row in table] == labels and revised[-1] == "11,310"
    check_columns(table, [revised], rounding=1)
    # Appendix 5, ICT Other: the only column with a figure for each of its 7 schemes is the variance.
    seed5 = seed_appendix(5)
    labels = seed5[seed5.index("Covert Equipment Renewal") : seed5.index("ICT Other Total") + 1]
    (variance,) = [g for g in figure_groups(seed5) if len(g) == 8 and g[0] == "(30)"]
    (table,) = tables(appendix(budget, "Appendix 5"))
    assert [row[0] for row in table] == labels
    check_columns(table, [variance], rounding=1)


def test_what_does_not_verify_stays_text(budget: str) -> None:
    text = appendix(budget, "Appendix 3 - Collaboration")
    assert text.startswith(f"\n\n{AS_TEXT}\n\n- CC Revenue Budget Month 4 2019/20\n- Full Year\n")
    assert REBUILT not in text and "|" not in text
    # Appendix 4's capital payments: the brought-forward column has figures for 3 of its 5 rows, so not one of
    # the payments' columns is placed (which rows are empty cannot be told), and they stay text, in order.
    assert "\n- 1,275\n- 591\n- 169\n- 2,035\n" in appendix(budget, "Appendix 4")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_the_sample_budget_paper_has_the_same_tables() -> None:
    sample = SAMPLE.read_text("utf-8")
    assert len(tables(sample)) == 3
    assert tables(appendix(sample, "Appendix 1"))[0][0] == [
        "Police Officer Pay & Allowances",
        "-515",
        "50,160",
        "16,533",
        "15,839",
        "-694",
        "49,236",
        "-924",
    ]
    assert "```" not in sample


# --- synthetic appendices ---------------------------------------------------------------------------------
def body(appendix_lines: list[str], note: str = "") -> str:
    """The Markdown of a short paper whose appendix is printed as text pulled from a PDF."""
    lines = ["1.", "", "Purpose", "", "1.1", "", "The costs of the estate are set out below.", ""]
    lines += [" Appendix 1 - Estate costs", "", *appendix_lines] + ([note] if note else [])
    return markdown(parse_body(to_lines(lines)).blocks)


ESTATE = [
    "All figures £'000",
    "Heating",
    "Lighting",
    "Cleaning",
    "Total estate",
    "Budget",
    "",
    "120",
    "35",
    "1,045",
    "1,200",
    "",
    "Actual",
    "",
    "(10)",
    "40",
    "990",
    "1,020",
]


def test_synthetic_table_whose_totals_cast_is_rebuilt() -> None:
    out = body(ESTATE)
    assert REBUILT in out
    assert (
        "|  |  |  |\n|---|---:|---:|\n| Heating | 120 | (10) |\n| Lighting | 35 | 40 |\n"
        "| Cleaning | 1,045 | 990 |\n| Total estate | 1,200 | 1,020 |"
    ) in out
    assert out.endswith("- Budget\n- Actual\n")  # the headings, not placed over columns, stay as text


def test_one_wrong_figure_keeps_the_text() -> None:
    budget_only = ESTATE[:11]
    assert REBUILT in body(budget_only)
    wrong = [("1,046" if line == "1,045" else line) for line in budget_only]  # casts to 1,201, not 1,200
    out = body(wrong)
    assert REBUILT not in out and "|" not in out
    assert out.endswith(
        f"## Appendix 1 - Estate costs\n\n{AS_TEXT}\n\n- All figures £'000\n- Heating\n- Lighting\n- Cleaning\n"
        "- Total estate\n- Budget\n- 120\n- 35\n- 1,046\n- 1,200\n"
    )
    # In a table of two columns, the column that casts is placed and the one with the wrong figure is not.
    out = body([("991" if line == "990" else line) for line in ESTATE])
    assert "| Cleaning | 1,045 |\n" in out and out.endswith("- Budget\n- Actual\n- (10)\n- 40\n- 991\n- 1,020\n")


def test_rounding_allows_one_a_row_only_when_the_paper_says_so() -> None:
    off = [("1,044" if line == "1,045" else line) for line in ESTATE]  # casts to 1,199: 1 short of 1,200
    assert "1,044 |" not in body(off)
    assert "| Cleaning | 1,044 | 990 |" in body(off, "Note: figures may not cast due to rounding")
    far = [("1,040" if line == "1,045" else line) for line in ESTATE]  # 5 short: more than 1 a row
    assert "1,040 |" not in body(far, "Note: figures may not cast due to rounding")


def test_a_column_with_an_empty_cell_is_not_placed() -> None:
    # 'Actual' has no figure for Lighting: 3 figures for 4 rows. Which row is empty cannot be told, so the
    # column is not placed, even though its figures cast; 'Budget' is.
    gap = [line for line in ESTATE if line != "40"]
    gap[gap.index("1,020")] = "980"
    out = body(gap)
    assert "| Heating | 120 |\n" in out and "(10) |" not in out
    assert out.endswith("- Budget\n- Actual\n- (10)\n- 990\n- 980\n")


def test_a_block_whose_first_row_is_in_doubt_is_not_placed() -> None:
    # 'Estate costs by service' could be a title or a row with an empty cell: a 3-figure column fits either way.
    rows = ["Lighting", "Cleaning", "Total estate", "Budget", "", "35", "1,045", "1,080", "", "Actual", "", "40", "990"]
    rows += ["1,030"]
    assert REBUILT not in body(["Estate costs by service", *rows])
    assert "| Lighting | 35 | 40 |" in body(["Estate costs by service", "All figures £'000", *rows])
    assert "| Lighting | 35 | 40 |" in body(["Estate costs", *rows[:2], "Estate costs total", *rows[3:]])
    # Two tables' labels printed before their figures: no telling whose the figures are.
    two = [*ESTATE[:5], "Rates", "Water", "Total other", *ESTATE[5:]]
    assert REBUILT not in body(two)


def test_figures_beside_the_labels_are_placed_or_the_table_is_not_made() -> None:
    beside = ["All figures £'000", "-2 Heating", "1 Lighting", "Cleaning", "3", "2 Total estate", *ESTATE[5:]]
    assert "| Heating | -2 | 120 | (10) |\n| Lighting | 1 | 35 | 40 |\n| Cleaning | 3 | 1,045 | 990 |" in body(beside)
    # Beside the labels, 5 does not cast to 2: those figures have no place, so no table hides them.
    wrong = [("5" if line == "3" else line) for line in beside]
    out = body(wrong)
    assert REBUILT not in out and "- -2 Heating\n- 1 Lighting\n- Cleaning\n- 5\n- 2 Total estate\n" in out


def test_split_words_are_rejoined_only_to_a_word_of_the_document() -> None:
    words = vocabulary(["Police officer pay and allowances", "Transport costs", "went in to see"])
    prose = words
    assert rejoin("Pol i ce Offi cer Pa y & Al l owa nces", words, prose) == "Police Officer Pay & Allowances"
    assert rejoin("Premi s es Cos ts", words, prose) == "Premi s es Costs"  # 'premises' is not in the document
    assert rejoin("Tra ns port", words, prose) == "Transport"
    assert rejoin("in to", vocabulary(["into", "in", "to"]), vocabulary(["in", "to"])) == "in to"  # two words
    assert rejoin("Pol i ce", vocabulary(["Pol i ce"]), set()) == "Pol i ce"  # only split in the document


def test_the_appendix_rejoins_its_split_words_from_the_paper() -> None:
    lines = ["Pol i ce Staff", "Tra ns port", "Premi s es", "Total estate", *ESTATE[5:]]
    out = body(["All figures £'000", *lines])
    assert "| Pol i ce Staff | 120 | (10) |\n| Tra ns port | 35 | 40 |" in out  # neither word elsewhere
    out = markdown(
        parse_body(
            to_lines(
                [
                    "1.",
                    "",
                    "Purpose",
                    "",
                    "1.1",
                    "",
                    "Police transport costs.",
                    "",
                    " Appendix 1 - Costs",
                    "",
                    "All £",
                    *lines,
                ]
            )
        ).blocks
    )
    assert "| Police Staff | 120 | (10) |\n| Transport | 35 | 40 |\n| Premi s es | 1,045 | 990 |" in out
