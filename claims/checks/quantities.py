"""Numbers in a claim with what they count, their bounds, and the claim's internal arithmetic.

spaCy tokenises, tags and finds the DATE/TIME/ORDINAL spans we must not read as counts; the
grammar of news figures ("more than 300", "several dozen", "half a million") is ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from claims.checks import arithmetic
from claims.checks.nlp import parse
from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result
from claims.checks.timeexpr import MONTH_NAMES

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# A bare plural stops below the next word up: "dozens" is fewer than "a hundred".
VAGUE_SCALES = {
    "dozens": (24, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "millions": (2_000_000, 999_999_999),
}  # fmt: skip
SCALE_OF_PLURAL = {"hundreds": 100, "thousands": 1_000, "millions": 1_000_000}
# How many of a unit "several" / "a few" may mean ("several dozen" is 24..96).
VAGUE_MULTIPLIERS = {"several": (2, 8), "a few": (2, 5), "a couple of": (2, 3)}
TIME_NOUNS = {"year", "month", "week", "day", "hour", "minute", "second", "night", "decade"}

# Words before a figure: (low, high, approximate) as functions of the stated value.
BOUNDS: dict[str, tuple[Any, Any, bool]] = {
    "more than": (lambda v: _above(v), None, False),
    "over": (lambda v: _above(v), None, False),
    "in excess of": (lambda v: _above(v), None, False),
    "upwards of": (lambda v: _above(v), None, False),
    "just over": (lambda v: _above(v), lambda v: v * 1.1, True),
    "at least": (lambda v: v, None, False),
    "no fewer than": (lambda v: v, None, False),
    "no less than": (lambda v: v, None, False),
    "up to": (None, lambda v: v, False),
    "as many as": (None, lambda v: v, False),
    "at most": (None, lambda v: v, False),
    "no more than": (None, lambda v: v, False),
    "fewer than": (None, lambda v: _below(v), False),
    "less than": (None, lambda v: _below(v), False),
    "under": (None, lambda v: _below(v), False),
    "just under": (lambda v: v * 0.9, lambda v: _below(v), True),
    "nearly": (lambda v: v * 0.9, lambda v: v, True),
    "almost": (lambda v: v * 0.9, lambda v: v, True),
    "close to": (lambda v: v * 0.9, lambda v: v * 1.1, True),
    # A hedged figure is read as within 10% of the stated one.
    "about": (lambda v: v * 0.9, lambda v: v * 1.1, True),
    "around": (lambda v: v * 0.9, lambda v: v * 1.1, True),
    "some": (lambda v: v * 0.9, lambda v: v * 1.1, True),
    "roughly": (lambda v: v * 0.9, lambda v: v * 1.1, True),
    "approximately": (lambda v: v * 0.9, lambda v: v * 1.1, True),
    "an estimated": (lambda v: v * 0.9, lambda v: v * 1.1, True),
    "estimated": (lambda v: v * 0.9, lambda v: v * 1.1, True),
}
TRAILING_BOUNDS = {"or more": "at least", "or so": "about", "or fewer": "at most"}
NOT_COUNTS = {"DATE", "TIME", "ORDINAL"}
# Verbs (and predicative adjectives) saying what happened to what was counted, normalised so
# that "5 died" and "5 people were killed" describe the same figure.
EVENTS = {
    "kill": "killed", "die": "killed", "dead": "killed", "killed": "killed",
    "wound": "injured", "injure": "injured", "hurt": "injured", "injured": "injured",
    "wounded": "injured", "missing": "missing", "evacuate": "evacuated", "detain": "detained",
    "arrest": "detained", "capture": "captured", "destroy": "destroyed", "damage": "damaged",
    "intercept": "shot down", "shoot": "shot down", "down": "shot down", "launch": "launched",
    "fire": "launched", "displace": "displaced", "rescue": "rescued", "hit": "hit",
    "strike": "hit",
}  # fmt: skip
COUNTED_ALIASES = {"people": "person", "persons": "person"}
DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
RANGE_WORDS = {"to", "and", "from", "-", "\u2013"}
LEADING_GROUP = re.compile(r"^\d{1,3}$")
THOUSANDS_GROUP = re.compile(r"^\d{3}(\.\d+)?$")
# Spaces that separate thousands ("135 000", "135\u202f000"); spaCy makes the exotic ones tokens.
GROUP_SPACES = {"\u2009", "\u202f", "\u00a0", "\u2007"}
# A drone or missile "destroyed" by air defences was shot down.
AERIAL = {"drone", "missile", "rocket", "uav", "aircraft", "plane", "helicopter", "jet", "shahed"}
# Words saying a figure changed; "from 120 to 150" near one is a change, not a range.
CHANGE_LEMMAS = {
    "rise", "fall", "increase", "decrease", "drop", "decline", "grow", "growth", "climb", "jump",
    "surge", "plunge", "slump", "soar", "reduce", "reduction", "cut", "gain", "go", "up", "down",
    "double", "halve", "shrink", "swell",
}  # fmt: skip
# "31 in all": spaCy often tags such a total as a DATE.
TOTAL_AFTER = re.compile(r"^\s*,?\s*(?:in all|in total|altogether|all told|combined)\b", re.I)


@dataclass
class Figure:
    start: int  # token indexes, end exclusive
    end: int
    value: float | None
    low: float | None
    high: float | None
    approximate: bool = False
    bound: str | None = None
    percent: bool = False


def _above(value: float) -> float:
    return value + 1 if float(value).is_integer() else value


def _below(value: float) -> float:
    return value - 1 if float(value).is_integer() else value


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    value = round(value, 3)
    return int(value) if float(value).is_integer() else value


def _lower(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.lower_ for t in doc[max(start, 0) : end])


def _digits(token: Token) -> float | None:
    if DIGITS.match(token.text):
        return float(token.text.replace(",", ""))
    return None


def _grouped(doc: Doc, i: int) -> tuple[int, float] | None:
    """ "135 000" or "135\u202f000" as one figure: a group of 1-3 digits, then groups of three."""
    if not LEADING_GROUP.match(doc[i].text):
        return None
    text, j = doc[i].text, i + 1
    while j < len(doc):
        before = doc[j - 1]
        if before.whitespace_ == " " and THOUSANDS_GROUP.match(doc[j].text):
            text, j = text + doc[j].text, j + 1
        elif (
            not before.whitespace_
            and doc[j].text in GROUP_SPACES
            and not doc[j].whitespace_
            and j + 1 < len(doc)
            and THOUSANDS_GROUP.match(doc[j + 1].text)
        ):
            text, j = text + doc[j + 1].text, j + 2
        else:
            break
        if "." in text:
            break
    return (j, float(text)) if j > i + 1 else None


def _words(doc: Doc, i: int) -> tuple[int, float] | None:
    """Read "twenty-five", "one hundred and twenty", "three thousand" from token i."""
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(doc):
        word = doc[j].lower_
        if word in UNITS or word in TENS:
            current += UNITS.get(word, TENS.get(word, 0))
        elif word in SCALES and seen:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1_000:
                total, current = total + current, 0.0
        elif word in {"-", "and"} and seen and j + 1 < len(doc):
            following = doc[j + 1].lower_
            joins_units = word == "-" and doc[j - 1].lower_ in TENS and following in UNITS
            joins_hundreds = (
                word == "and"
                and doc[j - 1].lower_ in SCALES
                and (following in UNITS or following in TENS)
            )
            if not (joins_units or joins_hundreds):
                break
        else:
            break
        seen = True
        j += 1
    return (j, total + current) if seen else None


# The words a figure can start with; any other word starts none unless it starts with a digit.
FIRST_WORDS = (
    {phrase.split()[0] for phrase in VAGUE_MULTIPLIERS}
    | {"tens", "hundreds", "half", "a"}
    | set(VAGUE_SCALES)
    | set(UNITS)
    | set(TENS)
)


def _figure_at(doc: Doc, i: int) -> Figure | None:
    """Read one figure starting at token i, without the bound words before it."""
    token, n = doc[i], len(doc)
    word = token.lower_
    if word not in FIRST_WORDS and not token.text[:1].isdigit():
        return None
    nxt = doc[i + 1].lower_ if i + 1 < n else ""

    for phrase, (lo_mult, hi_mult) in VAGUE_MULTIPLIERS.items():
        words = phrase.split()
        if word != words[0]:
            continue  # read the phrase only where its first word is
        if _lower(doc, i, i + len(words)) == phrase and i + len(words) < n:
            unit_word = doc[i + len(words)].lower_
            unit = 12 if unit_word == "dozen" else SCALES.get(unit_word)
            if unit:
                return Figure(i, i + len(words) + 1, None, lo_mult * unit, hi_mult * unit, True)
    third = doc[i + 2].lower_ if i + 2 < n else ""
    if word in {"tens", "hundreds"} and nxt == "of" and third in SCALE_OF_PLURAL:
        # "tens of thousands", "hundreds of thousands"
        unit = SCALE_OF_PLURAL[third] * (10 if word == "tens" else 100)
        return Figure(i, i + 3, None, 2 * unit, 10 * unit - 1, True)
    if word in VAGUE_SCALES:
        low, high = VAGUE_SCALES[word]
        return Figure(i, i + 1, None, low, high, True)
    if word == "half" and nxt == "a" and i + 2 < n:
        scale = doc[i + 2].lower_
        unit = 12 if scale == "dozen" else SCALES.get(scale)
        if unit:
            return Figure(i, i + 3, unit / 2, unit / 2, unit / 2)
    if word == "a" and (nxt in SCALES or nxt == "dozen"):
        scaled = 12 if nxt == "dozen" else SCALES[nxt]
        return Figure(i, i + 2, scaled, scaled, scaled)

    grouped = _grouped(doc, i)
    value: float | None
    if grouped is not None:
        end, value = grouped
    else:
        value, end = _digits(token), i + 1
    if value is None:
        if word == "one" and token.pos_ != "NUM":
            return None  # "one of them", "no one"
        read = _words(doc, i)
        if read is None:
            return None
        end, value = read
    if end < n and doc[end].lower_ in SCALES:
        value *= SCALES[doc[end].lower_]
        end += 1
    if end < n and doc[end].lower_ == "dozen":
        value *= 12
        end += 1
    figure = Figure(i, end, value, value, value)
    _read_range(doc, figure)
    return figure


def _read_range(doc: Doc, figure: Figure) -> None:
    """Extend "20-30" / "20 to 30" / "between 20 and 30" into a range."""
    j = figure.end
    if j + 1 >= len(doc) or doc[j].lower_ not in {"-", "\u2013", "to", "and"}:
        return
    if doc[j].lower_ == "and" and not (
        figure.start > 0 and doc[figure.start - 1].lower_ == "between"
    ):
        return
    before = doc[figure.start - 1].lower_ if figure.start > 0 else ""
    if before == "from" and _tells_a_change(doc, j):
        return  # "rose from 120 to 150" is two figures
    grouped = _grouped(doc, j + 1)
    upper_end, upper = grouped if grouped is not None else (j + 2, _digits(doc[j + 1]))
    if upper is None or figure.value is None or upper <= figure.value:
        return
    if before == "between":
        figure.start -= 1
        figure.bound = "between"
    else:
        figure.bound = "range"
    figure.low, figure.high, figure.end, figure.value = figure.value, upper, upper_end, None
    figure.approximate = True


def _tells_a_change(doc: Doc, i: int) -> bool:
    return any(t.lemma_.lower() in CHANGE_LEMMAS for t in doc[i].sent)


def _apply_bounds(doc: Doc, figure: Figure) -> None:
    if figure.bound is not None:
        return
    for size in (3, 2, 1):
        phrase = _lower(doc, figure.start - size, figure.start)
        if figure.start - size >= 0 and phrase in BOUNDS:
            low_fn, high_fn, approximate = BOUNDS[phrase]
            figure.start -= size
            figure.bound = phrase
            figure.approximate = figure.approximate or approximate
            if figure.value is not None:
                figure.low = low_fn(figure.value) if low_fn else None
                figure.high = high_fn(figure.value) if high_fn else None
            elif high_fn is None:  # "more than several dozen": keep the lower end only
                figure.high = None
            return
    trailing = _lower(doc, figure.end, figure.end + 2)
    if trailing in TRAILING_BOUNDS and figure.value is not None:
        low_fn, high_fn, approximate = BOUNDS[TRAILING_BOUNDS[trailing]]
        figure.bound = trailing
        figure.end += 2
        figure.approximate = approximate
        figure.low = low_fn(figure.value) if low_fn else None
        figure.high = high_fn(figure.value) if high_fn else None


def _percent(doc: Doc, figure: Figure) -> bool:
    if figure.end < len(doc) and doc[figure.end].lower_ in {"%", "percent"}:
        figure.end += 1
        return True
    if _lower(doc, figure.end, figure.end + 2) == "per cent":
        figure.end += 2
        return True
    return False


def _counted_noun(doc: Doc, figure: Figure) -> Token | None:
    """The noun a figure counts: "300 [Shahed] drones", "dozens of people"."""
    number_tokens = doc[figure.start : figure.end]
    for token in number_tokens:
        head = token.head
        if token.dep_ == "nummod" and head.pos_ == "NOUN" and 0 <= head.i - figure.end < 4:
            return head
    j = figure.end
    if j < len(doc) and doc[j].lower_ == "of" and figure.value != 1:
        # "1,200 of the port's 1,450 workers": the object of "of" is what is counted, never
        # a possessor on the way to it.
        objects = [c for c in doc[j].children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
        if objects:
            return objects[0]
        j += 1  # "dozens of people", "two of the drones"
        if j < len(doc) and doc[j].pos_ == "DET":
            j += 1
    for token in doc[j : j + 4]:
        if token.ent_type_ in NOT_COUNTS and token.ent_type_ != doc[figure.start].ent_type_:
            break  # "rose to 100 last week": the week is when, not what
        if token.pos_ == "NOUN" and token.dep_ != "compound":
            return token
        if token.pos_ in {"ADJ", "NOUN", "PROPN"} or token.tag_ == "HYPH":
            continue
        break
    return None


def _event_word(token: Token) -> str | None:
    # "missing" lemmatises to "miss", which must not make "missed the target" a count of missing.
    return EVENTS.get(token.lemma_.lower()) or EVENTS.get(token.lower_)


def _event(doc: Doc, figure: Figure, noun: Token | None) -> str | None:
    last = noun if noun is not None else doc[figure.end - 1]
    if last.i + 1 < len(doc) and last.nbor().lower_ in EVENTS and last.nbor().pos_ != "ADP":
        return EVENTS[last.nbor().lower_]  # "31 people killed", "5 dead"
    candidates = [noun] if noun is not None else []
    candidates += [
        t for t in doc[figure.start : figure.end] if not figure.start <= t.head.i < figure.end
    ]
    for token in candidates:
        if token.dep_ in {"nsubj", "nsubjpass", "dobj"} and token.head.pos_ in {"VERB", "ADJ"}:
            verb = token.head
            # "were reported missing", "were found dead": the complement says what happened.
            complements = [c for c in verb.children if c.dep_ in {"acomp", "oprd", "xcomp"}]
            return next((e for e in map(_event_word, [verb, *complements]) if e is not None), None)
        for child in token.children:
            if child.dep_ == "acl" and _event_word(child) is not None:
                return _event_word(child)
    return None


def _to_dict(doc: Doc, figure: Figure, noun: Token | None, event: str | None) -> dict[str, Any]:
    end_token = noun.i + 1 if noun is not None and noun.i >= figure.end else figure.end
    span = doc[figure.start : end_token]
    counted = None
    if noun is not None:
        counted = COUNTED_ALIASES.get(noun.lower_, noun.lemma_.lower())
    if event == "destroyed" and counted in AERIAL:
        event = "shot down"
    return {
        "text": span.text,
        "start": span.start_char,
        "end": span.end_char,
        "value": _number(figure.value),
        "low": _number(figure.low),
        "high": _number(figure.high),
        "approximate": figure.approximate,
        "bound": figure.bound,
        "unit": "%" if figure.percent else (noun.text if noun is not None else None),
        "counted": counted,
        "event": event,
    }


def _is_time(doc: Doc, figure: Figure, noun: Token | None) -> bool:
    """A date or time, unless it plainly counts something ("between 20 and 30 soldiers")."""
    if noun is not None and noun.lemma_.lower() in TIME_NOUNS:
        return True
    if noun is None and _day_of_month(doc, figure):
        return True
    if TOTAL_AFTER.match(doc.text[doc[figure.end - 1].idx + len(doc[figure.end - 1]) :]):
        return False  # "31 in all"
    token = doc[figure.start]
    if token.ent_type_ in NOT_COUNTS and _bare_numbers(token):
        return False  # spaCy tags "rose from 100 to 80" as a DATE (but "Smith, 43," is an age)
    return token.ent_type_ in NOT_COUNTS and (noun is None or noun.ent_type_ in NOT_COUNTS)


def _day_of_month(doc: Doc, figure: Figure) -> bool:
    """ "10 March" or "March 10", even where the tagger saw no date (a dateline in capitals:
    "VELMORA, 10 March - ...")."""
    if figure.end - figure.start != 1 or figure.value is None:
        return False
    if not (figure.value.is_integer() and 1 <= figure.value <= 31):
        return False
    before = doc[figure.start - 1].text if figure.start > 0 else ""
    after = doc[figure.end].text if figure.end < len(doc) else ""
    return before in MONTH_NAMES or after in MONTH_NAMES


def _bare_numbers(token: Token) -> bool:
    """Whether the entity around `token` is nothing but figures that cannot be years."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    figures = 0
    for word in doc[start:end]:
        if word.lower_ in RANGE_WORDS:
            continue
        if not DIGITS.match(word.text) or (len(word.text) == 4 and word.text.isdigit()):
            return False
        figures += 1
    return figures > 1


def _looks_like_year(doc: Doc, figure: Figure, noun: Token | None) -> bool:
    text = doc[figure.start].text
    return noun is None and len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def find_figures(doc: Doc) -> list[dict[str, Any]]:
    """Every figure in the parse that counts something, in order, as JSON-able dicts."""
    found, i = [], 0
    while i < len(doc):
        token = doc[i]
        figure = None if token.ent_type_ == "ORDINAL" or token.is_currency else _figure_at(doc, i)
        if figure is None:
            i += 1
            continue
        _apply_bounds(doc, figure)
        figure.percent = _percent(doc, figure)
        noun = None if figure.percent else _counted_noun(doc, figure)
        skip = (
            _is_time(doc, figure, noun)
            or _looks_like_year(doc, figure, noun)
            or (doc[i].lower_ == "one" and noun is None and not figure.bound)
        )
        if not skip:
            event = None if figure.percent else _event(doc, figure, noun)
            found.append(_to_dict(doc, figure, noun, event))
        i = max(figure.end, i + 1)
    return found


def analyse_doc(doc: Doc) -> dict[str, Any]:
    """Figures and the arithmetic between them, from a parse made elsewhere (no parsing here)."""
    found = find_figures(doc)
    checks = arithmetic.find_arithmetic(doc, found)
    return {
        "quantities": found,
        "arithmetic": checks,
        "flags": [check["flag"] for check in checks if not check["consistent"]],
    }


def analyse(text: str) -> dict[str, Any]:
    return analyse_doc(parse(text))


find_arithmetic = arithmetic.find_arithmetic


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    return dict(claim.facts.get("quantities") or analyse(claim.text))


KIND = CheckKind(
    name="quantities", title="Quantities and arithmetic", order=10, run=_run, from_facts=True
)


__all__ = ["KIND", "analyse", "analyse_doc", "find_arithmetic", "find_figures"]
