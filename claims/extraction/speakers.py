"""Who speaks: the speaker mention of a cue, found among its syntactic relatives."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .cues import (
    CLAUSE_CUES,
    DISPOSITION_ADJECTIVES,
    ISSUED_DOCUMENTS,
    ISSUING_VERBS,
    MESSAGE_VERBS,
    OBJECT_PRONOUNS,
    PARTY_ENTITIES,
    PERSONAL_PRONOUNS,
    PREPOSITION_CUES,
    QUOTE_CHARS,
    RESEARCH_ONLY,
    RESEARCH_WORDS,
)
from .gazetteer import DOCUMENT_WORDS

SPEAKER_DEPS = ("nsubj",)


PASSIVE_DEPS = ("nsubjpass", "auxpass")


def plain_subject(token: Token) -> bool:
    """A subject that is not a relative or question word ("which, he said, ...")."""
    return token.dep_ in ("nsubj", "nsubjpass", "expl") and token.tag_ not in (
        "WDT",
        "WP",
        "WP$",
        "WRB",
    )


def is_personal(speaker: Span) -> bool:
    """Findings are "shown" by polls, videos and documents, not by people."""
    root = speaker.root
    if root.lemma_.lower() in RESEARCH_WORDS:
        return False
    return root.ent_type_ in ("PERSON", "NORP") or root.lower_ in PERSONAL_PRONOUNS


# Pronouns that can stand for a poll, a study or a body, never for one person.
THING_PRONOUNS = frozenset({"it", "they", "this", "these"})


def found_by_records(speaker: Span | None) -> bool:
    """Who "finds" a bare noun phrase as a finding: a poll, study, report or record ("the
    audit found 31 cases"), or the body that made it ("the agency found no evidence").
    People and groups "find a way" or "find jobs": only a clause makes what they find a
    statement ("she found that ...").
    """
    if speaker is None:
        return False
    root = speaker.root
    if root.lower_ in ("who", "that", "which"):
        noun = antecedent(speaker)
        if noun is None:
            return False
        root = noun.root
    lemma = root.lemma_.lower()
    return (
        lemma in RESEARCH_WORDS
        or lemma in DOCUMENT_WORDS
        or lemma in ISSUED_DOCUMENTS
        or root.lower_ in THING_PRONOUNS
        or root.ent_type_ == "ORG"
    )


def speaker_of(cue: Token) -> tuple[Span | None, bool]:
    """The speaker mention of a cue verb, climbing from participles to their clause subject."""
    if mistagged_cue(cue):
        return _words_before(cue), False
    token, via = cue, ""
    for _ in range(4):
        subject = _speaking_subject(token)
        if subject is not None:
            if subject.lower_ in ("it", "there") and subject.dep_ == "expl":
                return None, True
            if subject.lower_ in ("who", "that", "which") and token.dep_ == "relcl":
                # "Holm released an ad that urges ...": the ad speaks for whoever issued it.
                document = token.head
                issued = subject.lower_ != "who" and document.head.lemma_.lower() in ISSUING_VERBS
                issuer = _issuer(document) if issued else None
                if issuer is not None:
                    return mention_of(issuer), False
                return subject.doc[subject.i : subject.i + 1], False
            speaking = _apposition_before(subject, cue)
            if speaking is not None:
                return mention_of(speaking), False
            return mention_of(subject), False
        contracted = _contracted_has(cue) if token.i == cue.i else None
        if contracted is not None:
            if contracted.lower_ in ("who", "that", "which") and cue.dep_ == "relcl":
                return contracted.doc[contracted.i : contracted.i + 1], False
            return mention_of(contracted), False
        shared = _passive_subject(token) if via in SHARED_SUBJECT_DEPS else None
        if shared is not None:
            return mention_of(shared), False
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        # "Asked by reporters whether ...", "As reported by the Ledger, ...": a participle
        # with its agent is passive without an auxiliary; one that modifies a noun ("taxes
        # certified by your accountants") says no more than which.
        reduced = token.i == cue.i and cue.tag_ == "VBN" and cue.dep_ != "acl" and agent is not None
        if reduced or any(c.dep_ in PASSIVE_DEPS for c in token.children):
            objects = [c for c in agent.children if c.dep_ == "pobj"] if agent else []
            if objects:
                return mention_of(objects[0]), False
            return None, token.i == cue.i
        if token.i == cue.i and cue.tag_ in ("VBD", "VBZ", "VBP"):
            left = (
                _left_subject(cue)
                or _fronted_apposition(cue)
                or _name_before(cue)
                or _findings_before(cue)
                or _share_before(cue)
                or _opening_subject(cue)
                or _participle_subject(cue)
                or _inverted_speaker(cue)
            )
            if left is not None:
                return left, False
        owner = _participle_owner(cue) if token.i == cue.i else None
        if owner is not None:
            return mention_of(owner), False
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            issuer = _issuer(token.head) or _sender(token.head)
            return mention_of(issuer or token.head), False
        if token.dep_ in ("advcl", "xcomp", "conj", "pcomp") and token.head.i != token.i:
            token, via = token.head, token.dep_
            continue
        if via == "xcomp" and _disposition(token):
            token = token.head
            continue
        if token.dep_ == "prep" or token.head.dep_ == "prep":
            token = token.head
            continue
        break
    return None, False


def _disposition(token: Token) -> bool:
    """ "Voters were more likely to say ...", "Ruiz was quick to condemn ...": the cue's
    infinitive hangs on a predicate adjective of readiness or likelihood, whose clause
    subject is the one who speaks."""
    return (
        token.dep_ == "acomp"
        and token.lemma_.lower() in DISPOSITION_ADJECTIVES
        and token.head.i != token.i
    )


def mistagged_cue(token: Token) -> bool:
    """ "..., her former doctor maintains.", "Holm notes that ...": a verb of saying in -s
    that the tagger took for a plural noun, the speaker for its modifiers. A noun takes no
    clause, so one heading the sentence with a clausal complement is the verb."""
    return (
        token.tag_ == "NNS"
        and token.dep_ == "ROOT"
        and token.lemma_.lower() in CLAUSE_CUES
        and any(c.dep_ == "ccomp" for c in token.children)
        and _words_before(token) is not None
    )


def _words_before(cue: Token) -> Span | None:
    """The modifiers right before a mistagged cue: the noun phrase of its speaker."""
    words = [c for c in cue.lefts if c.dep_ in ("compound", "poss", "amod", "det", "nmod")]
    if not words or words[-1].right_edge.i != cue.i - 1:
        return None
    return cue.doc[words[0].left_edge.i : cue.i]


# A verb coordinated with a passive one, its infinitive, or a gerund after a preposition
# shares its subject: "Holm was forced into a retreat and said ...", "Holm was prompted to
# say ...", "After saying ..., Holm was taken to the site".
SHARED_SUBJECT_DEPS = ("conj", "xcomp", "pcomp")


def _contracted_has(cue: Token) -> Token | None:
    """ "He's said he will run", "she's called for a vote": the parser read the "'s" of
    "has" as "is" and made the speaker a passive subject. A cue with a clause of its own,
    a direct object or its fixed preposition after it is active; "he's called a liar" or
    "she's described as shy" stay passive."""
    aux = [c for c in cue.children if c.dep_ == "auxpass"]
    subject = _passive_subject(cue)
    if len(aux) != 1 or aux[0].lower_ not in ("'s", "\u2019s") or subject is None:
        return None
    if subject.lower_ in ("it", "there", "this", "that"):
        # "It's said that ...": the impersonal passive names no one.
        return None
    fixed = PREPOSITION_CUES.get(cue.lemma_.lower(), ())
    active = any(
        (c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))
        or c.dep_ == "dobj"
        or (c.dep_ == "prep" and c.lower_ in fixed and c.i == cue.i + 1)
        for c in cue.children
        if c.i > cue.i
    )
    return subject if active else None


def _passive_subject(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "nsubjpass"), None)


def _participle_owner(cue: Token) -> Token | None:
    """ "footage of Ana Ruiz saying ...", "ended with Costa asking ...": the name right
    before a participle cue is who speaks, though the parser hung the participle on the
    main verb."""
    if cue.tag_ != "VBG" or cue.i == 0:
        return None
    name = cue.doc[cue.i - 1]
    if name.dep_ != "pobj" or name.head.lower_ not in ("of", "with"):
        return None
    if name.pos_ == "PROPN" or name.lower_ in OBJECT_PRONOUNS:
        return name
    return None


def _apposition_before(subject: Token, cue: Token) -> Token | None:
    """ "To understand the case, Judge Ana Ruiz said, ...": the parser made the name
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
    # A closing bracket ends the subject's own aside ("Marten (D-Ore.) said"), no break.
    between = token.doc[last + 1 : token.i]
    if not listed and not any(t.is_punct and t.text not in (")", "]") for t in between):
        return nearest
    return subjects[0]


def stray_subjects(cue: Token) -> set[int]:
    """Tokens of noun phrases parsed as the cue's subjects besides its speaker: content."""
    speaker = _speaking_subject(cue)
    if speaker is None:
        return set()
    return {
        t.i
        for s in cue.children
        if s.i < speaker.i
        and s.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
        and (s.dep_ in SPEAKER_DEPS or (s.dep_ == "dep" and not has_verb(s)))
        and _comma_after(s)
        for t in s.subtree
    }


def _comma_after(token: Token) -> bool:
    """The phrase of a token is set off by a comma right after its last word."""
    doc = token.doc
    last = max((t.i for t in token.subtree if not t.is_punct), default=token.i)
    return last + 1 < len(doc) and doc[last + 1].text == ","


def has_verb(token: Token) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in token.subtree)


def frame_ids(cue: Token) -> list[int]:
    """The cue's subtree without stray subjects: the frame as written around the content."""
    stray = stray_subjects(cue)
    return [t.i for t in cue.subtree if t.i not in stray]


def antecedent(speaker: Span) -> Span | None:
    """The noun a relative pronoun speaker stands for: "the governor, who said ..." """
    if len(speaker) != 1 or speaker[0].lower_ not in ("who", "that", "which"):
        return None
    clause = speaker[0].head
    head = clause.head
    if clause.dep_ != "relcl" or head.i == clause.i or head.i > speaker[0].i:
        return None
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    return mention_of(head)


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
        if token.dep_ not in ("appos", "pobj", "prep", "compound") or token.head.i == token.i:
            break
        token = token.head
    if top is None or top.left_edge.i >= cue.i:
        return None
    start = top.left_edge.i
    return doc[start : i + 1]


def _fronted_apposition(cue: Token) -> Span | None:
    """ "As part of his plea, Ana Ruiz, 44, said ...", "At the port, Holm, its manager,
    warned ...": the parser made the speaker an apposition of the noun in the phrase put
    before the clause; after the speaker's own aside, set off by commas, comes the verb.
    """
    doc = cue.doc
    fronted = [c for c in cue.lefts if c.dep_ in ("prep", "advcl", "npadvmod")]
    for phrase in reversed(fronted):
        names = [
            t
            for t in phrase.subtree
            if t.dep_ == "appos"
            and t.head.i < t.i
            and (t.pos_ == "PROPN" or t.ent_type_ in PARTY_ENTITIES or t.pos_ == "NOUN")
            and t.left_edge.i > 0
            and doc[t.left_edge.i - 1].text == ","
            # "an image of Ruiz, money and a star": a list names no speaker.
            and not any(c.dep_ == "cc" for c in t.children)
        ]
        for name in reversed(names):
            after = name.right_edge.i + 1
            if after == cue.i or (doc[after].text == "," and doc[cue.i - 1].text == ","):
                return mention_of(name)
        return None
    return None


def _name_before(cue: Token) -> Span | None:
    """ "In a meeting with the board of the Post Trump said that ...": a person's name
    right before a root cue that has no subject was taken into the phrase before it."""
    doc = cue.doc
    i = cue.i - 1
    if cue.dep_ != "ROOT" or i < 0 or doc[i].ent_type_ != "PERSON" or doc[i].pos_ != "PROPN":
        return None
    start = i
    while start > 0 and doc[start - 1].ent_type_ == "PERSON" and doc[start - 1].ent_iob_ != "O":
        if doc[start].ent_iob_ == "B":
            break
        start -= 1
    return doc[start : i + 1]


def _opening_subject(cue: Token) -> Span | None:
    """ "Jolly said he ...", "One attendee, who spoke on condition of anonymity, said ...":
    the noun phrase opening the sentence is the subject of a root cue that the parser left
    without one, having made the name an adverb or the subject of a clause hung before it.
    """
    if cue.dep_ != "ROOT":
        return None
    doc = cue.doc
    start = cue.sent.start
    while start < cue.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    for child in cue.lefts:
        if child.left_edge.i != start:
            continue
        if child.i == start == cue.i - 1 and _lone_name(child):
            return doc[start : cue.i]
        if child.dep_ in ("ccomp", "advcl", "csubj") and not any(
            c.dep_ == "mark" for c in child.children
        ):
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if (
                subject is not None
                and subject.left_edge.i == start
                and subject.pos_ in ("NOUN", "PROPN")
            ):
                return mention_of(subject)
    return None


def _participle_subject(cue: Token) -> Span | None:
    """ "Majorities of voters going to the polls Tuesday say ...": the parser made the
    participle of a reduced relative the main verb and hung the cue on it; the participle's
    subject, with the participle phrase that describes it, is the speaker."""
    head = cue.head
    if head.i >= cue.i or head.tag_ != "VBG" or head.dep_ not in ("ROOT", "ccomp"):
        return None
    subject = next((c for c in head.children if c.dep_ == "nsubj" and c.i < head.i), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    doc = cue.doc
    if any(t.is_punct for t in doc[subject.i : cue.i]):
        return None
    return doc[subject.left_edge.i : cue.i]


def _inverted_speaker(cue: Token) -> Span | None:
    """'"The fund is empty," said Holm, explaining ...', '"...," added another delegate':
    in a frame put after what was said, with the verb first, the parser often takes the
    speaker after the verb for its object or an adverb, or for the subject of a clause the
    speaker's description holds; the noun phrase right after the verb is who speaks.

    Only right after a quotation, or a comma closing what was said: a verb after a comma
    in a list of actions ("won the vote, announced the result") shares the subject before.
    """
    doc = cue.doc
    if cue.i < 2 or cue.i + 1 >= len(doc) or cue.dep_ not in ("ROOT", "conj", "parataxis"):
        return None
    before = doc[cue.i - 1]
    # The quotation is what was said when the sentence opens with it; a quoted word inside
    # a list of actions ('summed her up as "weak," denounced her record') is not.
    opening = next((t for t in cue.sent if not t.is_space), cue)
    closing = (
        before.text in QUOTE_CHARS
        and doc[cue.i - 2].text in (",", "?", "!")
        and opening.text in QUOTE_CHARS
    )
    # After a plain comma, the clause before must be what was said ("A, said B"); else the
    # comma may close an aside of a subject the parser lost ("Holm, in Oslo, cited ...").
    said_before = any(c.dep_ in ("ccomp", "parataxis") and c.i < cue.i for c in cue.children)
    if not closing and (before.text != "," or cue.dep_ == "conj" or not said_before):
        return None
    first = doc[cue.i + 1]
    phrase = first
    while (
        phrase.head.i not in (cue.i, phrase.i)
        and phrase.head.left_edge.i == first.i
        and phrase.head.i > cue.i
    ):
        phrase = phrase.head
    if phrase.head.i != cue.i or phrase.dep_ in ("ccomp", "xcomp", "prep", "punct"):
        return None
    if phrase.pos_ in ("VERB", "AUX"):
        phrase = next(
            (c for c in phrase.children if c.dep_ == "nsubj" and c.left_edge.i == first.i),
            phrase,
        )
    named = phrase.pos_ in ("PROPN", "NOUN") or phrase.ent_type_ in PARTY_ENTITIES
    others = phrase.pos_ in ("DET", "PRON") and phrase.lower_ in ("another", "others", "one")
    if not (named or others or _lone_name(phrase)):
        return None
    return mention_of(phrase)


def _lone_name(token: Token) -> bool:
    """A capitalised word the parser took for a modifier, standing where a subject goes."""
    return (
        token.is_title
        and not token.is_stop
        and token.pos_ in ("PROPN", "NOUN", "ADV", "ADJ")
        and token.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "GPE", "LOC")
    )


def _issuer(document: Token) -> Token | None:
    """ "Trump issued a statement saying ...", "His office put out a statement calling ...":
    the statement speaks for whoever issued it, who is the source."""
    if document.dep_ != "dobj":
        return None
    sent_to = document.head.lemma_.lower() in MESSAGE_VERBS and (
        document.ent_type_ in PARTY_ENTITIES or document.pos_ in ("NOUN", "PRON")
    )
    if document.lemma_.lower() not in ISSUED_DOCUMENTS and not sent_to:
        return None
    return next((c for c in document.head.children if c.dep_ == "nsubj"), None)


def _sender(addressee: Token) -> Token | None:
    """ "His campaign sent a text message to supporters saying ...": the parser hung the
    message's participle on whom it was sent to; the sender of the message speaks."""
    to = addressee.head
    if addressee.dep_ != "pobj" or to.lower_ != "to" or to.dep_ not in ("dative", "prep"):
        return None
    verb = to.head
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in ISSUED_DOCUMENTS for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _findings_before(cue: Token) -> Span | None:
    """ "..., election commission records show.": the parser took the records for a noun
    modifying "show" and left the verb without a subject; records, polls or data right
    before a finding verb are what shows it."""
    if cue.lemma_.lower() not in RESEARCH_ONLY:
        return None
    doc = cue.doc
    # The tagger may even call "records" a verb; the parser's compound says it is a noun.
    nouns = [c for c in cue.lefts if c.dep_ == "compound"]
    if not nouns or nouns[-1].i != cue.i - 1 or nouns[-1].lemma_.lower() not in RESEARCH_WORDS:
        return None
    return doc[nouns[0].left_edge.i : cue.i]


def _share_before(cue: Token) -> Span | None:
    """ "About 4 in 10 say they want ...": a share of those polled, which the parser hung on
    the verb as a number rather than its subject, is who says it."""
    doc = cue.doc
    share = next((c for c in cue.lefts if c.dep_ == "nummod" and c.pos_ == "NUM"), None)
    if share is None or share.right_edge.i != cue.i - 1:
        return None
    return doc[share.left_edge.i : cue.i]


def mention_of(token: Token) -> Span:
    """A speaker noun phrase: its subtree without clauses set off by commas.

    "Trump, speaking to veterans in Virginia, said": the participle is an aside, no part
    of the name. "Two people briefed on the talks said": the participle says which people,
    so it is part of the description. A relative clause is dropped: it often holds the cue
    itself ("an architect who said ...").
    """
    doc = token.doc
    start, end = token.left_edge.i, token.right_edge.i + 1
    for child in token.lefts:
        if child.ent_type_ in ("DATE", "TIME") and ":" in child.text:
            start = max(start, child.right_edge.i + 1)  # a live blog's "9:40PM" before a name
    for child in token.rights:
        aside = child.left_edge.i > 0 and doc[child.left_edge.i - 1].text in (",", "(", "\u2014")
        restrictive = child.dep_ == "acl" and not aside and not _has_cue_verb(child)
        if _where_or_when(token, child, aside):
            end = min(end, child.left_edge.i)
        if (
            (child.dep_ in ("relcl", "acl", "advcl") and not restrictive)
            or (child.dep_ == "amod" and aside)  # "Baker, still loyal to the party, said"
            or (child.dep_ == "punct" and child.text == "(")
        ):
            end = min(end, child.left_edge.i)
    # A clause set off by a comma deeper in the phrase is an aside too ("two aides familiar
    # with the talks, who spoke on condition of anonymity"), and a participle that says
    # when ("a report by the Fund published last month") says no more of who.
    for inner in doc[token.i + 1 : end]:
        aside = doc[inner.left_edge.i - 1].text == "," and inner.left_edge.i > token.i + 1
        dated = inner.dep_ == "acl" and inner.tag_ in ("VBN", "VBD") and _dated(inner)
        if (inner.dep_ in ("relcl", "acl", "advcl") and aside) or dated:
            end = min(end, inner.left_edge.i)
    while end > start + 1 and (doc[end - 1].is_punct and doc[end - 1].text not in ").'"):
        end -= 1
    while start < end - 1 and doc[start].is_punct:
        start += 1
    if end <= token.i:
        end = token.i + 1
    return doc[start:end]


def _where_or_when(name: Token, child: Token, aside: bool) -> bool:
    """ "Trump, in Kentucky, said", "Ruiz at the time said", "Acme, two weeks later,
    said": a phrase after a name that says where or when the speaker spoke is no part of
    the name ("Cole of Ohio" is)."""
    if child.i < name.i:
        return False
    if (
        aside
        and child.ent_type_ in ("DATE", "TIME")
        and child.dep_ in ("advmod", "npadvmod", "appos")
    ):
        return True
    if child.dep_ != "prep":
        return False
    objects = [c for c in child.children if c.dep_ == "pobj"]
    timed = any(o.ent_type_ in ("DATE", "TIME") or o.lower_ == "time" for o in objects)
    return aside or timed


def _dated(token: Token) -> bool:
    return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree)


def _has_cue_verb(token: Token) -> bool:
    return any(t.pos_ == "VERB" and t.lemma_.lower() in CLAUSE_CUES for t in token.subtree)
