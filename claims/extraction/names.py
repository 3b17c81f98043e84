"""Names: whether a mention is one, and the form it is compared and stored in.

Is a mention a name ("Ines Varga", "Reuters", "Russia's defence ministry") or only a
description ("the minister", "officials", "two people briefed on the talks", "she")?

A name picks out one source anywhere, so it may become a registry alias; a description
picks out someone only within its article, so it must never become one.

Look-alike names: one person typed with a Cyrillic "a" (U+0430) or a
zero-width space is still one.

A name is folded before it is compared or stored: NFKC (full-width and ligature forms),
invisible characters dropped, and, in a name written mostly in Latin letters, each letter
from another alphabet that Unicode lists as confusable with a Latin one replaced by it.
A name written wholly in another alphabet ("Зеленський") is left as it is: that is a
spelling, not a disguise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

from .gazetteer import GENERIC_HEADS, PRONOUNS, TITLE_WORDS
from .lexicon import words

# Words that describe a role or a group without naming anyone: with the title words and
# the generic heads of gazetteer.py, a mention made of these alone is a description.
DESCRIBING = words(
    """
    the a an this that these those his her its their our your my
    of for at in on to from by with and or
    deputy vice acting former senior junior top chief first second third
    foreign defence defense interior health finance justice energy economy economic
    education agriculture emergencies trade transport state regional local national
    federal provincial city municipal county district central prime
    ministry ministries department agency office authority authorities government
    administration military army navy council committee court prosecutor prosecutors
    premier party company firm group team union police spokesperson person man woman
    men women officer officers worker workers employee employees member members
    one two three four five six seven eight nine ten several many some dozens
    senior-level high-ranking unnamed anonymous local
    firefighters rescuers doctors medics nurses soldiers troops protesters students
    teachers farmers villagers locals citizens voters lawmakers legislators investigators
    researchers scientists economists relatives survivors victims eyewitnesses organisers
    organizers campaigners journalists reporters residents neighbours neighbors families
    parents patients passengers pilots engineers lawyers judges ministers mps
    """
)
_WORD = re.compile(r"[\w'\u2019-]+")


def is_name(mention: str) -> bool:
    """True when `mention` holds at least one capitalised word that is not a role, title,
    determiner or group word: a name, not a description, pronoun or title alone."""
    tokens = _WORD.findall(mention or "")
    if not tokens:
        return False
    for token in tokens:
        bare = re.sub(r"['\u2019]s$", "", token)
        lowered = bare.lower().rstrip(".")
        if lowered in PRONOUNS or lowered in DESCRIBING or lowered in TITLE_WORDS:
            continue
        if lowered in GENERIC_HEADS or lowered.rstrip("s") in GENERIC_HEADS:
            continue
        if bare[:1].isupper() or bare.isupper():
            return True
    return False


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
