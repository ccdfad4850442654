"""Write N realistic events as JSON Lines in chrono's native event shape (standard library only).

Deterministic for a given seed: 1990–2026, about 5,000 actors with Zipf-distributed frequency ("Vladimir
Putin" among them, in about 1% of events), 1–4 actors per event, mixed precision (year, month, day,
minute), tags and sources.

    python bench/generate.py 1000000 > bench/data/events-1m.jsonl
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from typing import Any, TextIO

ACTORS = 5000
PUTIN_RANK = 28  # with Zipf s=1 over 5,000 names and ~2.5 actors an event, rank 28 is in ~1% of events
TAGS = [
    "diplomacy", "drones", "missiles", "sanctions", "nuclear", "war", "treaty", "elections", "protests",
    "energy", "trade", "cyber", "refugees", "ceasefire", "summit", "espionage", "arms", "oil", "gas",
    "grain", "shipping", "aid", "courts", "media", "human-rights", "terrorism", "border", "navy",
    "air-defence", "artillery", "economy", "banking", "space", "health", "climate", "migration",
]  # fmt: skip
ZONES = ["Europe/Moscow", "Asia/Tehran", "Europe/Kyiv", "America/New_York", "UTC", "Europe/Berlin"]
VERBS = ["meets", "visits", "condemns", "signs agreement with", "sanctions", "attacks", "talks with"]


def actor_names(rng: random.Random) -> list[str]:
    syllables = ["ka", "ri", "mo", "ta", "ne", "vo", "lu", "sa", "di", "ar", "el", "om", "ya", "zu"]
    names: set[str] = set()
    out: list[str] = []
    while len(out) < ACTORS - 1:
        first = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()
        last = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{first} {last}"
        if name not in names:
            names.add(name)
            out.append(name)
    out.insert(PUTIN_RANK - 1, "Vladimir Putin")
    return out


def when(rng: random.Random) -> dict[str, Any]:
    year = rng.randint(1990, 2026)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.10:
        return {"start": str(year)}
    if roll < 0.30:
        value: dict[str, Any] = {"start": f"{year}-{month:02d}"}
        if rng.random() < 0.2:
            value["approximate"] = True
        return value
    if roll < 0.90:
        value = {"start": f"{year}-{month:02d}-{day:02d}"}
        if rng.random() < 0.05:
            value["end"] = f"{year}-{month:02d}-{min(day + rng.randint(1, 3), 28):02d}"
        return value
    hour, minute = rng.randint(8, 20), rng.choice([0, 15, 30, 45])  # clear of DST changes
    return {"start": f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}", "timezone": rng.choice(ZONES)}


def write_events(count: int, seed: int, out: TextIO) -> None:
    rng = random.Random(seed)
    names = actor_names(rng)
    cum_weights = list(itertools.accumulate(1.0 / rank for rank in range(1, len(names) + 1)))
    for number in range(count):
        actors: list[str] = []
        for name in rng.choices(names, cum_weights=cum_weights, k=rng.randint(1, 4)):
            if name not in actors:
                actors.append(name)
        event: dict[str, Any] = {
            "id": f"ev{number:07d}",
            "title": f"{actors[0]} {rng.choice(VERBS)} {actors[-1] if len(actors) > 1 else 'delegation'}",
            **when(rng),
            "actors": actors,
            "tags": rng.sample(TAGS, rng.randint(1, 3)),
            "sources": [
                {
                    "url": f"https://news.example.org/{rng.randint(1, 400_000)}",
                    "publisher": rng.choice(["Reuters", "AP", "AFP", "BBC", "CNN"]),
                }
            ],
        }
        if rng.random() < 0.3:
            event["description"] = f"Reported by {event['sources'][0]['publisher']}."
        out.write(json.dumps(event, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many events")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    write_events(args.count, args.seed, sys.stdout)


if __name__ == "__main__":
    main()
