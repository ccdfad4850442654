"""Benchmark of `chrono extract`'s date tagger: accuracy on an annotated set, beside dateparser; speed.

    python bench/extract.py [bench/extract_dev.yaml]

Accuracy, for chrono and for `dateparser.search_dates` on the same documents in the same run:
- span recall: annotated expressions overlapped by an expression found;
- exact values: annotated expressions whose overlapping expression has exactly the annotated value
  (TimeML TIMEX3 notation: "2024", "2024-12", "2024-12-08", "2022-W40", "2022-SU", "199", "18");
- spurious: expressions found that overlap no annotated one, per expression found.
dateparser answers with a datetime, so its value is that day; "at the annotated precision" also counts
it right when its answer, cut to the annotation's year or month, is the annotation (a leniency chrono
does not get).

Speed: extracting drafts from a 1,000-word article (median of 20 runs, start-up excluded) and from
1 MB of text. Targets (issue 9): ≥ 90% exact values, ≥ 95% spans, < 1 spurious per 10 found; 200 ms and
10 s.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from chrono.dates import parse_date
from chrono.extract.drafts import extract
from chrono.extract.temporal import find_dates
from chrono.extract.text import Article

HERE = Path(__file__).resolve().parent

Span = tuple[int, int, str | None]  # start, end, value


def gold_spans(doc: dict[str, Any]) -> list[Span]:
    text, spans, cursor = doc["text"], [], 0
    for words, value in doc["dates"]:
        start = text.index(str(words), cursor)
        cursor = start + len(str(words))
        spans.append((start, cursor, str(value)))
    return spans


def chrono_spans(text: str, published: dt.date) -> list[Span]:
    return [(m.start, m.end, m.value) for m in find_dates(text, published)]


def dateparser_spans(text: str, published: dt.date) -> list[Span]:
    from dateparser.search import search_dates

    base = dt.datetime(published.year, published.month, published.day, 12)
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    spans, cursor = [], 0
    for words, when in found:
        start = text.find(words, cursor)
        if start < 0:
            continue
        cursor = start + len(words)
        spans.append((start, cursor, when.date().isoformat()))
    return spans


def _lenient(found: str | None, gold: str) -> bool:
    """dateparser's day, cut to the annotation's precision where that is a year or a month."""
    if found is None:
        return False
    if len(gold) == 4 and gold.isdigit():
        return found[:4] == gold
    if len(gold) == 7 and gold[4] == "-" and gold[5:].isdigit():
        return found[:7] == gold
    return found == gold


def score(docs: list[dict[str, Any]], tagger: Any) -> dict[str, float]:
    gold_total = found_total = spans_hit = exact = lenient = spurious = 0
    for doc in docs:
        gold = gold_spans(doc)
        found = tagger(doc["text"], doc["published"])
        gold_total += len(gold)
        found_total += len(found)
        for g_start, g_end, g_value in gold:
            overlapping = [f for f in found if f[0] < g_end and g_start < f[1]]
            if overlapping:
                spans_hit += 1
            exact += any(f[2] == g_value for f in overlapping)
            lenient += any(f[2] == g_value or _lenient(f[2], str(g_value)) for f in overlapping)
        spurious += sum(1 for f in found if not any(f[0] < g[1] and g[0] < f[1] for g in gold))
    return {
        "annotated": gold_total,
        "found": found_total,
        "span recall": spans_hit / gold_total,
        "exact values": exact / gold_total,
        "values at the annotated precision": lenient / gold_total,
        "spurious per found": spurious / found_total if found_total else 0.0,
    }


def speed(docs: list[dict[str, Any]]) -> dict[str, float]:
    corpus = "\n".join(doc["text"] for doc in docs)
    words: list[str] = []
    article_text = ""
    while len(words) < 1000:
        article_text += corpus + "\n"
        words = article_text.split()
    article_text = " ".join(words[:1000])
    published = parse_date("2025-01-14")
    article = Article(article_text, "text", "bench", title="Bench", published=published)
    extract(article)  # warm: compiled patterns, the month names read once
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        extract(article)
        runs.append(time.perf_counter() - start)
    megabyte = (corpus + "\n") * (1_000_000 // (len(corpus) + 1) + 1)
    big = Article(megabyte[:1_000_000], "text", "bench", title="Bench", published=published)
    start = time.perf_counter()
    result = extract(big)
    big_time = time.perf_counter() - start
    return {
        "1,000-word article, ms (median of 20)": statistics.median(runs) * 1000,
        "1 MB of text, s": big_time,
        "drafts from 1 MB": len(result.drafts),
    }


def main() -> None:
    import yaml

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "extract_dev.yaml"
    docs = yaml.safe_load(path.read_text(encoding="utf-8"))["documents"]
    print(f"{path.name}: {len(docs)} documents")
    for name, tagger in (("chrono", chrono_spans), ("dateparser.search_dates", dateparser_spans)):
        figures = score(docs, tagger)
        print(f"\n{name}")
        for key, value in figures.items():
            print(f"  {key}: {value:.1%}" if isinstance(value, float) else f"  {key}: {value}")
    print("\nspeed (chrono extract, no database)")
    for key, value in speed(docs).items():
        print(f"  {key}: {value:.1f}" if isinstance(value, float) else f"  {key}: {value}")


if __name__ == "__main__":
    main()
