"""From an article to draft events: one per dated statement, each a mapping `chrono import` accepts.

A statement is a clause of a sentence with a date expression in it. Its draft has a headline-like
title, the date at the precision the text gives, the actors named, the article as its source with the
sentence as the quote, and status `draft`. A draft that tells of an event already in the database
(overlapping dates, shared actors, similar words) says `same_as: ID`: importing it adds the article as
a further source of that event and changes nothing else. Every draft is checked with
`chrono.fields.event_from_mapping`, the validator `chrono import` uses.

The database's contents come in as values (actor names, event records): this module stores nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from chrono.dates import Precision, When, parse_when
from chrono.errors import InvalidInput
from chrono.extract.actors import ActorIndex, proper_names
from chrono.extract.temporal import Anchor, Mention, find_dates
from chrono.extract.text import Article
from chrono.fields import event_from_mapping
from chrono.models import EventRecord, fold, new_id

__all__ = ["Draft", "Extraction", "extract"]


@dataclass(slots=True)
class Draft:
    """One draft event: `fields` is exactly what goes into the file; the rest explains it."""

    fields: dict[str, Any]
    mention: Mention
    line: int
    others: list[Mention] = field(default_factory=list)
    new_actors: list[str] = field(default_factory=list)
    same_as_title: str | None = None

    def notes(self) -> dict[str, Any]:
        """What a reviewer needs to know, as data (JSON) or comments (YAML)."""
        notes: dict[str, Any] = {
            "expression": self.mention.text,
            "resolution": self.mention.how(),
            "line": self.line,
        }
        if self.mention.anchor:
            notes["anchor"] = self.mention.anchor
        if self.others:
            notes["also"] = [m.how() for m in self.others]
        if self.new_actors:
            notes["new_actors"] = list(self.new_actors)
        if self.same_as_title:
            notes["same_as"] = f"{self.fields['same_as']} ({self.same_as_title})"
        return notes


@dataclass(slots=True)
class Extraction:
    article: Article
    reference: dt.date | None
    drafts: list[Draft]
    mentions: list[Mention]
    unresolved: list[tuple[int, Mention]]  # (line, mention) of every expression left unresolved


# --- sentences and clauses ------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "sen", "rep", "prof", "no", "vs", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co",
    "ltd", "lt", "col", "sgt", "capt", "adm", "e.g", "i.e", "u.s", "u.k", "d.c", "u.n", "a.m", "p.m",
}  # fmt: skip
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*(?=\s+[\"“‘(A-Z0-9])")
_CLAUSE = re.compile(r";\s+|,\s+(?=(?:while|whereas|but|although)\b|and\s+(?:[A-Z]|the\s|its\s|his\s|her\s))")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence; paragraphs (lines) always end one."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for m in _BOUNDARY.finditer(text, line.start(), line.end()):
            word = re.search(r"([\w.]+)$", text[start : m.start()])
            token = (word.group(1) if word else "").lower()
            if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue
            spans.append(_trimmed(text, start, m.end()))
            start = m.end()
        spans.append(_trimmed(text, start, line.end()))
    return [s for s in spans if s[1] > s[0]]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, begin = [], start
    for m in _CLAUSE.finditer(text, start, end):
        spans.append((begin, m.start()))
        begin = m.end()
    spans.append((begin, end))
    return spans


# --- titles ---------------------------------------------------------------------------------------

_LEADING = re.compile(
    r"^(?:according\s+to\s+[^,]+,\s*|(?:however|nevertheless|meanwhile|moreover|also|but|and|just|still|thus|"
    r"so|then|now|yet|almost|nearly|only|while|whereas|although)\b,?\s*)",
    re.IGNORECASE,
)
_TRAILING = (
    re.compile(
        r",\s+(?:which|who|where|while|whereas|although|though|according|because|but|as|said)\b.*$", re.S
    ),
    re.compile(r"\s+that\s+(?:has|have|had|is|are|was|were|will)\b.*$", re.S),
    re.compile(r",?\s+according\s+to\b.*$", re.S | re.IGNORECASE),
    re.compile(r",\s+(?:[\w'’-]+\s+){0,5}(?:said|says|reported|added)[\s.]*$"),
    re.compile(
        r"\s+(?:showed|shows|found|finds|revealed|reveals|said|says|reported|estimated)\s+that\b.*$", re.S
    ),
)
_PARTICIPLE = re.compile(
    r"\b(?:the|a|an)\s+((?:[\w-]+\s+){0,3}?[\w-]+\s+\w+ed)\s+(?:in|on|during|at)\s*$", re.I
)
_PREP_BEFORE = re.compile(r"(?:\b(?:in|on|during|at|since|by|from)\s+)?$", re.IGNORECASE)
_KEEP_BEFORE = re.compile(r"\b(?:for|of|the)\s+$", re.IGNORECASE)
MAX_TITLE = 120


def headline(text: str, start: int, end: int, mentions: Sequence[Mention], primary: Mention) -> str:
    """The clause as a headline: without its dates, leading attributions or trailing clauses."""
    clause = text[start:end]
    before = text[start : primary.start]
    after = text[primary.end : end].strip(' .,;:!?"”')
    participle = _PARTICIPLE.search(before)
    if participle and not after:
        return _finish(participle.group(1))
    pieces: list[str] = []
    cursor = start
    for m in sorted(mentions, key=lambda x: x.start):
        if m.start < cursor or m.end > end or (m is not primary and m.anchor is None):
            continue
        head = text[cursor : m.start]
        if _KEEP_BEFORE.search(head) and m.anchor is None:
            continue
        prep = _PREP_BEFORE.search(head)
        pieces.append(head[: prep.start()] if prep else head)
        cursor = m.end
    pieces.append(text[cursor:end])
    title = "".join(pieces) if pieces else clause
    return _finish(title)


_TITLE_OF_NAME = re.compile(
    r"\b(?:(?:US|U\.S\.|UN|[A-Z][a-z]+(?:ian|ish|ese|an|i))\s+)?(?:designated\s+)?(?:President|Prime\s+Minister|"
    r"Foreign\s+Minister|Defen[cs]e\s+Minister|Supreme\s+Leader|Secretary\s+of\s+State|Chancellor)\s+(?=[A-Z])"
)


def _finish(title: str) -> str:
    title = " ".join(title.split())
    title = _TITLE_OF_NAME.sub("", title)
    for _ in range(3):
        title = re.sub(r"^[\s,;:–—-]+", "", title)
        title = _LEADING.sub("", title)
    for pattern in _TRAILING:
        title = pattern.sub("", title)
    title = re.sub(r"\s+([,.;:])", r"\1", title)
    title = re.sub(r",\s*,", ",", title).strip(" ,;:.!?")
    if len(title) > MAX_TITLE:
        cut = title[:MAX_TITLE].rsplit(" ", 1)[0]
        title = cut.rstrip(" ,;:")
    return title[:1].upper() + title[1:]


# --- matching events already stored --------------------------------------------------------------

_STOP = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "it", "its", "his",
    "her", "their", "into", "than", "more", "over", "after", "before", "since", "while", "which",
    "who", "not", "also", "now", "just", "according", "said", "will", "would",
}  # fmt: skip
# Words that name the same kind of event; a small list for news English, not a thesaurus.
# A word that starts with a key stands for the key's value.
_SAME = {
    "inaugur": "inaugur", "return": "inaugur", "sworn": "inaugur", "white": "inaugur",
    "invasi": "invad", "invade": "invad", "march": "invad", "incursion": "invad",
    "visit": "visit", "travel": "visit", "trip": "visit",
    "sign": "sign", "agreem": "treaty", "treat": "treaty", "partnership": "treaty",
    "launch": "launch", "started": "launch", "drone": "drone", "investig": "investig",
}  # fmt: skip
_SAME_KEYS = sorted(_SAME, key=len, reverse=True)


def _stems(text: str) -> set[str]:
    stems = {_stem(word.strip(",")) for word in re.findall(r"[\w,]+", fold(text))}
    stems.discard("")
    return stems


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if not word or word in _STOP:
        return ""
    key = next((k for k in _SAME_KEYS if word.startswith(k)), None)
    return _SAME[key] if key else word[:6]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


@dataclass(slots=True)
class _Known:
    record: EventRecord
    when: When
    title_stems: set[str]
    quote_stems: list[set[str]]
    actors: set[str]


def _known(records: Sequence[EventRecord]) -> list[_Known]:
    return [
        _Known(
            r,
            r.when(),
            _stems(" ".join([r.title, *r.tags])),
            [_stems(s.quote) for s in r.sources if s.quote],
            {fold(a) for a in r.actors},
        )
        for r in records
    ]


def _same_event(
    known: Sequence[_Known], when: When, title: str, quote: str, actors: Sequence[str]
) -> _Known | None:
    """The stored event a statement tells of: dates overlap, and actors and words agree enough."""
    lo, hi = when.span()
    title_stems, quote_stems = _stems(title), _stems(quote)
    folded = {fold(a) for a in actors}
    best: tuple[float, _Known] | None = None
    for k in known:
        k_lo, k_hi = k.when.span()
        if k_hi <= lo or hi <= k_lo:
            continue
        words = max(_overlap(title_stems, k.title_stems), _overlap(quote_stems, k.title_stems))
        quoted = max((_overlap(quote_stems, q) for q in k.quote_stems), default=0.0)
        shared = len(folded & k.actors)
        score = words + (quoted if quoted >= 0.6 else 0.0) + (0.25 if shared else 0.0)
        if (words >= 0.3 or quoted >= 0.8) and (shared or words >= 0.5) and (best is None or score > best[0]):
            best = (score, k)
    return best[1] if best else None


def anchor_lookup(known: Sequence[_Known], index: ActorIndex) -> Any:
    """A function from an anchor phrase ("the return of … Trump into the White House") to an event."""

    def find(phrase: str) -> Anchor | None:
        stems = _stems(phrase)
        actors = {fold(a) for a in index.find(phrase)}
        best: tuple[float, _Known] | None = None
        for k in known:
            words = len(stems & k.title_stems)
            shared = len(actors & k.actors)
            if words == 0:
                continue
            score = words + shared
            if score >= 2 and (best is None or score > best[0]):
                best = (score, k)
        if best is None:
            return None
        return Anchor(best[1].record.id, best[1].record.title, best[1].when)

    return find


# --- the builder ------------------------------------------------------------------------------------


def extract(
    article: Article,
    *,
    actor_names: Iterable[tuple[str, str]] = (),
    events: Sequence[EventRecord] = (),
    use_database: bool = False,
) -> Extraction:
    """Draft events from an article; `actor_names` are (name or alias, canonical name) pairs."""
    reference = _reference(article)
    index = ActorIndex.build(actor_names)
    known = _known(events)
    lookup = anchor_lookup(known, index) if use_database else None
    text = article.text
    mentions = find_dates(text, reference, lookup)
    drafts: list[Draft] = []
    unresolved: list[tuple[int, Mention]] = []
    source = _source(article, reference)
    cursor = 0  # mentions and sentences both run in text order: one pass over each
    line, counted = 1, 0
    for s_start, s_end in sentences(text):
        while cursor < len(mentions) and mentions[cursor].start < s_start:
            cursor += 1
        inside = []
        while cursor < len(mentions) and mentions[cursor].start < s_end:
            inside.append(mentions[cursor])
            cursor += 1
        if not inside:
            continue
        line += text.count("\n", counted, s_start)
        counted = s_start
        quote = " ".join(text[s_start:s_end].split())
        for c_start, c_end in _clauses(text, s_start, s_end):
            here = [m for m in inside if c_start <= m.start < c_end]
            resolved = [m for m in here if m.date is not None]
            unresolved += [(line, m) for m in here if m.date is None]
            if not resolved:
                continue
            primary = resolved[0]
            draft = _draft(text, c_start, max(c_end, primary.end), here, primary, quote, source, index, known)
            draft.line = line
            drafts.append(draft)
    return Extraction(article, reference, drafts, mentions, unresolved)


def _reference(article: Article) -> dt.date | None:
    published = article.published
    if published is None or published.day is None:
        return None
    return published.first_day()


def _source(article: Article, reference: dt.date | None) -> dict[str, Any]:
    source: dict[str, Any] = {}
    if article.url:
        source["url"] = article.url
    source["title"] = article.title or (
        article.label if article.label != "standard input" else "Article from standard input"
    )
    if article.publisher:
        source["publisher"] = article.publisher
    if article.published is not None:
        source["published"] = (
            article.published.iso()
            if article.published.precision.rank <= Precision.DAY.rank
            else (article.published.first_day().isoformat())
        )
    return source


def _draft(
    text: str,
    start: int,
    end: int,
    here: list[Mention],
    primary: Mention,
    quote: str,
    source: dict[str, Any],
    index: ActorIndex,
    known: Sequence[_Known],
) -> Draft:
    assert primary.date is not None
    title = headline(text, start, end, here, primary) or quote[:MAX_TITLE]
    # Actors named inside an anchor ("before the return of Trump …") belong to the anchor, not here.
    clause = list(text[start:end])
    for m in here:
        if m.anchor:
            for i in range(max(m.start, start), min(m.end, end)):
                clause[i - start] = " "
    own_text = "".join(clause)
    actors = index.find(own_text)
    new = [n for n in proper_names(own_text, index) if n not in actors]
    fields: dict[str, Any] = {"title": title}
    when = parse_when(primary.date)
    fields["start"] = primary.date
    fields["status"] = "draft"
    if actors or new:
        fields["actors"] = [*actors, *({"name": n} for n in new)]
    fields["sources"] = [{**source, "quote": quote}]
    same = _same_event(known, when, title, quote, actors) if known else None
    if same is not None:
        fields["same_as"] = same.record.id
    else:  # an id of its own, so that importing the reviewed file twice adds it once
        fields = {"id": new_id(), **fields}
    try:
        event_from_mapping(fields)
    except InvalidInput as exc:  # a bug here, never the user's: say which statement
        raise InvalidInput(f"draft {title!r} is not a valid event: {exc}") from exc
    others = [m for m in here if m is not primary]
    return Draft(fields, primary, 0, others, new, same.record.title if same else None)
