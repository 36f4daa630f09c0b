"""Synthetic corpora for the bench scripts: deterministic, about 3 kB an article."""
from __future__ import annotations

import random
from pathlib import Path

from annotator.core.interchange.importing import DocRecord, SpanRecord, import_records
from annotator.core.store.project import Project

OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJ"]
LABELS = ("claim", "denial", "accusation", "background")
_WORDS = ("the spokesman said that alliance officials were again hyping up tensions "
          "in the region while ministers denied any role in the conflict and urged "
          "talks on security spending budgets defence policy summit communique "
          "statement press briefing reporters Thursday Wednesday officials").split()


def article(rng: random.Random, size: int = 3000) -> str:
    sentences, length = [], 0
    while length < size:
        n = rng.randint(8, 24)
        s = " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."
        sentences.append(s)
        length += len(s) + 1
    paragraphs = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
    return f"Synthetic headline {rng.randint(0, 10**9)}\n\n" + "\n\n".join(paragraphs)


def records(n: int, spans_per_doc: int = 10, size: int = 3000, seed: int = 1,
            events: int | None = None) -> list[DocRecord]:
    """n articles, each with spans_per_doc spans on word-ish boundaries."""
    rng = random.Random(seed)
    events = events or max(1, n // 50)
    out = []
    for i in range(n):
        text = article(rng, size)
        spans = []
        for _ in range(spans_per_doc):
            start = rng.randrange(0, len(text) - 200)
            end = start + rng.randint(20, 180)
            spans.append(SpanRecord(start, end, rng.choice(LABELS),
                                    speaker=rng.choice(["spokesman", "minister", None])))
        out.append(DocRecord(text, f"synthetic:{i}", id=f"doc{i:06d}",
                             meta={"outlet": OUTLETS[i % len(OUTLETS)],
                                   "event": f"event-{i % events:04d}",
                                   "title": f"Synthetic article {i}", "language": "en"},
                             spans=spans))
    return out


def build_project(path: str | Path, n: int, spans_per_doc: int = 10, **kw) -> Project:
    """A project file holding n synthetic articles with their spans."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    project = Project(path)
    import_records(project, records(n, spans_per_doc, **kw), annotator="bench")
    return project
