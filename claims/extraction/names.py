"""Look-alike names: one person typed with a Cyrillic "a" (U+0430) or a
zero-width space is still one.

A name is folded before it is compared or stored: NFKC (full-width and ligature forms),
invisible characters dropped, and, in a name written mostly in Latin letters, each letter
from another alphabet that Unicode lists as confusable with a Latin one replaced by it.
A name written wholly in another alphabet ("Зеленський") is left as it is: that is a
spelling, not a disguise.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

# Zero-width and soft-hyphen characters render as nothing, so they can hide in a name.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)


@dataclass(frozen=True)
class FoldedName:
    text: str
    # The name as written mixed alphabets (or hid characters): a reviewer should see it.
    suspicious: bool


def fold_name(name: str) -> FoldedName:
    """The name as a reader sees it, and whether it was disguised."""
    text = unicodedata.normalize("NFKC", name)
    visible = "".join(ch for ch in text if ch not in INVISIBLE)
    hidden = len(visible) != len(text)
    if not _mixed_script(visible):
        return FoldedName(visible, hidden)
    return FoldedName("".join(_to_latin(ch) for ch in visible), True)


def _mixed_script(text: str) -> bool:
    scripts = {_script(ch) for ch in text if ch.isalpha()}
    return len(scripts) > 1 and "LATIN" in scripts


def _script(ch: str) -> str:
    alias: str = categories.alias(ch)
    return alias


@lru_cache(maxsize=4096)
def _to_latin(ch: str) -> str:
    if not ch.isalpha() or _script(ch) == "LATIN":
        return ch
    found = confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True) or []
    for item in found:
        for glyph in item.get("homoglyphs", []):
            latin: str = glyph["c"]
            if len(latin) == 1 and _script(latin) == "LATIN":
                return latin
    return ch
