"""Per-outlet profiles across a whole project (`annotator stats --outlets`).

The same figures as compare.build_profiles (which works on documents in memory), but
aggregated inside SQLite from the figures stored at import (core.store.compare_queries),
so a 20,000-article project never ships its texts or span rows into Python.
"""
from __future__ import annotations

from collections import Counter

from annotator.core.compare.comparison import NO_OUTLET, NO_SPEAKER, LabelStats, OutletProfile
from annotator.core.store import compare_queries
from annotator.core.store.project import Project


def outlet_summary(project: Project, event: str | None = None) -> list[OutletProfile]:
    """Per-outlet profiles of every document (or of one event's documents)."""
    labels = project.labels()
    profiles: dict[str, OutletProfile] = {}
    docs, rows = compare_queries.outlet_rows(project, event, NO_OUTLET)
    for doc_id, outlet, chars, words in docs:       # import order, as build_profiles
        p = profiles.get(outlet)
        if p is None:
            p = profiles[outlet] = OutletProfile(
                outlet, labels={lab.name: LabelStats() for lab in labels})
        p.doc_ids.append(doc_id)
        p.chars += chars
        p.words += words
    for outlet, label, speaker, count, head, lead, chars in rows:
        st = profiles[outlet].labels.get(label) or profiles[outlet].labels.setdefault(
            label, LabelStats())
        st.count += count
        st.positions["headline"] += head
        st.positions["lead"] += lead
        st.positions["rest"] += count - head - lead
        st.chars += chars
        st.speakers[speaker or NO_SPEAKER] += count
    for p in profiles.values():
        for st in p.labels.values():
            st.speakers = Counter(dict(st.speakers.most_common()))
            st.share = st.chars / p.chars if p.chars else 0.0
            st.per_1000_words = 1000 * st.count / p.words if p.words else 0.0
    return sorted(profiles.values(), key=lambda p: p.outlet.casefold())
