"""Tests for the native export: shape, JSON Schema, and lossless round trips through `chrono import`."""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from chrono.cli import app
from chrono.dates import OpenEnd, PartialDate, Precision, When, make_when
from chrono.db import Database
from chrono.errors import DateError
from chrono.filters import Filter
from chrono.models import EventRecord, SourceRef
from chrono.places import Geo
from chrono.query import select_events
from chrono.render.native import SCHEMA_FILE, event_json, load_schema, render_native
from tests.test_dates import CLASSIC, historic_dates

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"
SCHEMA_PATH = ROOT / "src" / "chrono" / "render" / SCHEMA_FILE


def run(*args: str, db: str) -> str:
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, f"chrono {' '.join(args)}: {result.stderr}\n{result.exception!r}"
    return result.stdout


def records_of(db: str) -> list[EventRecord]:
    database = Database.open(db)
    try:
        with database.reader() as reader:
            return select_events(reader, Filter())
    finally:
        database.dispose()


def validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def assert_valid(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    errors = sorted(validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    return document


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("native") / "seed.db")
    run("import", str(EVENTS), db=db)
    yield db


@pytest.fixture(scope="module")
def seed_records(seeded: str) -> list[EventRecord]:
    return records_of(seeded)


def record(**changes: Any) -> EventRecord:
    fields: dict[str, Any] = {
        "id": "e1",
        "title": "An event",
        "start": "2024-12-08",
        "end": None,
        "precision": "day",
        "timezone": None,
        "approximate": False,
        "uncertain": False,
        "status": "confirmed",
        "description": "",
        "location": None,
        "created": "2025-01-01T00:00:00Z",
        "updated": "2025-01-02T00:00:00Z",
        "revision": 2,
        "span_start": 20241208000000,
        "span_end": 20241209000000,
    }
    fields.update(changes)
    return EventRecord(**fields)


# --- shape ------------------------------------------------------------------------------------


def test_document_has_every_field_of_every_event(seed_records: list[EventRecord]) -> None:
    text = render_native(seed_records, title="Russia and Iran", description="all events")
    document = json.loads(text)
    assert list(document) == ["format", "version", "title", "description", "events"]
    assert (document["format"], document["version"]) == ("chrono", 1)
    assert (document["title"], document["description"]) == ("Russia and Iran", "all events")
    assert document["events"] == [r.to_dict() for r in seed_records]
    assert len(document["events"]) == 25


def test_text_is_utf8_one_event_a_line_and_ends_with_one_newline(seed_records: list[EventRecord]) -> None:
    text = render_native(seed_records, title="Ünïcode – “title”", description="")
    assert "Erdoğan" in text and "Ünïcode – “title”" in text  # not \u-escaped
    assert text.endswith("]}\n") and not text.endswith("\n\n")
    lines = text.splitlines()
    assert lines[0].startswith('{"format": "chrono", "version": 1,') and lines[0].endswith('"events": [')
    assert len(lines) == len(seed_records) + 2
    for line, record in zip(lines[1:-1], seed_records, strict=True):
        assert json.loads(line.strip().rstrip(",")) == record.to_dict()


_ANY_TEXT = st.text(max_size=12)
_MAYBE_TEXT = st.none() | _ANY_TEXT


@given(
    st.builds(
        EventRecord,
        id=_ANY_TEXT, title=_ANY_TEXT, start=_ANY_TEXT, end=_MAYBE_TEXT, precision=_ANY_TEXT,
        timezone=_MAYBE_TEXT, approximate=st.booleans(), uncertain=st.booleans(), status=_ANY_TEXT,
        description=_ANY_TEXT, location=_MAYBE_TEXT, created=_ANY_TEXT, updated=_ANY_TEXT,
        revision=st.integers(min_value=1, max_value=2**63), span_start=st.integers(), span_end=st.integers(),
        actors=st.lists(_ANY_TEXT, max_size=3), roles=st.dictionaries(_ANY_TEXT, _ANY_TEXT, max_size=2),
        tags=st.lists(_ANY_TEXT, max_size=3),
        sources=st.lists(st.builds(SourceRef, *[_MAYBE_TEXT] * 6), max_size=2), removed=_MAYBE_TEXT,
        geo=st.none() | st.builds(
            Geo, st.floats(-90, 90), st.floats(-180, 180), st.none() | st.sampled_from(["city", "exact"])
        ),
    ),
)  # fmt: skip
def test_each_line_is_the_json_of_the_records_dict(record: EventRecord) -> None:
    """The export writes each event's line directly; it is the text json.dumps makes of `to_dict()`."""
    expected = json.dumps(record.to_dict(), ensure_ascii=False, separators=(", ", ": "))
    assert event_json(record) == expected
    text = render_native([record], title="t", description="")
    assert text.split("\n")[1] == "  " + expected


def test_keeps_the_callers_order(seed_records: list[EventRecord]) -> None:
    backwards = list(reversed(seed_records))
    document = json.loads(render_native(backwards, title="t", description="d"))
    assert [e["id"] for e in document["events"]] == [r.id for r in backwards]


def test_is_deterministic(seed_records: list[EventRecord]) -> None:
    first = render_native(seed_records, title="t", description="d")
    assert render_native(list(seed_records), title="t", description="d") == first


def test_no_events() -> None:
    text = render_native([], title="Nothing", description="events tagged none")
    assert json.loads(text)["events"] == []
    assert_valid(text)


# --- schema -----------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_ships_inside_the_package() -> None:
    from importlib.resources import files

    resource = files("chrono").joinpath("render", SCHEMA_FILE)
    assert resource.is_file()
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == load_schema()
    assert load_schema() is not load_schema()  # callers may change their copy


def test_seed_export_is_valid(seed_records: list[EventRecord]) -> None:
    assert_valid(render_native(seed_records, title="t", description="d"))


def test_every_precision_and_qualifier_is_valid() -> None:
    records = [
        record(id="y", start="2024", precision="year", approximate=True),
        record(id="m", start="2024-12", precision="month", uncertain=True),
        record(id="d", start="2022-03-29", end="2022-04-02", status="disputed"),
        record(
            id="t",
            start="2025-01-20T12:00-05:00",
            precision="minute",
            timezone="America/New_York",
            status="retracted",
        ),
        record(id="s", start="2025-01-20T12:00:30+05:30", precision="second", timezone="+05:30"),
        record(id="u", start="2025-01-20T00:00+00:00", end="2025-01-21", precision="minute", timezone="UTC"),
        record(
            id="full",
            description="Two\n\nparagraphs",
            location="Kyiv",
            actors=["Russia", "Iran"],
            roles={"Iran": "supplier"},
            tags=["war", "drones"],
            sources=[
                SourceRef(
                    url="https://example.org/a",
                    title="A",
                    publisher="P",
                    published="2024-12-08",
                    archive_url="https://web.archive.org/a",
                    quote="said",
                ),
                SourceRef(title="Print only", published="2024~/2025"),
                SourceRef(url="https://example.org/t", published="2025-01-20T12:00:00-05:00?"),
            ],
        ),
    ]
    assert_valid(render_native(records, title="t", description="d"))


def _event(document: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = document["events"][0]
    return event


BAD_CHANGES = [
    ("unknown event field", lambda e: e.update(colour="red")),
    ("missing field", lambda e: e.pop("revision")),
    ("bad id", lambda e: e.update(id="-starts-with-dash")),
    ("id too long", lambda e: e.update(id="a" * 65)),
    ("blank title", lambda e: e.update(title=" ")),
    ("untrimmed title", lambda e: e.update(title="Title ")),
    ("bad precision", lambda e: e.update(precision="fortnight")),
    ("precision does not match start", lambda e: e.update(precision="month")),
    ("bad status", lambda e: e.update(status="rumoured")),
    ("not a date", lambda e: e.update(start="8 Dec 2024")),
    ("month 13", lambda e: e.update(start="2024-13", precision="month")),
    ("five-digit year without Y", lambda e: e.update(start="12000", precision="year")),
    ("BCE time", lambda e: e.update(start="-0043-03-15T12:00+00:00", precision="minute", timezone="UTC")),
    ("open at both ends", lambda e: e.update(start="../..", precision="year")),
    ("qualifier on a closed start", lambda e: e.update(start="2024~", precision="year")),
    ("decade of a negative year", lambda e: e.update(start="-199X", precision="decade")),
    ("time without offset", lambda e: e.update(start="2024-12-08T10:00", precision="minute", timezone="UTC")),
    ("time without zone", lambda e: e.update(start="2024-12-08T10:00+00:00", precision="minute")),
    ("date with zone", lambda e: e.update(timezone="UTC")),
    ("local timestamp", lambda e: e.update(created="2025-01-01T00:00:00")),
    ("offset timestamp", lambda e: e.update(updated="2025-01-01T00:00:00+00:00")),
    ("revision 0", lambda e: e.update(revision=0)),
    ("revision as text", lambda e: e.update(revision="2")),
    ("flag as text", lambda e: e.update(approximate="false")),
    ("duplicate actor", lambda e: e.update(actors=["Iran", "Iran"])),
    ("empty tag", lambda e: e.update(tags=[""])),
    ("empty role", lambda e: e.update(roles={"Iran": ""})),
    ("unknown source field", lambda e: e["sources"][0].update(page=3)),
    ("source without url or title", lambda e: e["sources"][0].update(url=None, title=None)),
    ("source missing a field", lambda e: e["sources"][0].pop("quote")),
    ("bad published", lambda e: e["sources"][0].update(published="December 2024")),
    ("quantity without value", lambda e: e.update(quantities=[{"name": "x", "qualifier": "=", "unit": None, "source": None}])),
    ("bad qualifier", lambda e: e.update(quantities=[{"name": "x", "value": 1, "qualifier": "about", "unit": None, "source": None}])),
    ("quantity value as text", lambda e: e.update(quantities=[{"name": "x", "value": "1", "qualifier": "=", "unit": None, "source": None}])),
    ("bad id scheme", lambda e: e.update(external_ids={"Wiki Data": "Q1"})),
    ("empty external id", lambda e: e.update(external_ids={"wikidata": ""})),
    ("media without url", lambda e: e.update(media={"url": None, "credit": None, "caption": None, "alt": None, "thumbnail": None})),
    ("javascript media", lambda e: e.update(media={"url": "javascript:x", "credit": None, "caption": None, "alt": None, "thumbnail": None})),
    ("unknown media field", lambda e: e.update(media={"url": "https://e.org/a", "credit": None, "caption": None, "alt": None, "thumbnail": None, "link": "x"})),
]  # fmt: skip


def test_quantities_external_ids_and_media_are_valid() -> None:
    from chrono.media import Media
    from chrono.quantities import Quantity

    full = record(
        quantities=[Quantity("drones", 11000, ">", "drones", "ACLED"), Quantity("dead", 2.5, "~")],
        external_ids={"wikidata": "Q1", "acled": "UKR1"},
        media=Media("https://e.org/a.jpg", "AP", "A caption", "Alt", "http://e.org/t.jpg"),
    )
    plain = record(id="plain")
    document = assert_valid(render_native([full, plain], title="t", description="d"))
    assert list(document["events"][1]) == list(plain.to_dict())  # none of the three when absent
    assert document["events"][0]["media"]["thumbnail"] == "http://e.org/t.jpg"


@pytest.mark.parametrize(("why", "change"), BAD_CHANGES, ids=[b[0] for b in BAD_CHANGES])
def test_schema_rejects(why: str, change: Any) -> None:
    good = record(actors=["Iran"], roles={"Iran": "x"}, sources=[SourceRef(url="https://e.org", title="E")])
    document = json.loads(render_native([good], title="t", description="d"))
    assert not list(validator().iter_errors(document))
    bad = copy.deepcopy(document)
    change(_event(bad))
    assert list(validator().iter_errors(bad)), why


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(format="other"),
        lambda d: d.update(version=2),
        lambda d: d.update(extra=1),
        lambda d: d.pop("title"),
    ],
)
def test_schema_rejects_bad_documents(change: Any) -> None:
    document = json.loads(render_native([record()], title="t", description="d"))
    change(document)
    assert list(validator().iter_errors(document))


# --- round trips ------------------------------------------------------------------------------


def test_round_trip_through_the_cli(db_url: str, tmp_path: Path) -> None:
    """import files → export → import into an empty database → export: the same bytes."""
    run("import", str(EVENTS), db=db_url)
    listed = run("list", "--format", "json", db=db_url)
    first = render_native(records_of(db_url), title="All events", description="events")
    assert json.loads(first)["events"] == json.loads(listed)
    assert_valid(first)
    export = tmp_path / "export.json"
    export.write_text(first, encoding="utf-8")

    target = str(tmp_path / "target.db")
    run("import", str(export), db=target)
    again = render_native(records_of(target), title="All events", description="events")
    assert again == first
    assert run("list", "--format", "json", db=target) == listed

    # Importing the export back where it came from changes nothing.
    result = CliRunner().invoke(app, ["import", str(export), "--db", db_url])
    assert result.exit_code == 0, result.stderr
    assert "0 added, 0 updated, 25 unchanged" in result.stderr


def test_round_trip_through_chrono_export(tmp_path: Path) -> None:
    """The same, end to end: `chrono export json` → `chrono import` → `chrono export json`."""
    first_db, second_db = str(tmp_path / "first.db"), str(tmp_path / "second.db")
    run("import", str(EVENTS), db=first_db)
    first = run("export", "json", "--output", "-", "--tag", "iran", db=first_db)
    document = assert_valid(first)
    assert document["events"] and all("iran" in e["tags"] for e in document["events"])
    export = tmp_path / "iran.json"
    export.write_text(first, encoding="utf-8")
    run("import", str(export), db=second_db)
    second = run("export", "json", "--output", "-", "--tag", "iran", db=second_db)
    assert second == first


# Generated events: every precision, zones with DST, qualifiers, statuses, and text full of the
# characters other formats find hard. Control characters are left out: PostgreSQL refuses NUL.
ZONES = ["UTC", "America/New_York", "Europe/Kyiv", "Asia/Tehran", "Australia/Lord_Howe", "+05:30"]
CHARS = st.characters(exclude_categories=["Cs", "Cc"])
LINE = st.text(CHARS, min_size=1, max_size=20).filter(lambda s: s.strip() != "")
TEXT = st.text(st.one_of(CHARS, st.just("\n")), max_size=40)


@st.composite
def partial_dates(draw: st.DrawFn, precision: Precision, tz: str) -> PartialDate:
    if precision not in CLASSIC:
        return draw(historic_dates(precision))
    year = draw(st.sampled_from([1, 1066, 1999, 2024, 9999]) | st.integers(1, 9999))
    month = day = hour = minute = second = None
    if precision is not Precision.YEAR:
        month = draw(st.integers(1, 12))
    if precision.rank >= Precision.DAY.rank:
        day = draw(st.integers(1, 28))
    if precision.timed:
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    if precision is Precision.SECOND:
        second = draw(st.integers(1, 59))
    try:
        return PartialDate(year, month, day, hour, minute, second, tz if precision.timed else None)
    except DateError:
        reject()


@st.composite
def event_mappings(draw: st.DrawFn, event_id: str) -> dict[str, Any]:
    tz = draw(st.sampled_from(ZONES))
    start = draw(partial_dates(draw(st.sampled_from(list(Precision))), tz))
    end = None
    if draw(st.booleans()):
        end = draw(partial_dates(draw(st.sampled_from(list(Precision))), tz))
    try:
        when = make_when(start, end)
    except DateError:
        reject()
    if end is None and draw(st.booleans()):
        when = When(start, None, draw(st.sampled_from(list(OpenEnd))))
    first, last, _, _ = when.fields()
    actors = draw(st.lists(LINE, max_size=3))
    sources = draw(
        st.lists(
            st.fixed_dictionaries(
                {"title": LINE},
                optional={
                    "url": st.sampled_from(["https://example.org/a", "https://example.org/b?x=1&y=2"]),
                    "publisher": LINE,
                    "published": st.sampled_from(["2024", "2024-12~", "2024-12-08/2025"]),
                    "archive_url": st.just("https://web.archive.org/x"),
                    "quote": TEXT,
                },
            ),
            max_size=2,
        )
    )
    return {
        "id": event_id,
        "title": draw(LINE),
        "start": first,
        "end": last,
        "timezone": when.timezone,
        "approximate": draw(st.booleans()),
        "uncertain": draw(st.booleans()),
        "status": draw(st.sampled_from(["confirmed", "disputed", "retracted"])),
        "description": draw(TEXT),
        "location": draw(st.none() | LINE),
        "actors": actors,
        "roles": {name: draw(LINE) for name in actors if draw(st.booleans())},
        "tags": draw(st.lists(LINE, max_size=3)),
        "sources": sources,
        "created": "2024-01-02T03:04:05Z",
        "updated": draw(st.sampled_from(["2024-01-02T03:04:05Z", "2025-06-07T08:09:10+02:00"])),
        "revision": draw(st.integers(1, 10**6)),
    }


@st.composite
def event_files(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9][a-z0-9._-]{0,11}", fullmatch=True), min_size=1, max_size=4, unique=True
        )
    )
    return {"events": [draw(event_mappings(event_id)) for event_id in ids]}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event_files())
def test_round_trip_of_generated_events(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source_file = Path(tmp) / "events.json"
        source_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        run("import", str(source_file), db=f"{tmp}/first.db")
        first = render_native(records_of(f"{tmp}/first.db"), title="generated", description="")
        assert_valid(first)

        export = Path(tmp) / "export.json"
        export.write_text(first, encoding="utf-8")
        run("import", str(export), db=f"{tmp}/second.db")
        second = render_native(records_of(f"{tmp}/second.db"), title="generated", description="")
        assert second == first
