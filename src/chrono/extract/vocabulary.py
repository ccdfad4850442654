"""The words and patterns of the temporal tagger: month and weekday names, numbers, ordinals, seasons,
the parts of a month or year, the words that mark tense, and one pattern per kind of date expression.

`chrono.extract.temporal` runs the patterns; the handlers in `stated` and `relative` turn a match into a
date. Nothing here reckons.
"""

from __future__ import annotations

import re

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip


MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![a-z])"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])\.?)"
)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "a few": 3, "several": 3,
}  # fmt: skip


NUM = r"(?:\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"


ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}  # fmt: skip


ORDINAL = (
    r"(?:twenty[- ]first|"
    + "|".join(sorted((w for w in ORDINALS if "-" not in w), key=len, reverse=True))
    + r")"
)


SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "autumn": ("FA", 9),
    "fall": ("FA", 9),
    "winter": ("WI", 12),
}


PART = r"(?:early|mid|middle|late|the\s+(?:beginning|start|end|middle|first\s+half|second\s+half)\s+of)"


FUTURE = re.compile(
    r"\b(?:will|shall|won't|would|(?:is|are|was|were)\s+(?:expected|set|due|scheduled|planning|going)\s+(?:to|for)|"
    r"plans?\s+to|intends?\s+to|expects?|hopes?\s+to|upcoming|forthcoming|next)\b",
    re.IGNORECASE,
)


PAST = re.compile(
    r"\b(?:was|were|had|did|said|took|met|won|lost|fell|rose|began|struck|made|came|went|fled|held|led|"
    r"left|sent|told|saw|gave|ago|last|earlier|[a-z]{2,}ed)\b",
    re.IGNORECASE,
)


CLAUSE_BREAK = re.compile(r",\s|;\s|\s(?:and|but|while|as|after|before|when)\s")


QUANTITY_BEFORE = re.compile(
    r"(?:over|than|about|nearly|almost|some|around|approximately|roughly|up\s+to|least|only|just|\$|€|£)\s*$",
    re.IGNORECASE,
)


APPROX_WORDS = {
    "almost",
    "nearly",
    "about",
    "around",
    "some",
    "roughly",
    "approximately",
    "over",
    "more than",
}


# --- the patterns, one per kind of expression ----------------------------------------------------


def _p(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)


PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "anchored",
        _p(
            r"(?:\b(?P<q>almost|nearly|about|around|some|roughly|just|only|more\s+than|over)\s+)?"
            r"\b(?P<n>" + NUM + r")(?P<half>\s+and\s+a\s+half)?\s+(?P<unit>day|week|month|year)s?\s+"
            r"(?P<dir>before|after)\s+(?P<anchor>(?:the|his|her|its|their|[A-Z])[^,.;:!?\n\"“”()]{2,120})",
            re.I,
        ),
    ),
    (
        "month_span",
        _p(
            r"\b(?:(?P<kw>from|between)\s+)?(?P<m1>" + MONTH + r")\s*(?:–|-|to|until|through|and)\s*"
            r"(?P<m2>" + MONTH + r"),?\s+(?P<y>\d{4})\b"
        ),
    ),
    (
        "year_span",
        _p(
            r"\b(?:(?P<kw>[Ff]rom|[Bb]etween)\s+)?(?P<y1>1\d{3}|20\d{2})\s*(?:–|-|\s(?:to|until|and|through)\s)"
            r"\s*(?P<y2>1\d{3}|20\d{2}|\d{2})\b(?!\d|,\d)"
        ),
    ),
    (
        "dmy",
        _p(
            r"(?:\b" + WEEKDAY + r",?\s+)?(?:\bthe\s+)?\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            r"(?P<mon>" + MONTH + r"),?\s+(?P<y>\d{4})\b"
        ),
    ),
    (
        "mdy",
        _p(
            r"(?:\b" + WEEKDAY + r",?\s+)?\b(?P<mon>" + MONTH + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
            r"(?P<y>\d{4})\b"
        ),
    ),
    (
        "md",
        _p(
            r"(?:\b" + WEEKDAY + r",?\s+)?\b(?P<mon>" + MONTH + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
            r"(?!\d|:\d|,?\s*\d{4}\b)"
        ),
    ),
    (
        "dm",
        _p(
            r"(?:\b" + WEEKDAY + r",?\s+)?(?:\bthe\s+)?\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            r"(?P<mon>" + MONTH + r")(?!\s*,?\s*\d)"
        ),
    ),
    (
        "my",
        _p(r"(?:\b(?P<part>" + PART + r")[\s-]+)?\b(?P<mon>" + MONTH + r"),?\s+(?:of\s+)?(?P<y>\d{4})\b"),
    ),
    (
        "season",
        _p(
            r"(?:\b(?P<part>early|late|mid)[\s-]+)?(?:\bthe\s+)?(?:\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming)\s+)?"
            r"\b(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\b(?:\s+(?:of\s+)?(?P<y>\d{4})\b)?"
        ),
    ),
    (
        "quarter",
        _p(
            r"\b(?:the\s+)?(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)\s+quarter"
            r"(?:\s+of\s+(?:(?P<y>\d{4})|(?P<rel>last|this|next)\s+year))?"
            r"|\bQ(?P<qn>[1-4])\s+(?P<y2>\d{4})\b",
            re.I,
        ),
    ),
    (
        "decade",
        _p(r"(?:\b(?:the\s+)?(?P<part>early|mid|late)[\s-]+|\bthe\s+)?\b(?P<dec>1\d{2}0|20\d0)'?s\b", re.I),
    ),
    ("short_decade", _p(r"\bthe\s+(?P<part>(?:early|mid|late)[\s-]+)?'(?P<dd>\d0)s\b", re.I)),
    (
        "century",
        _p(
            r"\bthe\s+(?:(?P<part>early|mid|late)[\s-]+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>"
            + ORDINAL
            + r"))"
            r"[\s-]+century\b",
            re.I,
        ),
    ),
    (
        "part_rel",
        _p(
            r"\b(?P<part>earlier|later|early|late|the\s+(?:beginning|start|end|middle)\s+of)\s+"
            r"(?P<rel>last|next|this|the)\s+(?P<unit>week|month|year)\b",
            re.I,
        ),
    ),
    ("rel_unit", _p(r"\b(?P<rel>last|next|this)\s+(?P<unit>week|month|year|decade)\b", re.I)),
    ("ago", _p(r"\b(?P<n>" + NUM + r")\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b", re.I)),
    ("dayword", _p(r"\b(?P<w>yesterday|today|tomorrow|tonight|last\s+night)\b", re.I)),
    ("weekend", _p(r"\b(?P<rel>last|next|this|the)\s+weekend\b", re.I)),
    (
        "offset_rel",
        _p(
            r"\b(?P<n>" + NUM + r")\s+(?P<unit>day|week|month|year)s?\s+"
            r"(?:(?P<dir>earlier|later)\b|(?P<dir2>before|after)\b(?![ \t]+\w))",
            re.I,
        ),
    ),
    (
        "day_rel",
        _p(
            r"\bthe\s+(?:(?P<unit>day|week|month|year)\s+(?P<dir>before|after|earlier|later)\b"
            r"(?!\s+(?:the|his|her|its|their|[A-Z]))|(?P<dir2>previous|next|following)\s+(?P<unit2>day|week|month|year)\b)",
            re.I,
        ),
    ),
    (
        "weekday",
        _p(
            r"(?:\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil)\s+)?\b(?P<wd>"
            + WEEKDAY
            + r")\b"
            r"(?:\s+(?:morning|afternoon|evening|night)\b)?"
            r"(?!,?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH + r"|,?\s+" + MONTH + r"\s+\d)"
        ),
    ),
    (
        "month_span_rel",
        _p(
            r"\b(?:[Ff]rom|[Bb]etween)\s+(?P<m1>" + MONTH + r")\s+(?:to|until|through|and)\s+"
            r"(?P<m2>" + MONTH + r")(?!\s*,?\s*\d)"
        ),
    ),
    (
        "month_rel",
        _p(
            r"(?:\b(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[\s-]+(?=(?:last|next|this)\s))?"
            r"\b(?P<prep>[Ii]n|[Tt]he(?=\s+"
            + MONTH
            + r"\s+[a-z])|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring|[Tt]hrough|[Ll]ast|[Nn]ext|[Tt]his|"
            r"[Ee]arly|[Mm]id|[Ll]ate|[Ee]arlier\s+in|[Ll]ater\s+in|[Tt]he\s+(?:beginning|start|end|middle)\s+of)"
            r"[\s-]+(?P<mon>" + MONTH + r")(?!\s*,?\s*\d)"
        ),
    ),
    (
        "year",
        _p(
            r"(?:\b(?P<part>" + PART + r")[\s-]+|(?<![\d,.$€£/'-]))\b(?P<y>1\d{3}|20\d{2})\b"
            r"(?!\d|,\d|\.\d|\s*%|-\d|'?s\b)"
        ),
    ),
    ("short_year", _p(r"(?<![\w'’])['’](?P<yy>\d{2})\b(?!s\b)")),
)


PREPOSITIONS = re.compile(r"(?:in|the|since|until|by|from|during|through)\s+", re.IGNORECASE)
