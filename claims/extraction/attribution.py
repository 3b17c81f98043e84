"""Attribution patterns over the dependency parse: who says what, with which cue.

Each pattern looks at a cue (a reporting verb, "according to", a reporting noun), finds
its speaker among the syntactic relatives of the cue and its content among the clausal
complements, and returns token ranges; turning them into claims is the engine's job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import words

# Verbs whose clausal complement (that-clause, quote, parataxis) is what is claimed.
CLAUSE_CUES = words(
    """
    say tell report claim state announce add note warn accuse deny insist confirm argue
    write post tweet believe estimate suggest explain acknowledge admit allege predict
    promise vow urge declare stress emphasize emphasise reply respond comment assert
    contend concede complain recall reveal indicate mention testify think fear agree ask
    conclude charge caution signal hint boast observe remark retort counter show find
    feel maintain pledge threaten assure inform disclose speculate reckon guess forecast
    project calculate underline underscore highlight repeat reiterate clarify proclaim
    brag joke quip muse lament demand propose recommend advise order worry doubt
    question wonder expect hope imply point dismiss telegraph tout cite blame criticize
    criticise condemn describe call confide grumble scoff continue pen publish release
    notify assess judge affirm attest certify swear guarantee unveil
    """
)
# Verbs whose direct object can carry the claim ("condemned the 'attacks'", "denied it").
OBJECT_CUES = words(
    """
    condemn deny announce describe dub call accuse blame criticize criticise blast slam
    denounce decry reject dispute cite pledge promise vow demand propose question
    confirm report claim predict estimate allege label brand praise hail welcome
    acknowledge admit warn threaten tout mention recall reveal forecast project show
    cite note stress emphasize emphasise liken compare propose recommend find
    """
)
# Verbs taking "to"-infinitive content ("vowed to retaliate", "urged X to leave").
XCOMP_CUES = words(
    """
    urge promise vow pledge threaten call ask demand warn claim agree appeal tell
    propose recommend suggest
    """
)
# Cognition verbs count only with a that-clause, never postposed on their own.
WEAK_CUES = words(
    """
    think believe feel fear expect hope doubt wonder worry find show guess reckon know
    continue point call order judge assess project question release publish pen unveil
    """
)
RESEARCH_WORDS = words(
    """
    poll survey study report data analysis research figures statistics census review
    investigation audit records documents numbers model estimate estimates polling probe
    inquiry assessment evidence test tests video videos footage image images photo photos
    imagery slide chart map graph transcript tally count average averages result results
    recording record statistic analyses projection projections
    """
)
NOUN_CUES = words(
    """
    claim statement assertion allegation warning announcement insistence argument view
    belief contention accusation promise pledge suggestion charge admission denial
    estimate prediction assessment report remark comment testimony conclusion finding
    findings message post tweet
    """
)
CHANNEL_WORDS = words(
    """
    telegram twitter x facebook instagram tiktok youtube truth social statement
    interview conference briefing post video address speech tweet television tv radio
    show broadcast email letter message release op-ed column blog media platform website
    channel podcast rally hearing appearance remarks comments call memo report filing
    note editorial article piece thread livestream session meeting summit event program
    programme network newspaper
    """
)
# Verbs that report findings only: "the poll shows", "a study found", never a person's view
# unless a that-clause makes it one ("she found that ...").
RESEARCH_ONLY = words(
    """
    show find
    """
)
QUOTE_CHARS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e`") | {"``", "''"}
# A frame splits content in two ("the plant, she said, will close"); the part holding this
# share of the words stands for the claim. Below it the split is too even to choose, and the
# whole span is kept (annotators mark the content whole in that case).
MOST = 0.7
# An opener before the frame that is a short noun phrase with a subject ("The plant, she
# said, ...") belongs to the claim; eight words covers a named subject with its modifier.
SUBJECT_OPENER_WORDS = 8
# A short opener with no subject and no verb ("Back in May, she said, ...") is the
# reporter's scene-setting, not part of what was said.
SCENE_OPENER_WORDS = 5
# A direct object stands as a claim from four words ("cited the latest casualty figures"),
# as many as a verbless claim needs (engine.MIN_VERBLESS_WORDS), so no sentence loses its
# claim to a fragment; "denied it" or "condemned the attacks" says nothing checkable
# unless quoted. Measured on PolNeAR dev: five words cost 0.004.
OBJECT_CLAIM_WORDS = 4
SPEAKER_DEPS = ("nsubj",)
PASSIVE_DEPS = ("nsubjpass", "auxpass")
CONTENT_DEPS = ("ccomp", "parataxis")


@dataclass
class Attribution:
    """One cue with its speaker and content, as token indices of the parsed document."""

    cue: str
    cue_index: int
    speaker: Span | None
    content_start: int
    content_end: int  # exclusive
    channel: str = ""
    passive: bool = False
    pattern: str = ""
    frame: set[int] = field(default_factory=set)


Quoted = Callable[[Token], bool]


def find_attributions(sent: Span, quoted: Quoted) -> list[Attribution]:
    """Attributions of a sentence, outermost first, nested ones dropped."""
    candidates = [t for t in sent if not quoted(t) and _is_cue(t)]
    candidates.sort(key=_depth)
    found: list[Attribution] = []
    inherited: dict[int, Span] = {}
    for cue in candidates:
        if any(a.content_start <= cue.i < a.content_end for a in found):
            continue
        if cue.lower_ == "according" or cue.lemma_ == "accord":
            attribution = _according_to(cue, sent)
        elif cue.pos_ == "NOUN":
            attribution = _noun_cue(cue, sent)
        else:
            attribution = _verb_cue(cue, sent, quoted, inherited.get(cue.i))
        if attribution is not None and not _overlaps(attribution, found):
            _cut_coordinated_cue(attribution, cue.doc, quoted, inherited)
            found.append(attribution)
    found.sort(key=lambda a: a.content_start)
    return found


def _cut_coordinated_cue(
    attribution: Attribution, doc: Doc, quoted: Quoted, inherited: dict[int, Span]
) -> None:
    """ "X said A and warned B": A ends before the second cue, which keeps X as speaker."""
    if attribution.speaker is None:
        return
    for token in doc[attribution.content_start : attribution.content_end]:
        if _own_report(token, attribution, quoted):
            end = token.left_edge.i
            while end > attribution.content_start and (
                doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"
            ):
                end -= 1
            attribution.content_end = end
            return
        participle = (
            token.dep_ == "advcl" and token.tag_ == "VBG" and doc[token.left_edge.i - 1].text == ","
        )
        if (
            (token.dep_ == "conj" or participle)
            and token.pos_ == "VERB"
            and not quoted(token)
            and token.lemma_.lower() in CLAUSE_CUES
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
            and token.left_edge.i > attribution.content_start
            and _takes_a_statement(token, quoted)
        ):
            end = token.left_edge.i
            while end > attribution.content_start and (
                doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"
            ):
                end -= 1
            attribution.content_end = end
            inherited[token.i] = attribution.speaker
            return


def _takes_a_statement(token: Token, quoted: Quoted) -> bool:
    """ "and warned that ...", "adding: ...", 'and added, "..."': the verb reports speech.

    Without a clause, a colon or a quotation after it, a verb such as "add" or "note" in
    the content is the content's own ("it would depress revenue, but would add $84 billion").
    """
    if any(c.dep_ in ("ccomp", "parataxis") for c in token.children):
        return True
    doc = token.doc
    after = doc[token.i + 1 : token.i + 3]
    return any(t.text == ":" or quoted(t) for t in after)


def _own_report(token: Token, attribution: Attribution, quoted: Quoted) -> bool:
    """ "officials said A and Russian officials accused B": the second cue has its own speaker.

    A clause coordinated into the content whose verb is a cue with a named subject of its own
    is a new statement of someone else, not part of the first one.
    """
    if token.dep_ != "conj" or token.pos_ != "VERB" or quoted(token):
        return False
    lemma = token.lemma_.lower()
    if (lemma not in CLAUSE_CUES and lemma not in OBJECT_CUES) or lemma in WEAK_CUES:
        return False
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    speaker = attribution.speaker
    if subject is None or subject.lower_ in PRONOUN_SUBJECTS or speaker is None:
        return False
    return (
        token.left_edge.i > attribution.content_start
        and subject.i not in range(speaker.start, speaker.end)
        and subject.lemma_.lower() != speaker.root.lemma_.lower()
    )


PRONOUN_SUBJECTS = words(
    """
    he she it they we i you who that which this
    """
)


def _overlaps(new: Attribution, found: list[Attribution]) -> bool:
    for old in found:
        if new.content_start < old.content_end and old.content_start < new.content_end:
            inside = old.content_start <= new.content_start and new.content_end <= old.content_end
            if inside or new.cue_index in range(old.content_start, old.content_end):
                return True
    return False


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token = token.head
        depth += 1
    return depth


def _is_cue(token: Token) -> bool:
    if token.lower_ == "according":
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is not None and nxt.lower_ == "to"
    lemma = token.lemma_.lower()
    if lemma == "put" and token.pos_ == "VERB":
        # "as she put it": the idiom reports speech, no other "put" does.
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children) and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in token.children
        )
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and lemma == "say"):
        if lemma in ONLY_WITH_PREPOSITION:
            nxt = _next_word(token)
            return nxt is not None and nxt.lower_ in PREPOSITION_CUES[lemma]
        return lemma in CLAUSE_CUES or lemma in OBJECT_CUES or lemma in XCOMP_CUES
    if token.pos_ == "NOUN" and lemma in NOUN_CUES:
        return _noun_owner(token) is not None and any(
            c.dep_ in ("acl", "ccomp", "relcl") and _has_that(c) for c in token.children
        )
    return False


ONLY_WITH_PREPOSITION = frozenset({"speak", "talk"})


def frame_speaker(sent: Span, quoted: Quoted) -> Span | None:
    """The speaker of a frame ending in a colon ("X said:") whose quote follows."""
    for token in sent:
        if not quoted(token) and token.pos_ == "VERB" and token.lemma_.lower() in CLAUSE_CUES:
            speaker, _ = _speaker(token)
            if speaker is not None:
                return speaker
    return None


def _has_that(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def _according_to(cue: Token, sent: Span) -> Attribution | None:
    """ "A, according to X." / "According to X, A." / "A, according to X, B".

    At either end of the sentence "according to" scopes over all the rest of it, however
    the parser attached it; in the middle, over the clause it modifies.
    """
    doc = cue.doc
    to = doc[cue.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in cue.children if c.dep_ == "pobj"
    ]
    if objects:
        speaker = _mention(objects[0])
    else:
        # "according to show insiders": the parser took "show" for a verb; the words up
        # to the next punctuation are the source.
        last = to.i + 1
        while last < sent.end and not doc[last].is_punct:
            last += 1
        if last == to.i + 1:
            return None
        speaker = doc[to.i + 1 : last]
    frame = set(range(cue.i, speaker.end))
    before = any(t.is_alpha for t in doc[sent.start : cue.i])
    after = any(t.is_alpha for t in doc[speaker.end : sent.end])
    if before and not after:
        start, end = sent.start, cue.i
    elif after and not before:
        start, end = speaker.end, sent.end
    else:
        head = cue.head if cue.head is not cue else sent.root
        # "according to" scopes over the whole clause even when parsed under a participle.
        while (
            head.dep_ in ("advcl", "xcomp", "prep", "pobj", "acl", "pcomp")
            and head.head is not head
        ):
            head = head.head
        start, end = _subtree_range(head, exclude=frame)
        start, end = _clip(start, end, sent)
    start, end = _strip_range(doc, start, end, frame)
    if start >= end:
        return None
    return Attribution("according to", cue.i, speaker, start, end, pattern="according", frame=frame)


def _noun_owner(cue: Token) -> Token | None:
    """Whose claim a reporting noun is: "the mayor's claim that", "a Harlow Institute report
    that" (a named body before the noun)."""
    owner = next((c for c in cue.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    named = [c for c in cue.lefts if c.dep_ == "compound" and c.ent_type_ in ("ORG", "PERSON")]
    return named[-1] if named else None


def _noun_cue(cue: Token, sent: Span) -> Attribution | None:
    owner = _noun_owner(cue)
    clause = next((c for c in cue.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
    if owner is None or clause is None:
        return None
    start, end = clause.left_edge.i, clause.right_edge.i + 1
    start, end = _strip_range(cue.doc, start, end, set())
    speaker = _mention(owner)
    if start >= end:
        return None
    return Attribution(
        cue.text,
        cue.i,
        speaker,
        start,
        end,
        pattern="noun",
        frame={cue.i, *range(speaker.start, speaker.end)},
    )


def _verb_cue(
    cue: Token, sent: Span, quoted: Quoted, inherited: Span | None = None
) -> Attribution | None:
    lemma = cue.lemma_.lower()
    speaker, passive = (inherited, False) if inherited is not None else _speaker(cue)
    if speaker is None and not passive:
        return None
    # "Polls show", "the video shows", "it shows": findings of a thing; "Trump showed
    # support" reports no statement.
    if (
        lemma in RESEARCH_ONLY
        and speaker is not None
        and not _that_clause(cue)
        and _is_personal(speaker)
    ):
        return None
    cue_text, extra = _cue_phrase(cue)
    content, pattern = _content(cue, lemma, sent, quoted, extra, passive)
    if content is None and passive:
        content, pattern = _clause_of(cue), "passive"
    if content is None:
        return None
    start, end = content
    if pattern in ("clause", "object", "infinitive") and cue.i < start:
        end = _run_on(cue, sent, start, end, quoted)
    if pattern not in ("passive", "frame"):
        start, end = _whole_quotation(cue, sent, start, end, quoted)
    stray = _stray_subjects(cue)
    if stray and min(stray) < start:
        start = min(stray)
    frame = {cue.i, *extra}
    if speaker is not None:
        frame |= set(range(speaker.start, speaker.end))
    relative = _relative_antecedent(cue, start, end)
    if relative is not None:
        start = relative
    elif pattern not in ("passive", "frame") and start < cue.i < end - 1:
        start, end = _around_frame(cue, start, end, frame, quoted)
    # A passive cue belongs to its own claim: "no casualties were reported".
    start, end = _strip_range(cue.doc, start, end, set() if pattern == "passive" else frame)
    if start >= end:
        return None
    return Attribution(cue_text, cue.i, speaker, start, end, _channel(cue), passive, pattern, frame)


def _whole_quotation(
    cue: Token, sent: Span, start: int, end: int, quoted: Quoted
) -> tuple[int, int]:
    """A content that starts or ends inside a quotation takes the whole quotation: the
    parser often stops at its first comma ('"Unity means prosperity, because people fight
    over land," she said' gave only "Unity means prosperity")."""
    doc = cue.doc
    if end > start and quoted(doc[end - 1]):
        while end < sent.end and end != cue.i and quoted(doc[end]):
            end += 1
    if start < end and quoted(doc[start]):
        while start > sent.start and start - 1 != cue.i and quoted(doc[start - 1]):
            start -= 1
    return start, end


def _run_on(cue: Token, sent: Span, start: int, end: int, quoted: Quoted) -> int:
    """Where what was said ends: the sentence's end, when what follows the parsed content
    still goes on with it ("said A, because B", 'said there was A, "when it comes to B"',
    "said A: B"). The parser often hangs such tails on the cue; annotators and readers take
    them as part of the statement. A tail stops at a new speaker's cue, a participle cue
    ("..., adding that"), a semicolon, or a quotation's speaker frame.
    """
    doc = cue.doc
    stop = sent.end
    while stop > end and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
        stop -= 1
    for token in doc[end:stop]:
        if token.text == ";":
            return end
        if token.pos_ in ("VERB", "AUX") and not quoted(token):
            lemma = token.lemma_.lower()
            subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
            if lemma in CLAUSE_CUES and (subject or token.tag_ == "VBG"):
                return end
        if token.lower_ in ("according",):
            return end
    return max(end, stop)


def _that_clause(cue: Token) -> bool:
    """ "found that ...", "shows that ...": an explicit complementiser makes it a finding."""
    return any(c.dep_ == "ccomp" and _has_that(c) for c in cue.children)


def _relative_antecedent(cue: Token, start: int, end: int) -> int | None:
    """ "the $20 million that experts say it costs": the antecedent belongs to the content.

    The cue sits in a relative clause with a subject of its own, so what was said is about
    the noun the clause modifies; the claim starts at that noun phrase (frame inside).
    """
    head = cue.head
    if cue.dep_ != "relcl" or head is cue or head.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    if not any(
        c.dep_ == "nsubj" and c.lower_ not in ("who", "that", "which") for c in cue.children
    ):
        return None
    first = head.left_edge.i
    if first >= start or head.i >= cue.i:
        return None
    return first


def _around_frame(
    cue: Token, start: int, end: int, frame: set[int], quoted: Quoted
) -> tuple[int, int]:
    """Content split by a frame ("the plant, she said, will close"): the claim's span.

    A claim is one span. When the part before the frame holds the subject of what was said,
    the claim needs it, so the span stays whole with the frame inside ("The plant, she said,
    will close in May"). An opener without a subject ("Back in May, she said, ...",
    "perhaps, he said, ...") is the reporter's, so the part after the frame stands for the
    claim, as does a quotation that starts right after the frame: those are the speaker's
    own words ("the situation, he said, 'remains tense'"). Otherwise the part holding most
    of the content does, and an even split keeps the whole span.
    """
    doc = cue.doc
    content_kids = [
        c for c in cue.children if c.dep_ in (*CONTENT_DEPS, "xcomp", "dobj") and c.i not in frame
    ]
    kept = {t.i for k in content_kids for t in k.subtree}
    inner = [i for i in _frame_ids(cue) if start < i < end - 1 and i not in kept]
    inner += [i for i in frame if start < i < end - 1]
    if not inner:
        return start, end
    lo, hi = min(inner), max(inner)
    while lo > start and (doc[lo - 1].is_punct and doc[lo - 1].text not in QUOTE_CHARS):
        lo -= 1
    while hi + 1 < end - 1 and doc[hi + 1].is_punct and doc[hi + 1].text not in QUOTE_CHARS:
        hi += 1
    before = [t for t in doc[start:lo] if not t.is_punct and not t.is_space]
    after = [t for t in doc[hi + 1 : end] if not t.is_punct and not t.is_space]
    if not after:
        return start, lo
    if not before:
        return hi + 1, end
    if doc[hi + 1].text in QUOTE_CHARS and not any(quoted(t) for t in before):
        return hi + 1, end
    phrase = not any(t.pos_ in ("VERB", "AUX") or quoted(t) for t in before)
    stray = _stray_subjects(cue)
    if (
        phrase
        and len(before) <= SUBJECT_OPENER_WORDS
        and any(_plain_subject(t) or t.i in stray for t in before)
    ):
        return start, end
    if phrase and len(before) <= SCENE_OPENER_WORDS:
        return hi + 1, end
    if len(after) >= MOST * (len(before) + len(after)):
        return hi + 1, end
    if len(before) >= MOST * (len(before) + len(after)):
        return start, lo
    return start, end


def _plain_subject(token: Token) -> bool:
    """A subject that is not a relative or question word ("which, he said, ...")."""
    return token.dep_ in ("nsubj", "nsubjpass", "expl") and token.tag_ not in (
        "WDT",
        "WP",
        "WP$",
        "WRB",
    )


PERSONAL_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you"})


def _is_personal(speaker: Span) -> bool:
    """Findings are "shown" by polls, videos and documents, not by people."""
    root = speaker.root
    if root.lemma_.lower() in RESEARCH_WORDS:
        return False
    return root.ent_type_ in ("PERSON", "NORP") or root.lower_ in PERSONAL_PRONOUNS


# Cues whose content follows a fixed preposition: "called for", "spoke of", "warned against".
# "speak" and "talk" are cues only with theirs: "she spoke in Ohio" reports no statement.
PREPOSITION_CUES = {
    "call": ("for", "on"),
    "point": ("to", "out"),
    "warn": ("of", "against"),
    "speak": ("of", "about"),
    "talk": ("about",),
    "complain": ("about", "of"),
    "boast": ("about", "of"),
    "respond": ("by", "with"),
    "reply": ("by", "with"),
}


def _next_word(cue: Token) -> Token | None:
    """The word after the cue, past one adverb ("spoke emotionally of")."""
    doc = cue.doc
    for i in range(cue.i + 1, min(cue.i + 3, len(doc))):
        if doc[i].pos_ != "ADV" or doc[i].dep_ == "prt":
            return doc[i]
    return None


def _cue_phrase(cue: Token) -> tuple[str, list[int]]:
    """The cue as written, with a particle or a fixed preposition: "called for", "pointed out"."""
    extra = [c.i for c in cue.children if c.dep_ == "prt"]
    if cue.lemma_.lower() == "put":
        extra += [c.i for c in cue.children if c.dep_ == "dobj" and c.lower_ == "it"]
    lemma = cue.lemma_.lower()
    nxt = _next_word(cue)
    fixed = PREPOSITION_CUES.get(lemma, ())
    if nxt is not None and nxt.lower_ in fixed and nxt.i not in extra:
        extra.append(nxt.i)
    words = sorted([cue.i, *extra])
    return " ".join(cue.doc[i].text for i in words), extra


def _speaker(cue: Token) -> tuple[Span | None, bool]:
    """The speaker mention of a cue verb, climbing from participles to their clause subject."""
    token = cue
    for _ in range(4):
        subject = _speaking_subject(token)
        if subject is not None:
            if subject.lower_ in ("it", "there") and subject.dep_ == "expl":
                return None, True
            if subject.lower_ in ("who", "that", "which") and token.dep_ == "relcl":
                return subject.doc[subject.i : subject.i + 1], False
            speaking = _apposition_before(subject, cue)
            if speaking is not None:
                return _mention(speaking), False
            return _mention(subject), False
        if any(c.dep_ in PASSIVE_DEPS for c in token.children):
            agent = next((c for c in token.children if c.dep_ == "agent"), None)
            objects = [c for c in agent.children if c.dep_ == "pobj"] if agent else []
            if objects:
                return _mention(objects[0]), False
            return None, token is cue
        if token is cue and cue.tag_ in ("VBD", "VBZ", "VBP"):
            left = _left_subject(cue)
            if left is not None:
                return left, False
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            return _mention(token.head), False
        if token.dep_ in ("advcl", "xcomp", "conj", "pcomp") and token.head is not token:
            token = token.head
            continue
        if token.dep_ == "prep" or token.head.dep_ == "prep":
            token = token.head
            continue
        break
    return None, False


def _apposition_before(subject: Token, cue: Token) -> Token | None:
    """ "To understand the case, Chief Justice Roberts said, ...": the parser made the name
    an apposition of a noun in the content. Set off by a comma and right before the verb,
    it is the speaker; an apposition with a comma after it ("Ban, the UN chief, said") is
    not."""
    doc = cue.doc
    for child in subject.children:
        if child.dep_ != "appos" or child.right_edge.i != cue.i - 1:
            continue
        after_comma = child.left_edge.i > 0 and doc[child.left_edge.i - 1].text == ","
        if after_comma and (child.pos_ == "PROPN" or child.ent_type_ == "PERSON"):
            return child
    return None


def _speaking_subject(token: Token) -> Token | None:
    """The subject of a cue verb that speaks, when the parser gave the verb two.

    In "The new pier, the mayor said, will open in May" or '"Total chaos," said the
    mayor' the parser often makes both noun phrases subjects of "said": the one after the
    verb, or the one right before it with no comma between, is the speaker. Otherwise
    ("Ban, the UN chief, said") the first is, the second being its apposition.
    """
    subjects = [c for c in token.children if c.dep_ in SPEAKER_DEPS]
    if len(subjects) < 2:
        return subjects[0] if subjects else None
    after = [s for s in subjects if s.i > token.i]
    if after:
        return after[0]
    nearest = subjects[-1]
    last = max((t.i for t in nearest.subtree if not t.is_punct), default=nearest.i)
    listed = any(c.dep_ in ("cc", "conj") for c in nearest.children)
    # A closing bracket ends the subject's own aside ("Cummings (D-Md.) said"), no break.
    between = token.doc[last + 1 : token.i]
    if not listed and not any(t.is_punct and t.text not in (")", "]") for t in between):
        return nearest
    return subjects[0]


def _stray_subjects(cue: Token) -> set[int]:
    """Tokens of noun phrases parsed as the cue's subjects besides its speaker: content."""
    speaker = _speaking_subject(cue)
    if speaker is None:
        return set()
    return {
        t.i
        for s in cue.children
        if s.i < speaker.i
        and s.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
        and (s.dep_ in SPEAKER_DEPS or (s.dep_ == "dep" and not _has_verb(s)))
        and _comma_after(s)
        for t in s.subtree
    }


def _comma_after(token: Token) -> bool:
    """The phrase of a token is set off by a comma right after its last word."""
    doc = token.doc
    last = max((t.i for t in token.subtree if not t.is_punct), default=token.i)
    return last + 1 < len(doc) and doc[last + 1].text == ","


def _has_verb(token: Token) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in token.subtree)


def _frame_ids(cue: Token) -> list[int]:
    """The cue's subtree without stray subjects: the frame as written around the content."""
    stray = _stray_subjects(cue)
    return [t.i for t in cue.subtree if t.i not in stray]


def antecedent(speaker: Span) -> Span | None:
    """The noun a relative pronoun speaker stands for: "the governor, who said ..." """
    if len(speaker) != 1 or speaker[0].lower_ not in ("who", "that", "which"):
        return None
    clause = speaker[0].head
    head = clause.head
    if clause.dep_ != "relcl" or head is clause or head.i > speaker[0].i:
        return None
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    return _mention(head)


def _left_subject(cue: Token) -> Span | None:
    """A subject the parser attached elsewhere: the appositive phrase right before the verb."""
    doc = cue.doc
    i = cue.i - 1
    while i >= 0 and doc[i].is_punct:
        i -= 1
    if i < 0 or doc[i].pos_ not in ("PROPN", "NOUN"):
        return None
    token, top = doc[i], None
    for _ in range(8):
        if token.dep_ == "appos":
            top = token
        if token.dep_ not in ("appos", "pobj", "prep", "compound") or token.head is token:
            break
        token = token.head
    if top is None or top.left_edge.i >= cue.i:
        return None
    start = top.left_edge.i
    return doc[start : i + 1]


def _mention(token: Token) -> Span:
    """A speaker noun phrase: its subtree without clauses set off by commas.

    "Trump, speaking to veterans in Virginia, said": the participle is an aside, no part
    of the name. "Two people briefed on the talks said": the participle says which people,
    so it is part of the description. A relative clause is dropped: it often holds the cue
    itself ("an architect who said ...").
    """
    doc = token.doc
    start, end = token.left_edge.i, token.right_edge.i + 1
    for child in token.rights:
        aside = child.left_edge.i > 0 and doc[child.left_edge.i - 1].text in (",", "(", "\u2014")
        restrictive = child.dep_ == "acl" and not aside and not _has_cue_verb(child)
        if (child.dep_ in ("relcl", "acl", "advcl") and not restrictive) or (
            child.dep_ == "punct" and child.text == "("
        ):
            end = min(end, child.left_edge.i)
    while end > start + 1 and (doc[end - 1].is_punct and doc[end - 1].text not in ").'"):
        end -= 1
    while start < end - 1 and doc[start].is_punct:
        start += 1
    if end <= token.i:
        end = token.i + 1
    return doc[start:end]


def _has_cue_verb(token: Token) -> bool:
    return any(t.pos_ == "VERB" and t.lemma_.lower() in CLAUSE_CUES for t in token.subtree)


def _content(
    cue: Token, lemma: str, sent: Span, quoted: Quoted, extra: list[int], passive: bool
) -> tuple[tuple[int, int] | None, str]:
    doc = cue.doc
    kids = [c for c in cue.children if c.dep_ in CONTENT_DEPS and c.i not in extra]
    if lemma in PREPOSITION_CUES and extra:
        prep = doc[extra[-1]]
        heads = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if prep.dep_ == "mark":
            heads = [prep.head]
        heads += [c for c in cue.children if c.dep_ in ("xcomp", "advcl") and c.i > prep.i]
        # "spoke of her years as a nurse": a phrase the parser hung on the cue right after
        # the object still describes the object.
        heads += [
            c
            for c in cue.children
            if c.dep_ == "prep" and c.i > prep.i and doc[c.i - 1].text != "," and heads
        ]
        if heads:
            start = min(h.left_edge.i for h in heads)
            end = max(h.right_edge.i for h in heads) + 1
            return (max(start, prep.i + 1), end), "object"
    if kids:
        kids = [
            k
            for k in kids
            if not (k.dep_ == "parataxis" and k.i < cue.i and not quoted(k))
            and not (k.i < cue.i and not quoted(k) and _colon_between(doc, k.right_edge.i, cue.i))
        ]
    if kids:
        start, end = _span_of(kids)
        return (_object_before_clause(cue, kids, start), end), "clause"
    if lemma in XCOMP_CUES:
        xcomps = [c for c in cue.children if c.dep_ == "xcomp"]
        if xcomps:
            return _span_of(xcomps), "infinitive"
    told = _that_clause_in_addressee(cue) if lemma in ADDRESSEE_CUES else None
    if told is None and lemma in CLAUSE_CUES and lemma not in WEAK_CUES:
        told = _stray_that_clause(cue)
    if told is not None:
        return (told.left_edge.i, told.right_edge.i + 1), "clause"
    as_clause = _as_frame(cue) if lemma not in WEAK_CUES else None
    if as_clause is not None:
        return as_clause, "as"
    if lemma in OBJECT_CUES:
        # "has often cited improving services as a priority": a gerund is an object too.
        objects = [
            c
            for c in cue.children
            if c.dep_ in ("dobj", "oprd") or (c.dep_ == "xcomp" and c.tag_ == "VBG")
        ]
        tail = [
            c
            for c in cue.children
            if c.dep_ in ("prep", "oprd") and c.i > cue.i and c.lower_ in ("of", "for", "as", "")
        ]
        if lemma in RESEARCH_ONLY:
            # "show Clinton with a lead of 3 points": a finding's object runs on.
            tail += [
                c
                for c in cue.children
                if c.dep_ in ("prep", "advcl", "xcomp", "acomp")
                and c.i > cue.i
                and doc[c.left_edge.i - 1].text != ","
            ]
        if objects:
            start, end = _span_of(objects + tail)
            if _substantial(doc, start, end, quoted):
                return (start, end), "object"
    if lemma in WEAK_CUES or passive:
        return None, ""
    head = cue.head
    if (
        cue.dep_ in ("parataxis", "ccomp", "advcl", "conj")
        and head is not cue
        and (_postposed(cue, head))
    ):
        start, end = _subtree_range(head, exclude=set(_frame_ids(cue)))
        return _clip(start, end, sent), "parenthetical" if cue.i < end else "postposed"
    found, pattern = _quote_near(cue, sent, quoted)
    if found is None:
        return _comma_frame(cue, sent), "frame"
    return found, pattern


def _comma_frame(cue: Token, sent: Span) -> tuple[int, int] | None:
    """ "A, he said, B" or "A, he said." with A and B hung on the cue: the sentence is it.

    The parser often makes the clauses around a frame set off by commas modifiers of the
    cue ("To see it, Roberts said, one should visit"). When the cue has no complement, what
    lies outside the frame is what was said; the frame stays inside the claim's span.
    """
    speaker, _ = _speaker(cue)
    if speaker is None or not (sent.start <= speaker.start < sent.end):
        return None
    doc = cue.doc
    lo, hi = min(speaker.start, cue.i), max(speaker.end - 1, cue.i)
    for child in cue.rights:
        # "he said on Tuesday," / "she said in an interview,": the adverbial is frame.
        if child.i == hi + 1 and child.dep_ in FRAME_ADVERBIALS and not _has_verb(child):
            hi = child.right_edge.i
    if lo - 1 <= sent.start or doc[lo - 1].text != ",":
        return None
    if hi + 1 < sent.end and not doc[hi + 1].is_punct:
        return None
    if not any(t.is_alpha for t in doc[sent.start : lo - 1]):
        return None
    return sent.start, sent.end


FRAME_ADVERBIALS = ("prep", "npadvmod", "advmod", "agent")


# Cues with an addressee before the content: "told a meeting of leaders that ...".
ADDRESSEE_CUES = frozenset({"tell", "inform", "assure", "warn", "remind", "convince", "promise"})


def _that_clause_in_addressee(cue: Token) -> Token | None:
    """ "told a meeting of Pacific leaders that few people understood": the parser made the
    that-clause a relative clause of the addressee; with a subject of its own it is what
    was told."""
    for obj in cue.children:
        if obj.dep_ not in ("dobj", "dative"):
            continue
        for token in obj.subtree:
            if token.dep_ not in ("relcl", "acl", "ccomp"):
                continue
            marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
            subject = any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which", "who")
                for c in token.children
            )
            if marked and subject:
                return token
    return None


def _object_before_clause(cue: Token, kids: list[Token], start: int) -> int:
    """ "found 31 incidents of fraud out of a billion ballots cast": a "clause" with neither
    a subject nor a complementiser is the tail of the object before it, which belongs to
    the claim too."""
    first = min(kids, key=lambda k: k.i)
    if first.i < cue.i or _has_subject(first) or any(c.dep_ == "mark" for c in first.children):
        return start
    objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < first.i]
    return min([start, *(o.left_edge.i for o in objects)])


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def _stray_that_clause(cue: Token) -> Token | None:
    """ "reported at the time that the editor conveyed ...": a that-clause with its own
    subject the parser hung under a phrase after the cue is what was reported."""
    for child in cue.rights:
        if child.dep_ not in ("prep", "npadvmod", "dobj", "dative"):
            continue
        for token in child.subtree:
            if token.dep_ not in ("relcl", "acl", "ccomp") or token.i <= cue.i:
                continue
            first = token.left_edge
            subject = any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which", "who")
                for c in token.children
            )
            if first.lower_ == "that" and subject:
                return token
    return None


def _as_frame(cue: Token) -> tuple[int, int] | None:
    """ "As Simonyan put it, RT is ...", "As one user pointed out, the gap ...": the clause
    the as-frame modifies is what was said."""
    if cue.dep_ != "advcl" or cue.head is cue:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    frame = {t.i for t in cue.subtree}
    return _subtree_range(cue.head, exclude=frame)


def _colon_between(doc: Doc, left: int, right: int) -> bool:
    """ "Tensions rose on Friday: officials said ...": the colon opens a new statement."""
    return any(doc[i].text in (":", ";") for i in range(left + 1, right))


def _clause_of(cue: Token) -> tuple[int, int]:
    """The clause of a passive cue ("no casualties were reported"): the claim itself."""
    skip = set()
    for child in cue.children:
        if child.dep_ in ("conj", "cc") or (child.dep_ == "punct" and child.i > cue.i):
            skip |= set(_subtree_ids(child))
    return _subtree_range(cue, exclude=skip)


def _postposed(cue: Token, head: Token) -> bool:
    """A comma-set frame after content: "..., he said" or "the situation, he said, ..."."""
    doc = cue.doc
    left = min((i for i in _frame_ids(cue) if not doc[i].is_punct), default=cue.i)
    return left > 0 and doc[left - 1].is_punct and (head.i < cue.i or doc[left - 1].text == ",")


def _quote_near(cue: Token, sent: Span, quoted: Quoted) -> tuple[tuple[int, int] | None, str]:
    """'X said: "..."' or '"...," X said' where the parser did not link the quote."""
    doc = cue.doc
    after = [t for t in sent if t.i > cue.i and quoted(t) and not t.is_punct]
    before = [t for t in sent if t.i < cue.i and quoted(t) and not t.is_punct]
    if (
        after
        and after[0].i <= cue.i + 3
        and (doc[cue.i + 1].text in (":", ",") or quoted(doc[min(cue.i + 2, sent.end - 1)]))
    ):
        return (after[0].i, after[-1].i + 1), "quote"
    if before and before[-1].i >= cue.left_edge.i - 3:
        return (before[0].i, before[-1].i + 1), "quote"
    if cue.i + 1 < sent.end and doc[cue.i + 1].text == ":" and cue.i + 2 < sent.end:
        return (cue.i + 2, sent.end), "colon"
    return None, ""


def _substantial(doc: Doc, start: int, end: int, quoted: Quoted) -> bool:
    words = [t for t in doc[start:end] if not t.is_punct]
    return len(words) >= OBJECT_CLAIM_WORDS or any(quoted(t) for t in words)


def _channel(cue: Token) -> str:
    doc = cue.doc
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "in", "at", "during", "via", "to"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and _is_channel(objects[0]):
                return doc[child.i : child.right_edge.i + 1].text
        addressee = child.ent_type_ in ("ORG", "PERSON") or child.pos_ == "PROPN"
        if cue.lemma_.lower() == "tell" and child.dep_ in ("dobj", "dative") and addressee:
            return doc[cue.i : child.right_edge.i + 1].text
    return ""


def _is_channel(token: Token) -> bool:
    return token.lower_ in CHANNEL_WORDS or token.lemma_.lower() in CHANNEL_WORDS


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    return min(t.left_edge.i for t in tokens), max(t.right_edge.i for t in tokens) + 1


def _subtree_ids(token: Token) -> list[int]:
    return [t.i for t in token.subtree]


def _subtree_range(head: Token, exclude: set[int]) -> tuple[int, int]:
    ids = [t.i for t in head.subtree if t.i not in exclude]
    if not ids:
        return head.i, head.i
    return min(ids), max(ids) + 1


def _clip(start: int, end: int, sent: Span) -> tuple[int, int]:
    return max(start, sent.start), min(end, sent.end)


def _strip_range(doc: Doc, start: int, end: int, frame: set[int]) -> tuple[int, int]:
    """Drop the frame, complementisers and punctuation from the edges of a content range."""
    while start < end and (
        start in frame
        or doc[start].is_punct
        or doc[start].is_space
        or (doc[start].lower_ == "that" and (doc[start].dep_ == "mark" or doc[start].tag_ == "IN"))
        or (doc[start].dep_ == "mark" and doc[start].lower_ in ("whether", "if"))
        or doc[start].dep_ == "cc"
    ):
        start += 1
    while end > start and (end - 1 in frame or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end
