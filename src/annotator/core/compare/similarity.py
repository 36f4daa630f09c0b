"""How alike two passages are in what they say, whatever the wording.

Each passage becomes its set of content-word stems, weighted by how rare they are among
the passages of the comparison (inverse passage frequency, so "NATO" and "China" in a
NATO-and-China event weigh little and "scapegoat" much), and a set of character grams:

* stems of its content words: casefolded, function words (STOP) dropped, reduced by
  the Snowball English stemmer ("misrepresenting"/"misrepresent", "budgets"/"budget");
  a hyphenated compound also counts joined ("build-up" = "buildup"), without a
  function tail ("China-related" is "china": COMPOUND_TAIL); numbers are
  kept as written and number words become digits ("forty" = "40");
* related stems: two outlets often use different words for one thing ("talks" /
  "negotiations", "walkout" / "strike", "PRC" / "China"). A stem of one passage that
  WordNet relates to a stem of the other (resources/related_words.tsv.gz, built by
  scripts/make_related_words.py) counts SOFT of its weight, as half a match;
* character 4-grams of the content words, padded with spaces, for what stems miss
  (spelling variants, "Eurasian"/"Euro-Asian", "organisation"/"organization"),
  unweighted.

The similarity is STEM_SHARE of the stems' score (cosine and containment, exact and
related matches) plus the rest of the grams' cosine. Names anchor a pair but do not
make one: when every stem two passages share is a name (capitalised in both: "Japan,
South Korea, and Australia", "NATO Secretary General Mark Rutte") or a word of the
report's frame (FRAME: "spokesman", "press briefing", "Tuesday", "reiterated"), the
similarity is multiplied by NAMES_ONLY, unless they relate words that neither
capitalises ("return to talks" / "resume negotiations"; a headline's "Global" and
"the world" do not count: its capitals say nothing).
Terms are binary (a passage rarely repeats one), so a cosine is one set intersection
and a short sum.
"""
from __future__ import annotations

import gzip
import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import chain
from operator import itemgetter

import snowballstemmer

from annotator.core import resources

STEM_SHARE = 0.8             # the grams' part matters less once related words count
SOFT = 0.5                   # a related stem counts half a shared one
NAMES_ONLY = 0.35
FRAME_W = 0.25
CONTAIN = 0.5
GRAM = 4
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": " ", "—": " ",
                            "‐": "-", "«": '"', "»": '"'})
_TOKEN = re.compile(r"\w+(?:[-']\w+)*")
_JOINT = re.compile(r"[-']")
# Function words and reporting verbs: they say nothing about which statement it is.
STOP = frozenset("""
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not of off on once
only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under
until up very was we were what when where which while who whom why will with would
you your yours yourself yourselves s t said says say saying added adding told
according also however amid its it's would should could must may might shall one
""".split())
_stemmer = snowballstemmer.stemmer("english")
# The frame of a report, not its statement: who spoke, in what role, where and when.
# Every statement of a briefing carries it ("Guo Jiakun, spokesman for the foreign
# ministry, told a regular press briefing on Tuesday"), so sharing it says little
# about which statement two passages report: its weight is multiplied by FRAME_W.
FRAME = frozenset(_stemmer.stemWords("""
spokesman spokesperson spokeswoman spokespeople ministry minister foreign press briefing
conference remarks reporters told regular official officials leader chief secretary general
monday tuesday wednesday thursday friday saturday sunday
reiterated stressed emphasized emphasised remarked explained mentioned commented replied
concluded continued speaking spoke
""".split()))
# The second part of "China-related", "Brussels-based", "Soviet-style": a function, not
# a content word ("related content" and "strained relations" share no statement). Not
# "Iran-backed" or "Russian-made": "backed by Iran" and "made in Russia" say the same.
COMPOUND_TAIL = frozenset("related based style like".split())
# "forty ships" and "40 vessels": number words as the digits they stand for
NUMBER_WORDS = dict(zip(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand""".split(),
    [*map(str, range(1, 21)), *map(str, range(30, 100, 10)), "100", "1000"]))


def normalise(text: str) -> str:
    if not text.isascii():       # ASCII is NFKC already and holds nothing _TRANSLATE maps
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return text.casefold()


def content_words(text: str) -> list[str]:
    """Casefolded words without function words; a compound adds its joined form and
    its parts ("euro-asian" -> "euroasian", "euro", "asian")."""
    return [w for w, _ in _words_and_case(text)]


def _words_and_case(text: str) -> list[tuple[str, bool]]:
    """content_words(), each with whether it was capitalised in the text (a name)."""
    out = []
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    for raw in _TOKEN.findall(text):
        cap = raw[0].isupper()
        tok = raw.casefold()
        if tok.endswith("'s"):
            tok = tok[:-2]
        if "-" in tok or "'" in tok:
            parts = [p for p in _JOINT.split(tok) if p]
            if len(parts) > 1 and parts[-1] in COMPOUND_TAIL:
                parts.pop()                 # "China-related": the tail says nothing
            if len(parts) > 1:
                out.append(("".join(parts), cap))
            out += [(p, cap) for p in parts if p not in STOP]
        elif tok not in STOP:
            out.append((NUMBER_WORDS.get(tok, tok), cap))
    return out


class Vectors:
    """Each passage's stem set (integer ids) and gram set (bits of an int), with squared
    IDF weights over the passages given. Stem ids run rarest first (by passage
    frequency), so a passage's rarest stems are its smallest ids (the candidate index
    uses that)."""

    def __init__(self, texts: list[str]):
        n = len(texts)
        stem_sets, name_sets, word_sets = [], [], []
        info = _INFO.get
        for t in texts:
            if not t.isascii():
                t = unicodedata.normalize("NFKC", t).translate(_TRANSLATE)
            stems, lower, words = set(), set(), set()
            for r in set(_TOKEN.findall(t)):
                f = info(r) or _token_info(r)
                stems |= f[0]
                lower |= f[1]
                words |= f[2]
            stem_sets.append(stems)
            name_sets.append(stems - lower)
            word_sets.append(words)
        df = Counter(chain.from_iterable(stem_sets))
        vocab = [w for w, _ in sorted(df.items(), key=itemgetter(1, 0))]
        stem_id = {w: k for k, w in enumerate(vocab)}.__getitem__
        self.vocab = vocab
        self.stem_df = [df[w] for w in vocab]
        self.stems = [frozenset(map(stem_id, s)) for s in stem_sets]
        self.names = [frozenset(map(stem_id, s)) for s in name_sets]
        # grams of the (unstemmed) content words, each word's built once, as bits of
        # an int: a pair's shared grams are one AND and a bit count (3x faster than
        # a set intersection, and half the memory). Ids in order of first use keep
        # the early passages' ints short (an AND costs the shorter one's length).
        gram_id: dict[str, int] = {}
        word_bits: dict[str, int] = {}
        grams = []
        for ws in word_sets:
            bits = 0
            for w in ws:
                b = word_bits.get(w)
                if b is None:
                    b = 0
                    for g in _grams(w):                 # distinct grams
                        k = gram_id.get(g)
                        if k is None:
                            k = gram_id[g] = len(gram_id)
                        b |= 1 << k
                    word_bits[w] = b
                bits |= b
            grams.append(bits)
        self.grams = grams
        self.stem_w = _idf2(self.stem_df, n)
        self.frame = frozenset(k for k, w in enumerate(vocab) if w in FRAME)
        for k in self.frame:
            self.stem_w[k] *= FRAME_W
        self.stem_norm = _norms(self.stems, self.stem_w)
        # per passage, the stems related to its own that it does not hold itself
        rel = related_words()
        near = [frozenset(stem_id(r) for r in rel[w] if r in df) if w in rel else _EMPTY
                for w in vocab]
        self.related = [frozenset().union(*map(near.__getitem__, s)) - s if s else s
                        for s in self.stems]
        self.gram_norm = [math.sqrt(g.bit_count()) or 1.0 for g in self.grams]

    def soft(self, i: int, j: int) -> frozenset:
        """The stems of either passage that are related to a stem of the other."""
        return (self.related[i] & self.stems[j]) | (self.related[j] & self.stems[i])

    def stem_cos(self, i: int, j: int) -> float:
        shared, soft = self.stems[i] & self.stems[j], self.soft(i, j)
        if not shared and not soft:
            return 0.0
        w = self.stem_w.__getitem__
        return stem_score(sum(map(w, shared)) + SOFT / 2 * sum(map(w, soft)),
                          self.stem_norm[i], self.stem_norm[j])

    def gram_cos(self, i: int, j: int) -> float:
        shared = (self.grams[i] & self.grams[j]).bit_count()
        return shared / (self.gram_norm[i] * self.gram_norm[j])

    def similarity(self, i: int, j: int) -> float:
        s = self.stem_cos(i, j)
        if s == 0.0:
            return 0.0
        s = STEM_SHARE * s + (1 - STEM_SHARE) * self.gram_cos(i, j)
        return s * self.names_factor(i, j)

    def names_factor(self, i: int, j: int) -> float:
        shared = self.stems[i] & self.stems[j]
        return 1.0 if self.says_more(shared, self.soft(i, j), i, j) else NAMES_ONLY

    def says_more(self, shared: frozenset, soft: frozenset, i: int, j: int) -> bool:
        """Whether two passages share a stem beyond their frame and the names both
        capitalise, or relate a word neither capitalises ("talks"/"negotiations", not
        a headline's "Global" and "world"): a speaker's name and title alone do not
        make one statement."""
        rest = shared - self.frame
        if not (rest <= self.names[i] and rest <= self.names[j]):
            return True
        return bool(soft and (soft & self.stems[i]) - self.names[i]
                    and (soft & self.stems[j]) - self.names[j])


def stem_score(shared: float, ni: float, nj: float) -> float:
    """The stems' part: the geometric mean of the cosine and the containment (shared
    weight over the smaller passage's), as a fragment is compared with a sentence."""
    m = ni if ni < nj else nj
    return shared / (ni * nj) ** (1 - CONTAIN / 2) / m ** CONTAIN


# raw token -> (its stems, its stems where it is not capitalised, its content words);
# kept for the process (a news vocabulary is small), emptied past _INFO_MAX tokens
_INFO: dict[str, tuple[frozenset, frozenset, frozenset]] = {}
_INFO_MAX = 1 << 18
_EMPTY: frozenset = frozenset()
_NONE = (_EMPTY, _EMPTY, _EMPTY)


def _token_info(raw: str) -> tuple[frozenset, frozenset, frozenset]:
    if len(_INFO) >= _INFO_MAX:
        _INFO.clear()
    words = [w for w, _ in _words_and_case(raw)]
    if not words:
        _INFO[raw] = _NONE
        return _NONE
    stems = frozenset(map(_stem, words))
    out = _INFO[raw] = (stems, frozenset() if raw[0].isupper() else stems, frozenset(words))
    return out


@lru_cache(maxsize=1)
def related_words() -> dict[str, frozenset]:
    """stem -> the stems WordNet relates to it (loaded once, ~20,000 stems)."""
    with gzip.open(resources.path("related_words.tsv.gz"), "rt", encoding="utf-8") as fh:
        return {a: frozenset(b.split()) for a, _, b in
                (line.rstrip("\n").partition("\t") for line in fh)}


@lru_cache(maxsize=1 << 16)
def _grams(word: str) -> tuple[str, ...]:
    s = f" {word} "
    return tuple({s[i:i + GRAM] for i in range(len(s) - GRAM + 1)})


@lru_cache(maxsize=1 << 17)
def _stem(word: str) -> str:
    """Cached for the process. snowballstemmer runs PyStemmer's C Snowball when that is
    installed (a dependency), else its own pure Python (~0.2 ms a word, 100x slower)."""
    return word if word[0].isdigit() else _stemmer.stemWord(word)


def _idf2(df: list[int], n: int) -> list[float]:
    """Squared smoothed IDF per term id (one log per distinct frequency, not per term)."""
    table = {d: (math.log((1 + n) / (1 + d)) + 1.0) ** 2 for d in set(df)}
    return [table[d] for d in df]


def _norms(sets, w: list[float]) -> list[float]:
    return [math.sqrt(sum(map(w.__getitem__, s))) or 1.0 for s in sets]
