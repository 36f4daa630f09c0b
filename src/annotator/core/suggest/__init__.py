"""Attribution suggestions (issue 14): who said what, with which cue, as what label.

`suggest(text)` finds, by rules over the text alone (no model, no network), every
reported statement: its content span (direct quote, indirect report or mixed), the
speaker mention and the cue (reporting verb or phrase), with a suggested label
('claim' | 'denial' | 'accusation') and a score in [0, 1].  Offsets are code points of
`text`, end exclusive.

Speaker: the *resolved* mention.  For a pronoun ("he said") or a relative "who" the
speaker is the nearest fitting earlier named mention ("Guo", "Mark Rutte") and
speaker_start/end are that mention's offsets, earlier in the text; when nothing fits,
the pronoun itself is given.  None when no speaker is found (a lone quotation).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


# Bump whenever a rule or word list changes; stored with suggestions.
RULES_VERSION = "suggest-rules-3"

__all__ = ["RULES_VERSION", "Suggestion", "suggest"]


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    text: str
    label: str                  # 'claim' | 'denial' | 'accusation'
    kind: str                   # 'direct' | 'indirect' | 'mixed'
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    score: float

    def as_json(self, doc_id) -> dict:
        return {"doc_id": doc_id, **asdict(self)}


def suggest(text: str) -> list[Suggestion]:
    """Suggestions sorted by start; no two share the same (start, end)."""
    out = []
    from annotator.core.suggest.engine import attributions   # ~40 ms: only when needed
    for a in attributions(text):
        sp = a.speaker
        out.append(Suggestion(
            a.start, a.end, text[a.start:a.end], a.label, a.kind,
            sp.text if sp else None, sp.start if sp else None, sp.end if sp else None,
            text[a.cue_start:a.cue_end] if a.cue_start is not None else None,
            a.cue_start, a.cue_end, a.score))
    return out
