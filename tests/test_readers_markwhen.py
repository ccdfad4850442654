"""Markwhen reader: the documented date forms, relative dates, groups, tags, refusals; and the CLI."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from chrono.errors import InvalidInput
from chrono.fields import event_from_mapping
from chrono.readers.markwhen import read_markwhen
from tests.helpers import ROOT, Chrono

FIXTURE = ROOT / "tests" / "data" / "markwhen" / "project.mw"


def one(text: str, **kwargs: Any) -> dict[str, Any]:
    reading = read_markwhen(textwrap.dedent(text).lstrip(), "t.mw", **kwargs)
    assert len(reading.items) == 1, (reading.items, reading.skipped)
    return reading.items[0].fields


def when(fields: dict[str, Any]) -> tuple[str, str | None]:
    """The dates as chrono stores them, after the same validation an import does."""
    event, _ = event_from_mapping(fields)
    if event.anchored is not None:  # worked out when stored (see the anchored-dates test below)
        start, _, last = event.anchored.text().partition("/")
        return start, last or None
    end = event.when.end
    if end is None:
        return event.when.edtf(), None  # a single date, or one with an open end ("2005/..")
    return event.when.start.edtf(), end.edtf()


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("2024: A year", "2024", None),
        ("04/1776: A month", "1776-04", None),
        ("01/01/2024: A day", "2024-01-01", None),
        ("11/11/2024-12/12/2024: Days", "2024-11-11", "2024-12-12"),
        ("1964/2008: EDTF years", "1964", "2008"),
        ("2004-06 / 2006-08: EDTF months", "2004-06", "2006-08"),
        ("2004-02-01/2005: day to year", "2004-02-01", "2005"),
        ("2021 - 2023: Years with a dash", "2021", "2023"),
        ("18 March 2026: Written", "2026-03-18", None),
        ("Oct 8 2012: Month first", "2012-10-08", None),
        ("March 2020: Month and year", "2020-03", None),
        ("1 Jan 1998 to 11/11/2011: with to", "1998-01-01", "2011-11-11"),
        (
            "2031-11-19T01:35:10Z-2099-08-04T18:22:48Z: ISO",
            "2031-11-19T01:35:10+00:00",
            "2099-08-04T18:22:48+00:00",
        ),
        ("2022-02-22T16:27:08.000Z: Milliseconds", "2022-02-22T16:27:08+00:00", None),
        ("500 CE: Common era", "0500", None),
        ("100 BCE: Before the common era", "-0099", None),
        ("2005/now: Ongoing", "2005/..", None),
        ("1 Jan 1998 - now: Ongoing too", "1998-01-01/..", None),
    ],
)
def test_dates_keep_the_precision_written(line: str, start: str, end: str | None) -> None:
    assert when(one(line)) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-08-03 10am: Meeting\ntimezone: America/Los_Angeles\n", "2025-08-03T10:00-07:00", None),
        ("2025-08-04 11:15pm: Flight\ntz: -5\n", "2025-08-04T23:15-05:00", None),
        ("---\ntimezone: Europe/Lisbon\n---\nAug 30 2022 9:45am: Call\n", "2022-08-30T09:45+01:00", None),
        ("dateFormat: d/M/y\n\n01/02/2023 - 14/02/2023: European\n", "2023-02-01", "2023-02-14"),
    ],
)
def test_times_zones_and_date_format(text: str, start: str, end: str | None) -> None:
    assert when(one(text)) == (start, end)


def test_a_floating_time_without_a_zone_is_one_line_naming_tz() -> None:
    fields = one("2025-08-03 10am: Meeting\n")
    with pytest.raises(InvalidInput, match=r"needs a time zone.*--tz"):
        event_from_mapping(fields)
    assert when(one("2025-08-03 10am: Meeting\n", tz="Asia/Tokyo")) == ("2025-08-03T10:00+09:00", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The documentation's project plan: relative to the previous event, or to an id.
        (
            "01/01/2023 - 2 weeks: Phase 1 !Phase1\n"
            "after !Phase1 2 weeks: Phase 2\n"
            "after !Phase1 1 month: Phase 3\n"
            "1 week - 3 days: Phase 4\n",
            [
                ("2023-01-01", "2023-01-14"),
                ("1 day after Phase1", "2 weeks after Phase1"),  # anchored: 2023-01-15/2023-01-28
                ("2023-01-15", "2023-02-14"),
                ("2023-02-22", "2023-02-24"),
            ],
        ),
        (
            "2020: Pandemic\n2021 - 2023: More\n1 year: Less?\n",
            [("2020", None), ("2021", "2023"), ("2024", None)],
        ),
        ("2023: Year\n2 weeks: Then\n", [("2023", None), ("2024-01-01", "2024-01-14")]),
        (
            "2022-12-25: Christmas !xmas\nbefore !xmas 1 month: Buy presents\nbefore !xmas 1 week - 1 month: Tree\n",
            [("2022-12-25", None), ("2022-11-25", "2022-12-24"), ("2022-11-18", "2022-12-17")],
        ),
        (
            "July 13, 2022 - 5 week days: Estimate\n10 business days: Second part\n",
            [("2022-07-13", "2022-07-19"), ("2022-07-20", "2022-08-02")],
        ),
        ("2018/6 months: Half a year\n", [("2018-01", "2018-06")]),
    ],
)
def test_relative_dates_are_worked_out_as_markwhen_does(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    reading = read_markwhen(text, "t.mw")
    assert reading.skipped == []
    assert [when(item.fields) for item in reading.items] == expected


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("now - 10 years: Future", "'now'"),
        ("2022-02-22T16:27:08.369Z: Milliseconds", "a fraction of a second is finer than chrono keeps"),
        ("2 weeks - now: Relative to now", "up to 'now'"),
        ("March 16: No year", "has no year"),
        ("3:30pm - 4:30pm: A time only", "has no date"),
        ("100 BCE - 2 years: Long ago", "cannot count from"),
        ("2 weeks: Nothing before", "no earlier event"),
        ("2024-01-01 - 30 milliseconds: Too fine", "milliseconds"),
    ],
)
def test_what_chrono_cannot_express_is_refused_with_its_line(line: str, reason: str) -> None:
    reading = read_markwhen(f"title: T\n\n{line}\n", "t.mw")
    assert reading.items == []
    assert len(reading.skipped) == 1
    assert reading.skipped[0].line == 3 and reason in reading.skipped[0].reason


def test_description_tags_people_groups_ids_locations_sources() -> None:
    text = textwrap.dedent(
        """
        group The 90s #Decades
          1991: Desert Storm #War @Schwarzkopf
          1994: Friends premiered
          group The 2000s
            03/2005: Premiere of [The Office](https://example.org/office) !office
              location: Scranton
              fee: $4
              https://example.org/minutes

              More text with a #tv tag.
          endGroup
          2020: Pandemic
        endGroup
        2022: Other things [Berlin](location)
        """
    ).lstrip()
    reading = read_markwhen(text, "t.mw")
    events = {item.fields["title"]: item for item in reading.items}
    assert list(events) == [
        "Desert Storm",
        "Friends premiered",
        "Premiere of The Office",
        "Pandemic",
        "Other things",
    ]
    storm = events["Desert Storm"].fields
    assert storm["tags"] == ["The 90s", "Decades", "War"] and storm["actors"] == ["Schwarzkopf"]
    office = events["Premiere of The Office"]
    assert office.line == 5 and office.fields["id"] == "office"
    assert office.fields["tags"] == ["The 90s", "The 2000s", "Decades", "tv"]
    assert office.fields["location"] == "Scranton"
    assert office.fields["sources"] == [{"url": "https://example.org/office", "title": "The Office"}]
    assert office.fields["description"] == "fee: $4\nhttps://example.org/minutes\n\nMore text with a #tv tag."
    assert events["Pandemic"].fields["tags"] == ["The 90s", "Decades"]
    assert "tags" not in events["Other things"].fields
    assert events["Other things"].fields["location"] == "Berlin"


def test_ids_are_stable_and_alike_entries_do_not_collide() -> None:
    text = "2024: Same\n2024: Same\n2025: Other\n"
    first = [i.fields["id"] for i in read_markwhen(text, "a.mw").items]
    again = [i.fields["id"] for i in read_markwhen(text, "b.mw").items]
    assert first == again and len(set(first)) == 3 and first[1] == first[0] + "-2"


def test_header_settings_are_counted_and_bad_ones_name_their_line() -> None:
    reading = read_markwhen("title: T\nview: [me@example.org]\n#War: red\n\n2024: E\n", "t.mw")
    assert reading.dropped == {"the timeline's title": 1, "header setting 'view'": 1}
    with pytest.raises(InvalidInput, match=r"^t\.mw:1: unknown dateFormat"):
        read_markwhen("dateFormat: y/M/d\n2024: E\n", "t.mw")
    with pytest.raises(InvalidInput, match=r"^t\.mw:2: no event with id 'missing'"):
        read_markwhen("2024: E\nafter !missing 2 days: F\n", "t.mw")
    with pytest.raises(InvalidInput, match=r"^t\.mw:2: .*month must be 1..12"):
        read_markwhen("2024: E\n2024-13: F\n", "t.mw")


def test_cli_import_list_show_and_reimport(chrono: Chrono) -> None:
    _, err = chrono("import", str(FIXTURE))
    assert err.splitlines()[0] == "imported 1 file(s): 11 added, 0 updated, 0 unchanged, 1 skipped"
    assert f"skipped {FIXTURE}:29: date 'March 16' has no year" in err
    assert f"not kept: {FIXTURE}: 1 the timeline's description, 1 the timeline's title" in err
    out, _ = chrono("show", "hearings", "--format", "json")
    event = json.loads(out)
    assert (event["start"], event["end"], event["precision"]) == ("2023-01-02", "2023-01-15", "day")
    assert event["tags"] == ["Inquiry"] and event["actors"] == ["Ana_Costa"]
    assert event["location"] == "town hall"
    listed = json.loads(chrono("list", "--format", "json", "--tag", "Press")[0])
    assert [(e["title"], e["start"], e["timezone"]) for e in listed] == [
        ("Leak published", "2022-12-07", None),
        ("Minister responds", "2022-12-08T09:30+00:00", "Europe/Lisbon"),
    ]
    _, err = chrono("import", str(FIXTURE))
    assert err.splitlines()[0] == "imported 1 file(s): 0 added, 0 updated, 11 unchanged, 1 skipped"
    concession = [
        e for e in json.loads(chrono("list", "--format", "json")[0]) if e["title"] == "Concession runs"
    ]
    assert [(e["start"], e["end"]) for e in concession] == [("2005/..", None)]


def test_cli_bad_markwhen_is_one_line_with_file_and_line(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "bad.mw"
    path.write_text("title: T\n\n2024: Fine\n2024-02-30: Impossible\n", encoding="utf-8")
    _, err = chrono("import", str(path), code=4)
    assert err == f"chrono: error: {path}:4: bad date '2024-02-30': day is out of range for month\n"
    assert chrono.stores_nothing()


def test_cli_from_format_reads_any_extension(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "timeline.txt"
    path.write_text("2024-05-01: May day\n", encoding="utf-8")
    chrono("import", str(path), code=4)
    chrono("import", "--from-format", "markwhen", str(path))
    assert [e["title"] for e in json.loads(chrono("list", "--format", "json")[0])] == ["May day"]
    _, err = chrono("import", "--from-format", "nope", str(path), code=4)
    assert err.startswith("chrono: error: unknown format 'nope': use one of markwhen, timelinejs")


def test_relative_days_from_an_id_become_anchored_dates(chrono: Chrono, tmp_path: Path) -> None:
    """`after !id 2 weeks` is stored anchored: the dates Markwhen means, kept right when the event
    it counts from is corrected; a month stays worked out, as Markwhen counts it to the day."""
    plan = tmp_path / "plan.mw"
    plan.write_text(
        "01/01/2023 - 2 weeks: Phase 1 !Phase1\n"
        "after !Phase1 2 weeks: Phase 2 !Phase2\n"
        "after !Phase1 1 month: Phase 3 !Phase3\n"
        "2023-03-10: Launch !launch\n"
        "before !launch 1 day: Eve !eve\n"
    )
    chrono("import", str(plan))
    rows = {e["id"]: e for e in json.loads(chrono("list", "--format", "json")[0])}
    assert (rows["Phase2"]["start"], rows["Phase2"]["end"]) == ("2023-01-15", "2023-01-28")
    assert rows["Phase2"]["anchored"] == "1 day after Phase1/2 weeks after Phase1"
    assert (rows["eve"]["start"], rows["eve"]["end"], rows["eve"]["anchored"]) == (
        "2023-03-09",
        None,
        "1 day before launch",
    )
    assert (rows["Phase3"]["start"], rows["Phase3"]["end"], "anchored" in rows["Phase3"]) == (
        "2023-01-15",
        "2023-02-14",
        False,
    )
    chrono("edit", "launch", "--date", "2023-04-01")
    assert json.loads(chrono("show", "eve", "--format", "json")[0])["start"] == "2023-03-31"


# --- chrono's own properties (chrono export markwhen) ---------------------------------------------


def test_chronos_properties_become_fields() -> None:
    fields = one(
        """
        1990/1999: The boom
        edtf: 199X~
        status: disputed
        location: "O'Hare [gate 3]"
        actors: ["Vladimir Putin", "Iran"]
        roles: {"Iran": "supplier"}
        tags: ["two words"]
        sources: [{"title": "A report", "publisher": "Paper"}]
        """
    )
    assert when(fields) == ("199X~", None)
    assert (fields["status"], fields["location"], fields["roles"]) == (
        "disputed",
        "O'Hare [gate 3]",
        {"Iran": "supplier"},
    )
    assert (fields["actors"], fields["tags"]) == (["Vladimir Putin", "Iran"], ["two words"])
    assert fields["sources"] == [{"title": "A report", "publisher": "Paper"}]


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ("edtf: 2030", r"^t\.mw:1: edtf '2030' disagrees with the event's date '2024'$"),
        ("edtf: 2024-13", r"^t\.mw:1: edtf '2024-13': bad date '2024-13': month must be 1\.\.12$"),
        ("roles: [a, b]", r"^t\.mw:1: property 'roles' must be a mapping of actor to role$"),
        ("actors: {a: b}", r"^t\.mw:1: property 'actors' must be a list$"),
        ("tags: [unclosed", r"^t\.mw:1: property 'tags' is not a valid YAML value: '\[unclosed'$"),
        ("title: [x]", r"^t\.mw:1: property 'title' must be text, not '\[x\]'$"),
    ],
)
def test_bad_chrono_properties_are_one_line(props: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_markwhen(f"2024: An event\n{props}\n", "t.mw")


def test_a_group_named_after_a_person_is_not_a_tag() -> None:
    reading = read_markwhen("group Iran\n2024: Talks @Iran #diplomacy\nendGroup\n", "t.mw")
    fields = reading.items[0].fields
    assert (fields["actors"], fields["tags"]) == (["Iran"], ["diplomacy"])
