"""The words that report speech: verbs, nouns and phrases, each list with what it takes."""

from __future__ import annotations

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
    notify assess judge affirm attest certify swear guarantee unveil shout yell recount
    """
)


# Verbs of saying that take no noun object, only what was said: a noun phrase after one is
# the subject of the said clause ("say the more votes he wins, the more ...").
CLAUSE_ONLY = words(
    """
    say argue insist contend
    """
)


# Verbs that put a question, to someone named after them or to no one: "asked the students
# if they were ready".
QUESTION_CUES = frozenset({"ask", "wonder", "question"})


# Verbs whose direct object can carry the claim ("condemned the 'attacks'", "denied it").
OBJECT_CUES = words(
    """
    condemn deny announce describe dub call accuse blame criticize criticise blast slam
    denounce decry reject dispute cite pledge promise vow demand propose question
    confirm report claim predict estimate allege label brand praise hail welcome
    acknowledge admit warn threaten tout mention recall reveal forecast project show
    cite note stress emphasize emphasise liken compare propose recommend find attack
    """
)


# Object cues of judging: their object is whom or what they judge, not what was said.
JUDGING_CUES = words(
    """
    condemn criticize criticise blast slam denounce decry praise hail welcome attack accuse
    blame
    """
)


# Verbs taking "to"-infinitive content ("vowed to retaliate", "urged X to leave").
XCOMP_CUES = words(
    """
    urge promise vow pledge threaten call ask demand warn claim agree appeal tell
    propose recommend suggest
    """
)


# Adjectives of a subject's readiness or likelihood to do something, whose subject is the
# one who does it: "voters were more likely to say ...", "the council was quick to condemn
# ...". Adjectives whose subject is the object of the verb ("the rule is hard to explain")
# or an empty "it" ("it is fair to say") are not among them.
DISPOSITION_ADJECTIVES = words(
    """
    likely unlikely quick slow eager keen willing unwilling reluctant ready able unable
    inclined disinclined careful hesitant loath loth apt prone quicker quickest
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


# What a person or body issues, releases or puts out, and speaks through: "Trump issued a
# statement saying ..." is Trump's statement.
# Verbs whose object is whom a message is sent to: "emailed supporters saying ...".
MESSAGE_VERBS = words(
    """
    email e-mail text message tweet write
    """
)

# Verbs that put out a document of one's own: "released an ad that ...", not "cited" or
# "obtained" one, which speaks for its author.
ISSUING_VERBS = words(
    """
    issue release publish post send run air unveil launch produce write sign file tweet
    email e-mail put pen distribute circulate
    """
)

ISSUED_DOCUMENTS = words(
    """
    statement release letter memo memorandum note ad advertisement commercial email e-mail
    response reply message text tweet post article column op-ed editorial mailer flyer
    video piece report data
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


PRONOUN_SUBJECTS = words(
    """
    he she it they we i you who that which this
    """
)


ONLY_WITH_PREPOSITION = frozenset({"speak", "talk"})


PERSONAL_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you"})
# Who a statement can be aimed at or sent to, or come from: a person, party or body
# (entity labels), or a pronoun pointing at one.
PARTY_ENTITIES = frozenset({"PERSON", "ORG", "NORP"})
OBJECT_PRONOUNS = frozenset({"him", "her", "them"})


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


# Cues with an addressee before the content: "told a meeting of leaders that ...".
ADDRESSEE_CUES = frozenset({"tell", "inform", "assure", "warn", "remind", "convince", "promise"})


# Verbs of a verbal assault, cues only when their object is a person or a body: "Trump
# attacked Clinton for her vote" reports a statement, "forces attacked the port" does not.
ASSAULT_CUES = frozenset({"attack"})


# Cues whose passive participle names rather than reports: "a group called Open Doors",
# "a plan dubbed Clean Slate", "the so-called reform".
NAMING_CUES = frozenset({"call", "dub", "label", "brand"})


# Cues whose participle before "with" or "to" compares figures: "earned $90,000, compared
# with $60,000 a year earlier".
COMPARING_CUES = frozenset({"compare", "liken"})


# Verbs of refusing: "declined to comment", "refused to comment on the report" say that no
# statement was made; only what was said after them ("declined to say whether ...") counts.
REFUSAL_VERBS = frozenset({"decline", "refuse"})
