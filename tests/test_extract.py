"""`chrono extract`: date expressions at their true precision, drafts `chrono import` accepts, errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from chrono.dates import parse_when
from chrono.extract.actors import ActorIndex, proper_names
from chrono.extract.drafts import headline, sentences
from chrono.extract.temporal import Anchor, find_dates
from chrono.fields import event_from_mapping
from tests.helpers import ROOT, Chrono
from tests.test_cli import events_json

SEED = Path("/work/shared/seed-article.txt")
if not SEED.exists():  # CI lays shared/ beside the clone
    SEED = ROOT.parent / "shared" / "seed-article.txt"
HTML = ROOT / "tests" / "data" / "extract" / "ledger-treaty.html"
PUB = dt.date(2025, 1, 14)  # a Tuesday

needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"the seed article is not at {SEED}")


def dates(text: str, published: dt.date | None = PUB) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.value, m.date) for m in find_dates(text, published)]


# --- the tagger, as a table ----------------------------------------------------------------------

TABLE = [
    # the seed article's own expressions
    ("in July 2022, five months after his extensive march",
     [("July 2022", "2022-07", "2022-07"), ("five months after his extensive march", None, None)]),
    ("An investigation by CNN in December showed", [("December", "2024-12", "2024-12")]),
    ("Russia started over 11,000 drones in Ukraine last year", [("last year", "2024", "2024")]),
    ("while the estimates for 2023 were over 2,500", [("2023", "2023", "2023")]),
    ("join the nuclear deal signed in 2015.", [("2015", "2015", "2015")]),
    # full and partial dates in written forms
    ("They met on 19 July 2022.", [("19 July 2022", "2022-07-19", "2022-07-19")]),
    ("Signed on Tuesday, 1 November 2022.", [("Tuesday, 1 November 2022", "2022-11-01", "2022-11-01")]),
    ("Trump took office on Jan. 20, 2025.", [("Jan. 20, 2025", "2025-01-20", "2025-01-20")]),
    ("The summit opened on July 19.", [("July 19", "2024-07-19", "2024-07-19")]),
    ("Assad fled on Dec. 8.", [("Dec. 8", "2024-12-08", "2024-12-08")]),
    ("The deal will be signed on March 3.", [("March 3", "2025-03-03", "2025-03-03")]),
    ("Elvis joined the army in '58.", [("'58", "1958", "1958")]),
    # relative to the publication date
    ("The treaty was signed on Friday.", [("Friday", "2025-01-10", "2025-01-10")]),
    ("They will meet on Friday.", [("Friday", "2025-01-17", "2025-01-17")]),
    ("It happened yesterday.", [("yesterday", "2025-01-13", "2025-01-13")]),
    ("Talks resume next month.", [("next month", "2025-02", "2025-02")]),
    ("Talks began this week.", [("this week", "2025-W03", "2025-01-13/2025-01-19")]),
    ("It fell two years ago.", [("two years ago", "2023", "2023")]),
    ("A deal was struck earlier this month.", [("earlier this month", "2025-01", "2025-01")]),
    ("It opened in May.", [("May", "2024-05", "2024-05")]),
    ("It will open in March.", [("March", "2025-03", "2025-03")]),
    ("Talks ended late last July.", [("late last July", "2024-07", "2024-07~")]),
    ("Prices rose last summer.", [("last summer", "2024-SU", "2024-06/2024-08")]),
    ("Growth slowed in the first quarter.", [("the first quarter", "2025-Q1", "2025-01/2025-03")]),
    ("A vote is due by the end of the year.", [("the end of the year", "2025", "2025~")]),
    ("Fighting went on between March and May.", [("between March and May", "2024-03/2024-05", "2024-03/2024-05")]),
    # parts, seasons, quarters, decades, centuries, spans: the precision the words give
    ("a deal in early November 2022", [("early November 2022", "2022-11", "2022-11~")]),
    ("growth in mid-2023", [("mid-2023", "2023", "2023~")]),
    ("in the summer of 2022", [("the summer of 2022", "2022-SU", "2022-06/2022-08")]),
    ("in Q1 2024", [("Q1 2024", "2024-Q1", "2024-01/2024-03")]),
    ("in the 1990s", [("the 1990s", "199", "1990/1999")]),
    ("since the early 2000s", [("the early 2000s", "200", "2000~/2009~")]),
    ("in the 20th century", [("the 20th century", "19", "1901/2000")]),
    ("sanctions from 2014 to 2016", [("from 2014 to 2016", "2014/2016", "2014/2016")]),
    ("fighting in March–May 2022", [("March–May 2022", "2022-03/2022-05", "2022-03/2022-05")]),
    ("On 19 July 2022 they met. The day before, talks failed.",
     [("19 July 2022", "2022-07-19", "2022-07-19"), ("The day before", "2022-07-18", "2022-07-18")]),
    ("In April it fell. A year earlier it rose.",
     [("April", "2024-04", "2024-04"), ("A year earlier", "2023-04", "2023-04")]),
    ("It began on 3 May 2024. Two days later, it ended.",
     [("3 May 2024", "2024-05-03", "2024-05-03"), ("Two days later", "2024-05-05", "2024-05-05")]),
    ("The debate took place last night.", [("last night", "2025-01-13", "2025-01-13")]),
    ("Protests grew last weekend.", [("last weekend", "2025-W02-WE", "2025-01-11/2025-01-12")]),
    ("Sanctions end in the first half of 2016.", [("the first half of 2016", "2016-H1", "2016-01/2016-06")]),
    ("Building lasted until about 1260.", [("1260", "1260", "1260~")]),
    ("Results of the November election stand.", [("November", "2024-11", "2024-11")]),
    ("The court sits on Thursday.", [("Thursday", "2025-01-16", "2025-01-16")]),  # no tense: the nearest
    ("European leaders gathered on Sunday and will meet again on Thursday.",
     [("Sunday", "2025-01-12", "2025-01-12"), ("Thursday", "2025-01-16", "2025-01-16")]),
    # not dates
    ("Over 2000 soldiers and 11,000 drones; it may be over.", []),
    ("Prices fall in spring markets.", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t for t, _ in TABLE])
def test_date_expressions(text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    found = find_dates(text, PUB)
    assert [(m.text, m.value, m.date) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text
        if m.date:
            when = parse_when(m.date)  # chrono's own parser takes every value
            assert when.precision.value == m.precision


@pytest.mark.parametrize(
    "text",
    ["last year", "in December", "on Friday", "yesterday", "two years ago", "July 19", "next month", "'58"],
)
def test_relative_expressions_without_publication_date_stay_unresolved(text: str) -> None:
    [m] = find_dates(f"It happened {text}.", None)
    assert m.value is None and m.date is None
    assert m.reason is not None and "--published" in m.reason


def test_anchored_expressions_use_the_events_found_and_their_precision() -> None:
    inauguration = Anchor(
        "trump-second-inauguration", "Trump inaugurated", parse_when("2025-01-20T12:00-05:00")
    )
    invasion = Anchor("russia-invades-ukraine", "Invasion", parse_when("2022-02-24"))
    month_event = Anchor("deal", "A deal", parse_when("2022-11"))

    def lookup(phrase: str) -> Anchor | None:
        if "White House" in phrase:
            return inauguration
        if "march into Ukraine" in phrase:
            return invasion
        return month_event if "deal" in phrase else None

    text = "Just three days before the return of Donald Trump into the White House, they sign."
    [m] = find_dates(text, PUB, lookup)
    assert (m.date, m.precision, m.resolved_from) == ("2025-01-17", "day", "event trump-second-inauguration")
    [m] = find_dates(
        "It came five months after his extensive march into Ukraine, officials said.", PUB, lookup
    )
    assert (m.date, m.precision) == ("2022-07", "month")  # a month offset does not invent a day
    [m] = find_dates("It came three days after the deal, they said.", PUB, lookup)
    assert (m.date, m.precision) == ("2022-11~", "month")  # finer than its anchor: approximate
    [m] = find_dates("It came two days after the summit in Paris.", PUB, lookup)
    assert m.date is None and m.reason and "no event in the database" in m.reason


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_yaml_scalars_read_back_as_written(text: str) -> None:
    from chrono.extract.output import yaml_scalar

    assert yaml.safe_load(f"key: {yaml_scalar(text)}") == {"key": text}


@given(st.integers(1900, 2099), st.integers(1, 12))
def test_no_day_is_ever_invented(year: int, month: int) -> None:
    """A month and year, or a year, stays at that precision whatever the publication date."""
    name = dt.date(2000, month, 1).strftime("%B")
    [m] = find_dates(f"It was agreed in {name} {year}, officials said.", PUB)
    assert (m.value, m.precision) == (f"{year}-{month:02d}", "month")
    [m] = find_dates(f"It was agreed in {year}.", PUB)
    assert (m.value, m.precision) == (str(year), "year")


# --- sentences, titles, actors ---------------------------------------------------------------------


def test_sentences_do_not_break_at_abbreviations() -> None:
    text = (
        "Jon Alterman of Washington, D.C., said so. On Dec. 8 Assad fled. The U.S. said nothing.\nNext line"
    )
    assert [text[a:b] for a, b in sentences(text)] == [
        "Jon Alterman of Washington, D.C., said so.",
        "On Dec. 8 Assad fled.",
        "The U.S. said nothing.",
        "Next line",
    ]


@pytest.mark.parametrize(
    ("clause", "title"),
    [
        ("According to a count of CNN, Russia started over 11,000 drones in Ukraine last year",
         "Russia started over 11,000 drones in Ukraine"),
        ("in July 2022, five months after his extensive march into Ukraine, Russian President Vladimir Putin "
         "traveled to Iran.", "Vladimir Putin traveled to Iran"),
        ("to move the United States to join the nuclear deal signed in 2015.", "Nuclear deal signed"),
        ("An investigation by CNN in December showed that the production rates were high.",
         "An investigation by CNN"),
    ],
)  # fmt: skip
def test_titles_read_like_headlines(clause: str, title: str) -> None:
    mentions = find_dates(clause, PUB)
    primary = next(m for m in mentions if m.date)
    assert headline(clause, 0, len(clause), mentions, primary) == title


def test_actors_known_by_any_name_and_new_proper_names() -> None:
    index = ActorIndex.build(
        [("Vladimir Putin", "Vladimir Putin"), ("Putin", "Vladimir Putin"), ("US", "United States"),
         ("Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"), ("Erdogan", "Recep Tayyip Erdoğan")]
    )  # fmt: skip
    assert index.find("Putin's visit; the US and ERDOGAN") == [
        "Vladimir Putin",
        "United States",
        "Recep Tayyip Erdoğan",
    ]
    assert index.find("let us go") == []  # a short acronym matches only as written
    text = "Russian President Vladimir Putin met Senior Fellow Jean-Loup Samaan of the Atlantic Council in Moscow."
    assert proper_names(text, index) == ["Jean-Loup Samaan", "Atlantic Council"]


# --- the command: seed article end to end --------------------------------------------------------------


def extract_yaml(chrono: Chrono, *args: str, code: int = 0) -> tuple[list[dict[str, Any]], str]:
    out, err = chrono("extract", *args, code=code)
    data = yaml.safe_load(out)
    return data["events"], err


def by_date(drafts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(d["start"]): d for d in drafts}


@needs_seed
def test_seed_article_drafts_import_as_further_sources(seeded: Chrono, tmp_path: Path) -> None:
    drafts_file = tmp_path / "drafts.yaml"
    _, err = seeded("extract", str(SEED), "--published", "2025-01-14", "-o", str(drafts_file))
    drafts = yaml.safe_load(drafts_file.read_text())["events"]
    found = by_date(drafts)
    expected = {
        "2022-07": "putin-visits-tehran",
        "2025-01-17": "russia-iran-strategic-partnership-treaty",  # three days before the inauguration
        "2024-12": "cnn-alabuga-drone-factory-investigation",
        "2024": "russia-drone-launches-2024",
        "2023": "russia-drone-launches-2023",
        "2015": "jcpoa-agreed",
    }
    for start, same_as in expected.items():
        assert found[start]["same_as"] == same_as, start
    for draft in drafts:
        assert draft["status"] == "draft"
        [source] = draft["sources"]
        assert source["published"] == "2025-01-14" and source["quote"] in SEED.read_text()
        event_from_mapping(draft)
    # the only day is the one worked out from the inauguration's day; no other draft has one
    assert [d["start"] for d in drafts if parse_when(str(d["start"])).precision.value == "day"] == [
        "2025-01-17"
    ]
    assert "relative to event trump-second-inauguration → 2025-01-17" in drafts_file.read_text()
    assert "'last year' relative to published 2025-01-14 → 2024" in drafts_file.read_text()
    assert "same as stored events" in err

    before = {e["id"]: e for e in events_json(seeded)}
    _, err = seeded("import", str(drafts_file))
    assert "6 updated" in err
    after = {e["id"]: e for e in events_json(seeded)}
    assert len(after) == len(before) + len(drafts) - 6  # nothing duplicated
    tehran_before, tehran = before["putin-visits-tehran"], after["putin-visits-tehran"]
    assert len(tehran["sources"]) == len(tehran_before["sources"]) + 1
    assert tehran["sources"][-1]["quote"].startswith("in July 2022, five months after")
    for key in ("title", "start", "actors", "status", "description", "tags"):
        assert tehran[key] == tehran_before[key]
    _, err = seeded("import", str(drafts_file))
    assert "0 added, 0 updated" in err  # idempotent
    drafts_listed, _ = seeded("list", "--status", "draft")
    assert "[draft]" in drafts_listed


@needs_seed
def test_seed_article_without_the_inauguration_reports_the_anchor(tmp_path: Path) -> None:
    chrono = Chrono(str(tmp_path / "empty.db"))
    drafts, err = extract_yaml(chrono, str(SEED), "--published", "2025-01-14")
    assert {"2022-07", "2024-12", "2024", "2023", "2015"} <= set(by_date(drafts))
    assert "2025-01-17" not in by_date(drafts)
    assert "unresolved" in err and "Just three days before the return" in err
    assert not (tmp_path / "empty.db").exists()  # extracting to stdout writes no database


@needs_seed
def test_dates_lists_every_expression_with_offsets(tmp_path: Path) -> None:
    chrono = Chrono(str(tmp_path / "none.db"))
    out, _ = chrono("extract", str(SEED), "--published", "2025-01-14", "--dates")
    rows = [json.loads(line) for line in out.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
    last_year = next(r for r in rows if r["text"] == "last year")
    assert last_year == {**last_year, "value": "2024", "edtf": "2024", "precision": "year",
                         "resolved_from": "published 2025-01-14"}  # fmt: skip
    anchored = next(r for r in rows if r["text"].startswith("Just three days"))
    assert anchored["value"] is None and "no database" in anchored["reason"]


def test_html_page_through_trafilatura(tmp_path: Path) -> None:
    chrono = Chrono(str(tmp_path / "none.db"))
    drafts, err = extract_yaml(chrono, str(HTML))
    assert f"{len(drafts)} draft(s) from" in err
    source = drafts[0]["sources"][0]
    assert source["url"] == "https://ledger.example/world/2025/01/17/iran-russia-treaty"
    assert source["title"] == "Iran and Russia sign a partnership treaty"
    assert source["publisher"] == "The Daily Ledger"
    assert source["published"] == "2025-01-17"
    found = by_date(drafts)
    assert found["2025-01-17"]["title"].startswith("Vladimir Putin and Masoud Pezeshkian signed")  # on Friday
    assert found["2024-12"]["title"] == "Putin's adviser Yuri Ushakov called it a milestone"  # last month
    assert "2022" in found and "2023-07" in found
    assert all("Most read" not in d["sources"][0]["quote"] for d in drafts)  # page chrome left out
    text, _ = chrono("extract", str(HTML), "--text")
    assert text.startswith("Iran and Russia sign a partnership treaty\n") and "Markets rally" not in text
    drafts, _ = extract_yaml(chrono, str(HTML), "--published", "2025-02-20", "--publisher", "Ledger")
    assert drafts[0]["sources"][0]["publisher"] == "Ledger"
    assert {"2025-02-14", "2025-01"} <= set(by_date(drafts))  # relative to --published, never to today


def test_formats_and_stdin_import_unchanged(chrono: Chrono, tmp_path: Path) -> None:
    """YAML, JSON and JSON Lines drafts, read from standard input, each import as they are."""
    article = "Blast in Kyiv\n\nA blast hit Kyiv on 3 March 2024, officials said. Talks resumed last week.\n"
    out, _ = chrono("extract", "-", "--published", "2024-03-10", "--format", "json", input=article)
    document = json.loads(out)
    [blast, talks] = document["events"]
    assert blast["__draft__"]["resolution"] == "'3 March 2024' → 2024-03-03"
    assert talks["start"] == "2024-02-26/2024-03-03"  # last week: the ISO week before, Monday to Sunday
    assert talks["__draft__"]["resolution"].startswith("'last week' relative to published 2024-03-10")
    for fmt in ("json", "jsonl", "yaml"):
        target = tmp_path / f"drafts.{fmt}"
        chrono("extract", "-", "--published", "2024-03-10", "--format", fmt, "-o", str(target),
               "--url", f"https://x.example/{fmt}", input=article)  # fmt: skip
        _, err = chrono("import", str(target))
        if fmt == "json":
            assert "2 added" in err
        else:  # the same statements are now stored: the article is added to them as a further source
            assert "0 added, 2 updated" in err, fmt
        _, err = chrono("import", str(target))
        assert "0 added, 0 updated, 2 unchanged" in err  # importing twice changes nothing
    stored = events_json(chrono, "--status", "draft")
    assert len(stored) == 2
    for event in stored:
        assert [s["url"] for s in event["sources"]] == [
            f"https://x.example/{f}" for f in ("json", "jsonl", "yaml")
        ]


def test_add_stores_drafts_that_publishing_leaves_out(chrono: Chrono, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        "# Blast in Kyiv\n\nA blast hit Kyiv on 3 March 2024, officials said.\n", encoding="utf-8"
    )
    _, err = chrono("extract", str(article), "--add", "--published", "2024-03-10", "--publisher", "Wire")
    assert "added 1 draft(s)" in err
    [event] = events_json(chrono)
    assert (event["status"], event["start"], event["title"]) == ("draft", "2024-03-03", "A blast hit Kyiv")
    assert event["sources"][0]["title"] == "Blast in Kyiv"
    out, _ = chrono("export", "json", "-o", "-")
    assert event["id"] not in out
    out, _ = chrono("export", "json", "-o", "-", "--status", "draft")
    assert event["id"] in out
    chrono("edit", event["id"], "--status", "confirmed")
    out, _ = chrono("export", "json", "-o", "-")
    assert event["id"] in out


# --- bad input: one line, non-zero exit, nothing written -------------------------------------------


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "no such file"),
        (b"", [], "empty"),
        (b"  \n\n ", [], "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", [], "binary data"),
        (b"caf\xe9 au lait in 2024", [], "not UTF-8"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", [], "HTML with no article text"),
        (b"It happened last year.", ["--published", "yesterday-ish"], "--published: bad date"),
        (b"It happened last year.", ["--published", "2025-02-30"], "--published: bad date"),
    ],
)
def test_bad_input_is_one_line(tmp_path: Path, content: bytes | None, args: list[str], message: str) -> None:
    chrono = Chrono(str(tmp_path / "none.db"))
    path = tmp_path / ("page.html" if content and content.startswith(b"<") else "article.txt")
    if content is not None:
        path.write_bytes(content)
    target = tmp_path / "drafts.yaml"
    out, err = chrono("extract", str(path), *args, "-o", str(target), code=4)
    assert out == "" and err.startswith("chrono: error: ") and message in err
    assert err.count("\n") == 1
    assert not target.exists() and not (tmp_path / "none.db").exists()


def test_unreadable_path_and_folder(tmp_path: Path) -> None:
    chrono = Chrono(str(tmp_path / "none.db"))
    _, err = chrono("extract", str(tmp_path), code=4)
    assert "is a folder" in err and err.count("\n") == 1
