"""Tests for the Markdown renderer, checked by parsing the output as CommonMark (plus GFM's tables
and strikethrough), not by looking for substrings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from chrono.models import EventRecord, SourceRef
from chrono.render.markdown import MONTH_HEADINGS_OVER, escape, render_markdown
from tests.helpers import make_record

EVENTS = Path(__file__).resolve().parent.parent / "events"
HOSTILE = "<script>alert('x')</script> & <img src=x onerror=\"alert(1)\">"
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


record = make_record


@dataclass
class Item:
    """One event's list item as the parser sees it."""

    strong: list[str] = field(default_factory=list)
    emphasis: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)


@dataclass
class Doc:
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, text)
    paragraphs: list[str] = field(default_factory=list)  # outside list items
    items: list[Item] = field(default_factory=list)
    under: list[tuple[str, ...]] = field(default_factory=list)  # headings above each item
    references: dict[str, str] = field(default_factory=dict)
    kinds: set[str] = field(default_factory=set)  # every token type seen


def text_of(tokens: Sequence[Token]) -> str:
    out = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append("\n")
    return "".join(out)


def spans(children: Sequence[Token], kind: str) -> list[list[Token]]:
    """The tokens inside each outermost <kind>_open … <kind>_close pair."""
    found: list[list[Token]] = []
    depth = 0
    for token in children:
        if token.type == f"{kind}_open":
            depth += 1
            if depth == 1:
                found.append([])
                continue
        elif token.type == f"{kind}_close":
            depth -= 1
            if depth == 0:
                continue
        if depth:
            found[-1].append(token)
    return found


def parse(text: str) -> Doc:
    env: dict[str, Any] = {}
    tokens = MD.parse(text, env)
    doc = Doc(references={k: v["href"] for k, v in env.get("references", {}).items()})
    heading: str | None = None
    context: dict[str, str] = {}
    in_item = 0
    for token in tokens:
        doc.kinds.add(token.type)
        for child in token.children or []:
            doc.kinds.add(child.type)
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "list_item_open":
            in_item += 1
            doc.items.append(Item())
            doc.under.append(tuple(context[t] for t in ("h1", "h2", "h3") if t in context))
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "inline":
            children = token.children or []
            if heading:
                name = text_of(children)
                doc.headings.append((heading, name))
                context[heading] = name
                if heading == "h2":
                    context.pop("h3", None)
                heading = None
            elif in_item:
                item = doc.items[-1]
                item.strong += [text_of(s) for s in spans(children, "strong")]
                item.emphasis += [text_of(s) for s in spans(children, "em")]
                item.paragraphs.append(text_of(children))
                opens = [c for c in children if c.type == "link_open"]
                texts = [text_of(s) for s in spans(children, "link")]
                item.links += [(str(o.attrs["href"]), t) for o, t in zip(opens, texts, strict=True)]
            else:
                doc.paragraphs.append(text_of(children))
    return doc


@pytest.fixture(scope="module")
def seed_text(seed_records: list[EventRecord]) -> str:
    return render_markdown(seed_records, title="Russia and Iran", description="events, from 2015 on")


# --- the seed timeline ------------------------------------------------------------------------


def test_title_description_and_year_headings(seed_text: str, seed_records: list[EventRecord]) -> None:
    doc = parse(seed_text)
    assert doc.headings[0] == ("h1", "Russia and Iran")
    assert doc.paragraphs == ["events, from 2015 on"]
    years = [name for tag, name in doc.headings if tag == "h2"]
    assert years == ["2015", "2018", "2022", "2023", "2024", "2025"]
    assert len(doc.items) == len(seed_records)
    assert not {"html_block", "html_inline", "table_open", "s_open", "code_block", "fence"} & doc.kinds


def test_month_headings_only_in_busy_years(seed_text: str, seed_records: list[EventRecord]) -> None:
    doc = parse(seed_text)
    per_year: dict[str, int] = {}
    for rec in seed_records:
        per_year[rec.start[:4]] = per_year.get(rec.start[:4], 0) + 1
    for under, rec in zip(doc.under, seed_records, strict=True):
        year = rec.start[:4]
        assert under[1] == year
        busy = per_year[year] > MONTH_HEADINGS_OVER
        if busy and rec.precision != "year":
            month = rec.when().start.month
            assert month is not None
            assert under[2] == [
                "January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December",
            ][month - 1]  # fmt: skip
        else:
            assert len(under) == 2, (rec.id, under)
    assert ("h3", "November") in doc.headings  # 2022 and 2024 are busy
    months_2024 = seed_text.split("## 2024")[1].split("## 2025")[0]
    # The event known only to the year comes before the year's months.
    assert months_2024.index("Russia launches over") < months_2024.index("### May")


def test_each_event_has_its_date_title_and_details(seed_text: str, seed_records: list[EventRecord]) -> None:
    doc = parse(seed_text)
    for item, rec in zip(doc.items, seed_records, strict=True):
        assert item.strong[:2] == [rec.when().display(), rec.title]
        body = "\n".join(item.paragraphs)
        assert " ".join(rec.description.split()) in body
        if rec.actors:
            assert "Actors: " in body and rec.actors[0] in body
        urls = [s.url for s in rec.sources if s.url]
        assert [href for href, _ in item.links] == urls
        for source in rec.sources:
            if source.url:
                assert (source.url, source.title) in item.links


def test_source_numbers_are_per_document_and_stable(seed_text: str) -> None:
    references = parse(seed_text).references
    assert list(references) == [str(n) for n in range(1, len(references) + 1)]
    assert len(set(references.values())) == len(references)  # one number per URL
    # Numbered by first appearance: in reading order, each new URL takes the next number.
    used = [int(n) for n in re.findall(r"\]\[(\d+)\]", seed_text)]
    first = list(dict.fromkeys(used))
    assert first == sorted(first) == list(range(1, len(references) + 1))
    assert seed_text.count("[1]: <https://en.wikipedia.org/wiki/Joint_Comprehensive_Plan_of_Action>") == 1


def test_is_deterministic(seed_records: list[EventRecord], seed_text: str) -> None:
    again = render_markdown(list(seed_records), title="Russia and Iran", description="events, from 2015 on")
    assert again == seed_text
    assert seed_text.endswith("\n") and not seed_text.endswith("\n\n")


def test_reverse_order_keeps_one_heading_per_year_and_month(
    seed_records: list[EventRecord],
) -> None:
    backwards = list(reversed(seed_records))
    doc = parse(render_markdown(backwards, title="t", description="d"))
    years = [name for tag, name in doc.headings if tag == "h2"]
    assert years == ["2025", "2024", "2023", "2022", "2018", "2015"]
    assert len(set(doc.headings)) == len(doc.headings) - _repeated_month_names(doc)
    for under, rec in zip(doc.under, _listed_order(backwards), strict=True):
        assert under[1] == rec.start[:4]


def _repeated_month_names(doc: Doc) -> int:
    """Month names repeat across years (### May in 2022 and 2024), never within one."""
    seen: set[tuple[str, str]] = set()
    repeats = 0
    year = ""
    names: set[str] = set()
    for tag, name in doc.headings:
        if tag == "h2":
            year = name
        elif tag == "h3":
            assert (year, name) not in seen
            seen.add((year, name))
            repeats += name in names
            names.add(name)
    return repeats


def _listed_order(records: list[EventRecord]) -> list[EventRecord]:
    """The order the document lists records in: in a busy year, year-only events first."""
    out: list[EventRecord] = []
    years: dict[str, list[EventRecord]] = {}
    for rec in records:
        years.setdefault(rec.start[:4], []).append(rec)
    for in_year in years.values():
        if len(in_year) > MONTH_HEADINGS_OVER:
            in_year = [r for r in in_year if r.precision == "year"] + [
                r for r in in_year if r.precision != "year"
            ]
        out += in_year
    return out


def test_no_events() -> None:
    doc = parse(render_markdown([], title="Empty", description="events tagged nothing"))
    assert doc.headings == [("h1", "Empty")]
    assert doc.paragraphs == ["events tagged nothing", "No events."]


# --- marks, sources, escaping -----------------------------------------------------------------


def test_status_marks() -> None:
    doc = parse(
        render_markdown(
            [record("a", status="disputed"), record("b", status="retracted"), record("c")],
            title="t",
            description="d",
        )
    )
    assert [item.emphasis for item in doc.items] == [["(disputed)"], ["(retracted)"], []]


def test_location_and_coordinates() -> None:
    from chrono.places import Geo

    records = [
        record("a", location="Kyiv", geo=Geo(50.4501, 30.5234, "town")),
        record("b", geo=Geo(-33.45, -70.6667)),
        record("c", location="Somewhere"),
    ]
    doc = parse(render_markdown(records, title="t", description="d"))
    assert [item.paragraphs[1:] for item in doc.items] == [
        ["Location: Kyiv\nCoordinates: 50.4501° N, 30.5234° E (town)"],
        ["Coordinates: 33.45° S, 70.6667° W"],
        ["Location: Somewhere"],
    ]


def test_dates_at_every_precision() -> None:
    whens = {
        "2024": ("2024", None),
        "Dec 2024": ("2024-12", None),
        "8 Dec 2024": ("2024-12-08", None),
        "20 Jan 2025 12:00 EST": ("2025-01-20T12:00", "America/New_York"),
        "20 Jan 2025 12:00:30 UTC+05:30": ("2025-01-20T12:00:30+05:30", None),
        "~29 Mar 2022 – 2 Apr 2022": ("~2022-03-29/2022-04-02", None),
        "2023?": ("2023?", None),
    }
    records = [record(f"e{i}", when, tz=tz, title=shown)
               for i, (shown, (when, tz)) in enumerate(whens.items())]  # fmt: skip
    doc = parse(render_markdown(records, title="t", description="d"))
    assert sorted(item.strong[:2] for item in doc.items) == sorted([s, s] for s in whens)


def test_sources_without_web_urls_are_text() -> None:
    rec = record(
        sources=[
            SourceRef(url="javascript:alert(1)", title="Evil"),
            SourceRef(title="Printed", publisher="Paper", published="2024-12"),
            SourceRef(
                url="https://example.org/x y<z>", publisher="Example", archive_url="https://archive.org/x"
            ),
            SourceRef(url="https://example.org/bare"),
        ]
    )
    doc = parse(render_markdown([rec], title="t", description="d"))
    item = doc.items[0]
    assert item.links == [
        ("https://example.org/x%20y%3Cz%3E", "Example"),
        ("https://archive.org/x", "archived"),
        ("https://example.org/bare", "example.org"),
    ]
    body = "\n".join(item.paragraphs)
    assert "Evil (javascript:alert(1))" in body
    assert "Printed (Paper, 2024-12)" in body
    assert doc.references == {
        "1": "https://example.org/x%20y%3Cz%3E",
        "2": "https://archive.org/x",
        "3": "https://example.org/bare",
    }


def test_shared_urls_share_a_number() -> None:
    url = "https://example.org/report"
    records = [
        record("a", sources=[SourceRef(url="https://example.org/first", title="F")]),
        record("b", sources=[SourceRef(url=url, title="Report")]),
        record("c", sources=[SourceRef(url=url, title="Report"), SourceRef(url="https://e.org/z")]),
    ]
    text = render_markdown(records, title="t", description="d")
    assert parse(text).references == {"1": "https://example.org/first", "2": url, "3": "https://e.org/z"}
    assert text.count("][2]") == 2


NASTY = [
    HOSTILE,
    "*bold* _it_ **strong** `code` [link](https://e.org) ![img](https://e.org/i.png)",
    "<https://e.org> https://e.org &amp; &copy; &#169; AT&T",
    "# heading", "## 2024", "- item", "+ item", "* item", "1. item", "2) item", "> quote", "---", "===",
    "| a | b |", "~~struck~~ ~one~", "$x^2$ and $5", "back\\slash\\", "trailing #", "C#", "#",
    "[1]: https://evil.example", "[x]", "ends with *", "__init__", "a_b_c", "***", "` x", "<!-- c -->",
]  # fmt: skip


@pytest.mark.parametrize("nasty", NASTY)
def test_markup_in_user_text_shows_literally(nasty: str) -> None:
    rec = record(
        title=nasty,
        description=f"{nasty}\n\n{nasty}",
        location=nasty,
        actors=[nasty],
        roles={nasty: nasty},
        tags=[nasty],
        sources=[SourceRef(url="https://e.org/s", title=nasty, publisher=nasty)],
    )
    text = render_markdown([rec], title=nasty, description=nasty)
    doc = parse(text)
    assert doc.headings[0] == ("h1", nasty)
    assert doc.paragraphs == [nasty]
    assert [tag for tag, _ in doc.headings] == ["h1", "h2"]
    assert len(doc.items) == 1
    item = doc.items[0]
    assert item.strong == ["8 Dec 2024", nasty]
    assert item.paragraphs[1:3] == [nasty, nasty]
    details = item.paragraphs[3].split("\n")
    assert details == [
        f"Location: {nasty}",
        f"Actors: {nasty} ({nasty})",
        f"Tags: {nasty}",
        f"Sources: {nasty} ({nasty})",
    ]
    assert item.links == [("https://e.org/s", nasty)]
    assert doc.references == {"1": "https://e.org/s"}
    assert not {"html_block", "html_inline", "table_open", "s_open", "code_inline", "image"} & doc.kinds


def test_github_math_and_strikethrough_are_escaped() -> None:
    assert escape("$5 and $6") == r"\$5 and \$6"
    assert escape("~29 Mar – ~2 Apr") == r"\~29 Mar – \~2 Apr"
    assert escape("AT&T &amp;") == r"AT&T \&amp;"


# Mostly Markdown's own characters, so that runs like "*_[x](y)" and "&amp;" come up often.
CHARS = st.one_of(
    st.sampled_from(list("*_[]()<>`#!&;$~|\\-+=.:/1 aA")),
    st.characters(exclude_categories=["Cs", "Cc"]),
)
LINE = st.text(CHARS, min_size=1, max_size=30).filter(lambda s: s.strip() != "")
TEXT = st.text(st.one_of(CHARS, st.just("\n")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(title=LINE, description=TEXT, name=LINE, heading=LINE, other=TEXT.filter(str.strip))
def test_any_text_shows_literally(title: str, description: str, name: str, heading: str, other: str) -> None:
    rec = record(
        title=title,
        description=description,
        location=other,
        actors=[name],
        tags=[name],
        sources=[
            SourceRef(url="https://e.org/a", title=other, publisher=other),
            SourceRef(title=other, published="2024"),
        ],
    )
    doc = parse(render_markdown([rec], title=heading, description=description))

    def flat(text: str) -> str:
        return " ".join(text.split())

    assert doc.headings[0] == ("h1", flat(heading))
    item = doc.items[0]
    assert item.strong == ["8 Dec 2024", flat(title)]
    paragraphs = [flat(p) for p in re.split(r"\n[^\S\n]*\n", description)]
    paragraphs = [p for p in paragraphs if p]
    assert doc.paragraphs == paragraphs
    assert item.paragraphs[1:-1] == paragraphs
    assert item.paragraphs[-1].split("\n") == [
        f"Location: {flat(other)}",
        f"Actors: {flat(name)}",
        f"Tags: {flat(name)}",
        f"Sources: {flat(other)} ({flat(other)}); {flat(other)} (2024)",
    ]
    assert item.links == [("https://e.org/a", flat(other))]
    assert doc.references == {"1": "https://e.org/a"}
    assert not {"html_block", "html_inline", "table_open", "s_open", "code_inline"} & doc.kinds
