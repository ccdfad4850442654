"""Draft events written as a chrono event file: YAML with comments (the default), JSON or JSON Lines.

What `chrono import` reads is the events' fields alone. How each date was found and resolved goes in
YAML comments, or in JSON in a `__draft__` field (fields that start with "__" are left alone by import),
so the file imports unchanged. Unresolved expressions are listed at the end (YAML comments, JSON
`__unresolved__`); JSON Lines has one event a line and nothing else.
"""

from __future__ import annotations

import json
from typing import Any

from chrono.extract.drafts import Extraction

__all__ = ["render_dates", "render_drafts"]


def render_drafts(result: Extraction, fmt: str) -> str:
    if fmt == "json":
        document: dict[str, Any] = {
            "events": [{**d.fields, "__draft__": d.notes()} for d in result.drafts],
        }
        if result.unresolved:
            document["__unresolved__"] = [_unresolved_dict(line, m) for line, m in result.unresolved]
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(d.fields, ensure_ascii=False) + "\n" for d in result.drafts)
    return _yaml(result)


def render_dates(result: Extraction) -> str:
    """`--dates`: every date expression, one JSON object a line."""
    return "".join(json.dumps(m.to_dict(), ensure_ascii=False) + "\n" for m in result.mentions)


def _unresolved_dict(line: int, mention: Any) -> dict[str, Any]:
    return {"line": line, "text": mention.text, "reason": mention.reason}


def _q(value: Any) -> str:
    """A YAML scalar: JSON strings are YAML double-quoted strings, so nothing can be misread."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def _yaml(result: Extraction) -> str:
    article = result.article
    out = [f"# chrono extract: {len(result.drafts)} draft event(s) from {_comment(article.label)}"]
    if result.reference is not None:
        out.append(
            f"# relative dates resolved against the publication date {result.reference.isoformat()} "
            f"({article.published_from})"
        )
    else:
        out.append("# no publication date: relative dates are left unresolved (give --published)")
    out.append("# review and edit, then: chrono import FILE")
    out.append("events:")
    if not result.drafts:
        out[-1] = "events: []"
    for draft in result.drafts:
        notes = draft.notes()
        out.append("")
        out.append(f"  # line {draft.line}: {_comment(notes['resolution'])}")
        for other in notes.get("also", []):
            out.append(f"  # also: {_comment(other)}")
        if "same_as" in notes:
            out.append(f"  # same as {_comment(notes['same_as'])}: importing adds this article as its source")
        fields = draft.fields
        if "id" in fields:
            out.append(f"  - id: {_q(fields['id'])}")
            out.append(f"    title: {_q(fields['title'])}")
        else:
            out.append(f"  - title: {_q(fields['title'])}")
        out.append(f"    start: {_q(fields['start'])}")
        out.append(f"    status: {_q(fields['status'])}")
        if "same_as" in fields:
            out.append(f"    same_as: {_q(fields['same_as'])}")
        if fields.get("actors"):
            out.append("    actors:")
            for actor in fields["actors"]:
                if isinstance(actor, dict):
                    out.append(f"      - {{name: {_q(actor['name'])}}}  # new actor: not in the database")
                else:
                    out.append(f"      - {_q(actor)}")
        out.append("    sources:")
        for source in fields["sources"]:
            first = True
            for key in ("url", "title", "publisher", "published", "quote"):
                if key in source:
                    out.append(f"      {'- ' if first else '  '}{key}: {_q(source[key])}")
                    first = False
    if result.unresolved:
        out.append("")
        out.append(f"# {len(result.unresolved)} date expression(s) not resolved, so no draft for them:")
        for line, mention in result.unresolved:
            out.append(f"#   line {line}: {_comment(mention.text)!r}: {_comment(mention.reason or '')}")
    return "\n".join(out) + "\n"
