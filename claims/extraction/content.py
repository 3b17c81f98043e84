"""What was said: the token range of a cue's content, and where it starts and stops."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from .cues import (
    ADDRESSEE_CUES,
    CLAUSE_CUES,
    CLAUSE_ONLY,
    JUDGING_CUES,
    OBJECT_CUES,
    PREPOSITION_CUES,
    QUESTION_CUES,
    QUOTE_CHARS,
    RESEARCH_ONLY,
    RESEARCH_WORDS,
    WEAK_CUES,
    XCOMP_CUES,
)
from .relatives import gapped_relative
from .speakers import frame_ids, has_verb, plain_subject, speaker_of, stray_subjects

Quoted = Callable[[Token], bool]

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


# A direct object stands as a claim from two words ("denied the charges", "demanded more
# details", "cited the figure"): annotators take a reporting verb's object as what was said,
# so no sentence loses its claim to a fragment; "denied it" says nothing checkable unless
# quoted. A verb of judging names in its object whom or what it judges ("blasted the
# organisation", "praised the mayor"): the judgment is the verb's, and only a longer object
# holds a statement of its own ("condemned the shelling of homes"). Measured on PolNeAR:
# three words over four raised dev 0.830 -> 0.834 (train 0.808 -> 0.810); two words for all
# verbs cost the seed article 0.021, judging verbs kept at three hold it at 1.000.
OBJECT_CLAIM_WORDS = 2
JUDGED_OBJECT_WORDS = 3


CONTENT_DEPS = ("ccomp", "parataxis")


def whole_quotation(
    cue: Token, sent: Span, start: int, end: int, quoted: Quoted
) -> tuple[int, int]:
    """A content that starts or ends inside a quotation takes the whole quotation: the
    parser often stops at its first comma ('"The port will recover, because ships need its
    deep berths," she said' gave only "The port will recover")."""
    doc = cue.doc
    if end > start and quoted(doc[end - 1]):
        while end < sent.end and end != cue.i and quoted(doc[end]):
            end += 1
    if start < end and quoted(doc[start]):
        while start > sent.start and start - 1 != cue.i and quoted(doc[start - 1]):
            start -= 1
    return start, end


# The frame inside a quotation ('"A," Ana Costa, the party's leader, said on Thursday,
# "B."') names a speaker and says when or where; past this many words it says more.
MAX_FRAME_WORDS = 20


def across_frame(cue: Token, sent: Span, start: int, end: int, quoted: Quoted) -> tuple[int, int]:
    """A sentence that is one quotation broken by its speaker's frame ('"The fund is empty,"
    she said, "and the board knew it."'): what was said is both quoted parts.

    The parser hangs one part on the cue and leaves the other, so the content was either
    half; the frame stays inside the span, as it does when a quotation resumes after the
    frame in the next sentence (the engine merges those). Only a sentence made of the
    two quoted parts and a frame holding no verb but the cue is read this way.
    """
    doc = cue.doc
    if quoted(cue) or not all(quoted(t) for t in doc[start:end] if not t.is_punct):
        return start, end
    left, right = cue.i, cue.i
    while left - 1 >= sent.start and not quoted(doc[left - 1]):
        left -= 1
    while right + 1 < sent.end and not quoted(doc[right + 1]):
        right += 1
    frame = [t for t in doc[left : right + 1] if not (t.is_punct or t.is_space)]
    if len(frame) > MAX_FRAME_WORDS or any(t.pos_ == "VERB" and t.i != cue.i for t in frame):
        return start, end
    before = [t for t in doc[sent.start : left] if not (t.is_punct or t.is_space)]
    after = [t for t in doc[right + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if not before or not after or not all(quoted(t) for t in before + after):
        return start, end
    return before[0].i, after[-1].i + 1


def run_on(cue: Token, sent: Span, start: int, end: int, quoted: Quoted) -> int:
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
    if _fronted(cue):
        # "Saying he was tired, the man sat down": the main clause after is the reporter's.
        stop = min(stop, cue.right_edge.i + 1)
    for token in doc[end:stop]:
        if token.text == ";":
            return end
        if token.pos_ in ("VERB", "AUX") and not quoted(token):
            lemma = token.lemma_.lower()
            subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
            # A gerund after a preposition ("at the forefront of questioning it") is a
            # noun of the statement, not a participle cue of a new one.
            participle = token.tag_ == "VBG" and token.dep_ != "pcomp"
            if lemma in CLAUSE_CUES and (subject or participle):
                return end
        if token.lower_ in ("according",):
            return end
    return max(end, stop)


def _fronted(cue: Token) -> bool:
    """A cue in a clause put before the main clause it hangs on ("Saying A, the man B";
    "While she has said A, she appears B")."""
    if cue.dep_ == "pcomp" and cue.head.dep_ == "prep":
        # "After saying A, the man B": the gerund's preposition opens the clause.
        return cue.head.head.i > cue.head.right_edge.i
    return cue.dep_ == "advcl" and cue.head.i > cue.right_edge.i


def around_frame(
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
    inner = [i for i in frame_ids(cue) if start < i < end - 1 and i not in kept]
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
    stray = stray_subjects(cue)
    if (
        phrase
        and len(before) <= SUBJECT_OPENER_WORDS
        and any(plain_subject(t) or t.i in stray for t in before)
    ):
        return start, end
    if phrase and len(before) <= SCENE_OPENER_WORDS:
        return hi + 1, end
    if len(after) >= MOST * (len(before) + len(after)):
        return hi + 1, end
    if len(before) >= MOST * (len(before) + len(after)):
        return start, lo
    return start, end


def content_of(
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
        return (_object_of(cue, told), told.right_edge.i + 1), "clause"
    gerund = _gerund_subject_clause(cue) if lemma in CLAUSE_CUES else None
    if gerund is not None:
        return (gerund.left_edge.i, gerund.right_edge.i + 1), "clause"
    clause = _clause_after_time_phrase(cue) if lemma in CLAUSE_CUES else None
    if clause is not None:
        return clause, "clause"
    question = _embedded_question(cue) if lemma in CLAUSE_CUES else None
    if question is not None:
        return (question.left_edge.i, question.right_edge.i + 1), "clause"
    subject = _subject_as_object(cue) if lemma in CLAUSE_ONLY else None
    if subject is not None:
        return (subject.left_edge.i, subject.right_edge.i + 1), "clause"
    # A weak cue frames what was said with its particle: "as Holm pointed out, ...".
    as_clause = _as_frame(cue) if lemma not in WEAK_CUES or extra else None
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
            # "show the governor with a lead of 3 points": a finding's object runs on.
            tail += [
                c
                for c in cue.children
                if c.dep_ in ("prep", "advcl", "xcomp", "acomp")
                and c.i > cue.i
                and doc[c.left_edge.i - 1].text != ","
            ]
        if objects:
            start, end = _span_of(objects + tail)
            least = JUDGED_OBJECT_WORDS if lemma in JUDGING_CUES else OBJECT_CLAIM_WORDS
            if _substantial(doc, start, end, quoted, least):
                return (start, end), "object"
    if (lemma in WEAK_CUES and not _research_frame(cue, lemma)) or passive:
        return None, ""
    head = cue.head
    if (
        cue.dep_ in ("parataxis", "ccomp", "advcl", "conj")
        and head.i != cue.i
        and (_postposed(cue, head))
    ):
        start, end = subtree_range(head, exclude=set(frame_ids(cue)))
        return clip(start, end, sent), "parenthetical" if cue.i < end else "postposed"
    found, pattern = _quote_near(cue, sent, quoted)
    if found is None:
        return _comma_frame(cue, sent), "frame"
    return found, pattern


def _research_frame(cue: Token, lemma: str) -> bool:
    """ "Daily walk cuts heart risk, study finds": a finding set after what it found, by
    a study, poll or report, frames it as a verb of saying would."""
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    return (
        lemma in RESEARCH_ONLY
        and subject is not None
        and subject.lemma_.lower() in RESEARCH_WORDS
        and cue.i > 1
        and cue.doc[subject.left_edge.i - 1].text == ","
    )


def _comma_frame(cue: Token, sent: Span) -> tuple[int, int] | None:
    """ "A, he said, B" or "A, he said." with A and B hung on the cue: the sentence is it.

    The parser often makes the clauses around a frame set off by commas modifiers of the
    cue ("To see the damage, Holm said, one should walk the quay"). When the cue has no
    complement, what lies outside the frame is what was said; the frame stays inside the
    claim's span.
    """
    speaker, _ = speaker_of(cue)
    if speaker is None or not (sent.start <= speaker.start < sent.end):
        return None
    doc = cue.doc
    lo, hi = min(speaker.start, cue.i), max(speaker.end - 1, cue.i)
    for child in cue.rights:
        # "he said on Tuesday," / "she said in an interview,": the adverbial is frame.
        if child.i == hi + 1 and child.dep_ in FRAME_ADVERBIALS and not has_verb(child):
            hi = child.right_edge.i
    if lo - 1 <= sent.start or doc[lo - 1].text != ",":
        return None
    if hi + 1 < sent.end and not doc[hi + 1].is_punct:
        return None
    if not any(t.is_alpha for t in doc[sent.start : lo - 1]):
        return None
    return sent.start, sent.end


FRAME_ADVERBIALS = ("prep", "npadvmod", "advmod", "agent")


def _that_clause_in_addressee(cue: Token) -> Token | None:
    """ "told a meeting of harbour workers that few ports had recovered": the parser made the
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
    """ "found 31 cases of fraud out of a million permits issued": a "clause" with neither
    a subject nor a complementiser is the tail of the object before it, which belongs to
    the claim too."""
    first = min(kids, key=lambda k: k.i)
    if first.i < cue.i or any(c.dep_ == "mark" for c in first.children):
        return start
    if has_subject(first):
        gapped = gapped_relative(cue, first)
        return start if gapped is None else min(start, gapped.left_edge.i)
    objects = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < first.i]
    start = min([start, *(o.left_edge.i for o in objects)])
    return _subject_before_clause(cue, first, start)


def _subject_before_clause(cue: Token, first: Token, start: int) -> int:
    """ "said about half of the rise reflected tax cuts": a finite clause with no subject
    right after a phrase the parser hung on the cue has lost its subject to that phrase,
    which belongs to what was said (no comma between: "said on Tuesday, adding" stays)."""
    doc = cue.doc
    if first.tag_ not in ("VBD", "VBZ", "VBP", "MD") or start <= cue.i + 1:
        return start
    between = doc[cue.i + 1 : start]
    phrases = [c for c in cue.rights if c.i < start and c.dep_ in ("prep", "dobj", "npadvmod")]
    inside = {t.i for c in phrases for t in c.subtree}
    if any(t.is_punct for t in between) or any(t.i not in inside for t in between):
        return start
    nouns = [t for t in between if t.pos_ in ("NOUN", "PROPN", "NUM", "PRON")]
    return cue.i + 1 if nouns else start


def _object_of(cue: Token, clause: Token) -> int:
    """ "says the rise that critics decry also hurts him": a that-clause found inside the
    cue's direct object is that noun phrase's own; the noun phrase opens what was said."""
    if cue.lemma_.lower() in ADDRESSEE_CUES:
        return clause.left_edge.i
    for child in cue.rights:
        if child.dep_ == "dobj" and clause.head == child:
            return child.left_edge.i
    return clause.left_edge.i


def has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def _stray_that_clause(cue: Token) -> Token | None:
    """ "reported that week that the director had resigned": a that-clause with its own
    subject the parser hung under a phrase after the cue is what was reported; so is one it
    hung on the cue as a modifier ("Holm charges that donors gave millions")."""
    for child in cue.rights:
        if child.dep_ not in ("prep", "npadvmod", "dobj", "dative", "acl", "advcl"):
            continue
        clauses = [child] if child.dep_ in ("acl", "advcl") else child.subtree
        for token in clauses:
            if token.dep_ not in ("relcl", "acl", "advcl", "ccomp") or token.i <= cue.i:
                continue
            first = token.left_edge
            subject = any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which", "who")
                for c in token.children
            )
            if first.lower_ == "that" and subject:
                return token
    return None


WH_WORDS = frozenset({"when", "how", "why", "whether", "what", "where", "if", "who"})


def _gerund_subject_clause(cue: Token) -> Token | None:
    """ "said legalizing it could create jobs": the parser took the gerund that is the
    subject of the said clause for the verb's complement, and hung the clause on it."""
    doc = cue.doc
    if cue.i + 1 >= len(doc):
        return None
    gerund = doc[cue.i + 1]
    if gerund.head.i != cue.i or gerund.dep_ != "xcomp" or gerund.tag_ != "VBG":
        return None
    if any(c.dep_ == "ccomp" and c.i > gerund.i and has_subject(c) for c in gerund.children):
        return gerund
    return None


# Words that open a time phrase and a clause alike: "said after the vote he would resign".
TIME_PREPOSITIONS = frozenset({"after", "before", "since", "until"})


def _clause_after_time_phrase(cue: Token) -> tuple[int, int] | None:
    """ "said after the vote he would resign": the parser reads the time phrase as opening
    a subordinate clause; the clause after it, with its own subject, is what was said."""
    for child in cue.rights:
        if child.dep_ != "advcl" or any(c.dep_ == "mark" for c in child.children):
            continue
        first = next(child.children, None)
        subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if (
            first is not None
            and subject is not None
            and first.dep_ == "prep"
            and first.lower_ in TIME_PREPOSITIONS
            and first.i == cue.i + 1
            and first.right_edge.i + 1 == subject.left_edge.i
        ):
            return subject.left_edge.i, child.right_edge.i + 1
    return None


def _embedded_question(cue: Token) -> Token | None:
    """ "have not said when they would vote": the parser made the question a modifier of
    the cue; a clause right after the cue that opens with a wh-word is what was (not) said.
    After a verb of asking it may follow the one asked too ("asked the students if they
    were ready"), where "if" puts a question, not a condition.
    """
    opens = {cue.i + 1}
    if cue.lemma_.lower() in QUESTION_CUES:
        opens |= {c.right_edge.i + 1 for c in cue.rights if c.dep_ in ("dobj", "dative")}
    for child in cue.rights:
        if child.dep_ != "advcl" or child.left_edge.i not in opens:
            continue
        if child.left_edge.lower_ in WH_WORDS and has_subject(child):
            return child
    return None


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _subject_as_object(cue: Token) -> Token | None:
    """ "Aides say the more votes he wins, the more leverage he has": a verb that takes no
    noun object ("say", "argue") has none; a noun phrase the parser made its object, with a
    clause of its own inside, opens what was said."""
    for child in cue.rights:
        if child.dep_ != "dobj":
            continue
        for token in child.subtree:
            if token.tag_ in FINITE_TAGS and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP")
                for c in token.children
            ):
                return child
    return None


def _as_frame(cue: Token) -> tuple[int, int] | None:
    """ "As Holm put it, the port is ...", "As one reader pointed out, the fee ...": the clause
    the as-frame modifies is what was said."""
    if cue.dep_ != "advcl" or cue.head.i == cue.i:
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    frame = {t.i for t in cue.subtree}
    return subtree_range(cue.head, exclude=frame)


def _colon_between(doc: Doc, left: int, right: int) -> bool:
    """ "Tensions rose on Friday: officials said ...": the colon opens a new statement."""
    return any(doc[i].text in (":", ";") for i in range(left + 1, right))


def passive_clause(cue: Token) -> tuple[int, int]:
    """The clause of a passive cue ("no casualties were reported"): the claim itself."""
    skip = set()
    for child in cue.children:
        if child.dep_ in ("conj", "cc") or (child.dep_ == "punct" and child.i > cue.i):
            skip |= set(_subtree_ids(child))
    return subtree_range(cue, exclude=skip)


def _postposed(cue: Token, head: Token) -> bool:
    """A comma-set frame after content: "..., he said" or "the situation, he said, ..."."""
    doc = cue.doc
    left = min((i for i in frame_ids(cue) if not doc[i].is_punct), default=cue.i)
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


def _substantial(doc: Doc, start: int, end: int, quoted: Quoted, least: int) -> bool:
    words = [t for t in doc[start:end] if not t.is_punct]
    return len(words) >= least or any(quoted(t) for t in words)


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    return min(t.left_edge.i for t in tokens), max(t.right_edge.i for t in tokens) + 1


def _subtree_ids(token: Token) -> list[int]:
    return [t.i for t in token.subtree]


def subtree_range(head: Token, exclude: set[int]) -> tuple[int, int]:
    ids = [t.i for t in head.subtree if t.i not in exclude]
    if not ids:
        return head.i, head.i
    return min(ids), max(ids) + 1


def clip(start: int, end: int, sent: Span) -> tuple[int, int]:
    return max(start, sent.start), min(end, sent.end)


def strip_range(doc: Doc, start: int, end: int, frame: set[int]) -> tuple[int, int]:
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
    while end > start and (
        end - 1 in frame
        or (doc[end - 1].is_punct and doc[end - 1].text != "%")  # "with just 22%"
        or doc[end - 1].is_space
    ):
        end -= 1
    return start, end
