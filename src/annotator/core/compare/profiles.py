"""Per-outlet profiles across a whole project, aggregated inside SQLite.

The same figures as compare.build_profiles (which works on documents in memory),
but a 20,000-article project must not ship its texts or 200,000 span rows into
Python: the per-document figures (characters, words, headline and lead bounds) were
stored at import (document_facts, core.doc_facts), and grouped queries do the rest.
Characters under a label count overlapping spans once: per document and label, in
start order, a span adds only what reaches past the furthest end before it (a window
function).
"""
from __future__ import annotations

from collections import Counter

from annotator.core.compare.comparison import NO_OUTLET, NO_SPEAKER, LabelStats, OutletProfile
from annotator.core.doc_facts import facts
from annotator.core.store.project import Project

_DOCS = "temp.compare_docs"
# One row per document of the summary: its outlet and stored bounds (a TEMP table
# that never touches the project file), so each span needs one lookup, not two.
_FILL_DOCS = """
INSERT INTO {docs}
SELECT d.id, d.rowid, coalesce(d.outlet, :no_outlet), f.chars, f.words, f.head_end,
       f.lead_start, f.lead_end
FROM documents d JOIN document_facts f ON f.doc_id = d.id {where}
"""
# Per span: the furthest end reached by the spans of its document and label before
# it (in start order); it adds only what reaches past that, so overlaps count once.
_AGGREGATE = """
SELECT outlet, label, speaker, count(*), sum(head), sum(lead),
       sum(max(0, "end" - max(start, coalesce(reach, start))))
FROM (SELECT m.outlet, s.label, s.speaker, s.start, s."end",
             s.start < m.head_end AS head,
             s.start >= m.head_end AND s.start >= m.lead_start
                 AND s.start < m.lead_end AS lead,
             max(s."end") OVER (PARTITION BY s.doc_id, s.label ORDER BY s.start
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
      FROM spans s JOIN {docs} m ON m.doc_id = s.doc_id)
GROUP BY outlet, label, speaker
"""


def _fill_docs(project: Project, where: str, params: dict) -> None:
    """The summary's documents with their figures; those written without stored
    figures (not through import) are computed from their text here."""
    conn = project.conn
    conn.execute(f"CREATE TEMP TABLE {_DOCS} (doc_id TEXT PRIMARY KEY, pos INT, "
                 "outlet TEXT, chars INT, words INT, head_end INT, lead_start INT, "
                 "lead_end INT)")
    conn.execute(_FILL_DOCS.format(docs=_DOCS, where=where), params)
    missing = [(doc_id, pos, outlet, *facts(text)) for doc_id, pos, outlet, text in conn.execute(
        f"""SELECT d.id, d.rowid, coalesce(d.outlet, :no_outlet), d.text FROM documents d
            {where}
            {'AND' if where else 'WHERE'}
            NOT EXISTS (SELECT 1 FROM document_facts f WHERE f.doc_id = d.id)""", params)]
    conn.executemany(f"INSERT INTO {_DOCS} VALUES (?,?,?,?,?,?,?,?)", missing)


def outlet_summary(project: Project, event: str | None = None) -> list[OutletProfile]:
    """Per-outlet profiles of every document (or of one event's documents)."""
    conn = project.conn
    params = {"no_outlet": NO_OUTLET, "event": event}
    where = "WHERE d.event = :event" if event else ""
    labels = project.labels()
    profiles: dict[str, OutletProfile] = {}
    conn.execute(f"DROP TABLE IF EXISTS {_DOCS}")
    try:
        _fill_docs(project, where, params)
        # documents in import order (rowid), as compare.build_profiles lists them
        for doc_id, outlet, chars, words in conn.execute(
                f"SELECT doc_id, outlet, chars, words FROM {_DOCS} ORDER BY pos"):
            p = profiles.get(outlet)
            if p is None:
                p = profiles[outlet] = OutletProfile(
                    outlet, labels={lab.name: LabelStats() for lab in labels})
            p.doc_ids.append(doc_id)
            p.chars += chars
            p.words += words
        rows = conn.execute(_AGGREGATE.format(docs=_DOCS)).fetchall()
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {_DOCS}")
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
