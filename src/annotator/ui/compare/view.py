"""The Compare view: how each outlet framed one event, side by side.

Outlets x labels (counts, shares), a chart of label shares, and the aligned
passages (rows: groups, columns: articles, cells in the label's colour; a loosely
related passage greyed as "partly related"). Clicking a cell, or Enter on the current
one, emits open_span(doc_id, start, end) in code points; the main window opens the
article there. Everything shown comes from core.compare; no SQL here.
"""
from __future__ import annotations

import html

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QLabel, QSizePolicy, QSplitter, QTableView, QVBoxLayout, QWidget)

from annotator.core.compare import comparison as core
from annotator.core.model import AnnotatorError
from annotator.ui import plain
from annotator.ui.compare.models import (PassageDelegate, PassageFilter, PassageModel,
                                         ProfileModel, passage_at)

ALL_LABELS = "All labels"
STRETCH_UP_TO = 5                    # articles that share the table's width


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
        self.event_box.setMinimumContentsLength(14)
        self.event_box.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)  # grows to fit
        self.event_box.setMaximumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.event_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.event_box.activated.connect(lambda i: self.set_event(self.event_box.itemData(i)))
        self.label_box = QComboBox()
        self.label_box.currentTextChanged.connect(self._apply_filters)
        self.only_disagreements = QCheckBox("Only disagreements")
        self.only_omissions = QCheckBox("Only omissions")
        self.only_omissions.setToolTip(plain.tip(
            "Groups that some article leaves out: none of its passages is even loosely "
            "related. A partly related passage is not an omission."))
        for box in (self.only_disagreements, self.only_omissions):
            box.toggled.connect(self._apply_filters)
        self.summary = plain.label()
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        # The summary wraps instead of widening the window (it did to 1753 px: bug 3).
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(120)
        bar = QHBoxLayout()
        for w in (QLabel("Event:"), self.event_box, QLabel("  Label:"), self.label_box,
                  self.only_disagreements, self.only_omissions):
            bar.addWidget(w)
        self.summary.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        bar.setStretch(1, 1)                 # the event box and the summary share the room
        bar.addWidget(self.summary, 1)      # the free width, so it wraps only when narrow

        self.profile_model = ProfileModel(self)
        self.profiles = QTableView()
        self.profiles.setModel(self.profile_model)
        self.profiles.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.profiles.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.profiles.setToolTip("count · share of characters; hover for rates, "
                                 "positions and speakers")
        self.chart = QChart()
        self.chart.setTitle("Label shares by outlet (% of characters)")
        self.chart.setBackgroundRoundness(0)
        self.chart.legend().setAlignment(Qt.AlignTop)
        self.chart.setMargins(QMargins(0, 0, 0, 0))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.chart_view.setMinimumWidth(260)
        self.profiles.setMinimumWidth(200)
        self.chart.setMinimumSize(0, 0)

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
        self.passages.clicked.connect(self._open_cell)
        # Enter opens the current cell, as a click does (not `activated`: on styles that
        # activate on a single click it would open the passage twice).
        for key in (Qt.Key_Return, Qt.Key_Enter):
            QShortcut(QKeySequence(key), self.passages, context=Qt.WidgetShortcut,
                      activated=lambda: self._open_cell(self.passages.currentIndex()))
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
        self._fit_top()
        if message:
            self.summary.setText(message)

    def _fit_top(self) -> None:
        """The outlet table as wide as its columns, the chart the rest."""
        self.profiles.resizeColumnsToContents()
        table_w = (self.profiles.verticalHeader().width() + 2 * self.profiles.frameWidth()
                   + self.profiles.horizontalHeader().length() + 2)
        # Sizes, not a minimum width: a minimum would widen the whole window (bug 3).
        self.top_split.setSizes([table_w, max(260, self.top_split.width() - table_w)])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_top()

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
            bars = QBarSet(html.escape(name))     # QtCharts reads labels as rich text
            bars.setColor(QColor(self.profile_model.result_colour(name)))
            bars.setBorderColor(QColor("#00000030"))
            for p in self.result.profiles:
                bars.append(100 * p.labels[name].share)
                top = max(top, 100 * p.labels[name].share)
            series.append(bars)
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([html.escape(short_name(p.outlet)) for p in self.result.profiles])
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        x.setLabelsFont(small)
        x.setTruncateLabels(False)       # names wrap at spaces rather than end in "…"
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
            stretch = self.passage_model.columnCount() <= 1 + STRETCH_UP_TO
            for col in range(1, self.passage_model.columnCount()):
                # A few articles share the width; many scroll sideways at a readable width.
                header.setSectionResizeMode(
                    col, QHeaderView.Stretch if stretch else QHeaderView.Interactive)
                if not stretch:
                    self.passages.setColumnWidth(col, 300)
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

    def _open_cell(self, index) -> None:
        """Open the passage the cell shows, aligned or partly related."""
        cell = passage_at(index) if index.isValid() else None
        if cell is not None:
            self.open_span.emit(cell.doc_id, cell.start, cell.end)

    # -- keeping up with edits -------------------------------------------------------
    def _on_changed(self, changes, _initiator=None) -> None:
        docs_changed = changes.documents_added or changes.doc_fields
        if docs_changed or changes.labels_changed:
            self._reload_events()
        if not self.event_id:
            return
        ids = {d.id for d in self.result.docs} if self.result else set()
        if (changes.labels_changed or docs_changed or (changes.span_docs & ids)
                or not self.result):
            if self.isVisible():
                self._refresh_timer.start()
            else:
                self._dirty = True

    def _on_project_replaced(self) -> None:
        self.event_id = None
        self._reload_events()
        self.refresh()

    def minimumSizeHint(self):
        """No claim on the width while another tab shows: the article tab's side panes
        should not shrink for a hidden Compare view (QStackedWidget counts every page)."""
        return super().minimumSizeHint() if self.isVisible() else QSize(0, 0)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.updateGeometry()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.updateGeometry()
        if self._dirty:
            self.refresh()


def short_name(outlet: str, most: int = 26) -> str:
    """An outlet name for the chart's axis: long ones keep both ends, so placeholder
    outlets ("unknown outlet (002)", "(003)") stay distinct (bug 11)."""
    if len(outlet) <= most:
        return outlet
    keep = (most - 1) // 2
    return outlet[:keep].rstrip() + "…" + outlet[-keep:].lstrip()
