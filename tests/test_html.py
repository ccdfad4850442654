"""The HTML export and the server's page: parsed as HTML, then drawn by headless Chromium.

The browser tests drive the system's Chromium (Debian's `chromium` package) through Playwright, as
tests/test_timelinejs.py drives it for TimelineJS: they skip when it is missing, and fail instead
when CHRONO_REQUIRE_BROWSER is set (as CI sets it). Set CHRONO_SCREENSHOTS=DIR to keep screenshots.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.models import EventRecord, SourceRef
from chrono.render.html import asset, event_data, markdown_html, render_html
from tests.helpers import ROOT, Chrono, make_record

PUTIN = ["putin-visits-tehran", "russia-invades-ukraine", "russia-iran-strategic-partnership-treaty"]
HOSTILE_TITLE = "<img src=x onerror=\"window.pwned='img'\"></script><script>window.pwned='script'</script>"


class Page(HTMLParser):
    """Every element with its attributes, the text of <script> blocks by type, and <title>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in, self._text = (tag, dict(attrs)), []

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[0]:
            if tag == "script":
                self.scripts.append((self._in[1], "".join(self._text)))
            else:
                self.styles.append("".join(self._text))
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def data(self) -> dict[str, Any]:
        blocks = [text for attrs, text in self.scripts if attrs.get("type") == "application/json"]
        assert len(blocks) == 1
        result: dict[str, Any] = json.loads(blocks[0])
        return result


def hostile_record() -> EventRecord:
    return make_record(
        "hostile",
        "2024-06",
        title=HOSTILE_TITLE,
        description="**Bold** and [a link](https://example.org) but not [this](javascript:alert(1)) "
        "nor <img src=x onerror=alert(1)>",
        actors=["</script>"],
        roles={"</script>": "<b>role</b>"},
        tags=["<i>tag</i>"],
        sources=[
            SourceRef(url="javascript:alert(1)", title="Evil"),
            SourceRef(url="https://example.org/a", title="Good", quote="<q>said</q>"),
        ],
    )


# --- the file -------------------------------------------------------------------------------------


def test_export_is_one_self_contained_file(seed_records: list[EventRecord]) -> None:
    text = render_html(seed_records, title="Russia & Iran", description="All events.", group_by="actor")
    page = Page(text)
    assert [e["id"] for e in page.data()["events"]] == [r.id for r in seed_records]
    assert page.data()["lanes"] == "actor" and page.data()["filter"] == "client"
    # Nothing to fetch: no src, no stylesheet link, no URL but the events' own source links (in JSON).
    assert not [attrs for tag, attrs in page.elements if "src" in attrs]
    assert [attrs.get("href") for tag, attrs in page.elements if tag == "link"] == ["data:,"]
    # The inline script and style are the package's own, and the policy allows exactly them.
    inline = [t for attrs, t in page.scripts if "type" not in attrs]
    assert inline == [asset("timeline.js")] and page.styles == [asset("timeline.css")]
    policy = next(a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv"))
    assert policy is not None
    for body in (asset("timeline.js"), asset("timeline.css")):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy and "default-src 'none'" in policy
    assert text == render_html(
        list(seed_records), title="Russia & Iran", description="All events.", group_by="actor"
    )


def test_hostile_text_stays_data() -> None:
    text = render_html([hostile_record()], title="<b>T</b>", description="</script>", group_by="tag")
    page = Page(text)
    assert [tag for tag, _ in page.elements].count("script") == 2
    assert not [tag for tag, _ in page.elements if tag in ("img", "b", "i", "q")]
    assert "</script><script>" not in text
    event = page.data()["events"][0]
    assert event["title"] == HOSTILE_TITLE and event["actors"] == [["</script>", "<b>role</b>"]]
    assert "<title>&lt;b&gt;T&lt;/b&gt;</title>" in text
    # The description's Markdown is HTML, sanitized: no script link, no raw HTML.
    assert event["html"].startswith('<p><strong>Bold</strong> and <a href="https://example.org"')
    assert 'href="javascript' not in event["html"] and "<img" not in event["html"]
    assert event["sources"][0] == {
        "label": "Evil",
        "url": None,
        "extra": "javascript:alert(1)",
        "archive": None,
        "quote": None,
    }
    assert event["sources"][1]["url"] == "https://example.org/a"


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("", ""),
        ("plain *words*", "<p>plain <em>words</em></p>"),
        ("# Heading", "<h3>Heading</h3>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        # No images: a description must not make the page fetch anything; the address stays a link.
        (
            "![img](https://e.org/i.png)",
            '<p>!<a href="https://e.org/i.png" rel="noopener noreferrer nofollow">img</a></p>',
        ),
        ("[ok](https://e.org)", '<p><a href="https://e.org" rel="noopener noreferrer nofollow">ok</a></p>'),
    ],
)
def test_markdown_descriptions(markdown: str, html: str) -> None:
    assert markdown_html(markdown) == html


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab .,'\"\n -1:;?éЖ中"), max_size=40))
def test_plain_text_skips_the_parser_and_gets_the_same_html(text: str) -> None:
    import chrono.render.html as page

    expected = nh3.clean(
        page._markdown().render(text),
        tags=page._TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
    assert markdown_html(text) == ("" if not text.strip() else expected)


def test_event_data_carries_the_point_in_words() -> None:
    from chrono.places import Geo

    placed = event_data(make_record("p", "2024-03-01", location="Kyiv", geo=Geo(50.4501, 30.5234, "town")))
    assert (placed["location"], placed["coordinates"]) == ("Kyiv", "50.4501° N, 30.5234° E (town)")
    assert "coordinates" not in event_data(make_record("q", "2024"))


def test_event_data_in_words_and_seconds() -> None:
    data = event_data(make_record("y", "~2024", title="A year"))
    assert data["date"] == "c. 2024" and data["precision"] == "year" and data["approximate"]
    assert data["t1"] - data["t0"] == 366 * 86400  # 2024 is a leap year: its whole span, no day picked
    moment = event_data(make_record("m", "2025-01-20T12:00", tz="America/New_York"))
    assert moment["instant"] and moment["t1"] - moment["t0"] == 60


def test_export_html_and_svg_from_the_command_line(seeded: Chrono, tmp_path: Path) -> None:
    _, err = seeded("export", "html", "--actor", "Putin", "-o", str(tmp_path / "t.html"))
    assert err == f"wrote 3 event(s) to {tmp_path / 't.html'}\n"
    assert len(Page((tmp_path / "t.html").read_text()).data()["events"]) == 3
    out, _ = seeded("export", "svg", "--group-by", "tag", "-o", "-")
    assert out.startswith("<?xml")
    _, err = seeded("export", "markdown", "--chart", "--tag", "war", "-o", str(tmp_path / "md" / "war.md"))
    markdown = (tmp_path / "md" / "war.md").read_text()
    from markdown_it import MarkdownIt

    images = [
        t for t in MarkdownIt().parseInline(markdown.split("\n\n")[2])[0].children or [] if t.type == "image"
    ]
    assert [i.attrs["src"] for i in images] == ["war.svg"]
    assert (tmp_path / "md" / "war.svg").read_text().startswith("<?xml")
    _, err = seeded("export", "markdown", "--chart", "-o", "-", code=4)
    assert (
        err
        == "chrono: error: --chart writes the chart beside the Markdown file: give --output PATH, not '-'\n"
    )


# --- in a browser ---------------------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system's headless Chromium through Playwright, or a skip that says how to get it."""
    problems = []
    binary = _chromium()
    if binary is None:
        problems.append("no chromium on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problems.append("playwright is not installed (pip install '.[test]')")
    if problems:
        if os.environ.get("CHRONO_REQUIRE_BROWSER"):
            pytest.fail("; ".join(problems))
        pytest.skip("; ".join(problems))
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=binary, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Visit:
    """A page opened in the browser, with every request and every console error it caused."""

    def __init__(self, browser: Any, url: str, width: int = 1400) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append("dialog: " + d.message), d.dismiss()))
        self.page.goto(url)
        self.page.wait_for_selector("#chrono-chart .axis")

    def drawn(self) -> list[str]:
        ids: list[str] = self.page.eval_on_selector_all(".event", "nodes => nodes.map(n => n.dataset.id)")
        return ids

    def box(self, selector: str) -> dict[str, float]:
        found: dict[str, float] | None = self.page.locator(selector).bounding_box()
        assert found is not None, selector
        return found

    def shot(self, name: str) -> None:
        folder = os.environ.get("CHRONO_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / name), full_page=True)


def _year_box_spans_the_year(visit: Visit, event_id: str, year: int) -> None:
    """Zoomed to two years around it, the event's box starts on 1 January and ends on the next."""
    base = visit.page.url.split("#")[0]
    visit.page.goto(f"{base}#view={year - 1}-07-01/{year + 1}-07-01")
    visit.page.reload()
    visit.page.wait_for_selector(f'.tick[data-date="{year + 1}-01-01T00:00"]')

    def tick_x(date: str) -> float:
        box = visit.box(f'.tick[data-date="{date}"]')
        return box["x"] + box["width"] / 2  # ticks are centred on their time

    bar = visit.box(f'.event[data-id="{event_id}"] .bar')
    assert bar["x"] == pytest.approx(tick_x(f"{year}-01-01T00:00"), abs=1)
    assert bar["x"] + bar["width"] == pytest.approx(tick_x(f"{year + 1}-01-01T00:00"), abs=1)


def _hostile_is_text(visit: Visit) -> None:
    label = visit.page.locator('.event[data-id="hostile"] .label')
    assert label.text_content() == HOSTILE_TITLE
    label.click()
    visit.page.wait_for_selector("#chrono-detail:not([hidden])")
    assert visit.page.locator("#chrono-detail h2").text_content() == HOSTILE_TITLE
    assert visit.page.locator("#chrono-detail .description strong").text_content() == "Bold"
    assert visit.page.evaluate("window.pwned === undefined")
    assert visit.page.eval_on_selector_all("img", "nodes => nodes.length") == 0
    assert "event=hostile" in visit.page.url  # the open event is part of the shared view


@pytest.fixture
def hostile_db(chrono_sqlite: Chrono, tmp_path: Path) -> Chrono:
    chrono_sqlite("import", str(ROOT / "events"))
    record = hostile_record()
    event = {
        k: v for k, v in record.to_dict().items() if k not in ("created", "updated", "revision", "precision")
    }
    event["sources"] = [s.to_dict() for s in record.sources]
    (tmp_path / "hostile.json").write_text(json.dumps({"events": [event]}))
    chrono_sqlite("import", str(tmp_path / "hostile.json"))
    return chrono_sqlite


@pytest.mark.slow
def test_export_in_a_browser(browser: Any, hostile_db: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "timeline.html"
    hostile_db("export", "html", "--group-by", "actor", "-o", str(path))
    data = Page(path.read_text()).data()["events"]
    expected = [e["id"] for e in data]
    visit = Visit(browser, path.as_uri())
    assert sorted(visit.drawn()) == sorted(expected) and len(expected) > 20
    visit.shot("export-1400.png")
    _year_box_spans_the_year(visit, "russia-drone-launches-2023", 2023)
    _hostile_is_text(visit)
    # Two fingers spread apart zoom in around them: the view in the address is a third as long.
    visit.page.goto(path.as_uri())
    visit.page.reload()
    visit.page.wait_for_selector(".event")
    before = visit.page.evaluate("document.querySelectorAll('.tick').length")
    visit.page.evaluate(
        """() => {
        const chart = document.getElementById('chrono-chart'), box = chart.getBoundingClientRect();
        const send = (type, id, x) => chart.dispatchEvent(new PointerEvent(type,
            {pointerId: id, clientX: box.left + x, clientY: box.top + 40, bubbles: true}));
        send('pointerdown', 1, 600); send('pointerdown', 2, 700);
        send('pointermove', 1, 500); send('pointermove', 2, 800);
        send('pointerup', 1, 500); send('pointerup', 2, 800);
    }"""
    )
    # The redraw (and the address) follows on the next frames; the file's policy forbids the eval
    # that wait_for_function would need, so wait for two frames instead.
    visit.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert "view=" in visit.page.url
    start, end = (
        re.findall(r"view=([^&]+)", visit.page.url)[0].replace("%2F", "/").replace("%3A", ":").split("/")
    )
    from datetime import datetime

    years = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).days / 365.25
    full = (max(r["t1"] for r in data) - min(r["t0"] for r in data)) / 86400 / 365.25
    assert years == pytest.approx(full * 1.05 / 3, rel=0.05)  # the full view has 2.5% margins each side
    assert visit.page.evaluate("document.querySelectorAll('.tick').length") >= before
    # Filters in the address apply in the file, as they would on the server.
    visit.page.goto(path.as_uri() + "?actor=Vladimir%20Putin")
    visit.page.wait_for_selector(".event")
    assert sorted(visit.drawn()) == PUTIN
    assert visit.errors == []
    assert {url.split("?")[0] for url in visit.requests} == {path.as_uri()}


@pytest.mark.slow
def test_svg_in_a_browser(browser: Any, seed_records: list[EventRecord], tmp_path: Path) -> None:
    from chrono.render.svg import render_svg

    path = tmp_path / "timeline.svg"
    path.write_text(
        render_svg(seed_records, title="Russia & Iran", description="All events.", group_by="tag")
    )
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    drawn = page.eval_on_selector_all("g.event", "nodes => nodes.map(n => n.dataset.id)")
    assert sorted(drawn) == sorted(r.id for r in seed_records) and errors == []
    # The browser lays the year out as wide as the axis says a year is.
    box = page.locator('g.event[data-id="russia-drone-launches-2023"] rect').bounding_box()
    ticks = {
        date: page.locator(f'g.tick[data-date="{date}"] line').bounding_box()
        for date in ("2023-01-01", "2024-01-01")
    }
    assert box is not None and all(ticks.values())
    assert box["x"] == pytest.approx(ticks["2023-01-01"]["x"], abs=1)  # type: ignore[index]
    assert box["x"] + box["width"] == pytest.approx(ticks["2024-01-01"]["x"], abs=1)  # type: ignore[index]
    folder = os.environ.get("CHRONO_SCREENSHOTS")
    if folder:  # Chromium screenshots an SVG document only inside a page
        (tmp_path / "svg.html").write_text('<body style="margin:0"><img src="timeline.svg" alt="">')
        page.goto((tmp_path / "svg.html").as_uri())
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / "svg.png"), full_page=True)


@contextmanager
def _serve(db: str) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, in a thread, for the browser to visit."""
    import uvicorn

    from chrono.server import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.slow
def test_page_in_a_browser(browser: Any, hostile_db: Chrono) -> None:
    with _serve(hostile_db.db) as root:
        visit = Visit(browser, root + "/?lanes=tag")
        with_hostile = {r for r in visit.drawn()}
        assert "hostile" in with_hostile and len(with_hostile) == 26
        visit.shot("page-1400.png")
        _year_box_spans_the_year(visit, "russia-drone-launches-2024", 2024)
        _hostile_is_text(visit)
        # The lane switch and the filter form; the form's query is the feeds' query.
        visit.page.goto(root + "/")
        visit.page.locator('label:has(input[value="actor"])').click()
        assert visit.page.locator(".lane-name").first.text_content() == "Russia · 5"
        visit.page.fill('input[name="actor"]', "Putin")
        visit.page.locator('button[type="submit"]').click()
        visit.page.wait_for_url("**/?actor=Putin*")
        visit.page.wait_for_selector(".event")
        assert sorted(visit.drawn()) == PUTIN
        assert visit.page.locator('a:text("Subscribe (webcal)")').first.get_attribute("href") == (
            root.replace("http://", "webcal://") + "/calendar.ics?actor=Putin"
        )
        # At 420 px the page fits: nothing wider than the screen, the chart still draws every event.
        narrow = Visit(browser, root + "/", width=420)
        assert narrow.page.evaluate("document.documentElement.scrollWidth") <= 420
        assert len(narrow.drawn()) == 26
        narrow.shot("page-420.png")
        for v in (visit, narrow):
            assert v.errors == []
            assert all(url.startswith(root + "/") for url in v.requests), v.requests
        # /docs works offline too: Swagger UI draws from this server's own copy.
        requests: list[str] = []
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(root + "/docs")
        page.wait_for_selector(".swagger-ui .info")
        assert requests and all(url.startswith(root + "/") for url in requests), requests


@pytest.mark.slow
def test_before_christ_and_open_intervals_in_a_browser(browser: Any, tmp_path: Path) -> None:
    records = [
        make_record("y", "-0050", title="A year before Christ"),
        make_record("ides", "-0043-03-15", title="Caesar killed"),
        make_record("since", "-0045/..", start="-0045/..", title="Since 45 BC"),
    ]
    path = tmp_path / "bc.html"
    path.write_text(render_html(records, title="Rome", description="BC.", group_by="none"), encoding="utf-8")
    visit = Visit(browser, path.as_uri())
    assert sorted(visit.drawn()) == ["ides", "since", "y"]
    labels = visit.page.eval_on_selector_all(
        ".tick", "nodes => nodes.map(n => n.textContent).filter(Boolean)"
    )
    assert labels and all(label.endswith(" BC") for label in labels), labels
    # "Since 45 BC" starts at 45 BC and runs past the right edge of the chart.
    chart = visit.box("#chrono-chart")
    since = visit.box('.event[data-id="since"] .bar')
    assert since["x"] > chart["x"] and since["x"] + since["width"] >= chart["x"] + chart["width"]
    # -0050 (51 BC: astronomical years count 1 BC as 0) spans from its tick to the next year's.
    visit.page.goto(path.as_uri() + "#view=-0052-01-01T00:00/-0048-01-01T00:00")
    visit.page.reload()
    visit.page.wait_for_selector('.tick[data-date="-0049-01-01T00:00"]')

    def tick_x(date: str) -> float:
        box = visit.box(f'.tick[data-date="{date}"]')
        return box["x"] + box["width"] / 2

    bar = visit.box('.event[data-id="y"] .bar')
    assert bar["x"] == pytest.approx(tick_x("-0050-01-01T00:00"), abs=1)
    assert bar["x"] + bar["width"] == pytest.approx(tick_x("-0049-01-01T00:00"), abs=1)
    visit.page.goto(path.as_uri() + "#event=ides")  # a shared link to one event opens it
    visit.page.reload()
    visit.page.wait_for_selector("#chrono-detail:not([hidden])")
    assert visit.page.locator("#chrono-detail .when").text_content() == "15 March 44 BC"
    assert visit.errors == []


@pytest.mark.slow
def test_ten_thousand_events_are_counted_far_out(browser: Any, tmp_path: Path) -> None:
    records = [
        make_record(f"e{i}", f"{1900 + i % 120}-{1 + i % 12:02d}-{1 + i % 28:02d}", title=f"Event {i}",
                    actors=[f"Actor {i % 7}"])
        for i in range(10_000)
    ]  # fmt: skip
    path = tmp_path / "big.html"
    path.write_text(
        render_html(records, title="Big", description="Many.", group_by="actor"), encoding="utf-8"
    )
    visit = Visit(browser, path.as_uri())
    assert visit.drawn() == []  # far out: counts, not 10,000 boxes
    counts = visit.page.eval_on_selector_all(".bin", "nodes => nodes.map(n => +n.dataset.count)")
    assert sum(counts) == 10_000 and len(counts) < 200
    visit.shot("big-far.png")
    # Clicking a bar zooms into its period, where the events themselves are drawn.
    for _ in range(3):
        bins = visit.page.locator(".bin")
        if not bins.count():
            break
        bins.first.click()
    assert 0 < len(visit.drawn()) <= 400
    assert visit.errors == []
    assert re.search(r"#view=", visit.page.url)
