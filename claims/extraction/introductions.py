"""What a colon frame standing as its own paragraph introduces: "Holm writes:" followed by a
paragraph that is what Holm wrote, quoted or set as a block quotation without marks."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Draft
    from .records import ExtractedSource


def said_by(drafts: list[Draft], speaker: ExtractedSource, resolution: float) -> list[Draft]:
    """The introduced paragraph's drafts: what seemed the reporter's own is the speaker's,
    and its sentences in a row are one claim, as a block quotation is one statement. A
    sentence with an attribution of its own keeps it and ends the run."""
    out: list[Draft] = []
    for draft in drafts:
        if draft.pattern != "publisher":
            out.append(draft)
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.pattern == "colon" and prev.source.key == speaker.key:
            doc = draft.sent.doc
            out[-1] = replace(prev, end=draft.end, sent=doc[prev.sent.start : draft.sent.end])
            continue
        out.append(replace(draft, source=speaker, pattern="colon", resolution=resolution))
    return out
