"""Numbers in a claim with what they count, their bounds, and the claim's internal arithmetic.

spaCy tokenises, tags and finds the DATE/TIME/ORDINAL spans we must not read as counts; the
grammar of news figures ("more than 300", "several dozen", "half a million") is ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from claims.checks.nlp import parse
from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result

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
PERCENT_WORDS = {"%", "percent", "per cent"}
# Verbs (and predicative adjectives) saying what happened to what was counted, normalised so
# that "5 died" and "5 people were killed" describe the same figure.
EVENTS = {
    "kill": "killed", "die": "killed", "dead": "killed", "killed": "killed",
    "wound": "injured", "injure": "injured", "hurt": "injured", "injured": "injured",
    "wounded": "injured", "missing": "missing", "evacuate": "evacuated", "detain": "detained",
    "arrest": "detained", "capture": "captured", "destroy": "destroyed", "damage": "damaged",
    "intercept": "shot down", "shoot": "shot down", "down": "shot down", "launch": "launched",
    "fire": "launched", "displace": "displaced", "rescue": "rescued", "hit": "hit",
}  # fmt: skip
COUNTED_ALIASES = {"people": "person", "persons": "person"}
PARTS_MARKERS = re.compile("[:\u2013\u2014(]|\\s-\\s")
DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


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


def _figure_at(doc: Doc, i: int) -> Figure | None:
    """Read one figure starting at token i, without the bound words before it."""
    token, n = doc[i], len(doc)
    word = token.lower_
    nxt = doc[i + 1].lower_ if i + 1 < n else ""

    for phrase, (lo_mult, hi_mult) in VAGUE_MULTIPLIERS.items():
        words = phrase.split()
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
        value = 12 if nxt == "dozen" else SCALES[nxt]
        return Figure(i, i + 2, value, value, value)

    value = _digits(token)
    end = i + 1
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
    upper = _digits(doc[j + 1])
    if upper is None or figure.value is None or upper <= figure.value:
        return
    if doc[figure.start - 1].lower_ == "between":
        figure.start -= 1
        figure.bound = "between"
    else:
        figure.bound = "range"
    figure.low, figure.high, figure.end, figure.value = figure.value, upper, j + 2, None
    figure.approximate = True


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
        j += 1  # "dozens of people", "two of the drones"
        if j < len(doc) and doc[j].pos_ == "DET":
            j += 1
    for token in doc[j : j + 4]:
        if token.pos_ == "NOUN" and token.dep_ != "compound":
            return token
        if token.pos_ in {"ADJ", "NOUN", "PROPN"} or token.tag_ == "HYPH":
            continue
        break
    return None


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
            return EVENTS.get(token.head.lemma_.lower())
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_.lower() in EVENTS:
                return EVENTS[child.lemma_.lower()]
    return None


def _to_dict(doc: Doc, figure: Figure, noun: Token | None, event: str | None) -> dict[str, Any]:
    end_token = noun.i + 1 if noun is not None and noun.i >= figure.end else figure.end
    span = doc[figure.start : end_token]
    counted = None
    if noun is not None:
        counted = COUNTED_ALIASES.get(noun.lower_, noun.lemma_.lower())
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


def _is_time(token: Token, noun: Token | None) -> bool:
    """A date or time, unless it plainly counts something ("between 20 and 30 soldiers")."""
    if noun is not None and noun.lemma_.lower() in TIME_NOUNS:
        return True
    return token.ent_type_ in NOT_COUNTS and (noun is None or noun.ent_type_ in NOT_COUNTS)


def _looks_like_year(doc: Doc, figure: Figure, noun: Token | None) -> bool:
    text = doc[figure.start].text
    return noun is None and len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100


def find_figures(doc: Doc) -> list[dict[str, Any]]:
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
            _is_time(token, noun)
            or _looks_like_year(doc, figure, noun)
            or (doc[i].lower_ == "one" and noun is None and not figure.bound)
        )
        if not skip:
            event = None if figure.percent else _event(doc, figure, noun)
            found.append(_to_dict(doc, figure, noun, event))
        i = max(figure.end, i + 1)
    return found


def _interval(quantity: dict[str, Any]) -> tuple[float, float]:
    low = quantity["low"] if quantity["low"] is not None else 0
    high = quantity["high"] if quantity["high"] is not None else float("inf")
    return low, high


def _fmt(value: float) -> str:
    return str(_number(value))


def _same_thing(total: dict[str, Any], part: dict[str, Any]) -> bool:
    if part["unit"] == "%" or total["unit"] == "%":
        return False
    return part["counted"] is None or part["counted"] == total["counted"]


def _check_sum(text: str, total: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    values = [p["value"] for p in parts]
    stated = f"{_fmt(total['value'])} {total['unit'] or ''}".strip()
    low = sum(_interval(p)[0] for p in parts)
    high = sum(_interval(p)[1] for p in parts)
    total_low, total_high = _interval(total)
    consistent = low <= total_high and total_low <= high
    summed = sum(values)
    verdict = "consistent" if consistent else f"inconsistent, the stated total is {stated}"
    return {
        "text": text[total["start"] : parts[-1]["end"]],
        "total": total,
        "parts": parts,
        "sum": _number(summed),
        "consistent": consistent,
        "message": " + ".join(_fmt(v) for v in values)
        + f" = {_fmt(summed)}{' ' + total['unit'] if total['unit'] else ''}: {verdict}",
    }


def find_arithmetic(doc: Doc, quantities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Totals broken down after a dash, colon or bracket: "12 missiles: six over X, six over Y"."""
    text, checks = doc.text, []
    for sentence in doc.sents:
        in_sentence = [
            q for q in quantities if sentence.start_char <= q["start"] < sentence.end_char
        ]
        used: set[int] = set()
        for index, total in enumerate(in_sentence):
            if index in used or total["value"] is None or total["counted"] is None:
                continue
            parts = _parts_after(text, total, in_sentence[index + 1 :])
            if len(parts) >= 2 and all(p["value"] is not None for p in parts):
                used.update(range(index + 1, index + 1 + len(parts)))
                checks.append(_check_sum(text, total, parts))
    return checks


def _parts_after(text: str, total: dict[str, Any], following: list[dict[str, Any]]) -> list:
    if not following:
        return []
    gap = text[total["end"] : following[0]["start"]]
    # After a bare comma ("31 drones, 19 over X and 12 over Y") only a list of bare
    # figures closed by "and" is a breakdown; a dash, colon or bracket announces one.
    after_comma = gap.strip() == ","
    if len(gap) > 40 or not (after_comma or PARTS_MARKERS.search(gap)):
        return []
    parts = []
    previous_end = total["end"]
    for quantity in following:
        between = text[previous_end : quantity["start"]]
        if parts and (len(between) > 60 or re.search(r"[;.!?]", between)):
            break
        if not _same_thing(total, quantity):
            break
        parts.append(quantity)
        previous_end = quantity["end"]
    if after_comma:
        bare = all(p["counted"] is None for p in parts)
        closed = len(parts) >= 2 and re.search(
            r"\band\b", text[parts[-2]["end"] : parts[-1]["start"]]
        )
        if not (bare and closed):
            return []
    return parts


def analyse(text: str) -> dict[str, Any]:
    doc = parse(text)
    quantities = find_figures(doc)
    arithmetic = find_arithmetic(doc, quantities)
    flags = [
        f"parts add to {_fmt(check['sum'])}, not the stated {check['total']['text']}"
        for check in arithmetic
        if not check["consistent"]
    ]
    return {"quantities": quantities, "arithmetic": arithmetic, "flags": flags}


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    return analyse(claim.text)


KIND = CheckKind(name="quantities", title="Quantities and arithmetic", order=10, run=_run)


__all__ = ["KIND", "analyse", "find_arithmetic", "find_figures"]
