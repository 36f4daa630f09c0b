"""File ▸ Merge Project: other analysts' project files into this one, with progress.

Planning reads each file read-only (the open project is never opened twice); the
writes are one core operation, so one undo step, and a bad file leaves the project
unchanged with one message.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from annotator.core.model import AnnotatorError
from annotator.core.team import merge
from annotator.ui import plain

SHOW_AFTER_MS = 300


def merge_with_progress(parent, session, paths=None, prefer: str = "target"):
    """Merge `paths` (asked for when None); returns the MergeReport or None."""
    if paths is None:
        paths, _ = QFileDialog.getOpenFileNames(parent, "Merge project files", "",
                                                "Projects (*.db);;All files (*)")
    if not paths:
        return None
    dialog = QProgressDialog("Reading project files…", "Cancel", 0, len(paths), parent)
    dialog.setObjectName("mergeProgress")
    dialog.setWindowTitle("Merge")
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)

    def progress(done, total):
        dialog.setValue(done)
        QApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        report = merge.plan_merge(session.project, paths, prefer=prefer, progress=progress)
    except AnnotatorError as e:
        dialog.close()
        _tell(parent, "Nothing was merged", str(e))
        return None
    dialog.setLabelText("Saving…")
    changes = session.run(merge.ApplyMerge(tuple(report.plans)))
    dialog.close()
    dialog.deleteLater()
    if changes is None:
        return None              # session.failed already showed why
    report.changes = changes
    text = report.summary().capitalize()
    if report.conflicts:
        lines = [f"{c.doc_id} {c.field}: here {c.ours!r}, in {c.source} {c.theirs!r} "
                 f"(kept {'this project' if c.taken == 'target' else c.source}'s)"
                 for c in report.conflicts[:20]]
        _tell(parent, "Merged, with metadata conflicts", text + "\n\n" + "\n".join(lines),
              error=False)
    elif hasattr(parent, "show_message"):
        parent.show_message(text)
    return report


def _tell(parent, title: str, text: str, error: bool = True) -> None:
    if hasattr(parent, "show_message"):
        parent.show_message(f"{title}: {text.splitlines()[0]}", error=error)
    plain.show_message_box(parent, title, text,
                           plain.Icon.Warning if error else plain.Icon.Information,
                           "mergeMessage")
