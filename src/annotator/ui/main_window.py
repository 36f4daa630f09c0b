"""The main window: layout, status bar, and the one place that turns a Changes record
into redraws (through ui/state.py, which the views render).

No SQL and no business rules here: every change is one core operation run through
the Session; what each action does lives in ui/commands.py.
"""
from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QTabWidget, QVBoxLayout, QWidget

from annotator.core.edits import UpdateSpan
from annotator.core.model import NotFound
from annotator.ui import actions as actions_table
from annotator.ui import commands
from annotator.ui.article import scroll
from annotator.ui.article.view import ArticleHeader, ArticleView
from annotator.ui.documents.doc_list import DocumentPane
from annotator.ui.documents.models import SpanModel
from annotator.ui.panel.panel import AnnotationPanel
from annotator.ui.review.team_actions import TeamActions
from annotator.ui.settings import Settings
from annotator.ui.state import ViewState, bounds, find_hits
from annotator.ui.suggest_commands import SuggestionsUI
from annotator.ui.window_files import ProjectFiles

DEFAULT_SIZE = (1400, 900)       # first launch, within the screen's available area


class MainWindow(TeamActions, ProjectFiles, QMainWindow):
    def __init__(self, session, settings: Settings | None = None, *, persist: bool = True):
        super().__init__()
        self.session = session
        self.settings = settings or Settings()
        self.persist = persist
        self.compare = None
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)

        self.state = ViewState()
        self.docs = DocumentPane(session.project)
        self.header = ArticleHeader()
        self.article = ArticleView(self.state)
        self.article.setAcceptDrops(False)
        self.article.viewport().setAcceptDrops(False)
        self.span_model = SpanModel(self.state, self)
        self.panel = AnnotationPanel(self.state, self.span_model)
        self.state.document_opened.connect(self.header.show_document)
        self.state.document_changed.connect(self.header.show_document)

        centre = QWidget()
        centre.setObjectName("centre")
        box = QVBoxLayout(centre)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.header)
        box.addWidget(self.article, 1)
        self.tabs = QTabWidget()
        self.tabs.setTabBarAutoHide(True)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(centre, "Article")
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for w in (self.docs, self.tabs, self.panel):
            self.splitter.addWidget(w)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 610, 370])
        # The article keeps ~60 characters a line; the side panes give way first (bug 4).
        self.splitter.setChildrenCollapsible(False)
        for side in (0, 2):             # on a small screen the side panes can fold away
            self.splitter.setCollapsible(side, True)
        self.docs.setMinimumWidth(200)
        self.panel.setMinimumWidth(200)
        self._keep_article_readable()
        self._article_sizes = None       # the split to return to from Compare
        self._shown = False
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.splitter)

        self.menus = actions_table.build_menus(self)
        self.actions = actions_table.build(self, actions_table.ACTIONS, self.article, self.menus)
        self.label_actions: dict = {}
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.menus["File"].insertMenu(self.actions["import_files"], self.recent_menu)
        self.menus["File"].insertSeparator(self.actions["import_files"])
        self.menus["File"].insertSeparator(self.actions["quit"])

        self._build_status_bar()
        self.install_team()
        self.docs.document_chosen.connect(self.open_document)
        self.docs.search.textChanged.connect(self._update_hits)
        for signal in (self.docs.debounce.timeout, self.docs.outlet.activated,
                       self.docs.event.activated, self.docs.status.activated):
            signal.connect(self._save_filters)        # after the list applied them
        self.panel.label_clicked.connect(self.apply_label)
        self.panel.edit_requested.connect(self._edit_span)
        self.panel.fields_dirty.connect(self._fields_dirty)
        session.changed.connect(self.on_changed)
        session.failed.connect(lambda msg: self.show_message(msg, error=True))
        session.project_replaced.connect(self._project_replaced)
        self._guard_saving()

        self.suggestions_ui = SuggestionsUI(self)
        snap = self.settings.get("snap", True, bool)
        self.actions["snap"].setChecked(snap)
        commands.toggle_snap(self, snap)
        quotes = self.settings.get("quotes", True, bool)
        self.actions["quotes"].setChecked(quotes)
        commands.toggle_quotes(self, quotes)
        self._load_labels()
        self._update_title()
        self._update_undo()

    def _keep_article_readable(self) -> None:
        sample = "the minister said talks would go on, officials denied any role "
        chars = 66 * self.article.fontMetrics().horizontalAdvance(sample) / len(sample)
        margins = 2 * self.article.document().documentMargin() + 24      # + scroll bar
        self.article.setMinimumWidth(int(chars + margins))

    def _tab_changed(self, _index) -> None:
        """Compare needs the width (it has its own event choice): the document list and
        the span panel (about the article) step aside; both come back with the article."""
        article = self.tabs.currentIndex() == 0
        if not article and self._article_sizes is None:
            self._article_sizes = self.splitter.sizes()
        self.panel.setVisible(article)
        self.docs.setVisible(article)
        if article and self._article_sizes is not None:
            sizes, self._article_sizes = self._article_sizes, None
            # after the splitter has taken the shown panes back in
            QTimer.singleShot(0, lambda: self.splitter.setSizes(sizes))

    def showEvent(self, event) -> None:
        """First launch (no remembered layout): side panes in proportion to the width."""
        if not self._shown and self.settings.get("splitter") is None:
            w = self.width()
            docs, panel = max(300, int(w * 0.25)), max(300, int(w * 0.22))
            self.splitter.setSizes([docs, w - docs - panel, panel])
        self._shown = True
        super().showEvent(event)

    def restore(self) -> None:
        """The remembered layout, or on a first launch a size that suits the screen."""
        if self.settings.get("geometry") is None:
            screen = self.screen().availableGeometry()
            self.resize(min(DEFAULT_SIZE[0], screen.width()),
                        min(DEFAULT_SIZE[1], screen.height()))
        super().restore()
        self._keep_article_readable()

    @property
    def doc(self):
        """The open document (with its current status), as the state holds it."""
        return self.state.document

    @doc.setter
    def doc(self, value) -> None:
        if value is not None:
            raise ValueError("open a document with open_document(doc_id)")
        self.state.open(None)        # another project: nothing is open until it is chosen

    # -- building -------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setTextFormat(Qt.PlainText)      # document text and file names, never markup
        self.position = QLabel()
        self.progress = QLabel()
        self.saved = QLabel("All changes saved")
        self.saved.setObjectName("saved")
        for label in (self.position, self.progress, self.saved):
            label.setTextFormat(Qt.PlainText)
        bar.addWidget(self.message, 1)
        for w in (self.position, self.progress, self.saved):
            bar.addPermanentWidget(w)
        self._clear_timer = QTimer(self, singleShot=True, interval=8000)
        self._clear_timer.timeout.connect(lambda: self.message.setText(""))

    def _load_labels(self) -> None:
        labels = self.session.project.labels()
        for act in self.label_actions.values():
            self.removeAction(act)
            self.menus["Label"].removeAction(act)      # the menu's other rows stay
            act.deleteLater()
        specs, warnings = actions_table.safe_label_actions(labels)
        self.label_specs = specs
        self.label_actions = actions_table.build(self, specs, self.article, self.menus)
        self.panel.set_labels(labels, {s.arg: actions_table.shortcut_text(s) for s in specs})
        self.state.set_labels(labels)
        self.panel.set_speakers(self.session.project.speakers())
        if warnings:
            self.show_message("; ".join(warnings), error=True)

    def command_keys(self) -> set[str]:
        return actions_table.command_keys()

    def all_specs(self):
        return list(actions_table.ACTIONS) + list(self.label_specs)

    # -- documents ------------------------------------------------------------
    def _remember_scroll(self) -> None:
        if self.persist and self.doc is not None:
            self.settings.remember_scroll(self.session.project.path, self.doc.id,
                                          scroll.first_visible_cp(self.article))

    def _save_filters(self, *_) -> None:
        if self.persist:
            self.settings.remember_filters(self.session.project.path, self.docs.model.filters)

    def open_initial(self, doc_id: str | None = None) -> None:
        project = self.session.project
        if self.persist:
            self.docs.set_filter_values(self.settings.filters(project.path))
        wanted = doc_id or self.settings.last_doc(project.path)
        if wanted and self.docs.select(wanted):
            return
        if doc_id:
            self.show_message(f"no document {doc_id!r} in this project", error=True)
        if self.docs.model.rowCount() > 0:
            self.docs.select_row(0)
        else:
            self.open_document(None)

    def open_document(self, doc_id: str | None, *, again: bool = False) -> None:
        """Show a document (a no-op for the one already open, unless `again`)."""
        if not again and doc_id is not None and self.doc is not None and self.doc.id == doc_id:
            return
        project = self.session.project
        try:
            doc = project.document(doc_id) if doc_id else None
        except NotFound as e:
            self.show_message(str(e), error=True)
            return
        self._remember_scroll()
        self.state.loader = project.span
        self.state.open(doc, list(bounds(self.span_bounds(doc.id))) if doc else [])
        self._update_hits()
        if doc and self.persist:
            self.settings.remember_doc(project.path, doc.id)
            cp = self.settings.scroll_position(project.path, doc.id)
            if cp:
                scroll.scroll_to_cp(self.article, cp)
        self._update_position()
        if self.compare is not None and self.tabs.currentWidget() is self.compare and doc:
            self.compare.set_event(doc.event)

    def _update_hits(self, *_) -> None:
        """The project search's words, marked in the open article (F3 steps through)."""
        text = self.doc.text if self.doc else ""
        self.article.set_hits(find_hits(text, self.docs.search.text()))

    def _update_position(self) -> None:
        model = self.docs.model
        row = self.docs.current_row()
        self.position.setText(f"Document {row + 1} of {model.total}" if row >= 0 else "")
        project = self.session.project
        done, total = project.count_documents(status="done"), project.count_documents()
        self.progress.setText(f"{done} of {total} done")

    def _update_title(self) -> None:
        name = os.path.basename(self.session.project.path)
        self.setWindowTitle(f"{name} — annotator")

    # -- what changed -----------------------------------------------------------
    def on_changed(self, ch, _initiator=None) -> None:
        """Route a Changes record: the state updates the open document's views; the
        list updates the rows it names."""
        if ch.labels_changed:
            self._load_labels()
        if ch.documents_added or ch.documents_removed:
            self.docs.refresh_choices()
            self.docs.apply_filters()
            if self.doc is None:
                self.open_initial()
        here = self.doc.id if self.doc else None
        elsewhere = ch.span_docs - {here}
        if ch.span_ids and len(elsewhere) == 1 and here not in ch.span_docs:
            # Undo or redo of work in another document: go there and show it.
            self.docs.select(next(iter(elsewhere)))
        elif here in ch.span_docs and not ch.span_ids:
            self.open_document(here, again=True)       # an import added spans to it
        else:
            self.state.apply(ch)
        here = self.doc.id if self.doc else None
        for doc_id in ch.span_docs:
            counts = (self.state.spans.counts if doc_id == here
                      else self.session.project.label_counts(doc_id))
            self.docs.model.update_doc(doc_id, spans=sum(counts.values()))
        for doc_id, status in ch.doc_status.items():
            self.docs.model.update_doc(doc_id, status=status)
        for doc_id, fields in ch.doc_fields.items():
            self.docs.model.update_doc(doc_id, **fields)
        if any({"outlet", "event"} & set(f) for f in ch.doc_fields.values()):
            self.docs.refresh_choices()          # a new outlet or event joins the filters
        if ch.doc_status or ch.documents_added or ch.documents_removed:
            self._update_position()
        self.saved.setText("All changes saved")
        self.message.setText(ch.description if ch.description else "")
        self._update_undo()

    def _fields_dirty(self, dirty: bool) -> None:
        """Never claim "saved" while a field shows text that is not stored."""
        self.saved.setText("Not saved yet: Enter or Esc saves the field" if dirty
                           else "All changes saved")

    def closeEvent(self, event):
        self.panel.commit_fields()          # a field being typed in is kept
        self._remember_scroll()
        super().closeEvent(event)

    def _update_undo(self) -> None:
        """Edit ▸ Undo/Redo name the step they would take, from the core's stacks."""
        ed = self.session.editor
        for key, text, can in (("undo", ed.undo_text(), ed.can_undo),
                               ("redo", ed.redo_text(), ed.can_redo)):
            act = self.actions[key]
            act.setText(f"&{key.title()} {text}".rstrip())
            act.setEnabled(can)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #b71c1c; font-weight: 600;" if error else "")
        self.message.setText(text)
        self._clear_timer.start()

    # -- requests from the panes ---------------------------------------------------
    def apply_label(self, name: str) -> None:
        commands.apply_label(self, name)

    def _edit_span(self, span_id: int, field: str, value) -> None:
        if self.session.run(UpdateSpan.of(span_id, **{field: value}),
                            initiator=self.panel) is None:
            self.panel.show_span(span_id)      # refused: the fields show what is stored
        elif field == "speaker":
            self.panel.set_speakers(self.session.project.speakers())

    def open_span(self, doc_id: str, start: int, end: int) -> None:
        """From the Compare view: show that passage in its article."""
        self.tabs.setCurrentIndex(0)
        if (self.doc is None or self.doc.id != doc_id) and not self.docs.select(doc_id):
            self.open_document(doc_id)
        match = [s for s in self.state.spans.overlapping(start, end)
                 if (s.start, s.end) == (start, end)]
        if match:
            self.state.select(match[0].id)
        else:
            self.article.select_cp(start, end)
        self.article.setFocus()

    def show_compare(self) -> None:
        from annotator.ui.compare.view import CompareView      # QtCharts loads only when asked for
        if self.compare is None:
            self.compare = CompareView(self.session, self)
            self.compare.open_span.connect(self.open_span)
            self.tabs.addTab(self.compare, "Compare outlets")
        self.compare.set_event(self.doc.event if self.doc else None)
        self.tabs.setCurrentWidget(self.compare)
