"""The window's dealings with files: projects (new, open, recent), import by menu or
drop, export, and what is remembered between runs. A mixin of MainWindow."""
from __future__ import annotations

from PySide6.QtCore import QTimer

from annotator.core.model import AnnotatorError, ProjectError
from annotator.core.store.backup import Backups
from annotator.core.store.project import Project
from annotator.ui import plain
from annotator.ui.dialogs import batch_meta


IDLE_CHECKPOINT_MS = 3000
CHECK_POLL_MS = 250


def _dialogs():
    """ui.file_dialogs, imported when a dialog is first opened (~10 ms of start-up)."""
    from annotator.ui import file_dialogs
    return file_dialogs


class ProjectFiles:
    def _guard_saving(self) -> None:
        """"Not saved" when the file refuses a change; checkpoint the log when idle;
        rolling backups (on open, then every 30 minutes of editing); the verdict of
        the open-time check, shown as soon as it is known."""
        self.session.unsaved.connect(self._not_saved)
        self._idle = QTimer(self, singleShot=True, interval=IDLE_CHECKPOINT_MS)
        self._idle.timeout.connect(self._checkpoint_when_idle)
        self.session.changed.connect(self._after_change)
        self._check_timer = QTimer(self, interval=CHECK_POLL_MS)
        self._check_timer.timeout.connect(self._show_check_verdict)
        self._watch_project()

    def _watch_project(self) -> None:
        """For a newly opened project: a backup from a thread, and the check's verdict."""
        self.backups = Backups(self.session.project)
        QTimer.singleShot(0, self.backups.start)
        self._check_timer.start()

    def _after_change(self, _changes, _initiator=None) -> None:
        self._idle.start()
        if self.backups.due():
            self.backups.start()

    def _show_check_verdict(self) -> None:
        project = self.session.project
        damaged = project.damaged
        if damaged is None and not project.checking:
            self._check_timer.stop()
        elif damaged is not None:
            self._check_timer.stop()
            self._not_saved(damaged)
            self.show_message(damaged, error=True)
            plain.show_message_box(self, "The project file is damaged", damaged,
                                   plain.Icon.Critical)

    def _not_saved(self, message: str) -> None:
        self.saved.setText("Not saved")
        self.saved.setToolTip(plain.tip(message))

    def _checkpoint_when_idle(self) -> None:
        project = self.session.project
        try:
            project.checkpoint()
        except ProjectError as e:           # the log was replaced: take a fresh connection
            try:
                project.reopen()
                self.show_message(f"{e.args[0].split(';')[0]}; reopened the project", error=True)
            except ProjectError as again:
                self._not_saved(str(again))
                self.show_message(str(again), error=True)

    def export(self) -> None:
        from annotator.ui.dialogs.export import ExportDialog
        dialog = ExportDialog(self.session.project, parent=self,
                              doc_id=self.doc.id if self.doc else None)
        dialog.exported.connect(self.show_message)
        dialog.exec()
        dialog.deleteLater()

    # -- projects and import ------------------------------------------------------
    def new_project(self) -> None:
        path = _dialogs().save_file(self, "New project", "", "Projects (*.db)",
                                      self.session.project.path, hide_project=False)
        if path:
            self.switch_project(path if path.endswith(".db") else path + ".db")

    def open_project(self) -> None:
        path = _dialogs().open_file(self, "Open project", "Projects (*.db);;All (*)",
                                      self.session.project.path)
        if path:
            self.switch_project(path, create=False)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda _=False, p=path: self.switch_project(p, create=False))
        self.recent_menu.setEnabled(True)

    def switch_project(self, path: str, create: bool = True) -> None:
        try:
            project = Project(path, create=create, check="background")
        except AnnotatorError as e:
            self.show_message(str(e), error=True)
            plain.message_box(self, "Cannot open project", str(e), plain.Icon.Warning).exec()
            return
        self.session.replace_project(project)

    def _project_replaced(self) -> None:
        project = self.session.project
        self._watch_project()
        if self.persist:
            self.settings.remember_project(project.path)
        self.docs.set_project(project)
        self._load_labels()
        self._update_title()
        self._update_undo()
        self.doc = None
        self.open_initial()

    def import_files(self) -> None:
        paths = _dialogs().open_files(
            self, "Import files", "Articles (*.txt *.jsonl *.json *.ann);;All files (*)",
            self.session.project.path)
        if paths:
            self._import_batch(paths)

    def import_folder(self) -> None:
        path = _dialogs().open_folder(self, "Import a folder", self.session.project.path)
        if path:
            self._import_batch([path])

    def _import_batch(self, paths) -> None:
        """The batch's outlet and event first (a drop imports at once, as dropped)."""
        meta = batch_meta.ask(self, self.session.project, len(paths))
        if meta is not None:
            from annotator.ui.dialogs.importer import import_with_progress
            import_with_progress(self, self.session, paths, outlet=meta.outlet, event=meta.event)

    def dragEnterEvent(self, event):
        from annotator.ui.dialogs.importer import local_paths
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):
        from annotator.ui.dialogs.importer import import_with_progress, local_paths
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            import_with_progress(self, self.session, paths)

    # -- remembering ----------------------------------------------------------------
    def restore(self) -> None:
        s = self.settings
        if s.get("geometry") is not None:
            self.restoreGeometry(s.get("geometry"))
        if s.get("splitter") is not None:
            self.splitter.restoreState(s.get("splitter"))
        size = s.get("font_size", None, float)
        if size:
            font = self.article.font()
            font.setPointSizeF(size)
            self.article.setFont(font)

    def save_settings(self) -> None:
        if not self.persist:
            return
        s = self.settings
        s.set("geometry", self.saveGeometry())
        s.set("splitter", self.splitter.saveState())
        s.set("font_size", self.article.font().pointSizeF())
        s.remember_project(self.session.project.path)
        if self.doc is not None:
            s.remember_doc(self.session.project.path, self.doc.id)
        s.sync()

    def closeEvent(self, event):
        self.backups.stop()
        self.save_settings()
        super().closeEvent(event)
