"""Qt models behind the Compare view: outlet profiles, aligned passages, the filter
over them, and the delegate that paints a passage in its label's colour.

A group's cell in an article's column is one of three things: the article's aligned
passage (CELL_ROLE), a loosely related passage of it (PARTIAL_ROLE: the article is not
counted as omitting the group), or nothing (an omission)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QTableView

from annotator.core.compare import align
from annotator.core.compare import comparison as core
from annotator.ui import plain

CELL_ROLE = Qt.UserRole + 1          # the core Cell aligned in this article, else None
GROUP_ROLE = Qt.UserRole + 2         # the core AlignedGroup of the row
PARTIAL_ROLE = Qt.UserRole + 3       # its loosely related passage (a core Cell), else None
PAD = 6
BADGE_PAD = 4                        # the badge's padding around its text
BADGE_GAP = 4
OMITTED = "not in this article"


def passage_at(index) -> core.Cell | None:
    """The passage a cell shows, aligned or partly related: what clicking it opens."""
    if index.column() == 0:
        return None
    return index.data(CELL_ROLE) or index.data(PARTIAL_ROLE)


def partial_badge(cell: core.Cell) -> str:
    return f"partly related {cell.score:.2f}"


def tint(colour: str, alpha: int = 90) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


# -- models -------------------------------------------------------------------------
class ProfileModel(QAbstractTableModel):
    """Rows: outlets. Columns: documents, words, then one per label."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: core.Comparison | None = None
        self.names: list[str] = []

    def set_result(self, result, names) -> None:
        self.beginResetModel()
        self.result, self.names = result, names
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.result else len(self.result.profiles)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 2 + len(self.names)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return (["documents", "words"] + self.names)[section]
        if orientation == Qt.Vertical and role == Qt.DisplayRole and self.result:
            return self.result.profiles[section].outlet
        return None

    def data(self, index, role=Qt.DisplayRole):
        p = self.result.profiles[index.row()]
        col = index.column()
        if col < 2:
            if role == Qt.DisplayRole:
                return str(len(p.doc_ids) if col == 0 else p.words)
            return Qt.AlignRight | Qt.AlignVCenter if role == Qt.TextAlignmentRole else None
        name = self.names[col - 2]
        st = p.labels[name]
        if role == Qt.DisplayRole:
            return f"{st.count} · {100 * st.share:.1f}%"
        if role == Qt.ToolTipRole:
            pos = ", ".join(f"{k} {v}" for k, v in st.positions.items())
            who = "; ".join(f"{w} ×{n}" for w, n in st.speakers.most_common()) or "none"
            return plain.tip(f"{p.outlet}: {st.count} {name} span(s), {100 * st.share:.1f}% "
                             f"of the characters, {st.per_1000_words:.1f} per 1,000 words\n"
                             f"where: {pos}\nspeakers: {who}")
        if role == Qt.BackgroundRole and st.count:
            return tint(self.result_colour(name), 60)
        if role == Qt.TextAlignmentRole:
            return Qt.AlignRight | Qt.AlignVCenter
        return None

    def result_colour(self, name: str) -> str:
        return next((l.colour for l in self.result.labels if l.name == name), "#cccccc")


class PassageModel(QAbstractTableModel):
    """Rows: aligned groups. Column 0: the group's label and flags; then one per article."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: core.Comparison | None = None
        self.colours: dict[str, str] = {}

    def set_result(self, result) -> None:
        self.beginResetModel()
        self.result = result
        self.colours = {l.name: l.colour for l in result.labels} if result else {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.result else len(self.result.groups)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.result else 1 + len(self.result.docs)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole or not self.result:
            return None
        if orientation == Qt.Vertical:
            return str(self.result.groups[section].id)
        return "label · flags" if section == 0 else self.result.docs[section - 1].column

    def data(self, index, role=Qt.DisplayRole):
        g = self.result.groups[index.row()]
        if role == GROUP_ROLE:
            return g
        if index.column() == 0:
            if role == Qt.DisplayRole:
                return "\n".join([g.label or "untagged"] + self.flag_texts(g))
            if role == Qt.BackgroundRole and g.label:
                return tint(self.colours.get(g.label, "#cccccc"), 70)
            return None
        doc = self.result.docs[index.column() - 1]
        cell = g.cells.get(doc.id)
        near = None if cell else g.partial.get(doc.id)
        if role == CELL_ROLE:
            return cell
        if role == PARTIAL_ROLE:
            return near
        if role == Qt.DisplayRole:
            return (cell or near).text if cell or near else OMITTED
        if role == Qt.ToolTipRole:
            return plain.tip(self._tip(doc, cell, near, g.alternatives.get(doc.id, ())))
        return None

    @staticmethod
    def _tip(doc, cell, near, also=()) -> str:
        if cell:
            more = "".join(f"\nalso in this article: {y.text}" for y in also)
            return (f"{doc.column}: {cell.label or 'printed, not tagged'}"
                    f"{' · ' + cell.speaker if cell.speaker else ''} · similarity "
                    f"{cell.score:.2f}{more}\nclick or press Enter to open the article here")
        if near:
            tagged = f" (tagged {near.label}{' · ' + near.speaker if near.speaker else ''})" \
                if near.label else ""
            return (f"{doc.column}: partly related, similarity {near.score:.2f}\n"
                    f"This article prints nothing close enough to align with the group "
                    f"(similarity {align.THRESHOLD:.2f} or more), but this passage{tagged} "
                    f"is loosely related ({align.LOOSE:.2f} or more), so the article is not "
                    f"counted as omitting it.\nclick or press Enter to open the article here")
        return (f"{doc.column} does not carry this passage: none of its passages is even "
                f"loosely related (similarity {align.LOOSE:.2f} or more)")

    def flag_texts(self, g) -> list[str]:
        total = len(self.result.docs)
        out = []
        if g.label_conflict:
            out.append("labels differ")
        if g.untagged:
            out.append(f"untagged in {len(g.untagged)} of {total}")
        if g.omitted:
            out.append(f"only in 1 of {total}" if len(g.cells) == 1 and not g.near
                       else f"missing in {len(g.omitted)} of {total}")
        if g.near:
            out.append(f"partly related in {len(g.near)} of {total}")
        return out


class PassageFilter(QSortFilterProxyModel):
    """Label, only disagreements, only omissions."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label: str | None = None
        self.disagreements = False
        self.omissions = False

    def set(self, **values) -> None:
        staged = hasattr(self, "beginFilterChange")        # Qt >= 6.10; older: invalidate
        if staged:
            self.beginFilterChange()
        for k, v in values.items():
            setattr(self, k, v)
        if staged:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:
        g = self.sourceModel().data(self.sourceModel().index(row, 0, parent), GROUP_ROLE)
        if self.label and self.label != g.label and not any(
                c.label == self.label for c in g.cells.values()) and not any(
                c.label == self.label for cs in g.alternatives.values() for c in cs):
            return False        # a second rendering's label counts as its cell's does
        return (not self.disagreements or g.disagreement) and (not self.omissions or g.omission)


@dataclass(frozen=True)
class Parts:
    """What a cell paints."""
    text: str
    meta: str = ""                   # small line under the text
    label: str | None = None         # whose colour fills the cell
    badge: str = ""                  # a pill above the text (partly related passages)


class PassageDelegate(QStyledItemDelegate):
    """A cell: the wording on the label's tint with a colour bar, and a small meta line;
    a partly related passage greyed and italic under a "partly related 0.18" badge."""

    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view

    def _parts(self, index) -> Parts:
        if index.column() == 0:
            g = index.data(GROUP_ROLE)
            head, *flags = index.data(Qt.DisplayRole).split("\n")
            return Parts(head, "\n".join(flags), g.label)
        cell = index.data(CELL_ROLE)
        if cell is None:
            near = index.data(PARTIAL_ROLE)
            if near is None:
                return Parts(OMITTED)
            meta = " · ".join(x for x in (near.label, near.speaker) if x)
            return Parts(near.text, meta, None, partial_badge(near))
        score = f"similarity {cell.score:.2f}" if len(index.data(GROUP_ROLE).cells) > 1 else ""
        meta = " · ".join(x for x in (cell.label or "untagged", cell.speaker or "", score) if x)
        return Parts(cell.text, meta, cell.label)

    def _fonts(self, option, index, parts: Parts):
        font, small = QFont(option.font), QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
        font.setBold(index.column() == 0)
        font.setItalic(bool(parts.badge))
        return font, small

    def sizeHint(self, option, index):
        parts = self._parts(index)
        width = max(60, self.view.columnWidth(index.column()) - 2 * PAD - 4)
        font, small = self._fonts(option, index, parts)
        h = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10000), Qt.TextWordWrap,
                                            parts.text).height()
        if parts.meta:
            h += QFontMetrics(small).boundingRect(QRect(0, 0, width, 1000), Qt.TextWordWrap,
                                                  parts.meta).height() + 2
        if parts.badge:
            h += QFontMetrics(small).height() + BADGE_PAD + BADGE_GAP
        size = super().sizeHint(option, index)
        size.setHeight(h + 2 * PAD)
        return size

    def paint(self, painter: QPainter, option, index) -> None:
        parts = self._parts(index)
        cell = index.data(CELL_ROLE)
        colours = index.model().sourceModel().colours
        r = option.rect
        painter.save()
        if parts.badge:                                          # partly related
            painter.fillRect(r, QColor("#f8f9fb"))
            painter.setPen(QPen(QColor("#9aa3b2"), 1, Qt.DotLine))
            painter.drawRect(r.adjusted(2, 2, -3, -3))
        elif index.column() > 0 and cell is None:               # omitted
            painter.fillRect(r, QColor("#f4f5f8"))
            painter.fillRect(r, QBrush(QColor("#e3e6ec"), Qt.BDiagPattern))
        elif parts.label:
            painter.fillRect(r, tint(colours.get(parts.label, "#cccccc"), 95))
            if index.column() > 0:
                painter.fillRect(QRect(r.left(), r.top(), 4, r.height()),
                                 QColor(colours.get(parts.label, "#cccccc")))
        elif cell is not None:                                  # printed, not tagged
            painter.setPen(QPen(QColor("#8a93a3"), 1, Qt.DashLine))
            painter.drawRect(r.adjusted(2, 2, -3, -3))
        if option.state & QStyle.State_Selected:
            painter.fillRect(r, tint("#3d7bd9", 45))
        font, small = self._fonts(option, index, parts)
        inner = r.adjusted(PAD + 4, PAD, -PAD, -PAD)
        if parts.badge:
            inner.setTop(inner.top() + self._paint_badge(painter, inner, small, parts.badge))
        painter.setFont(font)
        grey = index.column() and cell is None
        painter.setPen(QColor(("#5a6475" if parts.badge else "#8a93a3") if grey else "#1d2330"))
        used = painter.boundingRect(inner, Qt.TextWordWrap, parts.text)
        painter.drawText(inner, Qt.TextWordWrap, parts.text)
        if parts.meta:
            painter.setFont(small)
            warn = index.column() == 0 and index.data(GROUP_ROLE).label_conflict
            painter.setPen(QColor("#9b1c1c" if warn else "#47505f"))
            painter.drawText(inner.adjusted(0, used.height() + 2, 0, 0), Qt.TextWordWrap,
                             parts.meta)
        painter.restore()

    @staticmethod
    def _paint_badge(painter: QPainter, inner: QRect, small: QFont, text: str) -> int:
        """The pill at the top left of inner; returns the height it takes."""
        fm = QFontMetrics(small)
        pill = QRect(inner.left(), inner.top(), fm.horizontalAdvance(text) + 2 * BADGE_PAD,
                     fm.height() + BADGE_PAD)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor("#e2e6ee"))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setFont(small)
        painter.setPen(QColor("#39414f"))
        painter.drawText(pill, Qt.AlignCenter, text)
        return pill.height() + BADGE_GAP
