"""Time expressions in a claim, resolved to dates against the article's publication date.

dateparser reads calendar dates and the plain relative forms ("yesterday", "last month",
"three days ago"); the news conventions it does not know are the small rules below: "on
Wednesday" meaning the publication day too, "overnight", "since ...", "earlier this month",
hedged "almost two years ago", and the direction a bare weekday or month points in: back
in time unless the claim speaks of the future ("until Thursday", "will vote on Friday",
"next Monday"). Expressions that count from another date ("a week earlier", "two days
after the talks") are resolved against the date the claim names before them, or listed as
unresolved with the reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from dateparser.date import DateDataParser

from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result

WEEKDAYS = [day.lower() for day in calendar.day_name]
MONTH_NAMES = [m for m in calendar.month_name if m]
MONTHS = "|".join(MONTH_NAMES + [m for m in calendar.month_abbr if m] + ["Sept"])
LEAD = r"\b(?:(?P<lead>on|in|since|from|during|until|till|by)\s+)?"
HEDGE = (
    r"\b(?P<hedge>almost|nearly|about|around|some|roughly|more\s+than|over"
    r"|just\s+over|just\s+under)"
)
AMOUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Vague amounts as (fewest, most).
VAGUE_AMOUNTS = {"a few": (2, 4), "several": (3, 7)}
NUMBER_WORD = r"(?:\d+|a\s+few|several|" + "|".join(AMOUNTS) + r")"
UNIT = r"(?:day|week|month|year)s?"
APOSTROPHE = "['\u2019]"
# Fixed-date holidays news dates events by.
HOLIDAYS = {
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
}
# What tells that a clause speaks of the future, or of the past.
FUTURE = re.compile(
    r"\b(?:will|would|shall|should|won" + APOSTROPHE + r"t|going\s+to|plans?\s+to|planned\s+to"
    r"|(?:is|are|was|were)\s+(?:due|set|scheduled|expected|to)\b|expects?\s+to)\b|"
    + APOSTROPHE
    + r"ll\b",
    re.I,
)
# Finite past forms; a participle after "be", "stay" or a modal ("would stay closed") is not one.
PAST = re.compile(
    r"\b(?:said|says|was|were|had|did|happened|came|began|took|ago)\b"
    r"|(?<!\bbe )(?<!\bbeen )(?<!\bstay )(?<!\bremain )(?<!\bget )(?<!\bgot )"
    r"\b(?!(?:expected|scheduled|planned|supposed|need)\b)\w{3,}ed\b",
    re.I,
)
CLAUSE_END = re.compile(r"[,;.!?:\u2013\u2014]")
SENTENCE_END = re.compile(r"[;.!?]")


@dataclass(frozen=True)
class Resolved:
    date_from: dt.date
    date_to: dt.date
    granularity: str
    approximate: bool = False


@dataclass(frozen=True)
class Unresolved:
    reason: str


@dataclass
class Context:
    """What a rule may read besides its match: the claim, its date, the dates found so far."""

    text: str
    published: dt.date | None
    found: list[tuple[re.Match[str], Resolved]] = field(default_factory=list)

    @property
    def base(self) -> dt.date:
        # Rules that need a publication date only run when there is one.
        assert self.published is not None
        return self.published


Outcome = Resolved | Unresolved | None
Rule = Callable[[re.Match[str], Context], Outcome]


def _day(day: dt.date, approximate: bool = False) -> Resolved:
    return Resolved(day, day, "day", approximate)


def _period(day: dt.date, granularity: str, approximate: bool = False) -> Resolved:
    """The whole week, month or year around `day`."""
    if granularity == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return Resolved(monday, monday + dt.timedelta(days=6), "week", approximate)
    if granularity == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Resolved(day.replace(day=1), day.replace(day=last), "month", approximate)
    if granularity == "year":
        return Resolved(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year", approximate)
    return _day(day, approximate)


def _shift(day: dt.date, amount: int, unit: str) -> dt.date:
    unit = unit.rstrip("s")
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    months = day.year * 12 + day.month - 1 + amount * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _tense(text: str, start: int, end: int) -> str | None:
    """ "future" or "past": what the verbs of the expression's clause say, else None.

    A modal or "due to" before the expression rules the clause ("would stay closed until
    Thursday"); otherwise the nearest tensed verb does, and an expression opening its clause
    ("On Friday, parliament will vote") takes the tense of the verb after it.
    """
    clause_start = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    after = CLAUSE_END.search(text, end)
    clause_end = after.start() if after else len(text)
    future = [m.span() for m in FUTURE.finditer(text, clause_start, clause_end)]
    past = [m.span() for m in PAST.finditer(text, clause_start, clause_end)]
    past = [p for p in past if not start <= p[0] < end]
    ruling = [f for f in future if f[0] < start and not any(f[0] < p[0] < start for p in past)]
    if ruling:
        return "future"
    cues = [(f, "future") for f in future] + [(p, "past") for p in past]
    if not cues and not text[clause_start:start].strip():
        sentence_end = SENTENCE_END.search(text, end)
        stop = sentence_end.start() if sentence_end else len(text)
        cues = [(m.span(), "future") for m in FUTURE.finditer(text, end, stop)]
        cues += [(m.span(), "past") for m in PAST.finditer(text, end, stop)]
    if not cues:
        return None
    return min(cues, key=lambda cue: max(start - cue[0][1], cue[0][0] - end))[1]


def _points_ahead(match: re.Match[str], context: Context) -> bool:
    lead = (match.groupdict().get("lead") or "").lower()
    tense = _tense(context.text, match.start(), match.end())
    if lead in {"until", "till", "by"}:
        return tense != "past"  # "closed until Thursday"; but "had been closed until Thursday"
    return lead not in {"since", "from"} and tense == "future"


@cache
def _parser(base: dt.date) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def dateparser_load() -> None:
    """Read dateparser's language data now (a tenth of a second), as a worker starts,
    rather than in the first claim that names a date."""
    _dateparser("5 March 2020", None)


# dateparser takes a millisecond or more a call, and an article's claims name the same
# dates again and again: the answers (immutable) are kept.
@lru_cache(maxsize=4096)
def _dateparser(text: str, published: dt.date | None, approximate: bool = False) -> Resolved | None:
    # Without a publication date only a date naming its year is absolute; the base is then unused.
    base = published or dt.date(2000, 1, 1)
    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        return None
    period = {"time": "day"}.get(data.period or "day", data.period or "day")
    return _period(data.date_obj.date(), period, approximate)


def _weekday(match: re.Match[str], context: Context) -> Outcome:
    after = context.text[match.end() :]
    if (
        not match["lead"]
        and re.match(r"\s+[A-Z]", after)
        and not re.match(r"\s+(?:" + MONTHS + r")\b", after)
    ):
        return None  # "the Sunday Times", "Good Friday Agreement": a name, not a day
    published = context.base
    target = WEEKDAYS.index(match["weekday"].lower())
    which = (match["which"] or "").lower()
    if which in {"next", "coming"} or (
        which not in {"last", "past"} and _points_ahead(match, context)
    ):
        ahead = (target - published.weekday()) % 7
        if ahead == 0 and which == "next":
            ahead = 7  # "will vote on Tuesday" said on a Tuesday is that day, as news writes it
        return _day(published + dt.timedelta(days=ahead))
    back = (published.weekday() - target) % 7
    if back == 0 and which == "last":
        back = 7  # "last Wednesday" said on a Wednesday is a week ago
    return _day(published - dt.timedelta(days=back))


def _previous_day(match: re.Match[str], context: Context) -> Outcome:
    # Counted from the day the claim names before it, else from the day of the report.
    anchor = _anchor_before(match, context)
    day = anchor.date_from if anchor is not None else context.base
    return _day(day - dt.timedelta(days=1))


def _overnight(match: re.Match[str], context: Context) -> Outcome:
    return Resolved(context.base - dt.timedelta(days=1), context.base, "range")


def _this_period(match: re.Match[str], context: Context) -> Outcome:
    published = context.base
    whole = _period(published, match["unit"].lower())
    side = (match["side"] or "").lower()
    if side == "earlier":
        return Resolved(whole.date_from, published, whole.granularity)
    if side == "later":
        return Resolved(published, whole.date_to, whole.granularity)
    return whole


def _next_period(match: re.Match[str], context: Context) -> Outcome:
    unit = match["unit"].lower()
    return _period(_shift(context.base, 1, unit), unit)


def _in_some_time(match: re.Match[str], context: Context) -> Outcome:
    # "in two weeks" is a date only when the claim looks ahead; "fell in two weeks" is a span.
    if _tense(context.text, match.start(), match.end()) != "future":
        return None
    amount = AMOUNTS.get(match["amount"].lower()) or int(match["amount"])
    return _day(_shift(context.base, amount, match["unit"].lower()))


def _edge_of_period(match: re.Match[str], context: Context) -> Outcome:
    published = context.base
    unit, which, edge = match["unit"].lower(), match["which"].lower(), match["edge"].lower()
    day = published
    if which in {"last", "the previous"}:
        day = {
            "year": published.replace(year=published.year - 1, month=1, day=1),
            "month": published.replace(day=1) - dt.timedelta(days=1),
            "week": published - dt.timedelta(days=7),
        }[unit]
    whole = _period(day, unit)
    # "the end of" a year is its last month, of a month its last ten days, of a week its weekend.
    span = {"year": 30, "month": 9, "week": 1}[unit]
    if edge == "end":
        return Resolved(whole.date_to - dt.timedelta(days=span), whole.date_to, "range", True)
    return Resolved(whole.date_from, whole.date_from + dt.timedelta(days=span), "range", True)


def _holiday(match: re.Match[str], context: Context) -> Outcome:
    published = context.base
    month, day = HOLIDAYS[re.sub(r"\s+", " ", match["holiday"].lower()).replace("\u2019", "'")]
    candidate = dt.date(published.year, month, day)
    if candidate > published:
        candidate = candidate.replace(year=published.year - 1)
    return _day(candidate)


def _hedged_ago(match: re.Match[str], context: Context) -> Outcome:
    # "more than two years ago": dateparser reads the plain figure; the hedge marks it approximate.
    return _dateparser(match["plain"], context.published, approximate=True)


def _relative(match: re.Match[str], context: Context) -> Outcome:
    return _dateparser(match["body"], context.published)


def _absolute(match: re.Match[str], context: Context) -> Outcome:
    resolved = _dateparser(match["body"], context.published)
    if resolved is None or context.published is None or YEAR.search(match["body"]):
        return resolved
    # A date without its year is the nearest one in the direction the claim speaks of.
    published, ahead = context.published, _points_ahead(match, context)
    year = published.year
    for _ in range(2):
        moved = _with_year(resolved, year)
        if ahead and moved.date_to < published:
            year += 1
        elif not ahead and moved.date_from > published:
            year -= 1
        else:
            break
    return _with_year(resolved, year)


def _with_year(resolved: Resolved, year: int) -> Resolved:
    start = resolved.date_from.replace(year=year)
    if resolved.granularity == "month":
        return _period(start, "month", resolved.approximate)
    if resolved.granularity == "year":
        return resolved
    return Resolved(
        start,
        start + (resolved.date_to - resolved.date_from),
        resolved.granularity,
        resolved.approximate,
    )


def _anchor_before(match: re.Match[str], context: Context) -> Resolved | None:
    """The last date the claim names before `match`: what "a week earlier" counts from."""
    before = [resolved for found, resolved in context.found if found.end() <= match.start()]
    return before[-1] if before else None


def _anchored(match: re.Match[str], context: Context) -> Outcome:
    """ "a week earlier", "two days later", "the day before", "two days after the talks"."""
    groups = match.groupdict()
    amount_word = (groups.get("amount") or "a").lower()
    unit = (groups.get("unit") or groups.get("unit2") or groups.get("unit3") or "day").lower()
    direction = (groups.get("dir") or groups.get("dir2") or "after").lower()
    sign = -1 if direction in {"earlier", "before", "previously", "previous", "preceding"} else 1
    anchor = _anchor_before(match, context)
    if direction in {"before", "after"}:
        following = context.text[match.end() :]
        named = [r for m, r in context.found if 0 <= m.start() - match.end() <= 5]
        event = re.match(r"\s+(?!(?:that|which|when|it|they|he|she)\b)([^,;.!?]+)", following)
        if named:
            anchor = named[0]  # "two days after 3 March"
        elif event is not None:
            return Unresolved(
                f"counts from an event the claim does not date: {event.group(1).strip()}"
            )
    if anchor is None:
        return Unresolved("counts from a date the claim does not name")
    vague = VAGUE_AMOUNTS.get(re.sub(r"\s+", " ", amount_word))
    if vague is not None:
        near, far = (sign * vague[0], sign * vague[1])
        ends = sorted([_shift(anchor.date_from, near, unit), _shift(anchor.date_to, far, unit)])
        return Resolved(ends[0], ends[1], "range", True)
    amount = AMOUNTS.get(amount_word) or int(amount_word)
    start = _shift(anchor.date_from, sign * amount, unit)
    end = _shift(anchor.date_to, sign * amount, unit)
    return Resolved(start, end, anchor.granularity, anchor.approximate)


# Order matters only for equally long matches at the same place.
RELATIVE_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (
        re.compile(
            LEAD
            + r"(?:\b(?P<which>last|this|past|next|coming)\s+)?\b(?P<weekday>"
            + "|".join(WEEKDAYS)
            + r")(?:\s+(?:morning|afternoon|evening|night))?\b",
            re.I,
        ),
        _weekday,
    ),
    (re.compile(r"\b(?:on\s+)?the\s+(?:previous|preceding)\s+day\b", re.I), _previous_day),
    (
        re.compile(
            r"\b(?P<amount>" + NUMBER_WORD + r")\s+(?P<unit>day|week|month|year)s?\s+"
            r"(?P<dir>earlier|later|before|after|previously)\b"
            r"|\bthe\s+(?P<unit2>day|week|month|year)\s+(?P<dir2>before|after)\b"
            r"|\bthe\s+(?:following|next)\s+(?P<unit3>day|week|month)\b",
            re.I,
        ),
        _anchored,
    ),
    (re.compile(r"\bovernight\b|\blast\s+night\b|\bthe\s+previous\s+night\b", re.I), _overnight),
    (
        re.compile(r"\b(?:(?P<side>earlier|later)\s+)?this\s+(?P<unit>week|month|year)\b", re.I),
        _this_period,
    ),
    (re.compile(r"\bnext\s+(?P<unit>week|month|year)\b", re.I), _next_period),
    (
        re.compile(
            r"\bin\s+(?P<amount>\d+|" + "|".join(AMOUNTS) + r")\s+(?P<unit>" + UNIT + r")\b", re.I
        ),
        _in_some_time,
    ),
    (
        re.compile(
            LEAD + r"(?:the\s+)?(?P<edge>end|start|beginning)\s+of\s+"
            r"(?P<which>last|this|the\s+previous|the)\s+(?P<unit>week|month|year)\b",
            re.I,
        ),
        _edge_of_period,
    ),
    (
        re.compile(
            r"\b(?:on\s+)?(?P<holiday>new\s+year" + APOSTROPHE + r"s\s+(?:eve|day)"
            r"|christmas(?:\s+(?:eve|day))?)\b",
            re.I,
        ),
        _holiday,
    ),
    (
        re.compile(HEDGE + r"\s+(?P<plain>" + NUMBER_WORD + r"\s+" + UNIT + r"\s+ago)\b", re.I),
        _hedged_ago,
    ),
    (
        re.compile(
            r"\b(?P<body>(?:the\s+day\s+before\s+)?yesterday|today|tonight|tomorrow"
            r"|this\s+morning|last\s+(?:week|month|year)|"
            + NUMBER_WORD
            + r"\s+"
            + UNIT
            + r"\s+ago)\b",
            re.I,
        ),
        _relative,
    ),
]
ABSOLUTE_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (
        re.compile(
            LEAD + r"(?P<body>(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + MONTHS + r")\.?"
            r"(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{4})?)\b",
            re.I,
        ),
        _absolute,
    ),
    (re.compile(r"\b(?P<body>\d{4}-\d{2}-\d{2})\b"), _absolute),
    (
        re.compile(r"\b(?P<lead>in|since|during|until|till|by)\s+(?P<body>(?:19|20)\d{2})\b", re.I),
        _absolute,
    ),
]
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
NO_PUBLICATION_DATE = "the article has no publication date to count from"
MONTH_WORD = re.compile(r"\b(?:" + MONTHS + r")\b", re.I)
AMBIGUOUS_MONTHS = {"may", "march", "sept", "jan", "dec", "mar"}  # also ordinary words or names


# A word every rule above needs, found in one pass: most claims name no time at all, and
# this spares them the rules' scans. A rule added above needs its word here.
TIME_WORD = re.compile(
    r"day|week|month|year|night|morning|christmas|tomorrow|\d{4}|\b(?:" + MONTHS + r")", re.I
)


def _candidates(text: str) -> list[tuple[re.Match[str], Rule]]:
    if not TIME_WORD.search(text):
        return []
    found: list[tuple[re.Match[str], Rule]] = []
    for pattern, rule in RELATIVE_RULES + ABSOLUTE_RULES:
        found.extend((match, rule) for match in pattern.finditer(text))
    # Longest first, then earliest: the span a reader would underline.
    found.sort(key=lambda item: (-(item[0].end() - item[0].start()), item[0].start()))
    taken: list[tuple[int, int]] = []
    kept = []
    for match, rule in found:
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        taken.append((match.start(), match.end()))
        kept.append((match, rule))
    return sorted(kept, key=lambda item: item[0].start())


def _is_plain_word(match: re.Match[str]) -> bool:
    """ "may" in "officials may", or "march" in "a march in Kyiv", is not a date."""
    body = match.groupdict().get("body") or ""
    month = MONTH_WORD.search(body)
    if month is None:
        return False
    # News capitalises month names; "May" alone is a date only after "in", "on", "since".
    alone = body.strip().rstrip(".").lower() in AMBIGUOUS_MONTHS
    return month.group(0)[0].islower() or (alone and not match.groupdict().get("lead"))


def resolve(text: str, published: dt.date | None) -> dict[str, Any]:
    """Each time expression with the dates it means; those counting from an undated event
    or a date the claim does not name are listed apart, under "unresolved", with why."""
    context = Context(text, published)
    candidates = [
        (match, rule)
        for match, rule in _candidates(text)
        if not (rule is _absolute and _is_plain_word(match))
    ]
    # Dates first, then what counts from them ("a week earlier"), each in text order.
    outcomes: dict[int, Outcome] = {}
    for anchored in (False, True):
        for match, rule in candidates:
            if (rule is _anchored or rule is _previous_day) is anchored:
                undated = published is None and not YEAR.search(match.group(0))
                if undated and rule is not _anchored:
                    # "on Thursday", "yesterday", "10 March": nothing to count from.
                    outcome: Outcome = Unresolved(NO_PUBLICATION_DATE)
                else:
                    outcome = rule(match, context)
                outcomes[match.start()] = outcome
                if isinstance(outcome, Resolved):
                    context.found.append((match, outcome))
                    context.found.sort(key=lambda item: item[0].start())
    expressions, unresolved = [], []
    for match, _ in candidates:
        outcome = outcomes[match.start()]
        where = {"text": match.group(0), "start": match.start(), "end": match.end()}
        if isinstance(outcome, Unresolved):
            unresolved.append({**where, "reason": outcome.reason})
            continue
        if outcome is None:
            continue
        if (match.groupdict().get("lead") or "").lower() == "since" and published is not None:
            outcome = Resolved(outcome.date_from, published, "range", outcome.approximate)
        expressions.append(
            {
                **where,
                "date_from": outcome.date_from.isoformat(),
                "date_to": outcome.date_to.isoformat(),
                "granularity": outcome.granularity,
                "approximate": outcome.approximate,
            }
        )
    result: dict[str, Any] = {"expressions": expressions}
    if unresolved:
        result["unresolved"] = unresolved
    return result


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    return dict(claim.facts.get("time") or resolve(claim.text, claim.published))


KIND = CheckKind(name="time", title="Dates", order=20, run=_run, from_facts=True)


# A dateline or byline: a short line near the top of a text whose date, naming its year,
# ends it, or is followed only by a time ("Dovresk, 10 March 2026", "Published 10 March
# 2026, 14:32 GMT", "By Ana Costa | 10 March 2026").
DATELINE_LINES = 4
DATELINE_PREFIX_WORDS = 6
_AFTER_DATELINE_DATE = re.compile(
    r"[\s,|\u00b7\u2013\u2014-]*(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?[\s.]*\Z",
    re.I,
)


def dateline_date(text: str) -> dt.date | None:
    """The day a dateline or byline at the top of a pasted text gives, or None. Of two
    ("Published ...", "Updated ..."), the first day. A date in a headline or a sentence is
    an event's date, not the article's: it has words after it, or "on", "in", "since"
    before it."""
    days = set()
    lines = [line.strip() for line in text.splitlines() if line.strip()][:DATELINE_LINES]
    for line in lines:
        if len(line) > 100:
            continue
        for pattern, rule in ABSOLUTE_RULES:
            for match in pattern.finditer(line):
                if match.groupdict().get("lead") or not YEAR.search(match["body"]):
                    continue
                before, after = line[: match.start()], line[match.end() :]
                if len(before.split()) > DATELINE_PREFIX_WORDS or not (
                    _AFTER_DATELINE_DATE.match(after)
                ):
                    continue
                outcome = rule(match, Context(line, None))
                if isinstance(outcome, Resolved) and outcome.date_from == outcome.date_to:
                    days.add(outcome.date_from)
    return min(days) if days else None


__all__ = ["KIND", "Resolved", "dateline_date", "resolve"]
