"""The main window's team features, a mixin of MainWindow: who is annotating (status
bar, File ▸ Settings), whose spans are shown (View ▸ Show Spans), File ▸ Merge
Project, View ▸ Agreement and View ▸ Review. Handlers named in ui/actions.py.
"""
from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QInputDialog

from annotator.core.store import team as store
from annotator.ui import plain

SCOPE_KEY = "span_scope"
# Top-edge marker per annotator when everyone's spans are shown (colour-blind safe set).
OWNER_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000")


class TeamActions:
    span_scope = "mine"          # "mine", "everyone", or one annotator's name

    def install_team(self) -> None:
        self.annotator_label = plain.label()
        self.annotator_label.setObjectName("annotatorName")
        self.statusBar().addPermanentWidget(self.annotator_label)
        self.review_window = None
        self.show_annotator()

    def show_annotator(self) -> None:
        scope = {"mine": "own spans", "everyone": "everyone's spans"}.get(
            self.span_scope, f"{self.span_scope}'s spans")
        self.annotator_label.setText(f"Annotator: {self.session.editor.annotator} · "
                                     f"showing {scope}")

    # -- whose spans --------------------------------------------------------------
    def span_bounds(self, doc_id: str):
        """The open document's spans for the current View ▸ Show Spans choice."""
        project = self.session.project
        who = {"mine": [self.session.editor.annotator], "everyone": None}.get(
            self.span_scope, [self.span_scope])
        owners = None
        if self.span_scope == "everyone":
            names = store.annotators(project)
            colour = {n: QColor(OWNER_COLOURS[i % len(OWNER_COLOURS)])
                      for i, n in enumerate(names)}
            owners = {i: colour[a] for i, a in store.span_annotators(project, doc_id).items()}
        self.article.owner_colours = owners
        return store.span_bounds_of(project, doc_id, who)

    def show_spans_of(self, scope) -> None:
        if scope == "choose":
            names = store.annotators(self.session.project)
            if not names:
                self.show_message("No spans in this project yet.")
                return
            name, ok = QInputDialog.getItem(self, "Show spans of", "Annotator:", names, 0,
                                            False)
            if not ok:
                return
            scope = name
        self.span_scope = scope
        self.show_annotator()
        if self.doc is not None:
            self.open_document(self.doc.id, again=True)

    # -- dialogs and views ------------------------------------------------------------
    def show_settings(self) -> None:
        from annotator.ui.dialogs.settings_dialog import ask_name
        name = ask_name(self, self.session.editor.annotator, first=False)
        if name and name != self.session.editor.annotator:
            self.session.editor.annotator = name
            if self.persist:
                self.settings.set("annotator", name)
            self.show_annotator()
            if self.doc is not None:
                self.open_document(self.doc.id, again=True)

    def merge_project(self) -> None:
        from annotator.ui.dialogs.merge import merge_with_progress
        merge_with_progress(self, self.session)

    def show_agreement(self) -> None:
        from annotator.ui.dialogs.agreement import AgreementDialog
        dialog = AgreementDialog(self.session.project, self)
        dialog.open()

    def show_review(self) -> None:
        from annotator.ui.review.window import ReviewWindow
        if self.review_window is None:
            reviewer = self.settings.get("reviewer", "review", str) or "review"
            self.review_window = ReviewWindow(self.session, reviewer, self)
            self.session.project_replaced.connect(self.review_window.fill_documents)
        self.review_window.show()
        self.review_window.raise_()
        self.review_window.activateWindow()
