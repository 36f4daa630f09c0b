"""Importing from the window (menu or drag and drop) with a cancellable progress dialog.

The core reads and checks every file first, then writes in one transaction; the
progress callback returning False (Cancel pressed) rolls it back, so a cancelled
import leaves the project exactly as it was.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from annotator.core.interchange import importing
from annotator.core.model import AnnotatorError
from annotator.ui import plain

SHOW_AFTER_MS = 400


def local_paths(mime) -> list[str]:
    """Files and folders in a drop, or [] if it holds none."""
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def import_with_progress(parent, session, paths, *, outlet=None, event=None):
    """Import `paths` into the session's project (`outlet`, `event`: set on every
    document when given). Returns the ImportReport or None."""
    paths = [str(Path(p)) for p in paths]
    own = [p for p in paths if session.project.is_own_file(p)]
    if own:
        # Reading it would open and close the project file in this process, which
        # drops the store's SQLite locks (issue 8); it is no input anyway.
        _tell(parent, "Nothing was imported",
              f"{own[0]} is the open project itself; it cannot be imported into itself.")
        return None
    warnings: list[str] = []
    try:
        records = importing.read_paths(paths, warnings=warnings, outlet=outlet, event=event)
    except (AnnotatorError, OSError) as e:
        _tell(parent, "Nothing was imported", str(e))
        return None
    dialog = QProgressDialog("Importing documents…", "Cancel", 0, max(1, len(records)), parent)
    dialog.setObjectName("importProgress")
    dialog.setWindowTitle("Import")
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int):
        dialog.setMaximum(max(1, total))
        dialog.setValue(done)
        QApplication.processEvents()
        return not dialog.wasCanceled()

    op = importing.ImportRecords(tuple(records), session.editor.annotator, progress)
    errors: list[str] = []
    session.failed.connect(errors.append)
    try:
        session.run(op, initiator=parent)
    finally:
        session.failed.disconnect(errors.append)
        cancelled = dialog.wasCanceled()
        dialog.close()
        dialog.deleteLater()
    if errors:
        _tell(parent, "Import cancelled" if cancelled else "Nothing was imported",
              "Nothing was imported; the project is unchanged." if cancelled else errors[0])
        return None
    report = op.reports[-1]
    if warnings:
        _tell(parent, "Imported with warnings", report.summary() + "\n\n" + "\n".join(warnings[:20]),
              error=False)
    elif hasattr(parent, "show_message"):
        parent.show_message(report.summary().capitalize())
    return report


def _tell(parent, title: str, text: str, error: bool = True) -> None:
    """A status-bar line and a window-modal box that does not block the event loop."""
    if hasattr(parent, "show_message"):
        parent.show_message(f"{title}: {text.splitlines()[0]}", error=error)
    plain.show_message_box(parent, title, text,          # file names and input text
                           plain.Icon.Warning if error else plain.Icon.Information,
                           "importMessage")
