"""Qt models behind the Compare view: outlet profiles, aligned passages, the filter
over them, and the delegate that paints a passage in its label's colour."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QTableView

from annotator.core.compare import comparison as core
from annotator.ui import plain

CELL_ROLE = Qt.UserRole + 1          # the core Cell (None where the article omits it)
GROUP_ROLE = Qt.UserRole + 2         # the core AlignedGroup of the row
PAD = 6


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
        if role == CELL_ROLE:
            return cell
        if role == Qt.DisplayRole:
            return cell.text if cell else "not in this article"
        if role == Qt.ToolTipRole:
            return plain.tip(f"{doc.column}: {cell.label or 'printed, not tagged'}"
                             f"{' · ' + cell.speaker if cell.speaker else ''} · similarity "
                             f"{cell.score:.2f}\nclick to open the article here"
                             if cell else f"{doc.column} does not carry this passage")
        return None

    def flag_texts(self, g) -> list[str]:
        total = len(self.result.docs)
        out = []
        if g.label_conflict:
            out.append("labels differ")
        if g.untagged:
            out.append(f"untagged in {len(g.untagged)} of {total}")
        if g.omitted:
            out.append(f"only in 1 of {total}" if len(g.cells) == 1
                       else f"missing in {len(g.omitted)} of {total}")
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
        if self.label and self.label not in {c.label for c in g.cells.values()} | {g.label}:
            return False
        return (not self.disagreements or g.disagreement) and (not self.omissions or g.omission)


class PassageDelegate(QStyledItemDelegate):
    """A cell: the wording on the label's tint with a colour bar, and a small meta line."""

    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view

    def _parts(self, index) -> tuple[str, str, str | None]:
        cell = index.data(CELL_ROLE)
        if index.column() == 0:
            g = index.data(GROUP_ROLE)
            head, *flags = index.data(Qt.DisplayRole).split("\n")
            return head, "\n".join(flags), g.label
        if cell is None:
            return "not in this article", "", None
        score = f"similarity {cell.score:.2f}" if len(index.data(GROUP_ROLE).cells) > 1 else ""
        meta = " · ".join(x for x in (cell.label or "untagged", cell.speaker or "", score) if x)
        return cell.text, meta, cell.label

    def _fonts(self, option, index):
        font, small = QFont(option.font), QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
        font.setBold(index.column() == 0)
        return font, small

    def sizeHint(self, option, index):
        text, meta, _ = self._parts(index)
        width = max(60, self.view.columnWidth(index.column()) - 2 * PAD - 4)
        font, small = self._fonts(option, index)
        h = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10000), Qt.TextWordWrap,
                                            text).height()
        if meta:
            h += QFontMetrics(small).boundingRect(QRect(0, 0, width, 1000), Qt.TextWordWrap,
                                                  meta).height() + 2
        size = super().sizeHint(option, index)
        size.setHeight(h + 2 * PAD)
        return size

    def paint(self, painter: QPainter, option, index) -> None:
        text, meta, label = self._parts(index)
        cell = index.data(CELL_ROLE)
        colours = index.model().sourceModel().colours
        r = option.rect
        painter.save()
        if index.column() > 0 and cell is None:
            painter.fillRect(r, QColor("#f4f5f8"))
            painter.fillRect(r, QBrush(QColor("#e3e6ec"), Qt.BDiagPattern))
        elif label:
            painter.fillRect(r, tint(colours.get(label, "#cccccc"), 95))
            if index.column() > 0:
                painter.fillRect(QRect(r.left(), r.top(), 4, r.height()),
                                 QColor(colours.get(label, "#cccccc")))
        elif cell is not None:                                  # printed, not tagged
            painter.setPen(QPen(QColor("#8a93a3"), 1, Qt.DashLine))
            painter.drawRect(r.adjusted(2, 2, -3, -3))
        if option.state & QStyle.State_Selected:
            painter.fillRect(r, tint("#3d7bd9", 45))
        font, small = self._fonts(option, index)
        inner = r.adjusted(PAD + 4, PAD, -PAD, -PAD)
        painter.setFont(font)
        painter.setPen(QColor("#8a93a3" if cell is None and index.column() else "#1d2330"))
        used = painter.boundingRect(inner, Qt.TextWordWrap, text)
        painter.drawText(inner, Qt.TextWordWrap, text)
        if meta:
            painter.setFont(small)
            warn = index.column() == 0 and index.data(GROUP_ROLE).label_conflict
            painter.setPen(QColor("#9b1c1c" if warn else "#47505f"))
            painter.drawText(inner.adjusted(0, used.height() + 2, 0, 0), Qt.TextWordWrap, meta)
        painter.restore()
