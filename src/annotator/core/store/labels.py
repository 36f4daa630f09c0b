"""The label set's rows: a part of Project (core/store/project.py)."""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from annotator.core.model import Label

if TYPE_CHECKING:
    import sqlite_utils


class LabelRows:
    conn: sqlite3.Connection          # provided by Project
    db: sqlite_utils.Database

    def labels(self) -> list[Label]:
        rows = self.conn.execute(
            "SELECT name, colour, key, description, sort_order FROM labels "
            "ORDER BY sort_order, name")
        return [Label(n, c, k, d or "", o) for n, c, k, d, o in rows]

    def write_labels(self, labels: list[Label]) -> None:
        """Insert or update these labels (inside a transaction)."""
        self.db["labels"].upsert_all(
            [{"name": l.name, "colour": l.colour, "key": l.key,
              "description": l.description, "sort_order": l.order} for l in labels],
            pk="name",
        )

    _write_labels = write_labels      # the old private name, still called by store/team.py

    def replace_labels(self, labels: list[Label]) -> None:
        """The label set becomes exactly `labels` (inside a transaction)."""
        names = [l.name for l in labels]
        self.conn.execute("DELETE FROM labels WHERE name NOT IN (%s)" %
                          ",".join("?" * len(names)), names)
        self.write_labels(labels)

    def used_labels(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT label FROM spans")]

    def has_label(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM labels WHERE name = ?",
                                 (name,)).fetchone() is not None


    def rename_label(self, old: str, new: str) -> None:
        """Spans follow through ON UPDATE CASCADE; open suggestions (no key) by hand."""
        self.conn.execute("UPDATE labels SET name = ? WHERE name = ?", (new, old))
        self.conn.execute("UPDATE suggestions SET label = ? WHERE label = ? AND state = 'open'",
                          (new, old))

    def spans_with_label(self, name: str, among=None) -> list[int]:
        sql = "SELECT id FROM spans WHERE label = ?"
        params: list = [name]
        if among is not None:
            sql += " AND id IN (%s)" % ",".join("?" * len(among))
            params += list(among)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY id", params)]

    def relabel_clashes(self, old: str, new: str) -> int:
        """Spans of `old` with an identical `new` span (same place, same annotator)."""
        return self.conn.execute(
            'SELECT count(*) FROM spans a JOIN spans b ON a.doc_id = b.doc_id AND '
            'a.start = b.start AND a."end" = b."end" AND a.annotator = b.annotator '
            "WHERE a.label = ? AND b.label = ?", (old, new)).fetchone()[0]

    def relabel_spans(self, ids, label: str) -> None:
        self.conn.execute("UPDATE spans SET label = ? WHERE id IN (%s)" % ",".join("?" * len(ids)),
                          [label, *ids])
