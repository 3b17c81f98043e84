"""Is a mention a name ("Ines Varga", "Reuters", "Russia's defence ministry") or only a
description ("the minister", "officials", "two people briefed on the talks", "she")?

A name picks out one source anywhere, so it may become a registry alias; a description
picks out someone only within its article, so it must never become one.
"""

from __future__ import annotations

import re

from .lexicon import words
from .sources import GENERIC_HEADS, PRONOUNS, TITLE_WORDS

# Words that describe a role or a group without naming anyone: with the title words and
# the generic heads of sources.py, a mention made of these alone is a description.
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
