"""The main window: layout, menus, status bar, and the handlers the actions table names.

No SQL and no business rules here: every change is one core operation run through
the Session, and the views redraw from the Changes it reports.
"""
from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QLabel, QMainWindow, QMenu, QMessageBox, QSplitter,
                               QTabWidget, QVBoxLayout, QWidget)

from annotator.core import text as textops
from annotator.core.edits import RemoveSpan, SetStatus, UpdateSpan
from annotator.core.model import NotFound
from annotator.ui import actions as actions_table
from annotator.ui.article.view import ArticleHeader, ArticleView
from annotator.ui.dialogs.shortcuts import ShortcutsDialog
from annotator.ui.documents.doc_list import DocumentPane
from annotator.ui.documents.models import Bound, SpanIndex, SpanModel
from annotator.ui.panel.panel import AnnotationPanel
from annotator.ui.review.team_actions import TeamActions
from annotator.ui.settings import Settings
from annotator.ui.window_files import ProjectFiles


class MainWindow(TeamActions, ProjectFiles, QMainWindow):
    def __init__(self, session, settings: Settings | None = None, *, persist: bool = True):
        super().__init__()
        self.session = session
        self.settings = settings or Settings()
        self.persist = persist
        self.doc = None
        self.compare = None
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)

        self.docs = DocumentPane(session.project)
        self.header = ArticleHeader()
        self.article = ArticleView()
        self.article.setAcceptDrops(False)
        self.article.viewport().setAcceptDrops(False)
        self.span_model = SpanModel(SpanIndex(), {}, self)
        self.panel = AnnotationPanel(self.span_model)

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
        self.panel.label_clicked.connect(self.apply_label)
        self.panel.span_chosen.connect(self._span_chosen_in_list)
        self.panel.edit_requested.connect(self._edit_span)
        self.article.span_selected.connect(self.panel.show_span)
        session.changed.connect(self.on_changed)
        session.failed.connect(lambda msg: self.show_message(msg, error=True))
        session.project_replaced.connect(self._project_replaced)
        self._guard_saving()

        snap = self.settings.get("snap", True, bool)
        self.actions["snap"].setChecked(snap)
        self.toggle_snap(snap)
        self._load_labels()
        self._update_title()
        self._update_undo()

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
        self.colours = {l.name: l.colour for l in labels}
        self.span_model.set_colours(self.colours)
        self.article.set_colours(labels)
        for act in self.label_actions.values():
            self.removeAction(act)
            act.deleteLater()
        self.menus["Label"].clear()
        specs, warnings = actions_table.safe_label_actions(labels)
        self.label_specs = specs
        self.label_actions = actions_table.build(self, specs, self.article, self.menus)
        self.panel.set_labels(labels, {s.arg: actions_table.shortcut_text(s) for s in specs})
        self.panel.set_counts(self.span_model.spans.counts)
        self.panel.set_speakers(self.session.project.speakers())
        if warnings:
            self.show_message("; ".join(warnings), error=True)

    def all_specs(self):
        return list(actions_table.ACTIONS) + list(self.label_specs)

    # -- documents ------------------------------------------------------------
    def open_initial(self, doc_id: str | None = None) -> None:
        project = self.session.project
        wanted = doc_id or self.settings.last_doc(project.path)
        if wanted and self.docs.select(wanted):
            return
        if doc_id:
            self.show_message(f"no document {doc_id!r} in this project", error=True)
        if self.docs.model.rowCount() > 0:
            self.docs.select_row(0)
        else:
            self.open_document(None)

    def open_document(self, doc_id: str | None) -> None:
        project = self.session.project
        try:
            doc = project.document(doc_id) if doc_id else None
        except NotFound as e:
            self.show_message(str(e), error=True)
            return
        self.doc = doc
        self.span_model.loader = project.span
        self.span_model.reset(list(map(Bound._make, self.span_bounds(doc.id))) if doc else [],
                              in_order=True)
        self.article.show_text(doc.text if doc else "", self.span_model.spans)
        self.header.show_document(doc)
        self.panel.set_counts(self.span_model.spans.counts)
        self.panel.show_span(None)
        if doc and self.persist:
            self.settings.remember_doc(project.path, doc.id)
        self._update_position()
        if self.compare is not None and self.tabs.currentWidget() is self.compare and doc:
            self.compare.set_event(doc.event)

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
    def on_changed(self, ch) -> None:
        project = self.session.project
        if ch.labels:
            self._load_labels()
        if ch.documents:
            self.docs.refresh_choices()
            self.docs.apply_filters()
            if self.doc is None:
                self.open_initial()
        here = self.doc.id if self.doc else None
        elsewhere = ch.doc_ids - {here} - ch.documents
        if ch.spans and len(elsewhere) == 1 and here not in ch.doc_ids:
            # Undo or redo of work in another document: go there and show it.
            self.docs.select(next(iter(elsewhere)))
            here = self.doc.id if self.doc else None
        elif here in ch.doc_ids and ch.spans:
            self._apply_span_changes(ch)
        for doc_id in ch.doc_ids:
            counts = (self.span_model.spans.counts if doc_id == here
                      else project.label_counts(doc_id))
            self.docs.model.update_doc(doc_id, spans=sum(counts.values()))
        for doc_id in ch.status:
            status = project.document(doc_id).status
            self.docs.model.update_doc(doc_id, status=status)
            if doc_id == here:
                self.doc = project.document(doc_id)
                self.header.show_document(self.doc)
        if ch.status or ch.documents:
            self._update_position()
        self.saved.setText("All changes saved")
        self.message.setText(ch.description if ch.description else "")
        self._update_undo()

    def _update_undo(self) -> None:
        """Edit ▸ Undo/Redo name the step they would take, from the core's stacks."""
        ed = self.session.editor
        for key, text, can in (("undo", ed.undo_text(), ed.can_undo),
                               ("redo", ed.redo_text(), ed.can_redo)):
            act = self.actions[key]
            act.setText(f"&{key.title()} {text}".rstrip())
            act.setEnabled(can)

    def _apply_span_changes(self, ch) -> None:
        project, model = self.session.project, self.span_model
        selected = self.article.selected_span
        self.panel.hold_list()
        dirty = [model.spans.by_id[i] for i in ch.removed | ch.updated if i in model.spans.by_id]
        for span_id in ch.removed:
            model.remove(span_id)
        for span_id in ch.added | ch.updated:
            try:
                span = project.span(span_id)
                model.replace(span)
                dirty.append(span)
            except NotFound:
                model.remove(span_id)
        self.panel.set_counts(model.spans.counts)
        if selected in ch.updated:
            self.article.select_span(selected)        # new range or label
        elif selected is not None and selected not in model.spans.by_id:
            self.article.select_span(None)
        elif len(ch.added) == 1 and not ch.removed:
            self.article.select_span(next(iter(ch.added)))
        for span in dirty:          # only the lines these spans are on
            self.article.update_range(span.start, span.end)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #b71c1c; font-weight: 600;" if error else "")
        self.message.setText(text)
        self._clear_timer.start()

    # -- tagging (handlers named in the actions table) --------------------------
    def apply_label(self, name: str) -> None:
        if self.doc is None:
            return
        s, e = self.article.selection_cp()
        span = self.span_model.spans.by_id.get(self.article.selected_span)
        if span is not None and (s, e) == (span.start, span.end):
            if span.label != name:
                self.session.run(UpdateSpan.of(span.id, label=name))
            return
        if s == e:
            self.show_message("Select text first: drag over it, or J/K for a sentence.")
            return
        # Mouse selections were snapped on release; sentences are exact already.
        doc_id = self.doc.id
        self.session.call(lambda: self.session.editor.add_spans(doc_id, [(s, e)], name))

    def delete_span(self) -> None:
        if self.article.selected_span is None:
            self.show_message("Select a span first: click it, or Tab to it.")
            return
        self.session.run(RemoveSpan(self.article.selected_span))

    def nudge(self, arg) -> None:
        field, step = arg
        span = self.span_model.spans.by_id.get(self.article.selected_span)
        if span is None:
            self.show_message("Select a span first: click it, or Tab to it.")
            return
        text = self.doc.text
        if field == "start":
            value = textops.next_word_boundary(text, span.start, step)
            ok = value < span.end
        else:
            value = textops.word_end(text, span.end, step)
            ok = value > span.start
        if ok and value != getattr(span, field):
            self.session.run(UpdateSpan.of(span.id, **{field: value}))

    def _edit_span(self, span_id: int, field: str, value) -> None:
        if self.session.run(UpdateSpan.of(span_id, **{field: value})) is None:
            self.panel.show_span(span_id)      # refused: the fields show what is stored
        elif field == "speaker":
            self.panel.set_speakers(self.session.project.speakers())

    def move_sentence(self, arg) -> None:
        self.article.move_sentence(*arg)

    def step_span(self, step: int) -> None:
        pos = self.article.selection_cp()[1 if step > 0 else 0]
        span = self.span_model.spans.after(pos, self.article.selected_span, step)
        if span is not None:
            self.article.select_span(span.id)

    def _span_chosen_in_list(self, span_id) -> None:
        self.article.select_span(span_id)

    def edit_fields(self) -> None:
        if self.article.selected_span is None:
            self.show_message("Select a span first: click it, or Tab to it.")
        self.panel.focus_fields()

    def focus_text(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.article.setFocus(Qt.ShortcutFocusReason)

    def focus_filter(self) -> None:
        self.docs.search.setFocus(Qt.ShortcutFocusReason)
        self.docs.search.selectAll()

    def undo(self) -> None:
        self.session.undo()

    def redo(self) -> None:
        self.session.redo()

    # -- going places -------------------------------------------------------------
    def step_document(self, step: int) -> None:
        row = self.docs.model.next_row(self.docs.current_row(), step)
        if row < 0:
            self.show_message("No more documents that way.")
            return
        self.docs.select_row(row)

    def next_unfinished(self) -> bool:
        row = self.docs.model.next_row(self.docs.current_row(), 1, unfinished=True)
        if row < 0 or row == self.docs.current_row():
            self.show_message("Every document in this list is done.")
            return False
        self.docs.select_row(row)
        return True

    def done_and_next(self) -> None:
        if self.doc is not None and self.session.run(SetStatus(self.doc.id, "done")):
            self.next_unfinished()

    def open_span(self, doc_id: str, start: int, end: int) -> None:
        """From the Compare view: show that passage in its article."""
        self.tabs.setCurrentIndex(0)
        if (self.doc is None or self.doc.id != doc_id) and not self.docs.select(doc_id):
            self.open_document(doc_id)
        match = [s for s in self.span_model.spans.overlapping(start, end)
                 if (s.start, s.end) == (start, end)]
        if match:
            self.article.select_span(match[0].id)
        else:
            self.article.select_cp(start, end)
        self.article.setFocus()

    # -- views and dialogs ------------------------------------------------------
    def toggle_snap(self, on: bool) -> None:
        self.article.snapping = bool(on)
        if self.persist:
            self.settings.set("snap", bool(on))

    def zoom(self, step: int) -> None:
        font = self.article.font()
        font.setPointSizeF(min(28.0, max(8.0, font.pointSizeF() + step)))
        self.article.setFont(font)

    def show_compare(self) -> None:
        from annotator.ui.compare.view import CompareView      # QtCharts loads only when asked for
        if self.compare is None:
            self.compare = CompareView(self.session, self)
            self.compare.open_span.connect(self.open_span)
            self.tabs.addTab(self.compare, "Compare outlets")
        self.compare.set_event(self.doc.event if self.doc else None)
        self.tabs.setCurrentWidget(self.compare)

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self.all_specs(), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from annotator import __version__
        QMessageBox.about(self, "About annotator",
                          f"annotator {__version__}\nTag how news outlets report the same event.")
