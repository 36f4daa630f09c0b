"""File dialogs that never open a file to look inside it.

SQLite's locks are POSIX advisory locks, held per process: closing *any* descriptor
of the project file (or its -wal/-shm) in this process drops all of the store
connection's locks, and another program can then checkpoint and delete the live
write-ahead log under the window (issue 8). Qt's file dialogs open files to guess
their type (QMimeDatabase reads content for icons and the Type column), and a
platform's native dialog (GTK) does the same. So every dialog of the window is
built here: Qt's own widget dialog, an icon provider that answers from the name
alone, and a filter hiding the open project's files where they are no input.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QFileInfo, QSortFilterProxyModel
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class NamesOnlyIcons(QAbstractFileIconProvider):
    """Icons and type names from the file name and stat() alone: never open()."""

    def __init__(self):
        super().__init__()
        style = QApplication.style()
        # Built here, in the GUI thread; the model's gatherer thread only copies them.
        self._folder = style.standardIcon(QStyle.SP_DirIcon)
        self._file = style.standardIcon(QStyle.SP_FileIcon)
        self._drive = style.standardIcon(QStyle.SP_DriveHDIcon)

    def icon(self, what) -> QIcon:
        if isinstance(what, QFileInfo):
            return self._folder if what.isDir() else self._file
        if what == QAbstractFileIconProvider.IconType.Drive:
            return self._drive
        if what == QAbstractFileIconProvider.IconType.File:
            return self._file
        return self._folder

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def project_files(project_path: str, *, main: bool) -> set[str]:
    """The open project's files by normalised path: its side files, and the main file
    too when `main` (dialogs whose files are read as input or overwritten)."""
    if not project_path or project_path == ":memory:":
        return set()
    out = set()
    for base in {os.path.abspath(project_path), os.path.realpath(project_path)}:
        out.update(base + s for s in SIDE_SUFFIXES)
        if main:
            out.add(base)
    return {os.path.normcase(p) for p in out}


class HideFiles(QSortFilterProxyModel):
    """Leaves out rows whose path is in `hidden` (compared as strings: no open, no stat)."""

    def __init__(self, hidden: set[str], parent=None):
        super().__init__(parent)
        self.hidden = hidden

    def filterAcceptsRow(self, row, parent) -> bool:
        model = self.sourceModel()
        path = model.filePath(model.index(row, 0, parent))
        return os.path.normcase(os.path.abspath(path)) not in self.hidden


def _dialog(parent, title: str, directory: str, filters: str, project_path: str,
            *, hide_project: bool) -> QFileDialog:
    dialog = QFileDialog(parent, title, directory, filters)
    dialog.setOptions(QFileDialog.DontUseNativeDialog | QFileDialog.DontResolveSymlinks)
    dialog._icons = NamesOnlyIcons()                  # the dialog does not own it
    dialog.setIconProvider(dialog._icons)
    dialog.setProxyModel(HideFiles(project_files(project_path, main=hide_project), dialog))
    dialog.setObjectName("fileDialog")
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    try:
        return dialog.selectedFiles() if dialog.exec() else []
    finally:
        dialog.deleteLater()


def open_files(parent, title: str, filters: str, project_path: str) -> list[str]:
    """Files to import; the open project's own files are not listed."""
    dialog = _dialog(parent, title, "", filters, project_path, hide_project=True)
    dialog.setFileMode(QFileDialog.ExistingFiles)
    return _run(dialog)


def open_folder(parent, title: str, project_path: str) -> str | None:
    dialog = _dialog(parent, title, "", "", project_path, hide_project=True)
    dialog.setFileMode(QFileDialog.Directory)
    dialog.setOption(QFileDialog.ShowDirsOnly, True)
    return next(iter(_run(dialog)), None)


def open_file(parent, title: str, filters: str, project_path: str) -> str | None:
    """A project to open: project files are listed, their side files are not."""
    dialog = _dialog(parent, title, "", filters, project_path, hide_project=False)
    dialog.setFileMode(QFileDialog.ExistingFile)
    return next(iter(_run(dialog)), None)


def save_file(parent, title: str, start: str, filters: str, project_path: str,
              *, hide_project: bool = True) -> str | None:
    """A file to write (export, new project); the open project is not offered."""
    dialog = _dialog(parent, title, start, filters, project_path, hide_project=hide_project)
    dialog.setFileMode(QFileDialog.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptSave)
    return next(iter(_run(dialog)), None)
