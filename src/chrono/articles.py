"""Articles to draft events: the use case behind `chrono extract`.

The database gives what it knows (actor names and aliases, stored events, for anchors and `same_as`);
`chrono.extract` does the reading and drafting; `--add` goes through the importer like any event file.
"""

from __future__ import annotations

from chrono.db import Database
from chrono.extract.drafts import Extraction, extract
from chrono.extract.text import Article
from chrono.importer import ImportReport, import_events

__all__ = ["add_drafts", "draft_events"]


def draft_events(article: Article, db: Database | None) -> Extraction:
    """Draft events from `article`, matched against what `db` holds (none: nothing is known)."""
    if db is None:
        return extract(article)
    from chrono.filters import Filter
    from chrono.query import actor_names, select_events

    with db.reader() as reader:
        names = actor_names(reader)
        events = select_events(reader, Filter())
    return extract(article, actor_names=names, events=events, use_database=True)


def add_drafts(db: Database, extraction: Extraction) -> ImportReport:
    """Store the drafts, in one transaction: new ones with status draft, `same_as` ones as citations."""
    return import_events(db, [draft.fields for draft in extraction.drafts])
