"""Article text in, claims out."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from .attribution import Attribution, find_attributions, frame_speaker
from .cues import CLAUSE_CUES, OBJECT_CUES, RESEARCH_WORDS
from .frames import closing_frame, ends_with_colon, framed_by
from .gazetteer import PLACE_NAMES
from .introductions import said_by
from .labels import NOT_SPEAKERS, headline_speaker, leading_person
from .language import detect_language, is_foreign_paragraph, unsupported_notice
from .model import load_pipeline
from .quotation import (
    QUOTE_MARKS,
    balance_quotes,
    pair_quote_marks,
    quote_index,
    quote_kind,
    quoted_flags,
    unframed_fragment,
)
from .records import ArticleInput, ExtractedClaim, ExtractedSource, ExtractionResult, TextBlock
from .scoring import checkworthiness, confidence
from .sources import Mention, SourceTracker
from .speakers import antecedent
from .text import (
    cue_case,
    dash_quote,
    for_parsing,
    publisher_from_footer,
    quote_spans,
    segment,
    split_datelines,
    title_case,
)

MAX_CHARS = 1_000_000
# A claim without a verb needs this many words to state something ("Rocket, drone attacks"
# and "soft on crime" do not; "a 12 percent rise in rents" does).
MIN_VERBLESS_WORDS = 4
# A cue's direct object stands from two words ("denied the charges"): reported as
# someone's, it is their statement (content.OBJECT_CLAIM_WORDS says which verbs need more).
MIN_OBJECT_WORDS = 2
PARSED_KINDS = ("headline", "body")
_TURN = re.compile(r"^[\W_]{0,3}(?P<label>[A-Z][A-Za-z.'\u2019 -]{1,40}?)\s*:\s+\S")
_SIGNED = re.compile(
    r"^(?P<body>[\W_]{0,2}[\"\u201c\u201d\u2018'].*[\"\u201d\u2019'.!?])\s*"
    r"[\u2015\u2014\u2013-]{1,2}\s*(?P<label>[@A-Z][^\n]{1,60}?)[\s.]*$",
    re.S,
)


def extract(
    article: str | ArticleInput,
    *,
    publisher: str = "",
    published: datetime.date | None = None,
    model: str | None = None,
    max_chars: int = MAX_CHARS,
) -> ExtractionResult:
    """Split an article into claims, each one statement with one source.

    `article` is pasted text, or an ArticleInput carrying the structure of a web page.
    Text that is not English gives no claims and a notice saying so. An error in the
    engine is raised, not hidden: the caller decides what a failed article means (the
    pipeline marks it failed with the error; the CLI reports the file).
    """
    document = article if isinstance(article, ArticleInput) else ArticleInput(text=article)
    if not isinstance(document.text, str) or not document.text.strip():
        return ExtractionResult()
    text = document.text[:max_chars]
    blocks = _blocks(document, text)
    body = [b for b in blocks if b.kind in PARSED_KINDS]
    guess = detect_language(" ".join(text[b.start : b.end] for b in body))
    if guess.foreign:
        return ExtractionResult([], guess.code, guess.confidence, unsupported_notice(guess))
    publisher = publisher or document.site_name or publisher_from_footer(text, blocks)
    claims = _read(text, body, publisher, model)
    return ExtractionResult(claims, guess.code, guess.confidence)


def _blocks(document: ArticleInput, text: str) -> list[TextBlock]:
    """The paragraphs the ingest side found, or, for flat text, those the segmenter finds."""
    given = [b for b in document.blocks if 0 <= b.start < b.end <= len(text)]
    return split_datelines(text, given or segment(text), PLACE_NAMES)


def _read(
    text: str, body: list[TextBlock], publisher: str, model: str | None
) -> list[ExtractedClaim]:
    # A paragraph quoted in another language inside an English article is skipped, not
    # read as English; a short one is kept, since a guess on a few words means little.
    parsed = [b for b in body if not is_foreign_paragraph(text[b.start : b.end])]
    if not parsed:
        return []
    nlp = load_pipeline(model)
    # All paragraphs are parsed before any is read: a headline label ("Holm: ...") is known
    # to speak by the names the article gives further down.
    cues = CLAUSE_CUES | OBJECT_CUES
    copies = (cue_case(for_parsing(text[b.start : b.end]), cues) for b in parsed)
    docs = list(nlp.pipe(copies, batch_size=32))
    reader = ArticleReader(
        text,
        SourceTracker(publisher),
        named=_named_words(docs, NAME_LABELS),
        people=_named_words(docs, ("PERSON",)),
    )
    for block, doc in zip(parsed, docs, strict=True):
        reader.add_paragraph(block, doc)
    names = reader.tracker.names_by_key()
    return [_renamed(claim, names) for claim in reader.claims]


def _renamed(claim: ExtractedClaim, names: dict[str, str]) -> ExtractedClaim:
    """A claim read before its speaker's fuller name turned up takes that name too."""
    name = names.get(claim.source.key, claim.source.name)
    if claim.source.kind != "person" or not claim.source.key or name == claim.source.name:
        return claim
    return replace(claim, source=replace(claim.source, name=name))


@dataclass
class Draft:
    """A claim before its final record: token range and what is known of the source."""

    start: int
    end: int
    sent: Span
    source: ExtractedSource
    cue: str
    channel: str
    pattern: str
    resolution: float = 1.0
    continuation: bool = False
    cue_index: int | None = None


# How sure a quotation's speaker is when no cue in its sentence names them: the owner of
# the same quotation elsewhere in the paragraph is nearly certain; the last speaker of the
# article is likely when the quotation opens the paragraph (or carries one on), less so
# when it comes after other text.
QUOTE_OWNER_RESOLUTION = 0.95
LAST_SPEAKER_OPENING = 0.85
LAST_SPEAKER_LATER = 0.75


@dataclass
class ParagraphContext:
    """What every sentence of one paragraph is read against."""

    doc: Doc
    quoted: list[bool]  # per token: inside a quotation
    spans: list[tuple[int, int]]  # the quotations, as character offsets in the paragraph
    by_quote: dict[int, Attribution]  # quotation index -> the attribution that owns it
    continues: bool  # the paragraph carries on a quotation left open before it
    resolved: dict[int, tuple[ExtractedSource, float]] = field(default_factory=dict)


@dataclass
class ArticleReader:
    text: str
    tracker: SourceTracker
    claims: list[ExtractedClaim] = field(default_factory=list)
    last_speaker: ExtractedSource | None = None
    # Paragraphs read since the last speaker last spoke, and the last speaker as the
    # paragraph being read began.
    since_speaker: int = 0
    speaker_at_start: ExtractedSource | None = None
    quote_left_open: bool = False
    # Who a paragraph that is only a colon frame ("Holm writes:") gives the next one to.
    introduced: ExtractedSource | None = None
    offset: int = 0
    named: frozenset[str] = frozenset()  # words of the people and bodies the article names
    people: frozenset[str] = frozenset()  # words of the people it names

    def add_paragraph(self, block: TextBlock, doc: Doc) -> None:
        self.offset = block.start
        para = self.text[block.start : block.end]
        spans, left_open = quote_spans(para)
        dash = dash_quote(para) if not spans else None
        if dash is not None:
            spans = [dash]
        continues_quote = (self.quote_left_open and para.lstrip()[:1] in QUOTE_MARKS) or (
            dash is not None and dash[1] == len(para)
        )
        self.quote_left_open = left_open
        introducing, self.introduced = self.introduced, None
        quoted = quoted_flags(doc, spans)
        drafts = self._turn(doc, para, quoted, block.kind == "headline")
        if drafts is None and block.kind == "body":
            drafts = self._signed(doc, para)
        if drafts is None:
            drafts = self._sentences(doc, quoted, spans, continues_quote)
        if introducing is not None:
            drafts = said_by(drafts, introducing, LAST_SPEAKER_OPENING)
        for draft in _merge(drafts, doc, spans):
            if _statement(doc[draft.start : draft.end], draft.pattern, draft.cue):
                self.claims.append(self._claim(block, doc, draft, quoted, spans))
        began_with, self.speaker_at_start = self.speaker_at_start, self.last_speaker
        spoke = began_with is not self.last_speaker or any(d.source is began_with for d in drafts)
        self.since_speaker = 0 if spoke else self.since_speaker + 1

    def _turn(
        self, doc: Doc, para: str, quoted: list[bool], headline: bool = False
    ) -> list[Draft] | None:
        """A transcript turn ("SMITH: ...") or a headline-style label: one claim."""
        match = _TURN.match(para)
        if not match:
            return None
        label = match.group("label").strip()
        span = doc.char_span(
            match.start("label"), match.start("label") + len(label), alignment_mode="expand"
        )
        if span is None or label.lower() in NOT_SPEAKERS:
            return None
        # "Holm Hammers Council Over Fares: '...'": a title's label that opens with a person's
        # name and goes on with what they did gives what follows the colon to that person.
        lead = leading_person(span) if title_case(para) else None
        if lead is not None:
            span = lead
        elif len(label.split()) > (3 if headline else 4):
            return None
        if headline and not headline_speaker(span, self.named):
            return None
        # In the body a label speaks only when it is a transcript name in capitals or a
        # recognised person, body or study; "Background: ..." or "Note: ..." do not.
        if (
            not headline
            and not (label.isupper() and len(label) > 1)
            and not any(
                t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                or t.lemma_.lower() in RESEARCH_WORDS
                for t in span
            )
        ):
            return None
        first = next((t.i for t in doc if t.idx >= match.end() - 1), None)
        if first is None:
            return None
        # The whole turn is one claim: a speaker's answer is one statement, however many
        # sentences it runs to.
        end = len(doc)
        while end > first and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if end <= first:
            return None
        # A headline label is one word or two with little for the model to go on; when the
        # article names a person with it ("Pence: ..." over "Gov. Mike Pence said"), it is
        # that person, so the later full name resolves to the same source.
        person = headline and all(t.lower_ in self.people for t in span if not t.is_punct)
        source, resolution = self.tracker.resolve(
            self._mention(span), kind="person" if person else ""
        )
        self.last_speaker = source
        sent = doc[first:end]
        return [Draft(first, end, sent, source, ":", "", "turn", resolution)]

    def _signed(self, doc: Doc, para: str) -> list[Draft] | None:
        """A quotation signed after a dash ('"..." ― Jane Doe'): one claim."""
        match = _SIGNED.match(para)
        if not match or len(match.group("label").split()) > 6:
            return None
        span = doc.char_span(match.start("label"), match.end("label"), alignment_mode="expand")
        body = doc.char_span(match.start("body"), match.end("body"), alignment_mode="expand")
        if span is None or body is None:
            return None
        start, end = _trim(doc, body.start, body.end)
        if start >= end:
            return None
        source, resolution = self.tracker.resolve(self._mention(span))
        self.last_speaker = source
        return [Draft(start, end, doc[start:end], source, "―", "", "turn", resolution)]

    def _sentences(
        self, doc: Doc, quoted: list[bool], spans: list[tuple[int, int]], continues: bool
    ) -> list[Draft]:
        sents = list(doc.sents)
        # All sentences first: a quotation's owner may be named in a later sentence of the
        # paragraph ('"A. B," she said'), so ownership is settled before any claim is made.
        found = [find_attributions(s, lambda t: quoted[t.i]) for s in sents]
        para = ParagraphContext(
            doc, quoted, spans, _speakers_by_quote(doc, sents, found, spans), continues
        )
        drafts: list[Draft] = []
        for sent, attributions in zip(sents, found, strict=True):
            if not any(ch.isalnum() for ch in sent.text):
                continue
            # "The minister said:" alone introduces the next sentence's quotation.
            if not attributions and ends_with_colon(sent):
                speaker = frame_speaker(sent, lambda t: quoted[t.i])
                if speaker is not None:
                    self.last_speaker = self._resolve(para, speaker)[0]
                    if sent.end >= len(doc) - 1 and not drafts:
                        self.introduced = self.last_speaker
                    continue
            # '"Will it hold?" Holm asked.' parsed as two sentences: the frame still speaks.
            frame = None if attributions else closing_frame(sent, lambda t: quoted[t.i])
            if frame is not None:
                cue, speaker, last_word = frame
                self.last_speaker, resolution = self._resolve(para, speaker)
                drafts = framed_by(drafts, spans, last_word, self.last_speaker, cue, resolution)
                continue
            for attribution in attributions:
                drafts.append(self._attributed(para, attribution, sent))
            for start, end in _uncovered_units(sent, attributions):
                drafts.append(self._unit(para, sent, start, end))
            self._note_subject(sent, quoted)
        return sorted(drafts, key=lambda d: d.start)

    def _attributed(self, para: ParagraphContext, a: Attribution, sent: Span) -> Draft:
        if a.speaker is None:
            source, resolution = self.tracker.unattributed(), 1.0
            pattern = "unattributed"
        else:
            source, resolution = self._resolve(para, a.speaker)
            self.last_speaker = source
            pattern = a.pattern
        return Draft(
            a.content_start,
            a.content_end,
            sent,
            source,
            a.cue,
            a.channel,
            pattern,
            resolution,
            cue_index=a.cue_index,
        )

    def _resolve(self, para: ParagraphContext, span: Span) -> tuple[ExtractedSource, float]:
        # One speaker mention is resolved once, however many claims it speaks for.
        resolved = para.resolved
        if span.start not in resolved:
            noun = antecedent(span)
            if noun is None:
                resolved[span.start] = self.tracker.resolve(self._mention(span))
            else:
                # The relative pronoun stays the mention; its antecedent names the source.
                source, resolution = self.tracker.resolve(self._mention(noun))
                mention = self._mention(span)
                source = replace(source, mention=mention.text, start=mention.start, end=mention.end)
                resolved[span.start] = (source, resolution)
        return resolved[span.start]

    def _mention(self, span: Span) -> Mention:
        start, end = self.offset + span.start_char, self.offset + span.end_char
        return Mention(span, start, end, self.text[start:end])

    def _unit(self, para: ParagraphContext, sent: Span, start: int, end: int) -> Draft:
        """A clause no attribution covers: a quotation's continuation, or the publisher's."""
        words = [t for t in para.doc[start:end] if not t.is_punct and not t.is_space]
        if words and all(para.quoted[t.i] for t in words):
            quotation = quote_index(para.spans, words[0].idx)
            owner = para.by_quote.get(quotation)
            if owner is not None and owner.speaker is not None:
                source, resolution = self._resolve(para, owner.speaker)
                return Draft(
                    start,
                    end,
                    sent,
                    source,
                    owner.cue,
                    owner.channel,
                    "continuation",
                    resolution * QUOTE_OWNER_RESOLUTION,
                    continuation=True,
                )
            # A later quotation in a paragraph with no frame of its own carries on the last
            # speaker only while they are still being reported (this paragraph or the one
            # before); further on, it is someone the reporter has not named as speaking.
            if self.last_speaker is not None and (
                (quotation == 0 and not para.continues)
                or self.last_speaker is not self.speaker_at_start
                or self.since_speaker == 0
            ):
                return Draft(
                    start,
                    end,
                    sent,
                    self.last_speaker,
                    "",
                    "",
                    "continuation",
                    LAST_SPEAKER_OPENING
                    if para.continues or quotation == 0
                    else LAST_SPEAKER_LATER,
                    continuation=True,
                )
        return Draft(start, end, sent, self.tracker.publisher_source(), "", "", "publisher")

    def _note_subject(self, sent: Span, quoted: list[bool]) -> None:
        root = sent.root
        for child in root.children:
            if child.dep_ == "nsubj" and not quoted[child.i] and child.ent_type_ == "PERSON":
                span = sent.doc[child.left_edge.i : child.right_edge.i + 1]
                mention = self._mention(span)
                self.tracker.note_subject(span, mention.start, mention.end)

    def _claim(
        self,
        block: TextBlock,
        doc: Doc,
        draft: Draft,
        quoted: list[bool],
        spans: list[tuple[int, int]],
    ) -> ExtractedClaim:
        start, end = balance_quotes(doc, draft.start, draft.end)
        start, end = pair_quote_marks(doc, start, end, spans)
        offset = block.start
        char_start = offset + doc[start].idx
        char_end = offset + doc[end - 1].idx + len(doc[end - 1].text)
        sent = draft.sent
        source = draft.source
        span = doc[start:end]
        return ExtractedClaim(
            text=self.text[char_start:char_end],
            start=char_start,
            end=char_end,
            # A closing quote mark kept for its pair may lie past the parsed sentence.
            sentence_start=min(offset + sent.start_char, char_start),
            sentence_end=max(offset + sent.end_char, char_end),
            source=source,
            cue=draft.cue,
            channel=draft.channel,
            quote=quote_kind(span, quoted, draft.pattern),
            checkworthiness=checkworthiness(span, draft.cue),
            confidence=confidence(draft.pattern, draft.resolution),
            tokens=span,
        )


def _statement(span: Span, pattern: str = "", cue: str = "") -> bool:
    """Enough of a sentence to check: a verb, or a few words that make a finding.

    A one- to three-word noun phrase ("crisis", "soft on crime", "the talks") quoted from
    someone or set apart as a heading states nothing a reviewer could verify.
    """
    if unframed_fragment(span, pattern, cue):
        return False
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if len(words) >= (MIN_OBJECT_WORDS if pattern == "object" else MIN_VERBLESS_WORDS):
        return True
    return any(t.pos_ in ("VERB", "AUX") for t in words) and len(words) >= 2


def _named_words(docs: list[Doc], labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        t.lower_ for doc in docs for ent in doc.ents if ent.label_ in labels for t in ent
    )


NAME_LABELS = ("PERSON", "ORG")


def _speakers_by_quote(
    doc: Doc, sents: list[Span], found: list[list[Attribution]], spans: list[tuple[int, int]]
) -> dict[int, Attribution]:
    """For each quotation, the attribution whose content lies in it or frames it."""
    owners: dict[int, Attribution] = {}
    for attributions in found:
        for a in attributions:
            if a.speaker is None:
                continue
            first = doc[a.content_start].idx
            last = doc[a.content_end - 1].idx
            # Content that starts inside a quotation owns it even when the parser runs it on
            # past the closing mark into the frame ('"A. B," she told "Meet the Press"').
            for char in (first, last):
                index = quote_index(spans, char)
                if index >= 0 and spans[index][0] <= char < spans[index][1]:
                    owners.setdefault(index, a)
    return owners


def _uncovered_units(sent: Span, attributions: list[Attribution]) -> list[tuple[int, int]]:
    """Top-level clauses of the sentence that no attribution speaks for.

    A sentence is cut only where its source changes: with no attribution in it, its
    clauses ("..., but that case was closed") share one source and stay one claim.
    """
    if not attributions:
        return [_trim(sent.doc, sent.start, sent.end)]
    units = _clause_units(sent)
    out = []
    for start, end in units:
        covered = any(
            (a.content_start < end and start < a.content_end) or start <= a.cue_index < end
            for a in attributions
        )
        if not covered:
            out.append((start, end))
    return out


def _clause_units(sent: Span) -> list[tuple[int, int]]:
    """Root clause and coordinated clauses with their own subject, as token ranges."""
    heads = [sent.root]
    queue = [sent.root]
    while queue:
        head = queue.pop()
        for child in head.children:
            if (
                child.dep_ == "conj"
                and child.pos_ in ("VERB", "AUX")
                and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children)
            ):
                heads.append(child)
                queue.append(child)
    if len(heads) == 1:
        return [_trim(sent.doc, sent.start, sent.end)]
    head_set = {h.i for h in heads}
    owner: dict[int, list[int]] = {h.i: [] for h in heads}
    for token in sent:
        node = token
        while node.i not in head_set and node.head.i != node.i:
            node = node.head
        owner.get(node.i, owner[sent.root.i]).append(token.i)
    ranges = []
    for ids in owner.values():
        if ids:
            ranges.append(_trim(sent.doc, min(ids), max(ids) + 1))
    return sorted(r for r in ranges if r[0] < r[1])


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"
    ):
        end -= 1
    return start, end


def _one_quotation(doc: Doc, spans: list[tuple[int, int]], prev: Draft, draft: Draft) -> bool:
    """The end of one draft and the start of the next lie inside the same quotation."""
    last = next((t for t in reversed(doc[prev.start : prev.end]) if not t.is_punct), None)
    first = next((t for t in doc[draft.start : draft.end] if not t.is_punct), None)
    if last is None or first is None:
        return False
    index = quote_index(spans, last.idx)
    return (
        index >= 0 and last.idx < spans[index][1] and spans[index][0] <= first.idx < spans[index][1]
    )


def _continues(doc: Doc, spans: list[tuple[int, int]], prev: Draft, draft: Draft) -> bool:
    """The draft goes on with what the previous one's speaker said.

    Either one quotation runs over sentences ('"A. B," she said'), or a quotation resumes
    right after the frame that introduced the previous one ('"A," she said. "B."'): the
    frame is one act of saying, so A and B are one claim, as annotators mark them.
    """
    if (draft.continuation or prev.continuation) and _one_quotation(doc, spans, prev, draft):
        return True
    return (
        draft.continuation
        and prev.cue_index is not None
        and prev.end <= prev.cue_index < draft.start
    )


def _merge(drafts: list[Draft], doc: Doc, spans: list[tuple[int, int]]) -> list[Draft]:
    """Drafts that continue one statement of one speaker in a paragraph become one claim."""
    merged: list[Draft] = []
    for draft in drafts:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and _continues(doc, spans, prev, draft)
            and prev.source.key == draft.source.key
            and prev.source.kind == draft.source.kind
            and prev.pattern != "publisher"
            and draft.start >= prev.end
        ):
            lead = draft if prev.continuation and not draft.continuation else prev
            # The merged draft is anchored as soon as one part has its own cue, so a
            # quotation ending in "..., she said" still takes the following continuation.
            merged[-1] = Draft(
                prev.start,
                draft.end,
                doc[prev.sent.start : max(prev.sent.end, draft.sent.end)],
                lead.source,
                lead.cue,
                lead.channel,
                lead.pattern,
                lead.resolution,
                continuation=prev.continuation and draft.continuation,
                cue_index=lead.cue_index,
            )
            continue
        merged.append(draft)
    return merged
