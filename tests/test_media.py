"""An event's media: written, checked, carried by every format that can hold it, shown safely."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from chrono.errors import InvalidInput
from chrono.media import Media, parse_media
from tests.helpers import Chrono
from tests.test_html import browser  # noqa: F401 (the Chromium fixture)

EVENTS = """\
events:
  - id: photo
    title: Drone debris in Kyiv
    start: 2024-05-01
    media:
      url: https://images.example.org/debris.jpg?size=large
      credit: Reuters <photo desk>
      caption: 'Debris "found" <script>alert(1)</script>'
      alt: A burnt drone wing on a street
      thumbnail: https://thumbs.example.net:8443/debris-small.jpg
  - id: video
    title: Footage of the strike
    start: 2024-05-02
    media: https://video.example.com/watch?v=abc
  - id: plain
    title: No media
    start: 2024-05-03
"""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://e.org/a.png", Media("https://e.org/a.png")),
        ({"url": " https://e.org/a ", "caption": " A\\n caption "}, Media("https://e.org/a", caption="A\\n caption")),
        ({"url": "http://e.org/a", "thumbnail": "https://e.org/t.jpg"}, Media("http://e.org/a", thumbnail="https://e.org/t.jpg")),
        (None, None),
        ("", None),
    ],
)  # fmt: skip
def test_written_forms(given: Any, expected: Media | None) -> None:
    assert parse_media(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("javascript:alert(1)", "bad media url 'javascript:alert(1)': give an http(s) URL"),
        ("data:image/png;base64,AAAA", "bad media url"),
        ("https://e.org/a b.jpg", "bad media url"),
        ({"caption": "x"}, "media needs a url"),
        ({"url": "https://e.org/a", "thumbnail": "ftp://e.org/t"}, "bad media thumbnail 'ftp://e.org/t'"),
        ({"url": "https://e.org/a", "author": "me"}, "unknown media field 'author'"),
        (["https://e.org/a"], "bad media"),
    ],
)
def test_bad_input_is_one_clear_error(given: Any, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_media(given)
    assert message in str(caught.value)


@pytest.fixture
def loaded(chrono: Chrono, tmp_path: Path) -> Chrono:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    chrono("import", str(path))
    return chrono


def test_a_bad_media_url_in_a_file_is_refused_with_its_line(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- title: A\n  start: 2024\n- title: B\n  start: 2024\n  media: javascript:x\n")
    _, err = chrono("import", str(path), code=4)
    assert err == f"chrono: error: {path}:5: bad media url 'javascript:x': give an http(s) URL\n"
    assert chrono.stores_nothing()


@pytest.mark.parametrize("fmt", ["json", "csv", "ics", "timelinejs"])
def test_round_trips_keep_media(loaded: Chrono, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    if fmt in ("json", "csv"):
        path.write_text(loaded("list", "--format", fmt)[0], encoding="utf-8")
    else:
        loaded("export", fmt, "-o", str(path))
    again = Chrono(str(tmp_path / "again.db"))
    again("import", str(path), *(["--from-format", "timelinejs"] if fmt == "timelinejs" else []))
    before = {e["id"]: e.get("media") for e in json.loads(loaded("list", "--format", "json")[0])}
    after = {e["id"]: e.get("media") for e in json.loads(again("list", "--format", "json")[0])}
    assert after == before
    assert before["video"] == {
        "url": "https://video.example.com/watch?v=abc", "credit": None, "caption": None, "alt": None,
        "thumbnail": None,
    }  # fmt: skip


def test_timelinejs_export_writes_the_media_object(loaded: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "t.timeline.json"
    loaded("export", "timelinejs", "-o", str(path))
    slides = {s["unique_id"]: s for s in json.loads(path.read_text(encoding="utf-8"))["events"]}
    assert slides["photo"]["media"] == {
        "url": "https://images.example.org/debris.jpg?size=large",
        "caption": "Debris &quot;found&quot; &lt;script&gt;alert(1)&lt;/script&gt;",
        "credit": "Reuters &lt;photo desk&gt;",
        "thumbnail": "https://thumbs.example.net:8443/debris-small.jpg",
        "alt": "A burnt drone wing on a street",
    }
    assert "media" not in slides["plain"]


def test_timelinejs_sheet_media_columns_are_read(chrono: Chrono, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Year,Month,Day,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Alt Text\n"
        "2024,5,1,Photo,,https://e.org/p.jpg,AP,<b>The</b> scene,https://e.org/t.jpg,A street\n"
        "2024,5,2,Embed,,<iframe src='x'></iframe>,,,,\n",
        encoding="utf-8",
    )
    _, err = chrono("import", "--from-format", "timelinejs-sheet", str(sheet))
    assert "1 media that is not an http(s) URL" in err
    events = {e["title"]: e for e in json.loads(chrono("list", "--format", "json")[0])}
    assert events["Photo"]["media"] == {
        "url": "https://e.org/p.jpg", "credit": "AP", "caption": "The scene", "alt": "A street",
        "thumbnail": "https://e.org/t.jpg",
    }  # fmt: skip
    assert "media" not in events["Embed"]


def test_markdown_shows_an_image_or_a_link(loaded: Chrono, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    path = tmp_path / "t.md"
    loaded("export", "markdown", "-o", str(path))
    html = MarkdownIt("commonmark").render(path.read_text(encoding="utf-8"))
    assert (
        '<img src="https://images.example.org/debris.jpg?size=large" alt="A burnt drone wing on a street" '
        'title="Debris &quot;found&quot; &lt;script&gt;alert(1)&lt;/script&gt;" />'
    ) in html
    assert "(Reuters &lt;photo desk&gt;)" in html and "<script>" not in html
    assert '<a href="https://video.example.com/watch?v=abc">video.example.com</a>' in html


def test_the_page_shows_media_from_its_own_url_only(loaded: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "t.html"
    loaded("export", "html", "-o", str(path))
    text = path.read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert policy is not None
    img = next(p for p in policy.group(1).split("; ") if p.startswith("img-src"))
    assert img == "img-src data: https://images.example.org"  # the video's thumbnail-less link loads nothing
    data = re.search(r'<script type="application/json" id="chrono-data">(.*?)</script>', text, re.S)
    assert data is not None
    events = {e["id"]: e for e in json.loads(data.group(1))["events"]}
    assert events["photo"]["media"]["image"] is True and events["video"]["media"]["image"] is False
    assert "<script>alert" not in text  # the caption travels as JSON data, escaped


def test_the_server_page_allows_the_media_hosts(loaded: Chrono) -> None:
    from fastapi.testclient import TestClient

    from chrono.server import create_app

    client = TestClient(create_app(loaded.db))
    policy = client.get("/").headers["content-security-policy"]
    assert "img-src 'self' data: https://images.example.org;" in policy
    policy = client.get("/", params={"search": "footage"}).headers["content-security-policy"]
    assert "img-src 'self' data:;" in policy


def test_ics_carries_media_as_image_or_attach(loaded: Chrono, tmp_path: Path) -> None:
    from icalendar import Calendar

    path = tmp_path / "t.ics"
    loaded("export", "ics", "-o", str(path))
    events = {str(e["UID"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert str(events["photo@chrono"]["IMAGE"]) == "https://images.example.org/debris.jpg?size=large"
    assert str(events["video@chrono"]["ATTACH"]) == "https://video.example.com/watch?v=abc"
    assert "IMAGE" not in events["plain@chrono"]


@pytest.mark.slow
def test_the_page_draws_media_in_a_browser(
    request: pytest.FixtureRequest, loaded: Chrono, tmp_path: Path
) -> None:
    """The detail panel shows the picture from its own URL (the page's policy lets it load), the
    caption and credit as text, and a link for what is not a picture."""
    from tests.test_html import Visit

    path = tmp_path / "timeline.html"
    loaded("export", "html", "-o", str(path))
    visit = Visit(request.getfixturevalue("browser"), path.as_uri())
    visit.page.locator('.event[data-id="photo"] .label').click()
    visit.page.wait_for_selector("#chrono-detail figure.media img")
    img = visit.page.locator("#chrono-detail figure.media img")
    assert img.get_attribute("src") == "https://images.example.org/debris.jpg?size=large"
    assert img.get_attribute("alt") == "A burnt drone wing on a street"
    caption = visit.page.locator("#chrono-detail figcaption").text_content()
    assert caption == 'Debris "found" <script>alert(1)</script> (Reuters <photo desk>)'
    assert visit.page.locator("#chrono-detail figure.media a").get_attribute("href") == img.get_attribute(
        "src"
    )
    visit.page.locator('.event[data-id="video"] .label').click()
    link = visit.page.locator("#chrono-detail figure.media a")
    assert link.text_content() == "https://video.example.com/watch?v=abc"
    assert visit.page.locator("#chrono-detail figure.media img").count() == 0
    assert not [e for e in visit.errors if "Content Security Policy" in e or "dialog" in e], visit.errors
    assert "https://images.example.org/debris.jpg?size=large" in visit.requests
