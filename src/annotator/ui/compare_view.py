"""The Compare view: how each outlet framed one event, side by side.

Outlets x labels (counts, shares), a chart of label shares, and the aligned
passages (rows: groups, columns: articles, cells in the label's colour). Clicking
a cell emits open_span(doc_id, start, end) in code points; the main window opens
the article there. Everything shown comes from core.compare; no SQL here.
"""
from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import (QAbstractTableModel, QMargins, QModelIndex, QRect, QSortFilterProxyModel, Qt,
                            QTimer, Signal)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QSplitter, QStyle, QStyledItemDelegate, QTableView,
                               QVBoxLayout, QWidget)

from ..core import compare as core
from ..core.model import AnnotatorError

CELL_ROLE = Qt.UserRole + 1          # the core Cell (None where the article omits it)
GROUP_ROLE = Qt.UserRole + 2         # the core AlignedGroup of the row
ALL_LABELS = "All labels"
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
            return (f"{p.outlet}: {st.count} {name} span(s), {100 * st.share:.1f}% of the "
                    f"characters, {st.per_1000_words:.1f} per 1,000 words\n"
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
            return (f"{doc.column}: {cell.label or 'printed, not tagged'}"
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


# -- the view -------------------------------------------------------------------------
class CompareView(QWidget):
    open_span = Signal(str, int, int)       # doc id, start, end (code points)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.event_id: str | None = None
        self.result: core.Comparison | None = None
        self._dirty = False
        self._build()
        session.changed.connect(self._on_changed)
        session.project_replaced.connect(self._on_project_replaced)
        self._reload_events()

    def _build(self) -> None:
        self.event_box = QComboBox()
        self.event_box.setMinimumContentsLength(24)
        self.event_box.activated.connect(lambda i: self.set_event(self.event_box.itemData(i)))
        self.label_box = QComboBox()
        self.label_box.currentTextChanged.connect(self._apply_filters)
        self.only_disagreements = QCheckBox("Only disagreements")
        self.only_omissions = QCheckBox("Only omissions")
        for box in (self.only_disagreements, self.only_omissions):
            box.toggled.connect(self._apply_filters)
        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        bar = QHBoxLayout()
        for w in (QLabel("Event:"), self.event_box, QLabel("  Label:"), self.label_box,
                  self.only_disagreements, self.only_omissions):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.summary)

        self.profile_model = ProfileModel(self)
        self.profiles = QTableView()
        self.profiles.setModel(self.profile_model)
        self.profiles.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.profiles.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.profiles.setToolTip("count · share of characters; hover for rates, "
                                 "positions and speakers")
        self.chart = QChart()
        self.chart.setTitle("Share of each outlet's characters under each label")
        self.chart.setBackgroundRoundness(0)
        self.chart.legend().setAlignment(Qt.AlignTop)
        self.chart.setMargins(QMargins(0, 0, 0, 0))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.Antialiasing)
        self.chart_view.setMinimumHeight(220)

        self.passage_model = PassageModel(self)
        self.filter = PassageFilter(self)
        self.filter.setSourceModel(self.passage_model)
        self.passages = QTableView()
        self.passages.setModel(self.filter)
        self.passages.setItemDelegate(PassageDelegate(self.passages))
        self.passages.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.passages.setSelectionMode(QAbstractItemView.SingleSelection)
        self.passages.setWordWrap(True)
        self.passages.setShowGrid(True)
        self.passages.clicked.connect(self._on_cell_clicked)
        self.passages.horizontalHeader().sectionResized.connect(self._schedule_row_heights)
        self._row_timer = QTimer(self, singleShot=True, interval=0)
        self._row_timer.timeout.connect(self.passages.resizeRowsToContents)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)

        top = self.top_split = QSplitter(Qt.Horizontal)
        top.addWidget(self.profiles)
        top.addWidget(self.chart_view)
        top.setSizes([520, 480])
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(self.passages)
        split.setSizes([260, 600])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    # -- what to compare -------------------------------------------------------------
    def _reload_events(self) -> None:
        self.event_box.blockSignals(True)
        self.event_box.clear()
        for ev in self.session.project.distinct("event"):
            self.event_box.addItem(ev, ev)
        self.event_box.setCurrentIndex(self.event_box.findData(self.event_id))
        self.event_box.blockSignals(False)

    def set_event(self, event_id: str | None) -> None:
        self.event_id = event_id or None
        self._reload_events()
        self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        try:
            self.result = core.compare(self.session.project, event=self.event_id) \
                if self.event_id else None
            message = "" if self.event_id else "Choose an event to compare its outlets."
        except AnnotatorError as e:
            self.result, message = None, str(e)
        names = self._label_names()
        self.profile_model.set_result(self.result, names)
        self.passage_model.set_result(self.result)
        self._fill_label_box(names)
        self._fill_chart(names)
        self._size_columns()
        self._apply_filters()
        table_w = (self.profiles.verticalHeader().width() + 2 * self.profiles.frameWidth()
                   + self.profiles.horizontalHeader().length() + 2)
        self.profiles.setMinimumWidth(min(table_w, 760))      # the splitter keeps it whole
        self.top_split.setSizes([table_w, max(420, self.width() - table_w)])
        if message:
            self.summary.setText(message)

    def _label_names(self) -> list[str]:
        if not self.result:
            return []
        names = [l.name for l in self.result.labels]
        return names + sorted({n for p in self.result.profiles for n in p.labels} - set(names))

    def _fill_label_box(self, names) -> None:
        current = self.label_box.currentText()
        self.label_box.blockSignals(True)
        self.label_box.clear()
        self.label_box.addItems([ALL_LABELS] + names)
        self.label_box.setCurrentIndex(max(0, self.label_box.findText(current)))
        self.label_box.blockSignals(False)

    def _fill_chart(self, names) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        if not self.result:
            return
        series = QBarSeries()
        top = 1.0
        for name in names:
            bars = QBarSet(name)
            bars.setColor(QColor(self.profile_model.result_colour(name)))
            bars.setBorderColor(QColor("#00000030"))
            for p in self.result.profiles:
                bars.append(100 * p.labels[name].share)
                top = max(top, 100 * p.labels[name].share)
            series.append(bars)
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([p.outlet if len(p.outlet) <= 26 else p.outlet[:25] + "…"
                  for p in self.result.profiles])
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        x.setLabelsFont(small)
        y = QValueAxis()
        y.setRange(0, min(100, (int(top) // 10 + 1) * 10))
        y.setLabelFormat("%d%%")
        y.setTickCount(6)
        self.chart.addAxis(x, Qt.AlignBottom)
        self.chart.addAxis(y, Qt.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def _size_columns(self) -> None:
        header = self.passages.horizontalHeader()
        if self.passage_model.columnCount():
            header.setSectionResizeMode(0, QHeaderView.Fixed)
            self.passages.setColumnWidth(0, 150)
            for col in range(1, self.passage_model.columnCount()):
                header.setSectionResizeMode(col, QHeaderView.Stretch)
        self.profiles.resizeColumnsToContents()

    # -- filters and clicks ----------------------------------------------------------
    def _apply_filters(self, *_) -> None:
        label = self.label_box.currentText()
        self.filter.set(label=None if label in ("", ALL_LABELS) else label,
                        disagreements=self.only_disagreements.isChecked(),
                        omissions=self.only_omissions.isChecked())
        self._schedule_row_heights()
        if self.result:
            groups = self.result.groups
            self.summary.setText(
                f"{len(self.result.docs)} articles · {len(groups)} aligned groups · "
                f"{sum(g.disagreement for g in groups)} disagreements · "
                f"{sum(g.omission for g in groups)} with omissions · showing "
                f"{self.filter.rowCount()}")

    def _schedule_row_heights(self, *_) -> None:
        self._row_timer.start()

    def _on_cell_clicked(self, index) -> None:
        cell = index.data(CELL_ROLE)
        if index.column() > 0 and cell is not None:
            self.open_span.emit(cell.doc_id, cell.start, cell.end)

    # -- keeping up with edits -------------------------------------------------------
    def _on_changed(self, changes) -> None:
        if changes.documents or changes.labels:
            self._reload_events()
        if not self.event_id:
            return
        ids = {d.id for d in self.result.docs} if self.result else set()
        if changes.labels or changes.documents or (changes.doc_ids & ids) or not self.result:
            if self.isVisible():
                self._refresh_timer.start()
            else:
                self._dirty = True

    def _on_project_replaced(self) -> None:
        self.event_id = None
        self._reload_events()
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
