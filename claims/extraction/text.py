"""Normalising and segmenting news text as editors paste it.

Offsets always refer to the original string: normalisation is a one-to-one character
mapping, so a normalised copy can be parsed and its offsets used unchanged.
"""

from __future__ import annotations

import re
import unicodedata

from .records import TextBlock

# One character in, one character out: offsets of the parsed copy equal original offsets.
_PARSE_MAP = str.maketrans(
    {
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "\r": " ",
        "\t": " ",
        "\x00": " ",
    }
)
_MATCH_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)

_CONTROL = re.compile(r"[^\S\n ]|[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
TERMINAL = ".!?:;\"'\u201d\u2019)]\u2026"
OPEN_QUOTES = "\u201c\u00ab\u201e"
CLOSE_QUOTES = "\u201d\u00bb"
MAX_PARAGRAPH = 5000
# Sub-headings in news pages run to a handful of words; eight keeps short one-line
# paragraphs of real text ("The court adjourned until Monday.") out by their full stop.
SUBHEADING_WORDS = 8
QUOTE_MARKS = '"\u201c\u201d\u00ab\u00bb\u201e'


def for_parsing(text: str) -> str:
    """Same-length copy with exotic spaces and control characters made plain."""
    return _CONTROL.sub(" ", text.translate(_PARSE_MAP))


# A title in title case ("Mayor Says Port Will Reopen") hides its verb from the parser,
# which reads every capitalised word as a name; the verb of saying in lower case shows it.
TITLE_CASE_SHARE = 0.75
MIN_TITLE_WORDS = 4
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def title_case(text: str) -> bool:
    """Most words capitalised, as in "Mayor Says Port Will Reopen"."""
    words = _WORD.findall(text)
    capitals = sum(1 for w in words if w[0].isupper())
    return len(words) >= MIN_TITLE_WORDS and capitals >= TITLE_CASE_SHARE * len(words)


def cue_case(text: str, cues: frozenset[str]) -> str:
    """Same-length copy of a title-case paragraph with its verbs of saying in lower case
    ("Mayor says Port Will Reopen"); any other paragraph is returned as it is."""
    if not title_case(text):
        return text
    words = list(_WORD.finditer(text))
    chars = list(text)
    for word in words:
        if _cue_form(word.group().lower(), cues) and word.group()[1:].islower():
            chars[word.start()] = chars[word.start()].lower()
    return "".join(chars)


def _cue_form(word: str, cues: frozenset[str]) -> bool:
    """A verb of saying in the third person or the past: "says", "urges", "said"."""
    if word == "said":
        return True
    return word.endswith("s") and (word[:-1] in cues or (word.endswith("es") and word[:-2] in cues))


def for_matching(text: str) -> str:
    """Folded copy for comparing strings (not for offsets)."""
    text = unicodedata.normalize("NFKC", text).translate(_MATCH_MAP)
    return re.sub(r"\s+", " ", text).strip()


_CAPTION = [
    re.compile(
        r"^\W*(photo|image|picture|video|file photo|illustration|credit|caption)s?\b"
        r"\s*(:|by\b|credit)",
        re.I,
    ),
    re.compile(r"\(\s*(?:[A-Z]{2,5}\s+)?(photo|image|picture)\b[^)]*\)\W*$", re.I),
    re.compile(r"\[[^\]\n]{2,80}/[^\]\n]{2,80}\]\W*$"),
    re.compile(
        r"\b(getty images|shutterstock|/reuters|/ap|/afp|/epa(?:-efe)?|via reuters)\W*$", re.I
    ),
]
_FOOTER = re.compile(r"^\W*(?:source|sources|via)\s*:\s*(?P<name>[^\n]{1,80}?)\W*$", re.I)
_BOILERPLATE = re.compile(
    r"^\W*(read (?:more|the rest|the full|also)|click here|subscribe|sign up|share this|"
    r"related\s*:|advertisement|follow (?:us|\S+(?: \S+){0,3}) on |watch\s*:|"
    r"listen\s*:|copyright|\u00a9|all rights reserved|"
    # A live blog's greeting and its list openers: "Hello and welcome to our live coverage
    # of ...", "Here are the main developments:", "Key events".
    r"(?:(?:hello(?: and|,)? |hi(?: and|,)? )?welcome to (?:our|the) (?:live|rolling)[^.!?]*[.!?]"
    r"\s*)?(?:here (?:are|is) (?:the |a )?(?:main|key|latest) (?:developments|events|points|"
    r"updates)[^.:!?]*[.:]?\s*$|$)|"
    r"key events\W*$)",
    re.I,
)


def segment(text: str) -> list[TextBlock]:
    """Split pasted article text into classified paragraphs."""
    paragraphs = _paragraph_spans(text)
    kinds = [_classify(text[s:e]) for s, e in paragraphs]
    _mark_caption_prefixes(text, paragraphs, kinds)
    first_body = True
    blocks: list[TextBlock] = []
    for (start, end), kind in zip(paragraphs, kinds, strict=True):
        if kind == "body":
            para = text[start:end]
            if first_body and (not _ends_sentence(para) or _labelled_title(para)):
                kind = "headline"
            elif not first_body and _is_subheading(para):
                kind = "subheading"
            first_body = False
        blocks.append(TextBlock(start, end, kind))
    return blocks


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z.'\u2019-]*(?: [A-Z][A-Za-z.'\u2019-]*){0,3})"
    r"(?:, ?(?P<region>[A-Z][A-Za-z.]{1,12}\.?))?"
    rf"(?:,? ?(?P<date>{_MONTH} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {_MONTH}(?: \d{{4}})?))?"
    r" ?(?:\((?P<agency>[A-Za-z][A-Za-z .&/-]{1,30})\))?"
    r" ?(?P<sep>:|\u2014|\u2013|--?) +(?=\S)"
)
# A live blog's entry opens with the time it was posted ("10:05 Two officials said ...",
# "9.40am BST - ..."): a dateline too, in any paragraph.
_TIMESTAMP = re.compile(
    r"\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: (?:GMT|BST|CET|CEST|EET|EEST|UTC|ET|EDT|EST))?"
    r"(?P<sep> *[\u2013\u2014|:-]? +)(?=[\"\u201c\u2018A-Z])"
)
# Datelines open the first paragraphs only; later a "PLACE:" is more likely a speaker.
DATELINE_PARAGRAPHS = 3
# Cities often in datelines that are not capitals (capitals come from sources.CAPITALS).
DATELINE_CITIES = frozenset(
    {
        "geneva",
        "new york",
        "los angeles",
        "chicago",
        "houston",
        "boston",
        "san francisco",
        "miami",
        "atlanta",
        "strasbourg",
        "the hague",
        "dubai",
        "jerusalem",
        "gaza",
        "istanbul",
        "hong kong",
        "singapore",
        "mumbai",
        "johannesburg",
        "nairobi",
        "lagos",
        "sydney",
        "toronto",
        "montreal",
        "kharkiv",
        "odesa",
        "odessa",
        "lviv",
        "donetsk",
        "luhansk",
        "zaporizhzhia",
        "kherson",
        "dnipro",
        "mariupol",
        "belgrade",
        "sofia",
        "bucharest",
        "vienna",
        "prague",
        "zurich",
        "lisbon",
        "dublin",
        "edinburgh",
        "amsterdam",
        "copenhagen",
        "vilnius",
        "riga",
        "tallinn",
        "athens",
        "davos",
        "munich",
        "frankfurt",
        "milan",
        "united nations",
    }
)


def split_datelines(text: str, blocks: list[TextBlock], places: frozenset[str]) -> list[TextBlock]:
    """Cut a dateline ("GENEVA:", "KYIV, March 3 (Reuters) -", "OSLO, 3 March -") off the
    first paragraphs.

    A dateline says where the report was filed; read as a sentence, its place became
    the speaker of the paragraph. It is taken for a dateline when it is written in
    capitals and set off by a dash, carries a date or an agency, or names a known place.
    The time a live blog's entry was posted, opening any paragraph, is cut off too.
    """
    out: list[TextBlock] = []
    seen = 0
    for block in blocks:
        stamp = _TIMESTAMP.match(text, block.start, block.end) if block.kind == "body" else None
        if stamp is not None:
            out.append(TextBlock(block.start, stamp.start("sep"), "dateline"))
            block = TextBlock(stamp.end(), block.end, "body")
        if block.kind != "body" or seen >= DATELINE_PARAGRAPHS:
            out.append(block)
            continue
        seen += 1
        match = _DATELINE.match(text, block.start, block.end)
        if match is None or not _is_dateline(match, places, first=seen == 1):
            out.append(block)
            continue
        cut = match.end()
        out.append(TextBlock(block.start, match.end("sep"), "dateline"))
        out.append(TextBlock(cut, block.end, "body"))
    return out


def _is_dateline(match: re.Match[str], places: frozenset[str], *, first: bool) -> bool:
    place = match.group("place")
    known = place.lower() in places or place.lower() in DATELINE_CITIES
    if match.group("date") or match.group("agency"):
        return place.isupper() or known
    if not place.isupper() or len(place) < 3:
        return False
    # "SMITH: ..." is a transcript turn, but a transcript does not open the body: an
    # unknown word in capitals before a colon is a place only in the first paragraph.
    return match.group("sep") != ":" or known or first


def publisher_from_footer(text: str, blocks: list[TextBlock]) -> str:
    for block in reversed(blocks):
        if block.kind == "footer":
            match = _FOOTER.match(for_matching(text[block.start : block.end]))
            if match:
                return match.group("name").strip()
    return ""


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"\S(?:.|\n(?![ \t\r\u00a0]*\r?\n))*", text):
        lines = [
            (m.start() + block.start(), m.end() + block.start())
            for m in re.finditer(r"[^\n]+", block.group())
        ]
        lines = [_strip(text, s, e) for s, e in lines]
        lines = [(s, e) for s, e in lines if e > s]
        if _hard_wrapped(text, lines):
            spans.append((lines[0][0], lines[-1][1]))
        else:
            spans.extend(lines)
    return [piece for s, e in spans for piece in _cap_length(text, s, e)]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Lines of one block broken at a fixed width rather than at paragraph ends."""
    if len(lines) < 2:
        return False
    if len(lines) == 2 and not text[lines[1][0]].islower():
        return False
    widths = [e - s for s, e in lines[:-1]]
    widest = max(widths)
    if widest > 120 or widest < 40:
        return False
    # Text wrapped at a width never has a last line longer than the others: lines like
    # that are separate lines (a list of headlines), each one its own paragraph.
    if lines[-1][1] - lines[-1][0] > widest:
        return False
    mid_sentence = sum(not _ends_sentence(text[s:e]) for s, e in lines[:-1])
    even = sum(w >= 0.8 * widest for w in widths)
    return even == len(widths) and mid_sentence >= max(1, len(widths) // 2)


def _cap_length(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a very long paragraph at sentence ends so no parse is unbounded."""
    pieces = []
    while end - start > MAX_PARAGRAPH:
        window = text[start : start + MAX_PARAGRAPH]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        cut = cut + 2 if cut > MAX_PARAGRAPH // 2 else MAX_PARAGRAPH
        pieces.append(_strip(text, start, start + cut))
        start = start + cut
    pieces.append(_strip(text, start, end))
    return [(s, e) for s, e in pieces if e > s]


def _classify(para: str) -> str:
    folded = for_matching(para)
    if not any(ch.isalnum() for ch in folded):
        return "boilerplate"
    if re.fullmatch(r"\W*[(\[][^()\[\]]*[)\]]\W*", folded):
        return "boilerplate"
    if _FOOTER.match(folded) and len(folded) < 90:
        return "footer"
    if _BOILERPLATE.match(folded) and len(folded) < 200:
        return "boilerplate"
    if any(pattern.search(folded) for pattern in _CAPTION) and len(folded) < 400:
        return "caption"
    return "body"


def _mark_caption_prefixes(text: str, spans: list[tuple[int, int]], kinds: list[str]) -> None:
    """A caption is often pasted twice, once without its credit: both are captions."""
    captions = [
        for_matching(text[s:e]).lower()
        for (s, e), k in zip(spans, kinds, strict=True)
        if k == "caption"
    ]
    for i, (s, e) in enumerate(spans):
        if kinds[i] != "body":
            continue
        para = for_matching(text[s:e]).lower().rstrip(".")
        if len(para) > 20 and any(c.startswith(para) for c in captions):
            kinds[i] = "caption"


def _ends_sentence(para: str) -> bool:
    return para.rstrip()[-1:] in TERMINAL


# "Holm: Harbour fees will not rise." A first line that opens with a short label and a
# colon is a headline even with a full stop: a lead paragraph opens with its subject, and a
# dateline ("GENEVA:") is written in capitals. Headlines run to about twenty words.
_LABELLED_TITLE = re.compile(
    r"^[\W_]{0,2}(?P<label>[A-Z][\w.'\u2019-]*(?: [\w.'\u2019-]+){0,2}):\s+\S"
)
TITLE_WORDS = 20


def _labelled_title(para: str) -> bool:
    match = _LABELLED_TITLE.match(para)
    return (
        match is not None
        and not match.group("label").isupper()
        and len(para.split()) <= TITLE_WORDS
        and "\n" not in para
    )


def _is_subheading(para: str) -> bool:
    """A short line with no full stop, or a short question an explainer asks itself
    ("What did the court say?"): a heading, not a statement."""
    words = para.split()
    if len(words) > SUBHEADING_WORDS or not para[:1].isupper():
        return False
    question = para.rstrip().endswith("?") and not any(q in para for q in QUOTE_MARKS)
    return question or not _ends_sentence(para)


def quote_spans(para: str) -> tuple[list[tuple[int, int]], bool]:
    """Quoted stretches of a paragraph (local offsets) and whether the last is left open.

    By convention a quotation running over paragraphs is not closed at the end of the first
    and opened again at the start of the next.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    i, n = 0, len(para)
    while i < n:
        ch = para[i]
        width = 2 if para.startswith("''", i) or para.startswith("``", i) else 1
        if ch in OPEN_QUOTES or para.startswith("``", i):
            if opened is None:
                opened = i
        elif ch in CLOSE_QUOTES or (ch == '"') or para.startswith("''", i):
            if opened is not None and (ch != '"' or _closes(para, i)):
                spans.append((opened, i + width))
                opened = None
            elif opened is None and ch in "\"'":
                opened = i
        elif ch == "\u2018" and opened is None and (i == 0 or not para[i - 1].isalnum()):
            close = _single_close(para, i)
            if close:
                spans.append((i, close))
                i = close
                continue
        i += width
    if opened is not None:
        spans.append((opened, n))
        return spans, True
    return spans, False


# A paragraph opening with a dash is speech in many European outlets ("\u2013 We will
# fight, says Malik."); the frame that closes a sentence of it, if any, names the speaker
# and ends the speech: what follows the frame is the writer's again. A dash item that
# opens with a speaker and a verb of saying ("- The mayor said ...", a list's bullet) is
# the writer's report, not speech.
_SPEECH_DASH = re.compile(r"^\s*[\u2013\u2014\u2015](?=\s)|^\s*-(?=\s)")
_FRAME_VERBS = r"(?:says|said|adds|added|writes|wrote|insists|insisted|reports|reported)"
_DASH_FRAME = re.compile(
    r",(?!\s*(?:and|but|or|so|as|if|when|because|that|which|who)\b)\s*"
    r"(?:(?:says|said|adds|added|writes|wrote|tells|told|insists|insisted)\s+[^,.;:!?]{1,80}"
    rf"|[^,.;:!?]{{1,80}}?\s+{_FRAME_VERBS}"
    r"(?:\s+[^,.;:!?]{1,40})?)(?:[.!?]?\s*$|[.!?](?=\s+[\"\u201c\u2018'(]?[A-Z]))"
)
_NARRATED = re.compile(
    r"\s*(?!(?:I|We|You|He|She|It|They|Nobody|No one|Everyone|Everybody|Someone|Somebody)\b)"
    r"[A-Z](?:(?!\b(?:has|have|had|not|never|would|will)\b)[^,.;:!?\"\u201c\u201d]){0,60}?"
    r"\s(?:said|says|told|announced|reported|wrote|claimed)\b"
)


def dash_quote(para: str) -> tuple[int, int] | None:
    """The quoted stretch of a dash-introduced paragraph (local offsets), up to its frame."""
    opening = _SPEECH_DASH.match(para)
    if opening is None:
        return None
    frame = _DASH_FRAME.search(para, opening.end())
    if frame is None and _NARRATED.match(para, opening.end()):
        return None
    return opening.end(), frame.start() if frame else len(para)


def _closes(para: str, i: int) -> bool:
    """A straight double quote closes when it follows text rather than starts it."""
    before = para[i - 1] if i else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    return not before.isspace() or after.isspace() or not after.isalnum()


def _single_close(para: str, i: int) -> int:
    """End of a single-quoted stretch opened at i, or 0 if it does not close soon."""
    limit = min(len(para), i + 300)
    for j in range(i + 1, limit):
        if para[j] == "\u2019" and (j + 1 == len(para) or not para[j + 1].isalnum()):
            return j + 1
    return 0
