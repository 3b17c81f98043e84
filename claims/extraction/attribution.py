"""Attribution patterns over the dependency parse: who says what, with which cue.

Each pattern looks at a cue (a reporting verb, "according to", a reporting noun), finds
its speaker among the syntactic relatives of the cue and its content among the clausal
complements, and returns token ranges; turning them into claims is the engine's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .content import (
    Quoted,
    across_frame,
    around_frame,
    clip,
    content_of,
    passive_clause,
    run_on,
    strip_range,
    subtree_range,
    whole_quotation,
)
from .cues import (
    ASSAULT_CUES,
    CHANNEL_WORDS,
    CLAUSE_CUES,
    NOUN_CUES,
    OBJECT_CUES,
    OBJECT_PRONOUNS,
    ONLY_WITH_PREPOSITION,
    PARTY_ENTITIES,
    PREPOSITION_CUES,
    PRONOUN_SUBJECTS,
    QUOTE_CHARS,
    RESEARCH_ONLY,
    WEAK_CUES,
    XCOMP_CUES,
)
from .relatives import aside_relative, end_before_aside, relative_antecedent
from .senses import reports_nothing
from .speakers import (
    found_by_records,
    is_personal,
    mention_of,
    mistagged_cue,
    speaker_of,
    stray_subjects,
)
from .tails import frame_tail


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


def find_attributions(sent: Span, quoted: Quoted) -> list[Attribution]:
    """Attributions of a sentence, outermost first, nested ones dropped."""
    # A verb inside a quotation is the speaker's own word, never a cue of the reporter.
    candidates = [t for t in sent if not quoted(t) and _is_cue(t)]
    # Outermost first, so "X said Y claimed Z" gives X's claim and drops Y's as nested in it.
    candidates.sort(key=_depth)
    found: list[Attribution] = []
    inherited: dict[int, Span] = {}
    for cue in candidates:
        aside = aside_relative(cue)
        if aside is None and any(a.content_start <= cue.i < a.content_end for a in found):
            continue
        if cue.lower_ == "according" or cue.lemma_ == "accord":
            attribution = _according_to(cue, sent)
        elif cue.pos_ == "NOUN" and not mistagged_cue(cue):
            attribution = _noun_cue(cue, sent)
        else:
            attribution = _verb_cue(cue, sent, quoted, inherited.get(cue.i))
        if attribution is None:
            continue
        if aside is not None and _inside(attribution, found):
            for old in found:
                old.content_end = end_before_aside(aside, old.content_start, old.content_end)
            found.append(attribution)
        elif not _overlaps(attribution, found):
            # Cutting may hand the speaker on to a second cue, which comes later (deeper).
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
    the content is the content's own ("the levy would cut revenue at first, but would add
    $8 million later").
    """
    if any(c.dep_ in ("ccomp", "parataxis") for c in token.children):
        return True
    doc = token.doc
    after = doc[token.i + 1 : token.i + 3]
    if any(t.text == ":" for t in after) or (
        after and after[0].text == "," and any(quoted(t) for t in after)
    ):
        return True
    # 'and added "we will win"' speaks; 'and found "no structural defects"' only quotes the
    # words of its object, which say nothing on their own.
    words = []
    for t in doc[token.i + 1 : token.i + 40]:
        if not (quoted(t) or t.is_quote):
            break
        words.append(t)
    return any(t.pos_ in ("VERB", "AUX") and quoted(t) for t in words)


def _own_report(token: Token, attribution: Attribution, quoted: Quoted) -> bool:
    """ "officials said A and Russian officials accused B": the second cue has its own speaker.

    A clause coordinated into the content whose verb is a cue with a named subject of its own
    is a new statement of someone else, not part of the first one.
    """
    if not _coordinated(token) or token.pos_ != "VERB" or quoted(token):
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


def _coordinated(token: Token) -> bool:
    """A clause joined to the content as a second statement: "and" or "while" before it.

    The parser often hangs "A, and three-quarters said B" or "A, while other voters said B"
    on the first content as a complement rather than a conjunct.
    """
    if token.dep_ == "conj":
        return True
    if token.dep_ not in ("ccomp", "advcl"):
        return False
    doc = token.doc
    first = doc[token.left_edge.i]
    before = token.left_edge.i - 1
    if first.dep_ == "mark" and first.lower_ in ("while", "whereas"):
        # "A, while B" contrasts two statements; "A while police shout B" says when.
        return before > 0 and doc[before].text == ","
    return before > 0 and doc[before].dep_ == "cc" and doc[before].lower_ in ("and", "but")


def _inside(new: Attribution, found: list[Attribution]) -> bool:
    return any(
        old.content_start <= new.content_start and new.content_end <= old.content_end
        for old in found
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
    while token.head.i != token.i and depth < 50:
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
        if reports_nothing(token, lemma):
            return False
        if lemma in ASSAULT_CUES:
            return any(
                c.dep_ == "dobj" and (_addressed(c) or _quoted_object(c)) for c in token.children
            )
        if lemma in ONLY_WITH_PREPOSITION:
            nxt = _next_word(token)
            return nxt is not None and nxt.lower_ in PREPOSITION_CUES[lemma]
        return lemma in CLAUSE_CUES or lemma in OBJECT_CUES or lemma in XCOMP_CUES
    if mistagged_cue(token):
        return True
    if token.pos_ == "NOUN" and lemma in NOUN_CUES:
        return _noun_owner(token) is not None and any(
            c.dep_ in ("acl", "ccomp", "relcl") and _has_that(c) for c in token.children
        )
    return False


def _quoted_object(token: Token) -> bool:
    """'attacked "the waste of a council that never says no"': words quoted as what was
    attacked are the speaker's own."""
    doc = token.doc
    first = token.left_edge.i
    return doc[first].text in QUOTE_CHARS or (first > 0 and doc[first - 1].text in QUOTE_CHARS)


def _addressed(token: Token) -> bool:
    """A person, party or body named or pointed at: someone a verbal attack can be aimed at."""
    return token.ent_type_ in PARTY_ENTITIES or token.lower_ in OBJECT_PRONOUNS


def frame_speaker(sent: Span, quoted: Quoted) -> Span | None:
    """The speaker of a frame ending in a colon ("X said:") whose quote follows."""
    for token in sent:
        if not quoted(token) and token.pos_ == "VERB" and token.lemma_.lower() in CLAUSE_CUES:
            speaker, _ = speaker_of(token)
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
        speaker = mention_of(objects[0])
        # The frame runs over the whole phrase, asides the mention leaves out included ("A,
        # according to a poll released Sunday": what describes the source is no part of A).
        frame_end = max(speaker.end, min(objects[0].right_edge.i + 1, sent.end))
    else:
        # "according to show insiders": the parser took "show" for a verb; the words up
        # to the next punctuation are the source.
        last = to.i + 1
        while last < sent.end and not doc[last].is_punct:
            last += 1
        if last == to.i + 1:
            return None
        speaker = doc[to.i + 1 : last]
        frame_end = speaker.end
    before = any(t.is_alpha for t in doc[sent.start : cue.i])
    if not before and (frame_end >= sent.end - 1 or _verb_next(doc[speaker.start : frame_end])):
        speaker = _before_comma(speaker)
        frame_end = speaker.end
    frame = set(range(cue.i, frame_end))
    after = any(t.is_alpha for t in doc[frame_end : sent.end])
    if before and not after:
        start, end = sent.start, cue.i
    elif after and not before:
        start, end = frame_end, sent.end
    else:
        head = cue.head if cue.head.i != cue.i else sent.root
        # "The figure, according to the census, rose": parsed under the subject, the frame
        # still modifies the clause the subject belongs to.
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.i != head.i:
            head = head.head
        # "according to" scopes over the whole clause even when parsed under a participle
        # or under the second of two joined verbs ("A and, according to X, B").
        while (
            head.dep_ in ("advcl", "xcomp", "prep", "pobj", "acl", "pcomp", "conj")
            and head.head.i != head.i
        ):
            head = head.head
        start, end = subtree_range(head, exclude=frame)
        start, end = clip(start, end, sent)
    start, end = strip_range(doc, start, end, frame)
    if start >= end:
        return None
    return Attribution("according to", cue.i, speaker, start, end, pattern="according", frame=frame)


def _verb_next(speaker: Span) -> bool:
    """ "According to the report, Ruiz and an aide asked ...": the parser joined the
    subject of what was said to the source, which the verb of the claim then follows."""
    doc = speaker.doc
    return speaker.end < len(doc) and doc[speaker.end].pos_ in ("VERB", "AUX")


def _before_comma(speaker: Span) -> Span:
    """ "According to radio host Ana Costa, the move reeks of fear": the parser made what was
    said an apposition of the source, so the source ran to the end of the sentence; it ends
    at its first comma."""
    comma = next((t.i for t in speaker if t.text == ","), None)
    if comma is None or comma == speaker.start:
        return speaker
    return speaker.doc[speaker.start : comma]


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
    start, end = strip_range(cue.doc, start, end, set())
    speaker = mention_of(owner)
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
    if _asked_of_them(cue, lemma):
        return None
    speaker, passive = (inherited, False) if inherited is not None else speaker_of(cue)
    if speaker is None and not passive:
        return None
    # "Polls show", "the video shows", "it shows": findings of a thing; "the mayor showed
    # support" reports no statement.
    if (
        lemma in RESEARCH_ONLY
        and speaker is not None
        and not _that_clause(cue)
        and is_personal(speaker)
    ):
        return None
    cue_text, extra = _cue_phrase(cue)
    content, pattern = content_of(cue, lemma, sent, quoted, extra, passive)
    if lemma == "find" and pattern == "object" and not _a_finding(cue, speaker):
        return None
    if content is None and passive:
        content, pattern = passive_clause(cue), "passive"
    if content is None or (pattern == "infinitive" and _anonymity_asked(cue.doc, *content)):
        return None
    start, end = content
    # The parser's content often stops short of what a reader takes as said; the tail
    # rules run only forward of the cue, where the frame cannot be swallowed.
    if pattern in ("clause", "object", "infinitive") and cue.i < start:
        end = run_on(cue, sent, start, end, quoted)
    if pattern not in ("passive", "frame"):
        start, end = whole_quotation(cue, sent, start, end, quoted)
    # "The pier, the mayor said, will open": a noun phrase the parser made a second subject
    # of the cue is the subject of what was said.
    stray = stray_subjects(cue)
    if stray and min(stray) < start:
        start = min(stray)
    frame = {cue.i, *extra, *_anonymity_aside(cue)}
    if speaker is not None:
        frame |= set(range(speaker.start, speaker.end))
    relative = relative_antecedent(cue, start)
    if relative is not None:
        start = relative
    elif pattern not in ("passive", "frame") and start < cue.i < end - 1:
        start, end = around_frame(cue, start, end, frame, quoted)
    if pattern in ("clause", "postposed"):
        end = frame_tail(cue, sent, start, end, quoted)
    aside = aside_relative(cue)
    if aside is not None:
        # What the aside says ends with it ("..., which she called a disaster for them, ...").
        end = aside.end
    # A passive cue belongs to its own claim: "no casualties were reported".
    start, end = strip_range(cue.doc, start, end, set() if pattern == "passive" else frame)
    if start >= end:
        return None
    # After the edges are stripped: a quotation that opens with "If" or "Whether" keeps it.
    if pattern not in ("passive", "frame"):
        start, end = across_frame(cue, sent, start, end, quoted)
    if (
        pattern == "object"
        and cue.i < start
        and lemma not in RESEARCH_ONLY | {"find"}
        and _thing_said(cue.doc[start:end], quoted)
    ):
        # "rejected the plan", "recommended a larger cut": a noun phrase states nothing
        # without the verb that takes it; the verb is part of what is claimed.
        start = cue.i
    return Attribution(cue_text, cue.i, speaker, start, end, _channel(cue), passive, pattern, frame)


def _thing_said(phrase: Span, quoted: Quoted) -> bool:
    """An object that names a thing, neither a quotation nor a person or body the verb is
    about ("accused North Korea of ...", "shows her ahead")."""
    named = phrase[: phrase.root.i - phrase.start + 1]
    return not any(quoted(t) for t in phrase) and not any(
        t.pos_ in ("PROPN", "PRON") for t in named
    )


# "asking not to be named", "who asked not to be identified": the source's terms, no claim.
_ANONYMITY = re.compile(r"^not to be (?:named|identified|quoted|cited)\b", re.I)


def _anonymity_asked(doc: Doc, start: int, end: int) -> bool:
    return _ANONYMITY.match(doc[start:end].text) is not None


def _anonymity_aside(cue: Token) -> set[int]:
    """ "..., the people said, asking not to be named because ...": the frame's own aside."""
    doc = cue.doc
    for token in doc[cue.i + 1 : cue.sent.end]:
        words = doc[token.left_edge.i : token.right_edge.i + 1]
        aside = doc[token.i - 1].text == "," and token.tag_ == "VBG"
        if aside and _anonymity_asked(doc, token.i + 1, words.end):
            return {t.i for t in words}
    return set()


def _a_finding(cue: Token, speaker: Span | None) -> bool:
    """ "The audit found 31 cases of fraud" reports a finding; "Farmers found a buyer" or
    "the party found its way" does not. A bare object is a finding when a record, study or
    body finds it, or when it hides a clause the parser took for a noun phrase ("found 73
    percent 'kept accounts abroad'": a subject stands in it outside any relative clause).
    """
    if found_by_records(speaker):
        return True
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    return any(
        t.dep_ == "nsubj" and t.head.dep_ != "relcl" and t.head.i != cue.i
        for o in objects
        for t in o.subtree
    )


def _asked_of_them(cue: Token, lemma: str) -> bool:
    """ "Asked whether she would run, Ruiz said ...", "when asked if he had met her": the
    one asked is the clause's subject; who asked goes unnamed, so the question is no
    statement of anyone in the sentence. "Asked by Holm whether ..." names who asked."""
    if lemma != "ask" or cue.tag_ != "VBN":
        return False
    return not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "agent") for c in cue.children
    )


def _that_clause(cue: Token) -> bool:
    """ "found that ...", "shows that ...": an explicit complementiser makes it a finding."""
    return any(c.dep_ == "ccomp" and _has_that(c) for c in cue.children)


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
