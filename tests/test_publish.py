"""publish: one function renders any registered format, whole or streamed, to the same bytes."""

from __future__ import annotations

import io

import pytest

from chrono.db import Database
from chrono.errors import InvalidInput
from chrono.filters import Filter
from chrono.publish import edition, get_format, iter_published, publish, publish_to
from chrono.query import select_events
from chrono.render import FORMATS
from tests.helpers import ROOT, Chrono


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = str(tmp_path_factory.mktemp("publish") / "seed.db")
    Chrono(path)("import", str(ROOT / "events"))
    return Database.open(path)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_streamed_and_whole_give_the_same_bytes(seed_db: Database, name: str) -> None:
    flt = Filter.build(actors=["Vladimir Putin"])
    with seed_db.reader() as reader:
        whole = publish(reader, name, flt, title="Putin")
        buffer = io.StringIO()
        count = publish_to(reader, name, flt, buffer.write, title="Putin")
    assert buffer.getvalue() == whole.text
    assert count == whole.count == 3
    assert whole.format is FORMATS[name]


FILTERS = {
    "Putin": Filter.build(actors=["Vladimir Putin"]),
    "none match": Filter.build(search="no such words anywhere"),
    "limit, newest first": Filter.build(limit=4, reverse=True),
    "everything": Filter.build(),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("which", FILTERS)
def test_what_the_server_streams_is_what_publish_renders(seed_db: Database, name: str, which: str) -> None:
    """The server's pieces and validators, known before rendering, agree with the whole render."""
    import json

    flt = FILTERS[which]
    with seed_db.reader() as reader:
        whole = publish(reader, name, flt, title="T")
        pieces = "".join(iter_published(reader, name, flt, title="T"))
        current = edition(reader, name, flt, title="T")
        again = edition(reader, name, flt, title="T")
        retitled = edition(reader, name, flt, title="U")
    assert pieces == whole.text
    if FORMATS[name].media_type == "application/json":
        json.loads(pieces)
    assert (current.count, current.last_modified) == (whole.count, whole.last_modified)
    assert current.etag == again.etag != retitled.etag


def test_last_modified_is_the_newest_update_never_now(seed_db: Database) -> None:
    with seed_db.reader() as reader:
        result = publish(reader, "json", Filter.build(tags=["drones"]))
        newest = max(r.updated for r in select_events(reader, Filter.build(tags=["drones"])))
    assert result.last_modified == newest


def test_an_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(
        InvalidInput, match="unknown format 'pdf': use one of ics, json, timelinejs, markdown"
    ):
        get_format("pdf")
