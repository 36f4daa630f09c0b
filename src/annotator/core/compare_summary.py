"""Per-outlet profiles across a whole project, aggregated inside SQLite.

The same figures as compare.build_profiles (which works on documents in memory),
but a 20,000-article project must not ship 200,000 span rows into Python: each
text is reduced to five numbers as it is read (characters, words, headline end,
lead start, lead end) into a TEMP table that never touches the project file, and
one grouped query does the rest. Characters under a label count overlapping spans
once: per document and label, in start order, a span adds only what reaches past
the furthest end before it (a window function).
"""
from __future__ import annotations

from collections import Counter

from .compare import NO_OUTLET, NO_SPEAKER, LabelStats, OutletProfile, layout
from .store import Project

_FACTS = "temp.compare_facts"
# Spans arrive in the index's (doc_id, start) order, so the window needs no sort; the
# furthest end reached so far is kept per label (one column each), and each span
# reads its own label's column.
_AGGREGATE = """
SELECT f.outlet, s.label, s.speaker, count(*),
       sum(s.start < f.head_end),
       sum(s.start >= f.head_end AND s.start >= f.lead_start AND s.start < f.lead_end),
       sum(max(0, s."end" - max(s.start, coalesce({pick}, s.start))))
FROM (SELECT doc_id, label, speaker, start, "end", {reach}
      FROM spans {where}
      WINDOW w AS (PARTITION BY doc_id ORDER BY start
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) s
JOIN {facts} f ON f.id = s.doc_id
GROUP BY f.outlet, s.label, s.speaker
"""


def _aggregate_sql(n_labels: int, where: str) -> str:
    reach = ", ".join(f'max(CASE WHEN label = :l{k} THEN "end" END) OVER w AS r{k}'
                      for k in range(n_labels))
    pick = "CASE s.label " + " ".join(f"WHEN :l{k} THEN s.r{k}" for k in range(n_labels)) \
        + " END"
    return _AGGREGATE.format(pick=pick, reach=reach, where=where, facts=_FACTS)


def outlet_summary(project: Project, event: str | None = None) -> list[OutletProfile]:
    """Per-outlet profiles of every document (or of one event's documents)."""
    conn = project.conn
    where, params = ("WHERE event = ?", [event]) if event else ("", [])
    profiles: dict[str, OutletProfile] = {}
    facts = []
    for doc_id, outlet, text in conn.execute(
            f"SELECT id, coalesce(outlet, ?), text FROM documents {where} ORDER BY rowid",
            [NO_OUTLET, *params]):
        p = profiles.get(outlet)
        if p is None:
            p = profiles[outlet] = OutletProfile(
                outlet, labels={lab.name: LabelStats() for lab in project.labels()})
        p.doc_ids.append(doc_id)
        p.chars += len(text)
        p.words += len(text.split())
        facts.append((doc_id, outlet, *layout(text)))
    conn.execute(f"DROP TABLE IF EXISTS {_FACTS}")
    conn.execute(f"CREATE TEMP TABLE {_FACTS} (id TEXT PRIMARY KEY, outlet TEXT, "
                 "head_end INT, lead_start INT, lead_end INT)")
    try:
        conn.executemany(f"INSERT INTO {_FACTS} VALUES (?,?,?,?,?)", facts)
        span_filter = f"WHERE doc_id IN (SELECT id FROM {_FACTS})" if event else ""
        names = [lab.name for lab in project.labels()]
        names += [r[0] for r in conn.execute("SELECT DISTINCT label FROM spans")
                  if r[0] not in names]
        rows = conn.execute(_aggregate_sql(len(names), span_filter),
                            {f"l{k}": n for k, n in enumerate(names)}).fetchall()
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {_FACTS}")
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
