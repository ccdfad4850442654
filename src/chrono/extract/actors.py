"""Who a sentence names: actors the database knows (by any name or alias), and proper names it does not.

Known names match case- and accent-blind on word boundaries, so "Putin's" and "Russian President
Vladimir Putin" find Vladimir Putin; a short all-capitals alias ("US") matches only as written, so the
pronoun "us" does not. Other proper names are runs of capitalised words, shorn of titles ("President",
"Senior Fellow") and nationality words, and proposed as new actors.

No named-entity model is used: none installs from the package registry with its data, and chrono
fetches nothing at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from chrono.models import fold

__all__ = ["ActorIndex", "proper_names"]


@dataclass(slots=True)
class ActorIndex:
    """Every name of every known actor, ready to be looked for in text."""

    names: dict[str, str] = field(default_factory=dict)  # folded name or alias -> canonical name
    exact: dict[str, str] = field(default_factory=dict)  # short acronyms, matched as written
    _folded: re.Pattern[str] | None = None
    _exact: re.Pattern[str] | None = None

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, str]]) -> ActorIndex:
        """From (name or alias, canonical name) pairs."""
        index = cls()
        for alias, canonical in pairs:
            alias = " ".join(alias.split())
            if not alias:
                continue
            if len(alias) <= 5 and alias.replace(".", "").isupper():
                index.exact[alias] = canonical
            else:
                index.names[fold(alias)] = canonical
        if index.names:
            alternatives = "|".join(re.escape(n) for n in sorted(index.names, key=len, reverse=True))
            index._folded = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        if index.exact:
            alternatives = "|".join(re.escape(n) for n in sorted(index.exact, key=len, reverse=True))
            index._exact = re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")
        return index

    def find(self, text: str) -> list[str]:
        """Canonical names of the known actors named in `text`, in order of first mention."""
        found: list[tuple[int, str]] = []
        if self._folded is not None:
            found += [(m.start(), self.names[m.group()]) for m in self._folded.finditer(fold(text))]
        if self._exact is not None:
            found += [(m.start(), self.exact[m.group()]) for m in self._exact.finditer(text)]
        seen: dict[str, None] = {}
        for _, name in sorted(found):
            seen.setdefault(name, None)
        return list(seen)

    def knows(self, name: str) -> bool:
        return fold(name) in self.names or name in self.exact or bool(self.find(name))


_TITLES = {
    "president", "vice", "prime", "minister", "foreign", "defence", "defense", "secretary", "state",
    "director", "senior", "fellow", "chairman", "chair", "general", "supreme", "leader", "ayatollah",
    "king", "queen", "prince", "chancellor", "ambassador", "spokesman", "spokeswoman", "spokesperson",
    "mr", "mrs", "ms", "dr", "sir", "designated", "former", "acting", "deputy", "chief", "commander",
    "senator", "governor", "mayor", "pope", "sheikh", "emir", "editor", "professor", "analyst", "expert",
}  # fmt: skip
_NOT_NAMES = {
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "his", "her",
    "their", "we", "our", "i", "you", "but", "and", "or", "however", "according", "just", "although",
    "while", "nevertheless", "thanks", "in", "on", "at", "for", "what", "almost", "current", "there",
    "thus", "so", "yet", "still", "after", "before", "since", "as", "if", "when", "with", "by", "from",
    "of", "to", "meanwhile", "moreover", "also", "now", "then", "some", "many", "both", "each", "such",
    "conclusion", "outlook", "russian", "iranian", "ukrainian", "american", "european", "western",
    "eastern", "northern", "southern", "israeli", "syrian", "turkish", "chinese", "british", "french",
    "german", "korean", "soviet", "international", "national", "us", "un", "new", "today", "yesterday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
_WORD = re.compile(r"[A-Z][\w’'-]*|[a-z]+(?:-[A-Za-z]+)?|\S")
_CONNECTORS = {"of", "al", "bin", "de", "van", "von", "der", "la", "le", "du", "for"}
_PLACE_BEFORE = {"in", "at", "from", "near", "outside", "across"}


def proper_names(text: str, index: ActorIndex) -> list[str]:
    """Runs of capitalised words that name no known actor: people, organisations, places."""
    tokens = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    runs: list[list[str]] = []
    current: list[str] = []
    places: set[int] = set()  # runs after "in", "at": places, not actors
    for position, (word, _) in enumerate(tokens):
        capital = word[:1].isupper()
        if capital:
            if not current and position and tokens[position - 1][0] in _PLACE_BEFORE:
                places.add(len(runs))
            current.append(word)
            continue
        nxt = tokens[position + 1][0] if position + 1 < len(tokens) else ""
        if current and word in _CONNECTORS and nxt[:1].isupper():
            current.append(word)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    names: list[str] = []
    for number, run in enumerate(runs):
        if number in places and len(run) == 1:
            continue
        name = _clean_run(run, first=tokens[0][0] == run[0] if tokens else False)
        if name and not index.knows(name) and name not in names:
            names.append(name)
    return names


def _clean_run(run: list[str], *, first: bool) -> str | None:
    words = [w.removesuffix("’s").removesuffix("'s") for w in run]
    while words and (
        words[0].lower() in _TITLES or words[0].lower() in _NOT_NAMES or words[0] in _CONNECTORS
    ):
        words.pop(0)
    while words and (words[-1] in _CONNECTORS or words[-1].lower() in _TITLES):
        words.pop()
    if not words:
        return None
    if len(words) == 1:
        word = words[0]
        if word.lower() in _NOT_NAMES or len(word) < 3 or (first and len(run) == 1):
            return None
    return " ".join(words)
