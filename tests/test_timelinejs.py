"""Tests for the TimelineJS renderer: structure, schema, dates, escaping, and the real library."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.dates import parse_date, parse_when
from chrono.errors import InvalidInput
from chrono.models import EventRecord, SourceRef
from chrono.render.timelinejs import TITLE_ID, display_date, render_timelinejs
from tests.helpers import make_record

HERE = Path(__file__).resolve().parent
EVENTS = HERE.parent / "events"
SCHEMA = json.loads((HERE / "timelinejs.schema.json").read_text(encoding="utf-8"))
BROWSER = HERE / "browser"
TIMELINEJS = BROWSER / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
HOSTILE = "<script>alert('x')</script> & <img src=x onerror=\"alert(1)\">"


record = make_record


def render(records: list[EventRecord], group_by: str = "none") -> dict[str, Any]:
    text = render_timelinejs(records, title="Timeline", description="events", group_by=group_by)
    document: dict[str, Any] = json.loads(text)
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(document))
    assert not errors, [e.message for e in errors]
    return document


def slide(rec: EventRecord, group_by: str = "none") -> dict[str, Any]:
    event: dict[str, Any] = render([rec], group_by)["events"][0]
    return event


class Fragment(HTMLParser):
    """Tags, attributes and text of an HTML fragment, to check markup rather than substrings."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


# --- structure --------------------------------------------------------------------------------


def test_seed_timeline_structure(seed_records: list[EventRecord]) -> None:
    document = render(seed_records)
    assert list(document) == ["title", "events"]
    assert document["title"] == {
        "unique_id": TITLE_ID,
        "text": {"headline": "Timeline", "text": "<p>events</p>"},
    }
    events = document["events"]
    assert [e["unique_id"] for e in events] == [r.id for r in seed_records]
    assert [html.unescape(e["text"]["headline"]) for e in events] == [r.title for r in seed_records]
    for event, rec in zip(events, seed_records, strict=True):
        assert "group" not in event
        assert event["display_date"]
        assert all(isinstance(v, int) for v in event["start_date"].values())
        assert event.get("end_date") != event["start_date"]
        parsed = Fragment(event["text"]["text"])
        assert {tag for tag, _ in parsed.tags} <= {"p", "strong", "em", "a"}
        assert " ".join(rec.description.split()) in parsed.text


def test_output_is_deterministic_utf8_json(seed_records: list[EventRecord]) -> None:
    first = render_timelinejs(seed_records, title="Iran – Russia", description="d")
    assert render_timelinejs(list(seed_records), title="Iran – Russia", description="d") == first
    assert "Iran – Russia" in first and "Erdoğan" in first
    assert first.endswith("}\n")


def test_keeps_the_callers_order(seed_records: list[EventRecord]) -> None:
    backwards = list(reversed(seed_records))
    assert [e["unique_id"] for e in render(backwards)["events"]] == [r.id for r in backwards]


def test_no_events_still_has_a_title() -> None:
    document = render([])
    assert document["events"] == [] and document["title"]["text"]["headline"] == "Timeline"


def test_title_slide_paragraphs() -> None:
    text = render_timelinejs([], title="A <b>", description="one\ntwo\n\n  three  ")
    title = json.loads(text)["title"]["text"]
    assert title == {"headline": "A &lt;b&gt;", "text": "<p>one two</p><p>three</p>"}


def test_schema_catches_mistakes() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = json.loads(render_timelinejs([record()], title="t", description="d"))
    assert validator.is_valid(good)
    for change in (
        lambda d: d["events"][0].update(start_date={"month": 1}),
        lambda d: d["events"][0]["start_date"].update(month=13),
        lambda d: d["events"][0].update(startdate={"year": 1}),
        lambda d: d["events"][0].pop("start_date"),
        lambda d: d.update(scale="geological"),
    ):
        bad = json.loads(json.dumps(good))
        change(bad)
        assert not validator.is_valid(bad)


# --- dates ------------------------------------------------------------------------------------

NY = "America/New_York"

# when, tz, start_date, end_date (None: left out), display_date
DATES: list[tuple[str, str | None, dict[str, int], dict[str, int] | None, str]] = [
    ("2024", None, {"year": 2024}, None, "2024"),
    ("2024-12", None, {"year": 2024, "month": 12}, None, "December 2024"),
    ("2022-07-19", None, {"year": 2022, "month": 7, "day": 19}, None, "19 July 2022"),
    ("2025-01-20T12:00", NY, {"year": 2025, "month": 1, "day": 20, "hour": 12, "minute": 0}, None,
     "20 January 2025, 12:00 EST"),
    ("2025-09-27T20:00:30-04:00", NY,
     {"year": 2025, "month": 9, "day": 27, "hour": 20, "minute": 0, "second": 30}, None,
     "27 September 2025, 20:00:30 EDT"),
    # Midnight: TimelineJS reads hour 0 as "no time", so the display date says it.
    ("2024-03-01T00:00", "UTC", {"year": 2024, "month": 3, "day": 1, "hour": 0, "minute": 0}, None,
     "1 March 2024, 00:00 UTC"),
    ("2024-03-01T00:00+05:30", None,
     {"year": 2024, "month": 3, "day": 1, "hour": 0, "minute": 0}, None,
     "1 March 2024, 00:00 UTC+05:30"),
    ("2024~", None, {"year": 2024}, None, "c. 2024"),
    ("2024-12~", None, {"year": 2024, "month": 12}, None, "c. December 2024"),
    ("2024-12-08?", None, {"year": 2024, "month": 12, "day": 8}, None, "8 December 2024 (uncertain)"),
    ("2024%", None, {"year": 2024}, None, "c. 2024 (uncertain)"),
    # Ranges: the end is inclusive at its own precision.
    ("2022-09-06/2022-10-02", None, {"year": 2022, "month": 9, "day": 6},
     {"year": 2022, "month": 10, "day": 2}, "6 September – 2 October 2022"),
    ("2022-03-29/2022-03-31", None, {"year": 2022, "month": 3, "day": 29},
     {"year": 2022, "month": 3, "day": 31}, "29–31 March 2022"),
    ("2024-10/2024-11", None, {"year": 2024, "month": 10}, {"year": 2024, "month": 11},
     "October – November 2024"),
    ("2023/2024", None, {"year": 2023}, {"year": 2024}, "2023 – 2024"),
    ("2024-12/2025-01", None, {"year": 2024, "month": 12}, {"year": 2025, "month": 1},
     "December 2024 – January 2025"),
    ("2024-12-08/2025", None, {"year": 2024, "month": 12, "day": 8}, {"year": 2025},
     "8 December 2024 – 2025"),
    ("2025-01-20T12:00/2025-01-20T14:30", NY,
     {"year": 2025, "month": 1, "day": 20, "hour": 12, "minute": 0},
     {"year": 2025, "month": 1, "day": 20, "hour": 14, "minute": 30},
     "20 January 2025, 12:00 – 14:30 EST"),
    ("2025-01-20T12:00/2025-01-22", NY,
     {"year": 2025, "month": 1, "day": 20, "hour": 12, "minute": 0},
     {"year": 2025, "month": 1, "day": 22}, "20 January 2025, 12:00 EST – 22 January 2025"),
    ("2024-11-02T22:00/2024-11-03T03:00", NY,
     {"year": 2024, "month": 11, "day": 2, "hour": 22, "minute": 0},
     {"year": 2024, "month": 11, "day": 3, "hour": 3, "minute": 0},
     "2 November 2024, 22:00 EDT – 3 November 2024, 03:00 EST"),
    ("~2022-03-29/2022-04-02", None, {"year": 2022, "month": 3, "day": 29},
     {"year": 2022, "month": 4, "day": 2}, "c. 29 March 2022 – 2 April 2022"),
    # An end equal to the start at its precision is left out.
    ("2024/2024", None, {"year": 2024}, None, "2024"),
    ("2025-01-20T12:00/2025-01-20T12:00", NY,
     {"year": 2025, "month": 1, "day": 20, "hour": 12, "minute": 0}, None,
     "20 January 2025, 12:00 EST"),
]  # fmt: skip


@pytest.mark.parametrize(("when", "tz", "start", "end", "shown"), DATES, ids=[d[0] for d in DATES])
def test_dates(
    when: str, tz: str | None, start: dict[str, int], end: dict[str, int] | None, shown: str
) -> None:
    event = slide(record(when=when, tz=tz))
    assert event["start_date"] == start
    assert event.get("end_date") == end
    assert event["display_date"] == shown
    for part in (start, end or {}):
        assert list(part) == ["year", "month", "day", "hour", "minute", "second"][: len(part)]


@pytest.mark.parametrize(
    ("value", "tz", "zone"),
    [
        ("2025-01-20T12:00", NY, "EST"),
        ("2025-07-20T12:00", NY, "EDT"),
        ("2025-01-20T12:00", "Asia/Tehran", "UTC+03:30"),  # tzdata names it "+0330"
        ("2025-01-20T12:00", "America/Sao_Paulo", "UTC-03:00"),  # tzdata names it "-03"
        ("2025-01-20T12:00+05:45", None, "UTC+05:45"),
        ("2025-01-20T12:00", "UTC", "UTC"),
    ],
)
def test_slides_name_the_zone_as_chrono_does(value: str, tz: str | None, zone: str) -> None:
    """TimelineJS's display date names the zone as `chrono list` does (one rule, in dates.py)."""
    date = parse_date(value, tz=tz)
    assert date.zone_abbr() == zone
    assert date.display().endswith(" " + zone)
    assert display_date(parse_when(value, tz=tz)).endswith(" " + zone)


def test_display_date_is_plain_text() -> None:
    for when, tz, *_ in DATES:
        text = display_date(parse_when(when, tz=tz))
        assert html.escape(text) == text


# --- text and escaping ------------------------------------------------------------------------


def test_hostile_strings_are_escaped() -> None:
    rec = record(
        title=HOSTILE,
        description=HOSTILE + "\n\nsecond <p>",
        location=HOSTILE,
        actors=[HOSTILE],
        roles={HOSTILE: "<i>role</i>"},
        tags=[HOSTILE],
        sources=[SourceRef(url='https://e.org/?a=1&b="2"<x>', title=HOSTILE)],
    )
    document = render([rec], group_by="tag")
    text = json.dumps(document)
    assert "<script" not in text.lower() and "<img" not in text.lower()
    event = document["events"][0]
    assert event["text"]["headline"] == html.escape(HOSTILE)
    assert html.unescape(event["text"]["headline"]) == HOSTILE
    parsed = Fragment(event["text"]["text"])
    assert [tag for tag, _ in parsed.tags] == ["p", "p", "p", "p", "p", "a"]
    assert parsed.tags[-1][1] == {"href": 'https://e.org/?a=1&b="2"<x>'}
    assert HOSTILE in parsed.text and "second <p>" in parsed.text and "<i>role</i>" in parsed.text
    # group is markup-stripped by TimelineJS, which decodes entities once: escaped twice.
    assert html.unescape(html.unescape(event["group"])) == HOSTILE
    assert "<" not in html.unescape(event["group"])


def test_only_web_urls_become_links() -> None:
    rec = record(
        sources=[
            SourceRef(url="javascript:alert(1)", title="Evil"),
            SourceRef(url="JAVASCRIPT:alert(1)"),
            SourceRef(url="data:text/html,<script>x</script>", title="Data"),
            SourceRef(url="HTTPS://Example.org/ok", publisher="Example"),
            SourceRef(url="https://example.org/bare"),
            SourceRef(title="Printed", publisher="Paper", published="2024-12"),
            SourceRef(url="https://example.org/a", title="A", archive_url="https://archive.org/a"),
        ]
    )
    parsed = Fragment(slide(rec)["text"]["text"])
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    assert links == [
        "HTTPS://Example.org/ok",
        "https://example.org/bare",
        "https://example.org/a",
        "https://archive.org/a",
    ]
    assert "Evil (javascript:alert(1))" in parsed.text
    assert "Example" in parsed.text and "example.org" in parsed.text  # host when nothing else
    assert "Printed (Paper, 2024-12)" in parsed.text


@pytest.mark.parametrize(
    ("when", "note"),
    [
        ("2024", "Known to the year only: no day is known, though the timeline has to place it on one."),
        (
            "2024-10/2024-11",
            "Known to the month only: no day is known, though the timeline has to place it on one.",
        ),
        (
            "2024-10-07/2025",
            "Known to the year only: no day is known, though the timeline has to place it on one.",
        ),
        ("2024-10-07", None),
        ("2024-10-07T12:00/2024-10-08", None),
    ],
)
def test_slides_say_what_timelinejs_cannot_show(when: str, note: str | None) -> None:
    text = slide(record(when=when, tz="UTC"))["text"]["text"]
    if note is None:
        assert "Known to the" not in text
    else:
        assert text.startswith(f"<p><em>{note}</em></p>")


def test_text_parts() -> None:
    rec = record(
        status="disputed",
        description="First line\nsame paragraph.\n\n\nSecond.",
        location="Kyiv",
        actors=["Russia", "Iran"],
        roles={"Iran": "supplier"},
        sources=[SourceRef(url="https://e.org/a", title="Report", publisher="Paper", published="2024-12")],
    )
    assert slide(rec)["text"]["text"] == (
        "<p><strong>Status: disputed</strong></p>"
        "<p>First line same paragraph.</p><p>Second.</p>"
        "<p>Location: Kyiv</p>"
        "<p>Actors: Russia, Iran (supplier)</p>"
        '<p>Sources: <a href="https://e.org/a">Report</a> (Paper, 2024-12)</p>'
    )
    assert slide(record())["text"]["text"] == ""


TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=200)
@given(title=TEXT.filter(str.strip), description=TEXT, actor=TEXT.filter(str.strip), url=TEXT)
def test_any_text_stays_text(title: str, description: str, actor: str, url: str) -> None:
    rec = record(
        title=title,
        description=description,
        actors=[actor],
        sources=[SourceRef(url="https://e.org/" + url, title=title)],
    )
    event = slide(rec, group_by="actor")
    assert html.unescape(event["text"]["headline"]) == title
    assert Fragment(event["text"]["headline"]).tags == []
    parsed = Fragment(event["text"]["text"])
    assert [tag for tag, _ in parsed.tags][-1] == "a"
    assert {tag for tag, _ in parsed.tags} <= {"p", "a"}
    assert parsed.tags[-1][1] == {"href": "https://e.org/" + url}
    assert html.unescape(html.unescape(event["group"])) == actor


# --- groups -----------------------------------------------------------------------------------


def test_group_by() -> None:
    tagged = record("a", tags=["war", "drones"], actors=["Russia", "Iran"])
    bare = record("b")
    assert slide(tagged, "tag")["group"] == "war"
    assert slide(tagged, "actor")["group"] == "Russia"
    assert "group" not in slide(tagged, "none")
    assert "group" not in slide(bare, "tag") and "group" not in slide(bare, "actor")
    assert slide(record(tags=["R&D"]), "tag")["group"] == "R&amp;amp;D"


def test_unknown_group_by() -> None:
    with pytest.raises(InvalidInput, match="bad group 'colour'"):
        render_timelinejs([], title="t", description="d", group_by="colour")


# --- the real TimelineJS in a browser ---------------------------------------------------------


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def browser() -> Iterator[str]:
    """Headless Chromium and the pinned TimelineJS, or a skip that says how to get them."""
    problems = []
    binary = _browser()
    if binary is None:
        problems.append("no chromium on PATH (apt-get install chromium)")
    if not (TIMELINEJS / "js" / "timeline.js").is_file():
        problems.append("TimelineJS is not installed (cd tests/browser && npm ci)")
    if problems:
        if os.environ.get("CHRONO_REQUIRE_BROWSER"):
            pytest.fail("; ".join(problems))
        pytest.skip("; ".join(problems))
    assert binary is not None
    yield binary


class DomIndex(HTMLParser):
    """Text of elements by class, and every element's attributes, from a dumped DOM."""

    VOID: ClassVar[set[str]] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.by_class: dict[str, list[str]] = {}
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, list[str], list[str]]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in self.VOID:
            self._open.append((tag, (attributes.get("class") or "").split(), []))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, classes, text = self._open.pop()
            joined = " ".join("".join(text).split())
            for cls in classes:
                self.by_class.setdefault(cls, []).append(joined)
            if self._open:
                self._open[-1][2].append("".join(text))
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)


def _render_in_browser(binary: str, data: str, tmp_path: Path) -> DomIndex:
    assert "</script" not in data.lower()  # the data is inlined into a <script> element
    page = (BROWSER / "timeline.html").read_text(encoding="utf-8")
    page = (
        page.replace("@TIMELINE_CSS@", (TIMELINEJS / "css" / "timeline.css").as_uri())
        .replace("@TIMELINE_JS@", (TIMELINEJS / "js" / "timeline.js").as_uri())
        .replace("@TIMELINE_DATA@", data)
    )
    (tmp_path / "timeline.html").write_text(page, encoding="utf-8")
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900",
        "--virtual-time-budget=10000", "--dump-dom", (tmp_path / "timeline.html").as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return DomIndex(done.stdout)


@pytest.mark.slow
def test_timelinejs_shows_every_event(browser: str, seed_records: list[EventRecord], tmp_path: Path) -> None:
    hostile = record(
        "hostile",
        when="2025-12-01T00:00",
        tz="UTC",
        title=HOSTILE,
        description=HOSTILE,
        tags=["AT&T <b>bold</b>"],
    )
    records = [*seed_records, hostile]
    data = render_timelinejs(records, title="Russia & Iran", description="all", group_by="tag")
    dom = _render_in_browser(browser, data, tmp_path)

    slides = dom.by_class.get("tl-slide", [])
    assert len(slides) == len(records) + 1  # and the title slide
    headlines = set(dom.by_class.get("tl-headline", []))
    for rec in records:
        assert " ".join(rec.title.split()) in headlines, rec.title
    assert "Russia & Iran" in dom.by_class.get("tl-headline-title", [])

    dates = dom.by_class.get("tl-headline-date", [])
    assert "20 January 2025, 12:00 EST" in dates
    assert "1 December 2025, 00:00 UTC" in dates  # midnight keeps its time
    assert "c. November 2022" in dates

    groups = dom.by_class.get("tl-timegroup-message", [])
    assert "AT&T <b>bold</b>" in groups and "war" in groups

    # The hostile strings stayed text: no injected element, no event handler.
    assert not [attrs for _, attrs in dom.elements if "onerror" in attrs]
    assert [tag for tag, _ in dom.elements].count("script") == 2
    assert [tag for tag, _ in dom.elements].count("b") == 0
