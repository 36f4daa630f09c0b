"""Units of text (sentences that keep quotations and speakers whole), the found
attribution record, and content trimming, kind and label."""
from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.suggest import lexicon as lx
from annotator.core.suggest.quotes import Quote, inside
from annotator.core.suggest.speakers import Mention
from annotator.core.text import sentences

_OPEN = "“„«\"'"
_CLOSERS = "”\"'’»"
_LEAD = re.compile(r"[\s:,—–-]*")


@dataclass(frozen=True)
class Attribution:
    """One suggestion with the engine's working detail (the surface speaker mention)."""
    start: int
    end: int
    kind: str
    label: str
    score: float
    cue_start: int | None
    cue_end: int | None
    speaker: Mention | None          # resolved
    surface: Mention | None          # as written ("he")

    @property
    def speaker_start(self):
        return self.speaker.start if self.speaker else None

    @property
    def speaker_end(self):
        return self.speaker.end if self.speaker else None

    @property
    def surface_start(self):
        return self.surface.start if self.surface else None

    @property
    def surface_end(self):
        return self.surface.end if self.surface else None


# A sentence break that is not one for attribution: after a title ("Sen. Marco Rubio")
# or after "?”"/"!”" when the speaker and cue follow ("“Why not?” Clinton asked.").
_TITLE_END = re.compile(r"(?:\b(?:Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Rev|Hon|Pres|"
                        r"Supt|Det|Atty|Amb|Maj|Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr)|\b[A-Z])\.\Z"
                        r"|\([RDI]-[^()]{1,12}\)\Z")
_QUESTION_END = re.compile(r"[?!](?:[”\"’]|'')\Z")
_SPEAKER_CUE = re.compile(r"(?:[\w.’'()-]+\s+){1,6}?(?:said|says|asked|asks|added|adds|told|"
                          r"wrote|writes|tweeted|replied|shouted|yelled|exclaimed|"
                          r"insisted|continued|responded)\b")


def _units(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentences, merged so that no quotation is cut and no speaker is cut off."""
    out: list[list[int]] = []
    for s, e in sentences(text):
        if out and (inside(quotes, s) is not None and inside(quotes, s).start < s
                    or inside(quotes, out[-1][1] - 1) is not None
                    and inside(quotes, out[-1][1] - 1).end > out[-1][1]
                    or "\n" not in text[out[-1][1]:s] and (
                        _TITLE_END.search(text, out[-1][0], out[-1][1])
                        or _QUESTION_END.search(text, out[-1][0], out[-1][1])
                        and _SPEAKER_CUE.match(text, s, e))):
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Strip spaces, and a trailing full stop / comma outside quotation marks."""
    while s < e and not (text[s].isalnum() or text[s] in _OPEN or text[s] in "‘(["
                         and (text[s] != "(" or ")" in text[s:e])):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-" or
                     (text[e - 1] == "." and text[e - 2:e] != "..")):
        e -= 1
    return s, e


def _label(lemma: str | None, content: str) -> str:
    if lemma in lx.DENIAL_CUES:
        return "denial"
    if lemma in lx.ACCUSATION_CUES:
        return "accusation"
    if lx.DENIAL_WORDS.search(content):
        return "denial"
    if lx.ACCUSATION_WORDS.search(content):
        return "accusation"
    return "claim"


def _kind(text: str, s: int, e: int, quotes: list[Quote]) -> str:
    span = text[s:e]
    body = span[5:] if span.lower().startswith("that ") else span
    q = inside(quotes, s + len(span) - len(body))
    if q is not None and q.start == s + len(span) - len(body) and q.end >= e - 1:
        return "direct"
    return "mixed" if any(s <= q.start < e for q in quotes) else "indirect"
