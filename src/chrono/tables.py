"""The database schema, as SQLModel tables.

Spans are stored as integer wall-clock keys (YYYYMMDDHHMMSS, half-open) so that range queries are plain
integer comparisons on an index, on SQLite and PostgreSQL alike. The event–actor link carries a copy of
the event's span, so "events with Putin in 2022" is answered from one index without touching the
events table until the rows are known.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel


def _bytewise(kind: Any) -> Any:
    """Sort by code point on PostgreSQL as on SQLite, so both backends list in the same order."""
    return kind.with_variant(type(kind)(collation="C", **_length(kind)), "postgresql")


def _length(kind: Any) -> dict[str, Any]:
    return {"length": kind.length} if getattr(kind, "length", None) else {}


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class Event(SQLModel, table=True):
    __tablename__ = "event"
    __table_args__ = (Index("ix_event_span", "span_start", "span_end"),)

    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(sa_column=Column(_bytewise(String(64)), unique=True, nullable=False))
    title: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    start: str
    end: str | None = None
    precision: str
    timezone: str | None = None
    approximate: bool = False
    uncertain: bool = False
    location: str | None = None
    status: str = Field(default="confirmed", index=True)
    span_start: int = Field(sa_column=Column(BigInteger, nullable=False))
    span_end: int = Field(sa_column=Column(BigInteger, nullable=False))
    created: str
    updated: str
    revision: int = 1
    digest: str
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Actor(SQLModel, table=True):
    __tablename__ = "actor"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(_bytewise(Text()), nullable=False))
    kind: str | None = None


class ActorName(SQLModel, table=True):
    """Every name an actor answers to (its own name and its aliases), by case-insensitive key."""

    __tablename__ = "actor_name"
    key: str = Field(primary_key=True)
    name: str
    actor_id: int = Field(
        sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False, index=True)
    )


class EventActor(SQLModel, table=True):
    __tablename__ = "event_actor"
    __table_args__ = (Index("ix_event_actor_actor_span", "actor_id", "span_start", "span_end"),)

    event_pk: int = Field(
        sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
    )
    actor_id: int = Field(
        sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = 0
    role: str | None = None
    span_start: int = Field(sa_column=Column(BigInteger, nullable=False))
    span_end: int = Field(sa_column=Column(BigInteger, nullable=False))


class Tag(SQLModel, table=True):
    __tablename__ = "tag"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    name: str = Field(sa_column=Column(_bytewise(Text()), nullable=False))


class EventTag(SQLModel, table=True):
    __tablename__ = "event_tag"
    __table_args__ = (Index("ix_event_tag_tag", "tag_id", "event_pk"),)

    event_pk: int = Field(
        sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
    )
    tag_id: int = Field(sa_column=Column(Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True))
    position: int = 0


class Source(SQLModel, table=True):
    __tablename__ = "source"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    archive_url: str | None = None


class EventSource(SQLModel, table=True):
    __tablename__ = "event_source"

    event_pk: int = Field(
        sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
    )
    source_id: int = Field(
        sa_column=Column(Integer, ForeignKey("source.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = 0
    quote: str | None = None


class Feed(SQLModel, table=True):
    """A saved, named filter that `chrono serve` publishes at /feeds/NAME.ics (schema version 2)."""

    __tablename__ = "feed"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    title: str | None = None
    params: str = Field(sa_column=Column(Text, nullable=False))  # JSON of Filter.to_params()
    created: str
    updated: str
