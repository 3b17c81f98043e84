"""The arithmetic a claim states about its own figures: totals and their parts, and changes.

Works on the figures `quantities.find_figures` read from a parse; every check is a JSON-able
dict with its "kind" ("sum" or "change"), whether it is "consistent", a "message" for the
reviewer and the "flag" shown when it is not.

Sums are recognised in the orders news writes them: "31 drones: 19 over X and 12 over Y",
"31 drones overnight, 19 over X and 12 over Y", "of the 31 drones, 19 ... and 12 ...",
"a total of 45 shells ..., 20 on Monday and 20 on Tuesday", "19 over X and 12 over Y, 31 in
all". Changes are "from A to B" with a stated change: relative ("a drop of 25 percent"), in
points ("two percentage points") or absolute ("an increase of three").
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from spacy.tokens import Doc

Quantity = dict[str, Any]

# A dash, colon or bracket announces a breakdown; a comma may.
STRONG_MARK = re.compile("[:\u2013\u2014(]|\\s-\\s")
END_OF_CLAUSE = re.compile(r"[;.!?]")
MAX_GAP = 60  # characters between a total and its first part, or between two parts
TOTAL_BEFORE = re.compile(
    r"\b(?:a\s+total\s+of|total\s+of|totall?ing|bringing\s+the\s+total\s+to)\s*$", re.I
)
TOTAL_AFTER = re.compile(r"^\s*,?\s*(?:in\s+all|in\s+total|altogether|all\s+told|combined)\b", re.I)
OF_THE = re.compile(r"\bof\s+the\s*$", re.I)
# Parts that need not add up to the whole: "including three children", "3 of them children".
SUBSET = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|such\s+as|mostly|mainly|of\s+whom|of\s+them"
    r"|of\s+which)\b",
    re.I,
)
SUBSET_AFTER = re.compile(r"^\s*of\s+(?:them|which|whom|those)\b", re.I)
AND = re.compile(r"\band\b|&")
SEPARATOR = re.compile("[,;:(\u2013\u2014]|\\s-\\s|\\band\\b|&")
PREPOSITIONS = {"in", "over", "at", "on", "near", "from", "across", "around", "into", "to", "for"}
FIRST_WORD = re.compile(r"\s*,?\s*(\w+)")

FROM = re.compile(r"\bfrom\s*$", re.I)
# "from 8,000 cars a day to 11,000": a rate after the first figure still reads as from-to.
TO = re.compile(
    r"^\s*(?:(?:a|an|per|each|every)\s+(?:hour|day|night|week|month|quarter|year)\s+)?to\s*$",
    re.I,
)
CHANGE_NOUNS = (
    r"drop|fall|decline|decrease|reduction|cut|loss|rise|increase|jump|gain|growth|surge|climb"
    r"|hike"
)
CUE_BEFORE = re.compile(
    r"(?:\b(?:" + CHANGE_NOUNS + r")\s+of|\b(?:by|up|down|rose|fell|dropped|declined|decreased"
    r"|increased|grew|jumped|climbed|plunged|slumped|soared|gained|lost|shrank))\s*$",
    re.I,
)
CUE_AFTER = re.compile(r"^\s*(?:" + CHANGE_NOUNS + r")\b", re.I)
DOWN = re.compile(
    r"\b(?:drop|dropped|fall|fell|decline|declined|decrease|decreased|reduction|cut|loss|lost"
    r"|down|plunged|slumped|shrank)\b",
    re.I,
)
UP = re.compile(
    r"\b(?:rise|rose|increase|increased|jump|jumped|gain|gained|growth|grew|surge|surged|climb"
    r"|climbed|up|soared|hike)\b",
    re.I,
)
POINTS = re.compile(r"^\s*(?:percentage\s+)?points?\b|^\s*pp\b", re.I)


def _number(value: float) -> int | float:
    value = round(value, 1)
    return int(value) if float(value).is_integer() else value


def _fmt(value: float) -> str:
    return str(_number(value))


def _interval(quantity: Quantity) -> tuple[float, float]:
    low = quantity["low"] if quantity["low"] is not None else 0
    high = quantity["high"] if quantity["high"] is not None else float("inf")
    return low, high


def _percent(quantity: Quantity) -> bool:
    return bool(quantity.get("unit") == "%")


# -- sums -------------------------------------------------------------------------------------


def _can_total(quantity: Quantity) -> bool:
    return not _percent(quantity) and quantity["value"] is not None


def _part_of(kind: str | None, quantity: Quantity, strong: bool) -> bool:
    """Whether a figure may be a part of a total counting `kind`."""
    if _percent(quantity) or quantity["value"] is None:
        return False
    counted = quantity.get("counted")
    # "12 protesters: seven men and five women": after a colon the parts may name sub-kinds.
    return counted is None or kind is None or counted == kind or strong


def _has_verb(doc: Doc, start: int, end: int) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} for t in doc if start <= t.idx < end)


# A bare figure followed by where it happened: "15 over the Kalmin region", "10 in Dovresk".
BY_PLACE = re.compile(r"^\s+(?:over|in|at|near|across|around|on)\s+(?:the\s+)?[A-Z]")


def _by_place(text: str, following: list[Quantity]) -> bool:
    """ "27 drones were shot down overnight, 15 over the Kalmin region and 10 over Dovresk":
    bare figures each placed somewhere break down the total even after its verb."""
    return len(following) >= 2 and all(
        q["counted"] is None and BY_PLACE.match(text[q["end"] :]) for q in following[:2]
    )


def _parallel(text: str, gap: str, first: Quantity) -> bool:
    """ "40 homes in Dovresk, 12 in Kalmin and 3 in Zoria" lists places, it breaks nothing down."""
    lead = FIRST_WORD.match(gap)
    after = FIRST_WORD.match(text[first["end"] :])
    if lead is None or after is None or AND.search(gap):
        return False
    word = lead.group(1).lower()
    return word in PREPOSITIONS and word == after.group(1).lower()


def _parts_after(doc: Doc, figures: list[Quantity], index: int, announced: bool) -> list[Quantity]:
    text, total = doc.text, figures[index]
    following = figures[index + 1 :]
    if not following:
        return []
    gap = text[total["end"] : following[0]["start"]]
    if len(gap) > MAX_GAP or END_OF_CLAUSE.search(gap) or SUBSET.search(gap):
        return []
    strong = bool(STRONG_MARK.search(gap))
    if not (strong or "," in gap):
        return []
    if not (strong or announced) and (
        total["counted"] is None
        or (_has_verb(doc, total["end"], following[0]["start"]) and not _by_place(text, following))
        or _parallel(text, gap, following[0])
    ):
        return []
    parts: list[Quantity] = []
    previous_end = total["end"]
    for quantity in following:
        between = text[previous_end : quantity["start"]]
        if parts and (len(between) > MAX_GAP or END_OF_CLAUSE.search(between)):
            break
        if _own_subject(between):
            break  # "ahead 3 points, HuffPollster 4.3 points": another source's figure
        if not _part_of(total["counted"], quantity, strong):
            break
        if SUBSET_AFTER.match(text[quantity["end"] :]):
            return []  # "45 drones, 30 of which were downed"
        parts.append(quantity)
        previous_end = quantity["end"]
    if len(parts) < 2:
        return []
    if not strong and not AND.search(text[parts[-2]["end"] : parts[-1]["start"]]):
        return []  # "40 homes, 12 shops, 3 schools" without "and" is no breakdown
    return parts


def _own_subject(between: str) -> bool:
    """Whether words stand between the last comma, colon, dash or "and" and a figure, as in
    ", FiveThirtyEight 2.1 points": such a figure is said of something else, not a part."""
    last = max((m.end() for m in SEPARATOR.finditer(between)), default=0)
    return bool(re.search(r"\w", between[last:]))


def _parts_before(text: str, figures: list[Quantity], index: int) -> list[Quantity]:
    """ "19 over X and 12 over Y, 31 in all": the parts come first."""
    total = figures[index]
    if index < 2:
        return []
    gap = text[figures[index - 1]["end"] : total["start"]]
    if len(gap) > MAX_GAP or END_OF_CLAUSE.search(gap):
        return []
    if not ("," in gap or STRONG_MARK.search(gap) or TOTAL_BEFORE.search(gap)):
        return []
    kind = total["counted"]
    parts: list[Quantity] = []
    for quantity in reversed(figures[:index]):
        if parts:
            between = text[quantity["end"] : parts[-1]["start"]]
            if len(between) > MAX_GAP or END_OF_CLAUSE.search(between):
                break
        if not _part_of(kind, quantity, strong=False):
            break
        kind = kind or quantity["counted"]
        parts.append(quantity)
    parts.reverse()
    if len(parts) < 2 or not AND.search(text[parts[-2]["end"] : parts[-1]["start"]]):
        return []
    return parts


def _inherit(whole: Quantity, parts: list[Quantity]) -> None:
    """Bare parts ("19 over Dovresk") count what their total counts, and the same event."""
    counted = whole["counted"] or next((p["counted"] for p in parts if p["counted"]), None)
    for quantity in [whole, *parts]:
        if quantity["counted"] is None:
            quantity["counted"] = counted
        if quantity is not whole and quantity["event"] is None:
            quantity["event"] = whole["event"]


def _inherit_from_whole(text: str, figures: list[Quantity]) -> None:
    """ "Of the 31 drones, 14 struck the port", "45 drones, 30 of which": 14 and 30 are drones."""
    for whole, part in pairwise(figures):
        if whole["counted"] is None or part["counted"] is not None or _percent(part):
            continue
        gap = text[whole["end"] : part["start"]]
        if len(gap) > MAX_GAP or END_OF_CLAUSE.search(gap) or "," not in gap:
            continue
        before_whole = text[: whole["start"]]
        if OF_THE.search(before_whole) or SUBSET_AFTER.match(text[part["end"] :]):
            part["counted"] = whole["counted"]


def _check_sum(text: str, total: Quantity, parts: list[Quantity]) -> dict[str, Any]:
    values = [p["value"] for p in parts]
    unit = total["unit"] or total["counted"] or ""
    low = sum(_interval(p)[0] for p in parts)
    high = sum(_interval(p)[1] for p in parts)
    total_low, total_high = _interval(total)
    consistent = low <= total_high and total_low <= high
    summed = sum(values)
    stated = f"{_fmt(total['value'])} {unit}".strip()
    verdict = "consistent" if consistent else f"inconsistent, the stated total is {stated}"
    start = min(total["start"], parts[0]["start"])
    end = max(total["end"], parts[-1]["end"])
    return {
        "kind": "sum",
        "text": text[start:end],
        "start": start,
        "end": end,
        "total": total,
        "parts": parts,
        "sum": _number(summed),
        "consistent": consistent,
        "message": " + ".join(_fmt(v) for v in values)
        + f" = {_fmt(summed)}{' ' + unit if unit else ''}: {verdict}",
        "flag": f"parts add to {_fmt(summed)}, not the stated {total['text']}",
    }


def _sums(doc: Doc, sentence_start: int, figures: list[Quantity]) -> list[dict[str, Any]]:
    text, checks = doc.text, []
    used: set[int] = set()
    for index, total in enumerate(figures):
        if id(total) in used or not _can_total(total):
            continue
        before = text[sentence_start : total["start"]]
        announced = bool(TOTAL_BEFORE.search(before) or OF_THE.search(before))
        parts = _parts_after(doc, figures, index, announced)
        if not parts and (TOTAL_AFTER.match(text[total["end"] :]) or TOTAL_BEFORE.search(before)):
            parts = _parts_before(text, figures, index)
        if any(id(p) in used for p in parts) or not parts:
            continue
        used.update(id(q) for q in [total, *parts])
        _inherit(total, parts)
        checks.append(_check_sum(text, total, parts))
    return checks


# -- changes ----------------------------------------------------------------------------------


def _close(stated: Quantity, computed: float) -> bool:
    value = abs(float(stated["value"]))
    # A stated change is rounded to whole units; a hedged one ("about 30%") to a tenth of itself.
    margin = 0.5 + 0.01 * abs(computed) + (0.1 * value if stated["approximate"] else 0)
    return abs(value - abs(computed)) <= margin


def _stated_change(
    text: str, sentence_start: int, figures: list[Quantity], pair: tuple[Quantity, Quantity]
) -> Quantity | None:
    """The figure that states how much A-to-B changed: "a drop of 40 percent", "a 20% drop"."""
    found = [
        q
        for q in figures
        if q not in pair
        and q["value"] is not None
        and (
            CUE_BEFORE.search(text[max(sentence_start, q["start"] - 30) : q["start"]])
            or CUE_AFTER.match(text[q["end"] :])
        )
    ]
    if not found:
        return None
    middle = (pair[0]["start"] + pair[1]["end"]) / 2
    return min(found, key=lambda q: abs(q["start"] - middle))


def _direction(text: str, stated: Quantity) -> str | None:
    window = text[max(0, stated["start"] - 30) : stated["start"]] + " " + text[stated["end"] :][:12]
    if DOWN.search(window):
        return "down"
    if UP.search(window):
        return "up"
    return None


def _check_change(
    text: str, before: Quantity, after: Quantity, stated: Quantity
) -> dict[str, Any] | None:
    both_percent = _percent(before) and _percent(after)
    if _percent(before) != _percent(after):
        return None
    delta = after["value"] - before["value"]
    relative = 100 * delta / before["value"] if before["value"] else None
    points = bool(POINTS.match(text[stated["end"] :])) or stated.get("counted") == "point"
    if points:
        if not both_percent:
            return None
        readings = [delta]
    elif _percent(stated):
        # "a drop of 2 percent" for 8% to 6% is loose but common: points are read too.
        readings = ([relative] if relative is not None else []) + ([delta] if both_percent else [])
    else:
        readings = [delta]
    if not readings:
        return None
    direction = _direction(text, stated)
    right_way = direction is None or delta == 0 or (direction == "down") == (delta < 0)
    consistent = right_way and any(_close(stated, r) for r in readings)

    word = "drop" if delta < 0 else "rise"
    size = f"{_fmt(abs(delta))} points" if both_percent else _fmt(abs(delta))
    if relative is not None:
        size += f" ({_fmt(abs(relative))}%)"
    actual = f"{before['text']} to {after['text']} is a {word} of {size}"
    start = min(before["start"], stated["start"])
    end = max(after["end"], stated["end"])
    return {
        "kind": "change",
        "text": text[start:end],
        "start": start,
        "end": end,
        "from": before,
        "to": after,
        "stated": stated,
        "change": {
            "absolute": _number(delta),
            "relative": _number(relative) if relative is not None else None,
        },
        "consistent": consistent,
        "message": f"{actual}: {'consistent' if consistent else 'inconsistent'} with the stated "
        f"{stated['text']}",
        "flag": f"{actual}, not the stated {stated['text']}",
    }


def _changes(text: str, sentence_start: int, figures: list[Quantity]) -> list[dict[str, Any]]:
    checks = []
    for before, after in pairwise(figures):
        if before["value"] is None or after["value"] is None:
            continue
        if not (
            FROM.search(text[sentence_start : before["start"]])
            and TO.match(text[before["end"] : after["start"]])
        ):
            continue
        stated = _stated_change(text, sentence_start, figures, (before, after))
        if stated is None:
            continue
        check = _check_change(text, before, after, stated)
        if check is not None:
            checks.append(check)
    return checks


def find_arithmetic(doc: Doc, quantities: list[Quantity]) -> list[dict[str, Any]]:
    """Every sum and change a sentence states about its figures, in text order.

    Fills in what bare parts count ("19 over Dovresk" counts drones) in `quantities` itself.
    """
    if len(quantities) < 2:
        return []  # no sum or change without two figures (most claims: spared the walk)
    text, checks = doc.text, []
    for sentence in doc.sents:
        figures = [q for q in quantities if sentence.start_char <= q["start"] < sentence.end_char]
        if len(figures) < 2:
            continue
        _inherit_from_whole(text, figures)
        changes = _changes(text, sentence.start_char, figures)
        in_changes = {id(c[key]) for c in changes for key in ("from", "to", "stated")}
        rest = [q for q in figures if id(q) not in in_changes]
        checks += changes + _sums(doc, sentence.start_char, rest)
    return sorted(checks, key=lambda c: c["start"])


__all__ = ["find_arithmetic"]
