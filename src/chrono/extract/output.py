"""Draft events written as a chrono event file: YAML with comments (the default), JSON or JSON Lines.

What `chrono import` reads is the events' fields alone. How each date was found and resolved goes in
YAML comments, or in JSON in a `__draft__` field (fields that start with "__" are left alone by import),
so the file imports unchanged. Unresolved expressions are listed at the end (YAML comments, JSON
`__unresolved__`); JSON Lines has one event a line and nothing else.
"""

from __future__ import annotations

import json
import re
from typing import Any

from chrono.extract.drafts import Extraction

__all__ = ["render_dates", "render_drafts", "yaml_scalar"]


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


_PLAIN = re.compile(r"[A-Za-z][\w .,'’()–-]*[\w)’']")
_KEYWORDS = {"yes", "no", "true", "false", "null", "on", "off", "y", "n"}


def yaml_scalar(value: Any) -> str:
    """A YAML scalar: plain where YAML cannot misread it, else a JSON string (a YAML double-quoted one)."""
    if isinstance(value, str) and _PLAIN.fullmatch(value) and value.lower() not in _KEYWORDS:
        return value
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
    elif article.published is not None:
        out.append(
            f"# the publication date {article.published.iso()} is not a day: relative dates are left "
            "unresolved"
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
            out.append(f"  - id: {yaml_scalar(fields['id'])}")
            out.append(f"    title: {yaml_scalar(fields['title'])}")
        else:
            out.append(f"  - title: {yaml_scalar(fields['title'])}")
        out.append(f"    start: {json.dumps(fields['start'])}")
        out.append(f"    status: {yaml_scalar(fields['status'])}")
        if "same_as" in fields:
            out.append(f"    same_as: {yaml_scalar(fields['same_as'])}")
        if fields.get("actors"):
            out.append("    actors:")
            for actor in fields["actors"]:
                if isinstance(actor, dict):
                    name = json.dumps(actor["name"], ensure_ascii=False)
                    out.append(f"      - {{name: {name}}}  # new actor: not in the database")
                else:
                    out.append(f"      - {yaml_scalar(actor)}")
        out.append("    sources:")
        for source in fields["sources"]:
            first = True
            for key in ("url", "title", "publisher", "published", "quote"):
                if key in source:
                    value = json.dumps(source[key]) if key == "published" else yaml_scalar(source[key])
                    out.append(f"      {'- ' if first else '  '}{key}: {value}")
                    first = False
    if result.unresolved:
        out.append("")
        out.append(f"# {len(result.unresolved)} date expression(s) not resolved (a draft uses none of them):")
        for line, mention in result.unresolved:
            out.append(f"#   line {line}: {_comment(mention.text)!r}: {_comment(mention.reason or '')}")
    return "\n".join(out) + "\n"
