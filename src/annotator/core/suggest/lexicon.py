"""Word lists: reporting verbs (cues), label cues, titles and pronouns."""
from __future__ import annotations

import re


def words(block: str) -> list[str]:
    """A word list written as a block of text."""
    return block.split()

# Reporting verbs, by lemma.  Speech and writing first, then stance and cognition verbs,
# which PolNeAR also counts as attribution ("Sanders wants voters to ...").
SPEECH = words("""say tell add write ask note report announce suggest argue tweet explain declare
acknowledge admit claim insist contend assert maintain warn stress emphasize
emphasise predict state testify recall respond reply answer confirm deny reject
dismiss refute accuse blame criticize criticise condemn charge allege complain
concede conclude continue describe reveal disclose inform agree disagree observe
remark mention comment joke quip boast brag lament speculate wonder reiterate repeat
counter retort rebut blast slam praise signal hint imply assure caution advise
threaten reaffirm underline underscore highlight shout yell scream cry proclaim
promise pledge vow urge demand propose recommend tout concur interject muse posit
reason surmise theorize theorise point write post text email e-mail testify estimate
calculate project forecast rule order insinuate swear guarantee question challenge
dispute contest decry denounce lambast slander smear vilify attack rip scold chide
mock ridicule deride criticize call endorse support oppose decline refuse applaud
hail welcome thank defend justify complain protest object reassure remind warn brief
relay concede grant confide divulge allege opine publish cite""")
THOUGHT = words("""think believe hope fear worry expect know feel suspect doubt figure reckon guess
want wish prefer intend plan seek realize realise recognize recognise understand
learn hear see consider find show indicate suggest""")

# Irregular past forms (past tense, past participle) and doubled consonants.
IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
    "think": ("thought",), "know": ("knew", "known"), "feel": ("felt",),
    "hear": ("heard",), "see": ("saw", "seen"), "find": ("found",),
    "learn": ("learned", "learnt"),
    "understand": ("understood",), "show": ("showed", "shown"), "seek": ("sought",),
    "swear": ("swore", "sworn"), "grant": ("granted",), "rip": ("ripped",), "admit": ("admitted",),
    "quip": ("quipped",), "slam": ("slammed",), "brag": ("bragged",),
    "text": ("texted",), "forecast": ("forecast",), "cry": ("cried",),
}
DOUBLING = {"admit": "admitt", "quip": "quipp", "slam": "slamm", "brag": "bragg",
            "rip": "ripp", "refer": "referr", "regret": "regrett"}


def forms(lemma: str) -> set[str]:
    """Inflected forms of a regular-ish English verb."""
    out = {lemma}
    stem = DOUBLING.get(lemma, lemma)
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("e"):
        out |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        out |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        out |= {lemma + "s", stem + "ed", stem + "ing"}
    if lemma in IRREGULAR:
        out -= {stem + "ed"}
        out |= set(IRREGULAR[lemma])
    return out


FORM_TO_LEMMA: dict[str, str] = {}
for _lemma in SPEECH + THOUGHT:
    for _f in forms(_lemma):
        FORM_TO_LEMMA.setdefault(_f, _lemma)
# Forms that are mostly nouns in news ("the United States", "attacks on", "the contest").
for _f in words("""states contest contests attack attacks"""):
    del FORM_TO_LEMMA[_f]
THOUGHT_LEMMAS = frozenset(THOUGHT) - frozenset(SPEECH)

# Verbs that, in the forward pattern, need a clause, quote or "that"/"to" after them to
# count: otherwise "she wants a car", "we see the house" would be attributions.
NEEDS_CLAUSE = THOUGHT_LEMMAS | {
    "decline", "refuse", "continue", "point", "answer", "rule", "order", "grant",
                                 "question", "challenge", "attack", "rip", "welcome",
                                 "thank", "defend", "post", "publish", "cite", "add",
                                 "project", "state", "show", "find", "indicate",
                                 "estimate", "calculate", "see", "hear", "learn",
                                 "figure", "recall", "object", "agree", "repeat"}

# Verbs that count only before "that", a quotation or a colon ("NATO adds a layer",
# "Beijing continues to oppose" are not reports).
QUOTE_OR_THAT = frozenset(words("""continue add point repeat post publish write state"""))

# Indirect objects after "told"/"informed" etc. are not content: "told reporters that".
OBJECT_VERBS = frozenset(words("""tell inform assure remind warn brief urge advise ask"""))

# Verbs whose forward content is often a noun phrase, ended before adjuncts.
NP_OBJECT = frozenset(words("""endorse deny oppose blame announce praise denounce support
attack criticize criticise condemn reject dismiss welcome defend propose back threaten
slam blast decry lambast applaud hail thank accuse charge tout question challenge
dispute contest rip scold mock ridicule deride smear vilify slander protest"""))

# Participle phrases: "…, referring to the senator" (their object is the content).
ING_PHRASES = [("referring", "to"), ("pointing", "to"), ("talking", "about"),
               ("speaking", "about"), ("alluding", "to")]

# Multi-word cues, as regex alternatives; the first group is the cue.
PHRASE_CUES = [
    r"according to", r"in the words of", r"as (?:\w+ )?(?:put|puts) it",
    r"pointed out", r"points out", r"point out", r"went on to say", r"made clear",
    r"made it clear", r"called for", r"calls for", r"called on", r"calls on",
] + [f"{v} {p}" for v, p in ING_PHRASES] + [
    r"referred to", r"refers to", r"pointed to", r"points to", r"talked about",
    r"talks about", r"spoke about",
]

PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s",
            "who": "r", "which": "r", "you": "s", "him": "m", "her": "f"}
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "who", "you"})

# Titles and role nouns that head a speaker mention ("the spokesman", "officials").
ROLE_NOUNS = words("""
spokesman spokeswoman spokesperson spokespeople official officials source sources
aide aides adviser advisers advisor advisors minister ministry president secretary
senator governor mayor lawmaker lawmakers candidate nominee campaign statement
report poll polls survey study analysts analyst experts expert critics critic
supporters officer officers police prosecutors prosecutor lawyer lawyers attorney
judge court agency department office embassy mission government spokesmen leader
leaders chairman chairwoman chair director manager strategist strategists pollster
pollsters representative representatives diplomat diplomats observers residents
voters people members member democrats republicans administration party committee
group groups organization union author authors researchers data documents memo
letter website article newspaper paper network editorial filing records figures
numbers results""")
TITLES = words("""mr mrs ms dr rep sen gov gen lt col sgt prof rev president senator governor
secretary minister spokesman spokeswoman spokesperson chairman judge justice mayor
ambassador director chief""")

# Labels.  Checked on the cue's lemma first, then on the content's wording.
DENIAL_CUES = frozenset(words("""deny reject dismiss refute rebut dispute contest"""))
ACCUSATION_CUES = frozenset(words("""
accuse blame criticize criticise condemn charge allege slander smear vilify attack
blast slam lambast decry denounce rip scold chide mock ridicule deride"""))
DENIAL_WORDS = re.compile(
    r"\b(?:baseless|groundless|unfounded|untrue|false(?:hood)?s?|fabricat\w*|"
    r"(?:has|have|had|did)(?:\s+not|n[’']t)\b|"
    r"never|no evidence|nothing to do with|not true)\b", re.IGNORECASE)
ACCUSATION_WORDS = re.compile(
    r"\b(?:slander\w*|smear\w*|vilif\w*|accus\w*|blam\w*|hypocri\w*|"
    r"scapegoat\w*|lie|lies|lying|manipulat\w*|provok\w*|stok\w*|incit\w*|"
    r"hegemon\w*|interfer\w*|distort\w*|hyp(?:e|ing)\s+up|fanning|irresponsible)\b", re.IGNORECASE)
